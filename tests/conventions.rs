//! Command-line conventions: `--facts -`, drafts for `check` and `render`,
//! date options in edict's own words, per-command help, plurals and paths
//! named on stderr.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn edict(args: &[&str]) -> Output {
    edict_with_stdin(args, b"")
}

fn edict_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("edict runs");
    let mut input = child.stdin.take().expect("stdin");
    // edict may exit before reading (a usage error): a closed pipe is fine.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().expect("edict ends")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("edict-conventions-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

const SERVO: &str = "examples/servo-motors/facts.json";

#[test]
fn facts_dash_reads_standard_input() {
    let text = std::fs::read(SERVO).expect("example");
    let cases: [&[&str]; 4] = [
        &["eval", "--facts", "FACTS", "--format", "json"],
        &["explain", "--facts", "FACTS", "--shipment", "S-2026-1111"],
        &["timeline", "--facts", "FACTS"],
        &["diff", "--with", "examples/drafts/extend-70.edict", "--facts", "FACTS"],
    ];
    for case in cases {
        let with = |facts: &'static str| -> Vec<&'static str> {
            case.iter().map(|a| if *a == "FACTS" { facts } else { *a }).collect()
        };
        let from_file = edict(&with(SERVO));
        let from_stdin = edict_with_stdin(&with("-"), &text);
        assert_eq!(
            from_stdin.status.code(),
            from_file.status.code(),
            "{case:?}: {}",
            stderr(&from_stdin)
        );
        assert!(!from_file.stdout.is_empty(), "{case:?}");
        assert_eq!(stdout(&from_stdin), stdout(&from_file), "{case:?}");
    }
    // A diagnostic about standard input names it so.
    let bad = edict_with_stdin(&["eval", "--facts", "-"], b"{");
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("<stdin>"), "{}", stderr(&bad));
}

#[test]
fn check_and_render_take_drafts_over_the_bundled_law() {
    // The draft alone does not check: it amends policies it does not contain.
    let alone = edict(&["check", "examples/drafts/extend-70.edict"]);
    assert_eq!(alone.status.code(), Some(1));
    let with = edict(&["check", "--with", "examples/drafts/extend-70.edict"]);
    assert_eq!(with.status.code(), Some(0), "{}", stderr(&with));
    let without = edict(&["check"]);
    assert_ne!(stdout(&with), stdout(&without), "the draft is one policy more");
    let both = edict(&[
        "check",
        "--with",
        "examples/drafts/extend-70.edict",
        "--with",
        "examples/drafts/add-holmium-61.edict",
    ]);
    assert_eq!(both.status.code(), Some(0), "{}", stderr(&both));

    let rendered = edict(&["render", "--with", "examples/drafts/add-holmium-61.edict"]);
    assert_eq!(rendered.status.code(), Some(0), "{}", stderr(&rendered));
    assert!(stdout(&rendered).contains("Draft: adding holmium"));
    assert!(!stdout(&edict(&["render"])).contains("Draft: adding holmium"));
}

#[test]
fn date_options_are_read_as_the_facts_file_reads_dates() {
    let cases = [
        ("2026-13-01", "there is no such month"),
        ("26-11-2026", "YYYY-MM-DD"),
        ("2025-02-29", "February 2025 has 28 days"),
    ];
    for (date, says) in cases {
        for args in [
            vec!["eval", "--facts", SERVO, "--as-of", date],
            vec!["timeline", "--facts", SERVO, "--from", date],
            vec![
                "diff",
                "--with",
                "examples/drafts/extend-70.edict",
                "--facts",
                SERVO,
                "--as-of",
                date,
            ],
        ] {
            let out = edict(&args);
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let err = stderr(&out);
            assert!(err.contains(says), "{args:?}: {err}");
            assert!(!err.contains("parameter"), "the date library's words: {err}");
        }
    }
}

#[test]
fn each_format_option_describes_its_own_output() {
    let help = |cmd: &str| stdout(&edict(&[cmd, "--help"]));
    assert!(help("eval").contains("The decision JSON of the facts contract"));
    for cmd in ["timeline", "diff"] {
        assert!(!help(cmd).contains("decision JSON"), "{cmd}: {}", help(cmd));
    }
    assert!(help("timeline").contains("`through` inclusive"));
    assert!(help("diff").contains("witnesses"));
}

#[test]
fn counts_are_singular_for_one() {
    let dir = temp_dir("plural");
    let one = dir.join("one.edict");
    std::fs::write(
        &one,
        "policy one\n  title \"One\"\n  authority \"A\"\n  jurisdiction US\n  issued 2020-01-01\n  cite as \"Act\"\n  in force from 2020-01-01\n\nrule r \"Art. 1\"\n  outcome prohibited\n  when the exporter is in US\n",
    )
    .expect("write");
    let out = edict(&["check", one.to_str().expect("path")]);
    assert_eq!(stdout(&out), "ok: 1 policy, 1 rule, 0 categories\n", "{}", stderr(&out));

    let facts = dir.join("one-shipment.json");
    let mut json: serde_json::Value = serde_json::from_slice(&std::fs::read(SERVO).expect("read")).expect("json");
    json["shipments"].as_array_mut().expect("shipments").truncate(1);
    std::fs::write(&facts, json.to_string()).expect("write");
    let diff = |facts: &std::path::Path| {
        stdout(&edict(&[
            "diff",
            "--with",
            "examples/drafts/extend-70.edict",
            "--facts",
            facts.to_str().expect("path"),
        ]))
    };
    assert!(
        diff(&facts).contains("impact on 1 shipment: 0 stricter"),
        "{}",
        diff(&facts)
    );
    json["shipments"].as_array_mut().expect("shipments").clear();
    std::fs::write(&facts, json.to_string()).expect("write");
    let none = diff(&facts);
    assert!(none.contains("impact: the facts have no shipments"), "{none}");
    assert!(!none.contains("0 shipments:"), "{none}");
}

#[test]
fn witness_dir_names_the_files_it_wrote() {
    let dir = temp_dir("witnesses");
    let out = edict(&[
        "diff",
        "--with",
        "examples/drafts/lower-61-threshold.edict",
        "--witness",
        "--witness-dir",
        dir.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let written: Vec<String> = stderr(&out)
        .lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .map(str::to_string)
        .collect();
    assert!(!written.is_empty(), "{}", stderr(&out));
    for path in written {
        assert!(std::path::Path::new(&path).starts_with(&dir), "{path}");
        assert!(std::fs::metadata(&path).is_ok(), "{path} was not written");
    }
}

#[test]
fn a_citation_names_a_heading_once() {
    let out = edict(&["diff", "--with", "examples/drafts/add-holmium-61.edict"]);
    let text = stdout(&out);
    assert!(
        text.contains("Draft amendment of Announcement No. 61, Annex 1, Part 1;"),
        "{text}"
    );
    assert!(!text.contains("Annex 1, Annex 1"), "{text}");
}

#[test]
fn timeline_names_last_days_and_exclusive_ends() {
    let args = [
        "timeline",
        "--facts",
        "examples/dysprosium-trader/facts.json",
        "--shipment",
        "R-2025-1015-CHAIN",
    ];
    let text = stdout(&edict(&args));
    assert!(
        text.contains("2025-10-09 through 2025-11-06  presumption-of-denial"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&edict(&[&args[..], &["--format", "json"]].concat()))).expect("json");
    let second = &json[0]["intervals"][1];
    assert_eq!(second["from"], "2025-10-09");
    assert_eq!(second["through"], "2025-11-06", "{second}");
    assert_eq!(second["until"], "2025-11-07", "{second}");
    let last = &json[0]["intervals"][3];
    assert!(last["through"].is_null() && last["until"].is_null(), "{last}");
}

#[test]
fn version_names_the_bundled_laws_date() {
    let out = edict(&["--version"]);
    let as_of = edict::bundled::LAW_AS_OF;
    assert_eq!(
        stdout(&out),
        format!("edict {} (bundled law as of {as_of})\n", env!("CARGO_PKG_VERSION"))
    );
    // Not older than any day on which a bundled policy was issued or the law changes.
    let set = edict::load::load(edict::bundled::sources()).set.expect("bundled law");
    let as_of: jiff::civil::Date = as_of.parse().expect("a date");
    let calendar = edict::analysis::timeline::law_calendar(&set);
    let days = calendar
        .per_policy
        .iter()
        .flat_map(|m| m.keys())
        .chain(calendar.shared.keys())
        .copied()
        .chain(set.policies.iter().filter_map(|p| p.issued));
    let latest = days.max().expect("the law has dates");
    assert!(latest <= as_of, "the law changes on {latest}, after {as_of}");
    assert_eq!(latest, as_of, "the snapshot is the latest change of the law");
}

#[test]
fn completions_and_manual_are_generated_from_the_commands() {
    let commands = [
        "check",
        "eval",
        "explain",
        "timeline",
        "diff",
        "render",
        "fmt",
        "completions",
        "man",
    ];
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = edict(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for command in commands {
            assert!(script.contains(command), "{shell} completion lacks {command}");
        }
        let long = |name: &str| script.contains(&format!("--{name}")) || script.contains(&format!("-l {name}"));
        assert!(long("shipment") && long("as-of") && long("witness-dir"), "{shell}");
    }
    assert_eq!(edict(&["completions", "tcsh"]).status.code(), Some(2));
    let man = edict(&["man"]);
    assert_eq!(man.status.code(), Some(0), "{}", stderr(&man));
    let page = stdout(&man);
    assert!(page.starts_with(".ie") && page.contains(".TH edict 1"), "{page}");
    for command in commands {
        assert!(
            page.contains(&format!("edict {command} \\-")),
            "the manual lacks `edict {command}`"
        );
    }
    assert!(page.contains("\\-\\-shipment"));
}
