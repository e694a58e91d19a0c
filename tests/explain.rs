//! `explain` snapshots for the examples: the whole justification (text and
//! JSON), so that a change of reason is caught in review, not only a change
//! of outcome. Cases: tests/cases/explain/<case>/case.json.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use edict::eval::Evaluator;
use edict::facts::{load, FactsSource};

#[test]
fn explanations() {
    let set = edict::load::load(edict::bundled::sources())
        .set
        .expect("bundled policies load");
    insta::glob!("cases/explain/*/case.json", |path| {
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("case")).expect("json");
        let dir = path.parent().expect("folder");
        let facts_path = dir.join(case["facts"].as_str().expect("facts"));
        let text = std::fs::read_to_string(&facts_path).expect("facts file");
        let source = FactsSource::new("facts.json", text);
        let facts = load(&source).expect("valid facts");
        let id = case["shipment"].as_str().expect("shipment");
        let index = facts
            .shipments
            .iter()
            .position(|s| s.id == id)
            .expect("shipment exists");
        let shipment = &facts.shipments[index];
        let mut evaluator = Evaluator::new(&set, &facts, &source);
        let decision = evaluator.decide(index, shipment, shipment.date);
        let explanation = evaluator
            .explain_shipment(index, shipment.date, &decision)
            .expect("explained");
        // The explanation agrees with the decision it justifies.
        assert_eq!(explanation.outcome, decision.outcome);
        for p in &explanation.policies {
            let d = decision
                .policies
                .iter()
                .find(|x| x.policy == p.policy)
                .expect("policy decided");
            assert_eq!(p.outcome, d.outcome, "{}", p.policy);
        }
        let text = edict::report::explain::text(&explanation);
        let json = serde_json::to_string_pretty(&explanation).expect("json");
        insta::assert_snapshot!(format!("----- TEXT\n{text}\n----- JSON\n{json}\n"));
    });
}

// ─────────────────────── explain as a lawyer reads it ───────────────────────

/// `A and B and ((C and D) or (E and F)) and not (G or H)`, where C and G, H fail.
const STRUCTURED: &str = r#"policy p
  title "t"
  authority "a"
  issued 2020-01-01

rule r "Art. 1"
  outcome prohibited
  when the destination is in RU
    and the exporter is in DE
    and ((the item is made in CN and the end user is in RU) or (the item is made in DE and the end user is in RU))
    and not (the destination is in US or the destination is in CN)
"#;

const STRUCTURED_FACTS: &str = r#"{ "version": 1, "parties": { "a": { "name": "a", "country": "DE" }, "u": { "name": "u", "country": "RU" } }, "ownership": [], "listings": [],
 "items": { "x": { "description": "x", "origin": "DE", "value": "10" } },
 "shipments": [ { "id": "S", "date": "2025-06-01", "item": "x", "exporter": "a", "from": "DE", "to": "RU", "end_user": "u" } ] }"#;

/// Runs `edict explain` on the structured policy with `extra` arguments.
fn explain_structured(extra: &[&str]) -> (Option<i32>, String) {
    // One folder per call: the tests run on threads of one process, and a
    // file rewritten while another test's edict reads it was read half-written.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("edict-explain-structured-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let (policy, facts) = (dir.join("p.edict"), dir.join("facts.json"));
    std::fs::write(&policy, STRUCTURED).expect("write");
    std::fs::write(&facts, STRUCTURED_FACTS).expect("write");
    let mut args = vec![
        "explain",
        policy.to_str().expect("utf-8"),
        "--facts",
        facts.to_str().expect("utf-8"),
        "--shipment",
        "S",
    ];
    args.extend(extra);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(&args)
        .output()
        .expect("edict runs");
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_condition_keeps_its_and_or_not_structure_in_text_markdown_and_json() {
    let (code, text) = explain_structured(&[]);
    assert_eq!(code, Some(0));
    let tail = text
        .split_once("(the rule has no window of its own)\n")
        .expect("rule")
        .1;
    insta::assert_snapshot!("structured_text", tail);
    // The negation held, so it is ticked; what it negates did not.
    assert!(text.contains("        (d) [x] not:\n            [ ] any of:"), "{text}");
    let (_, md) = explain_structured(&["--format", "markdown"]);
    assert!(
        md.contains("  - [x] (c) **any of:**\n    - [ ] (i) **all of:**"),
        "{md}"
    );
    assert!(md.contains("  - [x] (d) **not**:\n    - [ ] **any of:**"), "{md}");
    let (_, json) = explain_structured(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let c = &v["policies"][0]["rules"][0]["condition"];
    assert_eq!(c["all"]["holds"], true);
    let parts = c["all"]["parts"].as_array().expect("parts");
    assert_eq!(parts.len(), 4);
    assert_eq!(parts[2]["any"]["parts"][0]["all"]["holds"], false);
    assert_eq!(parts[2]["any"]["parts"][1]["all"]["holds"], true);
    assert_eq!(parts[3]["not"]["holds"], true);
    assert_eq!(parts[3]["not"]["part"]["any"]["holds"], false);
    assert_eq!(
        parts[3]["not"]["part"]["any"]["parts"][1]["test"]["test"],
        "the destination is in China"
    );
}

#[test]
fn a_finding_shows_every_reason() {
    let (_, text) = explain_structured(&[]);
    let reasons: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("  finding: r → prohibited"))
        .skip(1)
        .collect();
    assert_eq!(
        reasons,
        [
            "    because the destination RU is in RU",
            "    because the exporter a (DE) is in DE",
            "    because x was made in DE",
            "    because the end user u (RU) is in RU",
            "    because the destination RU is not in US",
            "    because the destination RU is not in CN",
        ]
    );
    let (_, json) = explain_structured(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(
        v["policies"][0]["findings"][0]["because"].as_array().map(Vec::len),
        Some(6)
    );
}

fn edict(args: &[&str]) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(args)
        .output()
        .expect("edict runs");
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn only_applied_shows_just_the_rules_that_applied() {
    let args = [
        "explain",
        "--facts",
        "examples/humanitarian/facts.json",
        "--shipment",
        "PH-2026-1111",
    ];
    let (_, all) = edict(&args);
    assert!(all.contains("did not apply"), "the full form shows every rule");
    let (code, only) = edict(&[&args[..], &["--only", "applied"]].concat());
    assert_eq!(code, Some(0));
    assert!(
        !only.contains("did not apply") && !only.contains("not considered"),
        "{only}"
    );
    assert!(only.contains("rule humanitarian (MOFCOM Announcement No. 61 of 2025, Art. 5): applied → exempt"));
    assert!(only.contains("rule deminimis"), "{only}");
    assert!(only.lines().count() * 4 < all.lines().count(), "{only}");
}

#[test]
fn short_fits_one_screen_with_every_reason() {
    let args = [
        "explain",
        "--facts",
        "examples/servo-motors/facts.json",
        "--shipment",
        "S-2026-1111",
    ];
    let (code, short) = edict(&[&args[..], &["--short"]].concat());
    assert_eq!(code, Some(0));
    insta::assert_snapshot!("short_servo", short);
    assert!(short.lines().count() <= 24, "{short}");
    assert!(short.starts_with("Shipment S-2026-1111 on 2026-11-11: licence-required\n"));
    assert!(short.contains("because CN-origin Annex 1, Part 1 content of servo-rs400 is 5.04 of 1850.00 (0.272%)"));
    let (code, _) = edict(&[&args[..], &["--short", "--format", "json"]].concat());
    assert_eq!(code, Some(2), "the JSON has no short form");
}

// ─────────────────────── tests that rest on a reading ───────────────────────

/// A rule with a reading whose alternative rewrites one test, a prose
/// reading on the rule, and a category with a reading of its own.
const READINGS: &str = r#"policy p
  title "t"
  authority "a"
  issued 2020-01-01

class gadget "a gadget"

category goods "Annex: goods"
  reading R-GOODS "Goods include technology." alternative "Physical goods only."
  any item classed gadget

rule r "Art. 1"
  reading R-DEST "Exports to any destination outside Germany." alternative "Exports to Russia only."
    for "the destination is outside DE" read "the destination is in RU"
  reading R-PROSE "Re-exports are not exports." alternative "They are."
  outcome licence-required
  when the item is in goods
    and the destination is outside DE
    and the exporter is in DE
"#;

const READINGS_FACTS: &str = r#"{ "version": 1, "parties": { "a": { "name": "a", "country": "DE" }, "u": { "name": "u", "country": "FR" } },
 "items": { "x": { "description": "x", "origin": "DE", "value": "10", "classes": ["gadget"] } },
 "shipments": [ { "id": "S", "date": "2025-06-01", "item": "x", "exporter": "a", "from": "DE", "to": "FR", "end_user": "u" } ] }"#;

fn explain_readings(format: &str) -> String {
    let dir = std::env::temp_dir().join(format!("edict-explain-readings-{}-{format}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let (policy, facts) = (dir.join("p.edict"), dir.join("facts.json"));
    std::fs::write(&policy, READINGS).expect("write");
    std::fs::write(&facts, READINGS_FACTS).expect("write");
    let (code, out) = edict(&[
        "explain",
        policy.to_str().expect("utf-8"),
        "--facts",
        facts.to_str().expect("utf-8"),
        "--shipment",
        "S",
        "--format",
        format,
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, Some(0), "{out}");
    out
}

/// `explain` marks each test that rests on a reading (the category's
/// reading on the category test, the rewritten words' reading on the
/// destination test, none on the exporter test) and lists the readings
/// written on the rule, in text, Markdown and JSON.
#[test]
fn explain_marks_the_tests_that_rest_on_a_reading() {
    let text = explain_readings("text");
    insta::assert_snapshot!("readings_text", text);
    let md = explain_readings("markdown");
    insta::assert_snapshot!("readings_markdown", md);
    let json: serde_json::Value = serde_json::from_str(&explain_readings("json")).expect("json");
    let rule = &json["policies"][0]["rules"][0];
    assert_eq!(rule["readings"], serde_json::json!(["R-DEST", "R-PROSE"]));
    let parts = rule["condition"]["all"]["parts"].as_array().expect("parts");
    assert_eq!(parts[0]["test"]["readings"], serde_json::json!(["R-GOODS"]));
    assert_eq!(parts[1]["test"]["readings"], serde_json::json!(["R-DEST"]));
    assert!(parts[2]["test"].get("readings").is_none(), "{}", parts[2]);
}
