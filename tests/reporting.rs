//! The global reporting options: `--color` (with NO_COLOR and
//! CLICOLOR_FORCE), `--message-format json`, `--quiet`, `--verbose`, and
//! the progress bar that only a terminal gets.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::PathBuf;
use std::process::{Command, Output};

const FACTS: &str = "examples/servo-motors/facts.json";

fn edict_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_edict"));
    command.args(args).env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("edict runs")
}

fn edict(args: &[&str]) -> Output {
    edict_env(args, &[])
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("edict-reporting-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn bad_policy() -> PathBuf {
    temp_file(
        "bad.edict",
        "policy xx-broken\n  title \"A broken policy\"\n  authority \"Ministry of Examples\"\n  issued 2025-01-01\n\nrule deminimis \"Art. 1(1)\"\n  outcome licence-required\n  whn the item is in part-2\n",
    )
}

/// Facts whose one shipment has `n` undeclared end uses: `n` warnings.
fn warnings(n: usize) -> PathBuf {
    let uses: Vec<String> = (0..n).map(|i| format!("\"use-{i}\"")).collect();
    temp_file(
        &format!("warnings-{n}.json"),
        &format!(
            r#"{{"version":1,"parties":{{"x":{{"name":"X","country":"DE"}},"u":{{"name":"U","country":"US"}}}},"items":{{"m":{{"origin":"CN","value":"1"}}}},"shipments":[{{"id":"S","date":"2025-12-15","item":"m","quantity":1,"exporter":"x","from":"DE","to":"US","end_user":"u","end_uses":[{}]}}]}}"#,
            uses.join(",")
        ),
    )
}

const ESC: &str = "\x1b[";

#[test]
fn color_follows_the_flag_then_no_color_then_clicolor_force() {
    let bad = bad_policy();
    let bad = bad.to_str().unwrap();
    let colored = |args: &[&str], env: &[(&str, &str)]| {
        let out = edict_env(args, env);
        assert_eq!(out.status.code(), Some(1));
        text(&out.stderr).contains(ESC)
    };
    // Piped stderr: no colour unless asked for.
    assert!(!colored(&["check", bad], &[]));
    assert!(colored(&["--color", "always", "check", bad], &[]));
    assert!(colored(&["check", bad, "--color=always"], &[("NO_COLOR", "1")]));
    assert!(colored(&["check", bad], &[("CLICOLOR_FORCE", "1")]));
    assert!(!colored(&["check", bad], &[("CLICOLOR_FORCE", "0")]));
    assert!(!colored(&["check", bad], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    assert!(!colored(
        &["--color", "never", "check", bad],
        &[("CLICOLOR_FORCE", "1")]
    ));
    // An empty NO_COLOR does not count.
    assert!(colored(&["check", bad], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")]));
}

fn json_lines(stderr: &[u8]) -> Vec<serde_json::Value> {
    text(stderr)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn json_diagnostics_are_one_object_per_line_with_every_field() {
    let bad = bad_policy();
    let out = edict(&["check", bad.to_str().unwrap(), "--message-format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let lines = json_lines(&out.stderr);
    assert_eq!(lines.len(), 1, "{}", text(&out.stderr));
    let d = &lines[0];
    assert_eq!(d["code"], "edict::syntax");
    assert_eq!(d["severity"], "error");
    assert!(d["message"].as_str().unwrap().starts_with("unexpected `whn`"));
    assert_eq!(d["file"], bad.to_str().unwrap());
    let source = std::fs::read_to_string(&bad).unwrap();
    let at = source.find("whn").unwrap();
    assert_eq!(d["span"], serde_json::json!({"start": at, "end": at + 3}));
    assert_eq!(
        (d["line_start"].as_u64(), d["column_start"].as_u64()),
        (Some(8), Some(3))
    );
    assert_eq!((d["line_end"].as_u64(), d["column_end"].as_u64()), (Some(8), Some(6)));
    assert!(d.get("help").is_some());
    assert_eq!(d["labels"][0]["label"], "not expected here");
    assert_eq!(d["related"], serde_json::json!([]));
}

#[test]
fn json_diagnostics_are_not_capped_and_the_decision_is_still_printed() {
    let facts = warnings(45);
    let out = edict(&["eval", "--facts", facts.to_str().unwrap(), "--message-format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("S "));
    let lines = json_lines(&out.stderr);
    assert_eq!(lines.len(), 45);
    assert!(lines
        .iter()
        .all(|d| d["code"] == "edict::facts::undeclared-tag" && d["severity"] == "warning"));
    assert_eq!(
        lines[44]["message"],
        "end use `use-44` at `shipments[0].end_uses[44]` is not declared by any loaded policy"
    );
    // Human output shows 20 and counts the rest.
    let out = edict(&["eval", "--facts", facts.to_str().unwrap()]);
    assert!(text(&out.stderr).ends_with("and 25 more like this (edict::facts::undeclared-tag)\n"));
}

#[test]
fn fmt_check_and_usage_errors_report_as_json() {
    let unformatted = temp_file("unformatted.edict", "policy xx-a\n  title \"A\"\n  authority \"B\"\n  issued 2025-01-01\n\nrule r \"1\"\n     outcome licence-required\n");
    let out = edict(&[
        "fmt",
        "--check",
        unformatted.to_str().unwrap(),
        "--message-format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out.stderr);
    assert_eq!(lines.len(), 1, "{}", text(&out.stderr));
    assert_eq!(lines[0]["code"], "edict::fmt::would-reformat");
    assert_eq!(lines[0]["file"], unformatted.to_str().unwrap());
    assert_eq!(lines[0]["line_start"], 7);
    let out = edict(&[
        "explain",
        "--facts",
        FACTS,
        "--shipment",
        "nope",
        "--message-format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&out.stderr);
    assert_eq!(lines[0]["code"], "edict::usage");
    assert!(lines[0]["message"].as_str().unwrap().starts_with("no shipment `nope`"));
}

#[test]
fn quiet_leaves_out_warnings_and_summaries() {
    let facts = warnings(3);
    let out = edict(&["eval", "-q", "--facts", facts.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("S ") && !stdout.contains("1 shipment"), "{stdout}");
    let out = edict(&["check", "--quiet"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    // Errors are still reported.
    let out = edict(&["check", "-q", bad_policy().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("edict::syntax"));
    assert_eq!(edict(&["check", "-q", "-v"]).status.code(), Some(2));
}

#[test]
fn verbose_times_each_phase() {
    let out = edict(&["eval", "-v", "--facts", FACTS]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = text(&out.stderr);
    for phase in [
        "read",
        "parse",
        "check",
        "read facts",
        "load facts",
        "evaluate",
        "write",
    ] {
        let line = format!("edict: {phase:<10} ");
        assert!(
            stderr.lines().any(|l| l.starts_with(&line) && l.ends_with(" ms")),
            "{phase}: {stderr}"
        );
    }
    let out = edict(&["check", "-v", "--message-format", "json"]);
    let lines = json_lines(&out.stderr);
    assert_eq!(lines[0]["phase"], "read");
    assert!(lines[0]["microseconds"].is_u64());
}

#[test]
fn no_progress_bar_when_stderr_is_piped() {
    for args in [
        vec!["timeline", "--facts", FACTS],
        vec!["diff", "--with", "examples/drafts/extend-70.edict", "--facts", FACTS],
        vec!["eval", "--facts", FACTS],
    ] {
        let out = edict(&args);
        let stderr = text(&out.stderr);
        assert!(
            !stderr.contains('\r') && !stderr.contains("shipments"),
            "{args:?}: {stderr}"
        );
        assert!(out.stderr.is_empty(), "{args:?}: {stderr}");
    }
}
