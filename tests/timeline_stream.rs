//! `edict timeline` writes each shipment as it is computed: its output is
//! byte for byte what the whole set of timelines serialises to, in JSON and
//! text, and a problem with the facts still gives exit status 1 with every
//! diagnostic (and, for a short output, nothing on standard output).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::process::{Command, Output};

fn edict(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("edict runs")
}

const EXAMPLES: [&str; 5] = [
    "examples/servo-motors/facts.json",
    "examples/unknown-origins/facts.json",
    "examples/humanitarian/facts.json",
    "examples/dysprosium-trader/facts.json",
    "examples/sensor-exporter/facts.json",
];

/// The timelines of every shipment, computed at once by the library.
fn all_at_once(facts_path: &str) -> Vec<edict::analysis::Timeline> {
    let set = edict::load::load(edict::bundled::sources())
        .set
        .expect("bundled policies load");
    let text = std::fs::read_to_string(facts_path).expect("facts");
    let source = edict::facts::FactsSource::new("facts.json", text);
    let facts = edict::facts::load(&source).expect("valid facts");
    edict::analysis::timeline::timelines(&set, &facts, &source, None, None).expect("no problem")
}

#[test]
fn streamed_json_is_byte_identical_to_the_whole_array() {
    for path in EXAMPLES {
        let out = edict(&["timeline", "--facts", path, "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{path}");
        let expected = serde_json::to_string_pretty(&all_at_once(path)).expect("json") + "\n";
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{path}");
    }
}

#[test]
fn streamed_text_is_the_whole_summary() {
    for path in EXAMPLES {
        let out = edict(&["timeline", "--facts", path]);
        assert_eq!(out.status.code(), Some(0), "{path}");
        let expected = edict::report::timeline::summary(&all_at_once(path)) + "\n";
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{path}");
    }
}

#[test]
fn an_empty_shipment_list_is_an_empty_array() {
    let dir = std::env::temp_dir().join(format!("edict-timeline-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let facts = dir.join("facts.json");
    std::fs::write(
        &facts,
        r#"{ "version": 1, "parties": {}, "ownership": [], "listings": [], "items": {}, "shipments": [] }"#,
    )
    .expect("write");
    let out = edict(&[
        "timeline",
        "--facts",
        facts.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "[]\n");
}

/// `n` shipments of `good` and, last, one of `bad`, whose content value is too large to compute.
fn facts_with_a_bad_last_shipment(n: usize) -> String {
    let mut shipments: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{ "id": "S{i}", "date": "2025-06-01", "item": "good", "exporter": "a", "from": "DE", "to": "US", "end_user": "a" }}"#
            )
        })
        .collect();
    shipments.push(
        r#"{ "id": "BAD", "date": "2025-06-01", "item": "bad", "exporter": "a", "from": "DE", "to": "US", "end_user": "a" }"#
            .to_string(),
    );
    format!(
        r#"{{ "version": 1, "parties": {{ "a": {{ "name": "a", "country": "DE" }} }}, "ownership": [], "listings": [],
        "items": {{
          "good": {{ "description": "g", "origin": "DE", "value": "10", "components": [ {{ "item": "dy", "quantity": 1, "value": "1" }} ] }},
          "bad": {{ "description": "b", "origin": "DE", "value": "10", "components": [ {{ "item": "dy", "quantity": 1, "value": "79228162514264337593543950335" }}, {{ "item": "dy", "quantity": 1, "value": "1" }} ] }},
          "dy": {{ "description": "d", "origin": "CN", "value": "1", "classes": ["metal"] }} }},
        "shipments": [ {} ] }}"#,
        shipments.join(",\n")
    )
}

const POLICY: &str = r#"policy p
  title "t"
  authority "a"
  issued 2020-01-01
class metal "a metal"
category source "source materials"
  any metal
rule r "Art. 1"
  outcome prohibited
  when the value of components in source originating in CN is at least 0.1% of the item's value
"#;

fn run_bad(test: &str, n: usize, format: &str) -> Output {
    let dir = std::env::temp_dir().join(format!("edict-timeline-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let (policy, facts) = (dir.join("p.edict"), dir.join("facts.json"));
    std::fs::write(&policy, POLICY).expect("write");
    std::fs::write(&facts, facts_with_a_bad_last_shipment(n)).expect("write");
    edict(&[
        "timeline",
        policy.to_str().expect("utf-8"),
        "--facts",
        facts.to_str().expect("utf-8"),
        "--format",
        format,
    ])
}

#[test]
fn a_problem_found_in_a_short_output_prints_nothing_but_the_diagnostic() {
    for format in ["json", "text"] {
        let out = run_bad("short", 3, format);
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("edict::facts::overflow") && err.contains("`bad`"), "{err}");
    }
}

#[test]
fn a_problem_found_after_a_long_output_stops_it_at_a_shipment_and_fails() {
    let out = run_bad("long", 5_000, "json");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("edict::facts::overflow"), "{err}");
    let text = String::from_utf8_lossy(&out.stdout);
    // The shipments before were written whole; the bad one and the closing
    // bracket were not, so the array cannot be read as complete.
    assert!(text.starts_with("[\n  {\n    \"shipment\": \"S0\""), "{}", &text[..100]);
    assert!(text.ends_with("  }"), "{}", &text[text.len() - 100..]);
    assert!(!text.contains("\"BAD\""));
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());
}
