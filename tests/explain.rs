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
