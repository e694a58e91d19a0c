//! `eval --shipments`: a stream of shipments (JSON lines) decided against
//! the world of a facts file gives the same decisions as the same shipments
//! in the file; its bad lines are reported with the stream's own line
//! numbers; `--format jsonl` writes one decision a line.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn edict(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = stdin.map(<[u8]>::to_vec);
    let mut pipe = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        if let Some(input) = input {
            use std::io::Write;
            let _ = pipe.write_all(&input);
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// A scratch folder of its own for each test (tests run on threads of one process).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("edict-stream-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The example's facts split in two: the world (with `"shipments": []`)
/// and its shipments as JSON lines, one per line, in file order.
fn split(example: &str, dir: &Path) -> (PathBuf, Vec<String>) {
    let text = std::fs::read_to_string(format!("examples/{example}/facts.json")).unwrap();
    let mut facts: serde_json::Value = serde_json::from_str(&text).unwrap();
    let shipments = facts["shipments"].take();
    facts["shipments"] = serde_json::json!([]);
    let world = dir.join("world.json");
    std::fs::write(&world, serde_json::to_string_pretty(&facts).unwrap()).unwrap();
    let lines = shipments
        .as_array()
        .unwrap()
        .iter()
        .map(|s| serde_json::to_string(s).unwrap())
        .collect();
    (world, lines)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_stream_decides_as_the_file_does_in_json_and_in_json_lines() {
    let dir = scratch("same");
    // unknown-origins: facts version 2, whose undetermined decisions a
    // stream decides in every world as the file does.
    for example in [
        "servo-motors",
        "magnet-licensee",
        "critical-minerals",
        "unknown-origins",
    ] {
        let facts = format!("examples/{example}/facts.json");
        let whole = edict(&["eval", "--facts", &facts, "--format", "json"], None);
        assert_eq!(whole.status.code(), Some(0), "{}", text(&whole.stderr));
        let (world, lines) = split(example, &dir);
        let stream = dir.join("shipments.jsonl");
        std::fs::write(&stream, lines.join("\n") + "\n").unwrap();
        let (world, stream) = (world.to_str().unwrap(), stream.to_str().unwrap());

        let streamed = edict(
            &["eval", "--facts", world, "--shipments", stream, "--format", "json"],
            None,
        );
        assert_eq!(streamed.status.code(), Some(0), "{}", text(&streamed.stderr));
        assert_eq!(text(&streamed.stdout), text(&whole.stdout), "{example}: --format json");

        // JSON lines, the default with --shipments: each line is the
        // matching element of `decisions`.
        let jsonl = edict(&["eval", "--facts", world, "--shipments", stream], None);
        assert_eq!(jsonl.status.code(), Some(0), "{}", text(&jsonl.stderr));
        let expected: serde_json::Value = serde_json::from_slice(&whole.stdout).unwrap();
        let expected = expected["decisions"].as_array().unwrap().clone();
        let got: Vec<serde_json::Value> = text(&jsonl.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(got, expected, "{example}: --format jsonl");
        assert_eq!(got.len(), lines.len());

        // And from standard input.
        let stdin = edict(
            &["eval", "--facts", world, "--shipments", "-"],
            Some((lines.join("\n") + "\n").as_bytes()),
        );
        assert_eq!(text(&stdin.stdout), text(&jsonl.stdout), "{example}: --shipments -");
    }
}

#[test]
fn json_lines_without_a_stream_are_the_decisions_one_a_line() {
    let facts = "examples/servo-motors/facts.json";
    let whole = edict(&["eval", "--facts", facts, "--format", "json"], None);
    let lines = edict(&["eval", "--facts", facts, "--format", "jsonl"], None);
    assert_eq!(lines.status.code(), Some(0));
    let expected: serde_json::Value = serde_json::from_slice(&whole.stdout).unwrap();
    let out = text(&lines.stdout);
    assert!(out.ends_with("}\n"), "one decision a line, each ended: {out:?}");
    let got: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(&got, expected["decisions"].as_array().unwrap());
}

#[test]
fn the_files_own_shipments_come_first_and_batches_follow_in_order() {
    let dir = scratch("order");
    let (_, lines) = split("servo-motors", &dir);
    // The facts file keeps its first three shipments; the rest stream in,
    // with blank lines between them.
    let text_of = std::fs::read_to_string("examples/servo-motors/facts.json").unwrap();
    let mut facts: serde_json::Value = serde_json::from_str(&text_of).unwrap();
    let kept: Vec<serde_json::Value> = facts["shipments"].as_array().unwrap()[..3].to_vec();
    facts["shipments"] = serde_json::Value::Array(kept);
    let world = dir.join("world3.json");
    std::fs::write(&world, serde_json::to_string(&facts).unwrap()).unwrap();
    let stream = dir.join("rest.jsonl");
    std::fs::write(&stream, lines[3..].join("\n\n\r\n")).unwrap();
    let out = edict(
        &[
            "eval",
            "--facts",
            world.to_str().unwrap(),
            "--shipments",
            stream.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let ids: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["shipment"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let expected: Vec<String> = lines
        .iter()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, expected);
}

#[test]
fn bad_lines_are_all_reported_with_the_streams_line_numbers() {
    let dir = scratch("bad");
    let (world, lines) = split("servo-motors", &dir);
    let mut wrong_item: serde_json::Value = serde_json::from_str(&lines[1]).unwrap();
    wrong_item["item"] = "servo-rs40".into();
    let mut wrong_party: serde_json::Value = serde_json::from_str(&lines[2]).unwrap();
    wrong_party["end_user"] = "nobody".into();
    let stream = [
        lines[0].clone(),                                   // line 1: fine
        String::new(),                                      // line 2: blank
        serde_json::to_string(&wrong_item).unwrap(),        // line 3
        lines[3][..lines[3].len() - 1].to_string(),         // line 4: object not closed
        format!("{} {{}}", lines[4]),                       // line 5: two values
        serde_json::to_string(&wrong_party).unwrap(),       // line 6
        r#"{"id": "X", "date": "09/10/2025"}"#.to_string(), // line 7
    ]
    .join("\n");
    let path = dir.join("bad.jsonl");
    std::fs::write(&path, stream).unwrap();
    let out = edict(
        &[
            "eval",
            "--facts",
            world.to_str().unwrap(),
            "--shipments",
            path.to_str().unwrap(),
            "--message-format",
            "json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing decided from a bad batch");
    let diagnostics: Vec<serde_json::Value> = text(&out.stderr)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let found: Vec<(String, u64)> = diagnostics
        .iter()
        .map(|d| {
            let code = d["code"].as_str().unwrap_or_default().to_string();
            let line = d["labels"][0]["line"]
                .as_u64()
                .or_else(|| d["line"].as_u64())
                .unwrap_or(0);
            (code, line)
        })
        .collect();
    let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    assert!(codes.contains(&"edict::facts::unknown-item"), "{found:?}");
    assert!(codes.contains(&"edict::facts::unknown-party"), "{found:?}");
    assert!(codes.contains(&"edict::facts::invalid-date"), "{found:?}");
    assert_eq!(
        codes.iter().filter(|c| **c == "edict::facts::invalid-json").count(),
        2,
        "{found:?}"
    );
    let all = text(&out.stderr);
    assert!(all.contains("shipments[2].item"), "line 3 is shipments[2]: {all}");
    assert!(all.contains("shipments[5].end_user"), "{all}");
    assert!(all.contains("did you mean `servo-rs400`?"), "{all}");
    assert!(all.contains("must be on one line"), "{all}");
    assert!(all.contains("one shipment per line"), "{all}");
}

#[test]
fn diagnostics_name_the_streams_lines_in_text_too() {
    let dir = scratch("lines");
    let (world, lines) = split("servo-motors", &dir);
    let mut wrong: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    wrong["item"] = "no-such-item".into();
    // Past the first batch: line 20 000 (batches are 16 384 lines).
    let mut stream = vec![lines[0].clone(); 19_999];
    stream.push(serde_json::to_string(&wrong).unwrap());
    let path = dir.join("late.jsonl");
    std::fs::write(&path, stream.join("\n")).unwrap();
    let out = edict(
        &[
            "eval",
            "--facts",
            world.to_str().unwrap(),
            "--shipments",
            path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("late.jsonl:20000:"), "the stream's own line: {err}");
    assert!(err.contains("shipments[19999].item"), "{err}");
    // The first batch was decided and written before the second was read.
    assert_eq!(text(&out.stdout).lines().count(), 16_384);
}

#[test]
fn undeclared_end_uses_in_a_stream_are_warned_about_once() {
    let dir = scratch("warn");
    let (world, lines) = split("servo-motors", &dir);
    let mut odd: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    odd["end_uses"] = serde_json::json!(["militray"]);
    let odd = serde_json::to_string(&odd).unwrap();
    let path = dir.join("warn.jsonl");
    std::fs::write(&path, [odd.clone(), lines[1].clone(), odd].join("\n")).unwrap();
    let out = edict(
        &[
            "eval",
            "--facts",
            world.to_str().unwrap(),
            "--shipments",
            path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert_eq!(err.matches("undeclared-tag").count(), 1, "{err}");
    assert!(err.contains("shipments[0].end_uses[0]"), "{err}");
    assert!(err.contains("did you mean `military`?"), "{err}");
    assert_eq!(text(&out.stdout).lines().count(), 3);
}

#[test]
fn a_table_of_a_stream_and_two_standard_inputs_are_usage_errors() {
    let dir = scratch("usage");
    let (world, _) = split("servo-motors", &dir);
    let world = world.to_str().unwrap();
    let table = edict(
        &["eval", "--facts", world, "--shipments", "-", "--format", "text"],
        Some(b""),
    );
    assert_eq!(table.status.code(), Some(2));
    assert!(text(&table.stderr).contains("--format jsonl"));
    let twice = edict(&["eval", "--facts", "-", "--shipments", "-"], Some(b""));
    assert_eq!(twice.status.code(), Some(2));
    let missing = edict(&["eval", "--facts", world, "--shipments", "no/such.jsonl"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("cannot read no/such.jsonl"));
}

#[test]
fn an_empty_stream_decides_the_files_shipments_only() {
    let facts = "examples/servo-motors/facts.json";
    let whole = edict(&["eval", "--facts", facts, "--format", "json"], None);
    let empty = edict(
        &["eval", "--facts", facts, "--shipments", "-", "--format", "json"],
        Some(b"\n\n"),
    );
    assert_eq!(empty.status.code(), Some(0));
    assert_eq!(text(&empty.stdout), text(&whole.stdout));
}
