//! Every example printed by every `--help` runs: each `edict …` line under
//! "Examples:" is executed against the binary, in a copy of the repository's
//! `policies/` and `examples/` (so that `fmt` and `-o` write to a scratch
//! folder), and must exit with the status its command documents.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use clap::CommandFactory;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// An example line, split into its words, with its shell redirections.
#[derive(Debug)]
struct Example {
    line: String,
    args: Vec<String>,
    stdin: Option<String>,
    stdout: Option<String>,
}

/// The `edict …` lines under "Examples:" in a command's after-help.
fn examples(after_help: &str) -> Vec<Example> {
    after_help
        .lines()
        .skip_while(|l| !l.starts_with("Examples:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| {
            let line = l.trim().to_string();
            let code = line.split(" #").next().unwrap_or_default();
            let mut words = code.split_whitespace().map(str::to_string);
            assert_eq!(words.next().as_deref(), Some("edict"), "{line}");
            let (mut args, mut stdin, mut stdout) = (Vec::new(), None, None);
            while let Some(w) = words.next() {
                match w.as_str() {
                    "<" => stdin = words.next(),
                    ">" => stdout = words.next(),
                    "|" | ";" | "&&" => panic!("`{line}`: one command per example, so that it can be run"),
                    _ => args.push(w),
                }
            }
            Example {
                line,
                args,
                stdin,
                stdout,
            }
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A scratch copy of the files the examples name.
fn scratch() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("edict-help-examples-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["policies", "examples"] {
        copy_dir(&root.join(sub), &dir.join(sub));
    }
    dir
}

/// The status an example must exit with: `diff` says, as diff(1), that the
/// versions differ (every example compares a draft with the law); the others succeed.
fn expected_status(command: &str) -> i32 {
    match command {
        "diff" => 1,
        _ => 0,
    }
}

#[test]
fn every_help_example_runs() {
    let dir = scratch();
    let cli = edict::cli::Cli::command();
    let mut ran = Vec::new();
    for sub in cli.get_subcommands() {
        let after = sub.get_after_help().map(|h| h.to_string()).unwrap_or_default();
        let found = examples(&after);
        assert!(!found.is_empty(), "`edict {} --help` shows no example", sub.get_name());
        for ex in found {
            assert_eq!(ex.args.first().map(String::as_str), Some(sub.get_name()), "{}", ex.line);
            let stdin = match &ex.stdin {
                Some(f) => Stdio::from(std::fs::File::open(dir.join(f)).expect("stdin file")),
                None => Stdio::null(),
            };
            // A server runs until it is stopped: its examples are run with
            // `--check`, which loads the law and reads the settings as the
            // server would, says what it would serve, and exits.
            let mut args = ex.args.clone();
            if sub.get_name() == "serve" && !args.iter().any(|a| a == "--check") {
                args.push("--check".to_string());
            }
            let out = Command::new(env!("CARGO_BIN_EXE_edict"))
                .args(&args)
                .current_dir(&dir)
                .stdin(stdin)
                .output()
                .expect("edict runs");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(expected_status(sub.get_name())),
                "`{}` failed:\n{stderr}",
                ex.line
            );
            assert!(
                !out.stdout.is_empty() || ex.args.iter().any(|a| a == "-o" || a == "--out" || a == "fmt"),
                "{}",
                ex.line
            );
            if let Some(f) = &ex.stdout {
                std::fs::write(dir.join(f), &out.stdout).expect("write");
            }
            ran.push(ex.line);
        }
    }
    // Every command shows examples; these are a few of them, as a check that
    // the parse found what a reader sees.
    assert!(ran.len() >= 14, "{ran:#?}");
    let _ = std::fs::remove_dir_all(&dir);
}
