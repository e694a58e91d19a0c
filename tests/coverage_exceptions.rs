//! `edict test --coverage` counts exceptions, escalations and `yields to`,
//! and `--mutants` drops a `yields to`: on a small policy written here whose
//! outcomes are worked out by hand.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

const POLICY: &str = r#"policy example-relief
  title "Example relief regulation"
  authority "Example Ministry"
  jurisdiction CN
  issued 2026-01-01
  cite as "Example Regulation No. 2"
  in force from 2026-01-01

class widget "a widget"
end use relief "disaster relief"
list denied "denied parties"

category widgets "widgets"
  any item classed widget

rule licence "Art. 1"
  outcome licence-required
  when the item is in widgets

rule denial "Art. 2"
  raises a required licence to prohibited
  when the end user is on denied

rule relief "Art. 3"
  exempts licence
  yields to denial
  when the end use is relief
"#;

const FACTS: &str = r#"{
  "version": 1,
  "parties": {
    "maker": { "country": "CN" },
    "buyer": { "country": "KR" },
    "denied-buyer": { "country": "KR" }
  },
  "listings": [ { "party": "denied-buyer", "list": "denied" } ],
  "items": { "w": { "origin": "CN", "value": "10.00", "classes": ["widget"] } },
  "shipments": [
    { "id": "W-1", "date": "2026-06-01", "item": "w", "exporter": "maker", "from": "CN", "to": "KR", "end_user": "buyer" },
    { "id": "W-2", "date": "2026-06-01", "item": "w", "exporter": "maker", "from": "CN", "to": "KR", "end_user": "buyer", "end_uses": ["relief"] },
    { "id": "W-3", "date": "2026-06-01", "item": "w", "exporter": "maker", "from": "CN", "to": "KR", "end_user": "denied-buyer", "end_uses": ["relief"] }
  ]
}"#;

/// Worked out by hand: W-1 needs the Art. 1 licence; W-2 is relief, which
/// Art. 3 exempts; W-3 is relief for a denied party, so Art. 3 yields to
/// Art. 2, the licence stands and Art. 2 raises it to a prohibition.
const TESTS: &str = r#"tests "Example Regulation No. 2"

test relief-exempts "Relief needs no licence"
  because "Art. 3"
  facts "facts.json"
  expect W-1 licence-required by licence
  expect W-2 exempt by relief

test denied-relief "Relief for a denied party is prohibited"
  because "Art. 3 yields to Art. 2"
  facts "facts.json"
  expect W-3 prohibited by denial
"#;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("edict-coverage-exceptions-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("relief.edict"), POLICY).unwrap();
    std::fs::write(dir.join("facts.json"), FACTS).unwrap();
    std::fs::write(dir.join("relief.test.edict"), TESTS).unwrap();
    dir
}

fn edict(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("edict runs");
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[test]
fn each_exception_escalation_and_yield_is_seen_taking_effect() {
    let dir = scratch("coverage");
    // The first test alone: Art. 3 exempts W-2, but nothing is raised and
    // Art. 3 never yields.
    let text = edict(&dir, &["test", ".", "--coverage", "--filter", "relief-exempts"]);
    assert!(text.contains("exceptions"), "{text}");
    assert!(text.contains("1/3 33.3%"), "one of three exception aspects:\n{text}");
    assert!(
        text.contains("rule denial: escalation (raises to prohibited): never raising a requirement"),
        "{text}"
    );
    assert!(text.contains("rule relief: yields to denial: never yielding"), "{text}");
    assert!(
        !text.contains("rule relief: exception"),
        "the exemption was seen:\n{text}"
    );
    // Both tests: W-3 shows Art. 3 yielding and Art. 2 raising.
    let text = edict(&dir, &["test", ".", "--coverage"]);
    assert!(text.contains("3/3 100%"), "{text}");
    assert!(!text.contains("never yielding"), "{text}");
    assert!(!text.contains("never raising"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dropping_a_yield_is_a_mutant() {
    let dir = scratch("mutants");
    // Without `yields to denial`, Art. 3 would exempt W-3 from the licence,
    // leaving Art. 2 nothing to raise: exempt, not prohibited.
    let text = edict(&dir, &["test", ".", "--mutants"]);
    assert!(!text.contains("`yields to denial` dropped"), "killed by W-3:\n{text}");
    let text = edict(&dir, &["test", ".", "--mutants", "--filter", "relief-exempts"]);
    assert!(
        text.contains("example-relief: rule relief: `yields to denial` dropped"),
        "no test without W-3 notices:\n{text}"
    );
    // Removing the exception or the escalation is a mutant too (rule removed).
    assert!(text.contains("rule denial removed"), "{text}");
    assert!(!text.contains("rule relief removed"), "W-2 catches it:\n{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

const DRAFT: &str = r#"policy draft-gadgets
  title "Draft: gadgets and gizmos are widgets too"
  authority "Example Ministry"
  jurisdiction CN
  issued 2026-03-01
  cite as "Draft amendment of Example Regulation No. 2"

class gadget "a gadget"
class gizmo "a gizmo"

amendment more-widgets "Art. 1"
  extends example-relief.widgets with any item classed gadget or gizmo
"#;

#[test]
fn with_layers_a_draft_under_every_test_and_mutants_mutate_it() {
    let dir = scratch("with");
    let suite = dir.join("suite");
    std::fs::create_dir_all(&suite).unwrap();
    for f in ["relief.edict", "relief.test.edict"] {
        std::fs::rename(dir.join(f), suite.join(f)).unwrap();
    }
    let facts = FACTS.replace(
        r#""items": { "w": { "origin": "CN", "value": "10.00", "classes": ["widget"] } },"#,
        r#""items": { "w": { "origin": "CN", "value": "10.00", "classes": ["widget"] },
                  "g": { "origin": "CN", "value": "10.00", "classes": ["gadget"] } },"#,
    );
    let facts = facts.replace(
        r#""end_uses": ["relief"] }
  ]"#,
        r#""end_uses": ["relief"] },
    { "id": "G-1", "date": "2026-06-01", "item": "g", "exporter": "maker", "from": "CN", "to": "KR", "end_user": "buyer" }
  ]"#,
    );
    assert_ne!(facts, FACTS);
    std::fs::write(suite.join("facts.json"), facts).unwrap();
    std::fs::remove_file(dir.join("facts.json")).unwrap();
    let tests = format!(
        "{TESTS}\ntest gadget \"Under the draft a gadget is a widget\"\n  because \"Draft Art. 1\"\n  facts \"facts.json\"\n  expect G-1 licence-required by licence\n"
    );
    std::fs::write(suite.join("relief.test.edict"), tests).unwrap();
    std::fs::write(dir.join("draft.edict"), DRAFT).unwrap();
    // Without the draft, a gadget is no widget: the new test fails.
    let out = Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(["test", "suite"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // With it, every test passes, and the line the draft adds is mutated:
    // dropping `gadget` is caught by G-1; no test ships a gizmo, so
    // dropping `gizmo` survives, scored under the draft.
    let text = edict(&dir, &["test", "suite", "--with", "draft.edict", "--mutants"]);
    assert!(text.contains("\ndraft-gadgets    1/2 50%\n"), "{text}");
    assert!(
        text.contains("draft.edict:12: draft-gadgets: category widgets: class gizmo dropped"),
        "{text}"
    );
    assert!(!text.contains("class gadget dropped"), "{text}");
    assert!(text.ends_with("3 passed, 0 failed\n"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}
