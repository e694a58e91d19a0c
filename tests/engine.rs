//! The library facade (`edict::engine`): what an embedding program relies
//! on — one engine shared by threads, decisions equal to the command
//! line's, errors that carry the diagnostics.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edict::engine::{Engine, FactsRejected, PoliciesRejected, Shipments};
use edict::outcome::Outcome;
use miette::Diagnostic;
use std::process::Command;
use std::sync::Arc;

const SERVO: &str = "examples/servo-motors/facts.json";

fn json(decisions: &edict::decision::Decisions) -> String {
    let mut out = Vec::new();
    edict::decision::write_json(decisions, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn what_a_server_shares_can_cross_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Engine>();
    shared::<Shipments>();
    shared::<edict::decision::Decisions>();
    shared::<edict::eval::Explanation>();
    shared::<PoliciesRejected>();
    shared::<FactsRejected>();
}

#[test]
fn one_engine_decides_on_many_threads_as_the_command_line_does() {
    let law = Arc::new(Engine::bundled().unwrap());
    let text = std::fs::read_to_string(SERVO).unwrap();
    let cli = Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(["eval", "--format", "json", "--facts", SERVO])
        .output()
        .unwrap();
    assert_eq!(cli.status.code(), Some(0));
    let expected = String::from_utf8(cli.stdout).unwrap();
    assert!(expected.contains("presumption-of-denial"), "{expected}");
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let law = Arc::clone(&law);
            let text = text.clone();
            std::thread::spawn(move || {
                let facts = law.read_facts(SERVO, &text).unwrap();
                (0..5).map(|_| json(&law.decide(&facts).unwrap())).collect::<Vec<_>>()
            })
        })
        .collect();
    for t in threads {
        for out in t.join().unwrap() {
            assert_eq!(out.trim_end(), expected.trim_end());
        }
    }
}

#[test]
fn explain_agrees_with_the_decision_and_names_the_rule() {
    let law = Engine::bundled().unwrap();
    let facts = law.read_facts(SERVO, &std::fs::read_to_string(SERVO).unwrap()).unwrap();
    let decisions = law.decide(&facts).unwrap();
    let military = decisions
        .decisions
        .iter()
        .find(|d| d.shipment == "S-2026-1113-MIL")
        .unwrap();
    assert_eq!(military.outcome, Outcome::PresumptionOfDenial);
    let explanation = law.explain(&facts, "S-2026-1113-MIL", None).unwrap().unwrap();
    assert_eq!(explanation.outcome, Outcome::PresumptionOfDenial);
    assert!(edict::report::explain::text(&explanation).contains("military-users"));
    assert!(law.explain(&facts, "no-such-shipment", None).unwrap().is_none());
    // As of a day before every control, nothing is controlled.
    let early = law
        .explain(
            &facts,
            "S-2026-1113-MIL",
            Some(edict::facts::read_date("2020-01-01").unwrap()),
        )
        .unwrap()
        .unwrap();
    assert_eq!(early.outcome, Outcome::NotControlled);
}

#[test]
fn policies_that_do_not_check_are_an_error_with_every_diagnostic() {
    let broken = "policy p\n  title \"t\"\n  authority \"a\"\n  issued 2025-01-01\n\nrule r \"Art. 1\"\n  outcome prohibited\n  when the item is in nowhere and the end user is on no-such-list\n";
    let err = Engine::from_texts([("broken.edict", broken)]).unwrap_err();
    let codes: Vec<String> = err.diagnostics.iter().map(|d| d.code().unwrap().to_string()).collect();
    assert_eq!(codes.len(), 2, "{codes:?}");
    assert_eq!(err.related().unwrap().count(), 2);
    assert_eq!(err.to_string(), "the policies do not check (2 problems)");
    let shown = edict::diagnostics::render_plain(&err);
    assert!(shown.contains("nowhere") && shown.contains("no-such-list"), "{shown}");
}

#[test]
fn facts_that_do_not_load_are_an_error_with_json_paths() {
    let law = Engine::bundled().unwrap();
    let err = law
        .read_facts(
            "bad.json",
            r#"{"version": 1, "parties": {}, "items": {}, "shipments": [{"id": "S"}]}"#,
        )
        .unwrap_err();
    assert_eq!(err.name, "bad.json");
    assert!(!err.problems.is_empty());
    let shown = edict::diagnostics::render_plain(&err);
    assert!(shown.contains("bad.json"), "{shown}");
}

#[test]
fn a_draft_layered_over_the_bundled_law_changes_what_the_diff_shows() {
    let law = Engine::bundled().unwrap();
    let draft = std::fs::read_to_string("examples/drafts/lower-61-threshold.edict").unwrap();
    let amended = Engine::bundled_with([("lower-61-threshold.edict", draft)]).unwrap();
    assert!(law.diff(&law).is_empty());
    let changes = law.diff(&amended);
    assert!(!changes.is_empty());
    assert!(format!("{changes:?}").contains("0.05"), "{changes:?}");
}
