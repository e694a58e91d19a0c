//! How diagnostics are shown: a window of each long line around its label
//! (miette panicked past display column 65 535 and printed lines whole).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn edict(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(args)
        .output()
        .expect("edict runs")
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("edict-diagnostics-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A minified facts file of about `size` bytes on one line, whose only
/// item has an undeclared class (a warning) near the end of the line.
fn one_line_facts(size: usize) -> String {
    let parties: Vec<String> = (0..size / 120)
        .map(|i| format!(r#""p{i}":{{"name":"{}","country":"DE"}}"#, "x".repeat(100)))
        .collect();
    format!(
        r#"{{"version":1,"parties":{{{}}},"items":{{"motor":{{"description":"m","origin":"DE","value":"10.00","classes":["no-such-class"]}}}},"shipments":[{{"id":"S-1","date":"2025-12-15","item":"motor","exporter":"p0","from":"DE","to":"US","end_user":"p1"}}]}}"#,
        parties.join(",")
    )
}

fn assert_no_panic(out: &Output) {
    let stderr = text(&out.stderr);
    assert_ne!(out.status.code(), Some(101), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_warning_in_a_200_kb_line_shows_a_window_and_the_decision_is_printed() {
    let facts = one_line_facts(200_000);
    assert!(facts.len() > 200_000 && !facts.contains('\n'));
    let path = temp_file("one-line.json", &facts);
    let out = edict(&["eval", "--facts", path.to_str().unwrap()]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("S-1") && stdout.contains("not-controlled"), "{stdout}");
    let stderr = text(&out.stderr);
    let column = facts.find(r#""no-such-class""#).unwrap() + 1;
    assert!(stderr.contains(&format!("one-line.json:1:{column}]")), "{stderr}");
    assert!(
        stderr.contains(r#"…n":"m","origin":"DE","value":"10.00","classes":["no-such-class"]}}"#),
        "{stderr}"
    );
    assert!(stderr.contains("╰── not declared"), "{stderr}");
    assert!(
        stderr.len() < 2_000,
        "the line was printed whole: {} bytes",
        stderr.len()
    );
    // The underline sits under the value in the window.
    let lines: Vec<&str> = stderr.lines().collect();
    let shown = lines.iter().position(|l| l.contains("no-such-class\"]")).unwrap();
    let at = lines[shown].chars().position(|c| c == '[').unwrap() + 1;
    assert_eq!(lines[shown + 1].chars().position(|c| c == '─'), Some(at), "{stderr}");
}

fn policy_with(line: &str) -> String {
    format!(
        "policy xx-broken\n  title \"A broken policy\"\n  authority \"Ministry of Examples\"\n  issued 2025-01-01\n\nrule deminimis \"Art. 1(1)\"\n{line}\n"
    )
}

fn check_one(name: &str, policy: &str) -> String {
    let path = temp_file(name, policy);
    let out = edict(&["check", path.to_str().unwrap()]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("unexpected `whn`"), "{stderr}");
    assert!(stderr.contains("╰── not expected here"), "{stderr}");
    assert!(
        stderr.len() < 4_000,
        "the line was printed whole: {} bytes",
        stderr.len()
    );
    stderr
}

#[test]
fn a_long_policy_line_shows_a_window_around_the_error() {
    let line = format!(
        "  quote \"{}\" outcome licence-required whn the item is in part-2",
        "x".repeat(100_000)
    );
    let column = line.find("whn").unwrap() + 1;
    let stderr = check_one("long.edict", &policy_with(&line));
    assert!(stderr.contains(&format!(":7:{column}]")), "{stderr}");
    assert!(stderr.contains(" 7 │ …xxxxxxx"), "{stderr}");
    assert!(
        stderr.contains("xxxxxxx\" outcome licence-required whn the item is in part-2\n"),
        "{stderr}"
    );
    assert!(stderr.contains(" 6 │ rule deminimis \"Art. 1(1)\"\n"), "{stderr}");
}

#[test]
fn a_line_of_tabs_shows_a_window_around_the_error() {
    // 20 000 tabs are 80 000 columns as miette draws them.
    let line = format!(
        "  outcome licence-required{}whn the item is in part-2",
        "\t".repeat(20_000)
    );
    let stderr = check_one("tabs.edict", &policy_with(&line));
    assert!(stderr.contains(":7:20027]"), "{stderr}");
    assert!(stderr.contains("─┬─"), "{stderr}");
}

#[test]
fn a_line_of_cjk_text_shows_a_window_around_the_error() {
    // 40 000 wide characters are 80 000 columns.
    let line = format!(
        "  quote \"{}\" outcome licence-required whn the item is in part-2",
        "漢".repeat(40_000)
    );
    let stderr = check_one("cjk.edict", &policy_with(&line));
    assert!(
        stderr.contains("漢漢漢\" outcome licence-required whn the item"),
        "{stderr}"
    );
    assert!(!stderr.contains(&"漢".repeat(100)), "{stderr}");
}

#[test]
fn short_lines_are_shown_whole_with_their_neighbours() {
    let stderr = check_one(
        "short.edict",
        &policy_with("  outcome licence-required whn the item is in part-2"),
    );
    assert!(
        stderr.contains(" 7 │   outcome licence-required whn the item is in part-2\n"),
        "{stderr}"
    );
    let numbered = |l: &&str| l.trim_start().starts_with(|c: char| c.is_ascii_digit());
    assert!(!stderr.lines().filter(numbered).any(|l| l.contains('…')), "{stderr}");
}

/// A facts file whose one shipment has `n` end uses no policy declares:
/// `n` warnings about one record.
fn many_warnings(n: usize) -> String {
    let uses: Vec<String> = (0..n).map(|i| format!("\"use-{i}\"")).collect();
    format!(
        r#"{{"version":1,"parties":{{"x":{{"name":"X","country":"DE"}},"u":{{"name":"U","country":"US"}}}},"items":{{"m":{{"origin":"CN","value":"1"}}}},"shipments":[{{"id":"S","date":"2025-12-15","item":"m","quantity":1,"exporter":"x","from":"DE","to":"US","end_user":"u","end_uses":[{}]}}]}}"#,
        uses.join(",")
    )
}

#[test]
fn thirty_thousand_warnings_are_capped_per_code_and_take_linear_time() {
    let path = temp_file("many-warnings.json", &many_warnings(30_000));
    let started = std::time::Instant::now();
    let out = edict(&["eval", "--facts", path.to_str().unwrap()]);
    let took = started.elapsed();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("S "), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    let shown = stderr.lines().filter(|l| *l == "edict::facts::undeclared-tag").count();
    assert_eq!(shown, 20, "{stderr}");
    assert!(
        stderr.contains("end use `use-19` at `shipments[0].end_uses[19]`"),
        "{stderr}"
    );
    assert!(!stderr.contains("`use-20`"), "{stderr}");
    assert!(
        stderr.ends_with("and 29 980 more like this (edict::facts::undeclared-tag)\n"),
        "{}",
        &stderr[stderr.len().saturating_sub(300)..]
    );
    // Each warning walked the file from its start (30 000 took minutes).
    assert!(took.as_secs() < 60, "{took:?}");
}
