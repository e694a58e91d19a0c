//! A closed pipe is a quiet end: `edict … | head -1` and a closed standard
//! error never panic (`println!` and `eprintln!` did, exit 101).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

const FACTS: &str = "examples/servo-motors/facts.json";

/// Runs edict with standard output closed before it writes anything;
/// returns the exit status and standard error.
fn stdout_closed(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("edict runs");
    drop(child.stdout.take());
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    (child.wait().unwrap().code(), stderr)
}

/// Runs edict with standard error closed; returns the exit status and
/// standard output.
fn stderr_closed(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("edict runs");
    drop(child.stderr.take());
    let mut stdout = String::new();
    child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
    (child.wait().unwrap().code(), stdout)
}

#[test]
fn a_closed_stdout_ends_every_command_quietly() {
    let cases: &[(&[&str], i32)] = &[
        (&["explain", "--facts", FACTS, "--shipment", "S-2026-1111"], 0),
        (&["timeline", "--facts", FACTS], 0),
        (
            &["diff", "--with", "examples/drafts/extend-70.edict", "--facts", FACTS],
            1,
        ),
        (&["eval", "--facts", FACTS], 0),
        (&["check"], 0),
        (&["render"], 0),
        (&["man"], 0),
    ];
    for (args, status) in cases {
        let (code, stderr) = stdout_closed(args);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(code, Some(*status), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

#[test]
fn reading_one_line_then_closing_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(["render"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("edict runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty());
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let code = child.wait().unwrap().code();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_closed_stderr_does_not_stop_the_diagnostics_commands() {
    let dir = std::env::temp_dir().join(format!("edict-pipes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.edict");
    std::fs::write(
        &bad,
        "policy p\n  title \"t\"\n  authority \"a\"\n  issued 2025-01-01\n\nrule r \"1\"\n  whn x\n",
    )
    .unwrap();
    let (code, stdout) = stderr_closed(&["check", bad.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.is_empty());
    // A warning (an undeclared class) on a closed stderr: the decision is
    // still printed.
    let facts = dir.join("warn.json");
    std::fs::write(
        &facts,
        r#"{"version":1,"parties":{"a":{"name":"A","country":"DE"},"b":{"name":"B","country":"US"}},"items":{"m":{"description":"m","origin":"DE","value":"1.00","classes":["no-such-class"]}},"shipments":[{"id":"S-1","date":"2025-12-15","item":"m","exporter":"a","from":"DE","to":"US","end_user":"b"}]}"#,
    )
    .unwrap();
    let (code, stdout) = stderr_closed(&["eval", "--facts", facts.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("S-1"), "{stdout}");
    let (code, _) = stderr_closed(&["explain", "--facts", FACTS, "--shipment", "nope"]);
    assert_eq!(code, Some(2));
}
