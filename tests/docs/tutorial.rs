//! `docs/tutorial.md` against the binary: every command of its `sh` blocks
//! runs from the repository's root with the exit status the tutorial gives
//! (0 unless its comment says `exit status 1`), the output shown in the
//! `text` block after a command is what it prints (lines in order; `…`
//! stands for lines left out), and the policy and facts extracts are taken
//! from the files in `examples/tutorial/`.

use std::process::Command;

use super::{read, root};

/// A fenced block: its info string, first line in the document, and text.
struct Fenced {
    info: String,
    line: usize,
    text: String,
}

fn fenced(doc: &str) -> Vec<Fenced> {
    let mut out = Vec::new();
    let mut current: Option<Fenced> = None;
    for (i, line) in doc.lines().enumerate() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => {
                current = Some(Fenced {
                    info: info.trim().to_string(),
                    line: i + 2,
                    text: String::new(),
                })
            }
            (None, None) => {}
            (Some(_), Some("")) => out.extend(current.take()),
            (Some(block), _) => {
                block.text.push_str(line);
                block.text.push('\n');
            }
        }
    }
    assert!(current.is_none(), "docs/tutorial.md: a fenced block is not closed");
    out
}

/// Runs one command line of the tutorial; returns its standard output.
fn run(line: &str, at: usize) -> String {
    let (command, comment) = line.split_once(" #").unwrap_or((line, ""));
    let mut words = command.split_whitespace();
    assert_eq!(
        words.next(),
        Some("edict"),
        "docs/tutorial.md line {at}: not an edict command: {line}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(words)
        .current_dir(root())
        .output()
        .unwrap();
    let expected = if comment.contains("exit status 1") { 1 } else { 0 };
    assert_eq!(
        out.status.code(),
        Some(expected),
        "docs/tutorial.md line {at}: `{command}` exited with {:?}; stderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Checks that the shown lines appear in `actual`, in order.
fn shows(shown: &str, actual: &str, at: usize) {
    let mut lines = actual.lines().map(str::trim_end);
    for want in shown.lines().map(str::trim_end).filter(|l| *l != "…") {
        assert!(
            lines.any(|l| l == want),
            "docs/tutorial.md line {at}: the output shown has `{want}`, which the command does not print \
             (in this order); it printed:\n{actual}"
        );
    }
}

#[test]
fn every_tutorial_command_runs_and_prints_what_the_tutorial_shows() {
    let blocks = fenced(&read("docs/tutorial.md"));
    let mut commands = 0;
    let mut last_output: Option<(String, usize)> = None;
    for block in &blocks {
        match block.info.as_str() {
            "sh" => {
                for (i, line) in block.text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                    last_output = Some((run(line, block.line + i), block.line + i));
                    commands += 1;
                }
            }
            "text" => {
                let (actual, at) = last_output
                    .take()
                    .unwrap_or_else(|| panic!("docs/tutorial.md line {}: output without a command", block.line));
                shows(&block.text, &actual, at);
            }
            _ => last_output = None,
        }
    }
    assert!(commands >= 7, "only {commands} commands found in docs/tutorial.md");
}

#[test]
fn tutorial_extracts_come_from_the_example_files() {
    let dir = root().join("examples/tutorial");
    let policies: Vec<String> = ["gallium.edict", "gallium-revised.edict"]
        .iter()
        .map(|f| std::fs::read_to_string(dir.join(f)).unwrap())
        .collect();
    let facts = std::fs::read_to_string(dir.join("facts.json")).unwrap();
    let facts_lines: Vec<&str> = facts.lines().map(str::trim).collect();
    let mut checked = 0;
    for block in fenced(&read("docs/tutorial.md")) {
        match block.info.as_str() {
            "edict" => {
                assert!(
                    policies.iter().any(|p| p.contains(&block.text)),
                    "docs/tutorial.md line {}: this policy text is not in examples/tutorial/",
                    block.line
                );
                checked += 1;
            }
            "json" => {
                for line in block.text.lines().map(str::trim) {
                    assert!(
                        facts_lines.contains(&line),
                        "docs/tutorial.md line {}: `{line}` is not in examples/tutorial/facts.json",
                        block.line
                    );
                }
                checked += 1;
            }
            _ => {}
        }
    }
    assert!(checked >= 3);
}
