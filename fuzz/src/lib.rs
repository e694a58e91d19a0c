//! What edict's fuzz targets share: loading and rendering the way the CLI
//! does, the bundled law loaded once, and a generator of facts files from
//! structured input.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod policy;
pub mod world;

use edict::policy::PolicySet;
use edict::source::SourceMap;
use miette::{Diagnostic, GraphicalTheme};

/// Renders a diagnostic as the CLI prints it to a terminal (graphical,
/// without colour, windowed). Rendering is part of what is fuzzed: a
/// diagnostic whose label the renderer cannot place must not panic.
pub fn render(d: &dyn Diagnostic) -> String {
    edict::diagnostics::render(d, GraphicalTheme::unicode_nocolor(), Some(100))
}

/// Loads `files` as one policy set, rendering every diagnostic.
pub fn load(files: &[(&str, &str)]) -> (Option<PolicySet>, Vec<String>) {
    let mut sources = SourceMap::new();
    for (name, text) in files {
        sources.add(*name, *text);
    }
    let loaded = edict::load::load(sources);
    let rendered = loaded.diagnostics.iter().map(|d| render(d.as_ref())).collect();
    (loaded.set, rendered)
}

thread_local! {
    static BUNDLED: PolicySet = edict::load::load(edict::bundled::sources())
        .set
        .expect("the bundled law checks");
}

/// Runs `f` with the bundled law, loaded once per fuzzing process.
pub fn with_bundled<R>(f: impl FnOnce(&PolicySet) -> R) -> R {
    BUNDLED.with(f)
}

/// The diagnostics' codes and messages, sorted: what a load means when it
/// fails, compared across a formatting round trip.
pub fn codes(files: &[(&str, &str)]) -> Vec<String> {
    let mut sources = SourceMap::new();
    for (name, text) in files {
        sources.add(*name, *text);
    }
    let loaded = edict::load::load(sources);
    let mut out: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code().map(|c| c.to_string()).unwrap_or_default(), d))
        .collect();
    out.sort();
    out
}

/// Evaluates `facts_text` against `set` and checks what every command
/// built on evaluation must agree on: each shipment's explanation has its
/// decision's outcome, and its timeline has that outcome on its day.
/// Returns the decision JSON, or `None` when the facts do not load.
pub fn decide_and_cross_check(set: &PolicySet, facts_text: &str) -> Option<String> {
    let source = edict::facts::FactsSource::new("facts.json", facts_text);
    let facts = match edict::facts::load(&source) {
        Ok(f) => f,
        Err(errors) => {
            assert!(!errors.is_empty(), "a facts file refused without a reason");
            for e in &errors {
                render(e);
            }
            return None;
        }
    };
    let decisions = match edict::eval::evaluate(set, &facts, &source, &Default::default()) {
        Ok(d) => d,
        Err(errors) => {
            assert!(!errors.is_empty(), "an evaluation refused without a reason");
            for e in &errors {
                render(e);
            }
            return None;
        }
    };
    let mut json = Vec::new();
    edict::decision::write_json(&decisions, &mut json).unwrap();
    edict::report::table::render(&decisions);
    let mut evaluator = edict::eval::Evaluator::new(set, &facts, &source);
    for (i, (shipment, decision)) in facts.shipments.iter().zip(&decisions.decisions).enumerate() {
        if let Some(e) = evaluator.explain_shipment(i, shipment.date, decision) {
            assert_eq!(
                e.outcome, decision.outcome,
                "{}: explain and eval disagree",
                shipment.id
            );
            edict::report::explain::text(&e);
        }
    }
    if let Ok(timelines) = edict::analysis::timelines(set, &facts, &source, None, None) {
        let by_id: std::collections::HashMap<&str, &edict::analysis::Timeline> =
            timelines.iter().map(|t| (t.shipment.as_str(), t)).collect();
        for (shipment, decision) in facts.shipments.iter().zip(&decisions.decisions) {
            let Some(t) = by_id.get(shipment.id.as_str()) else {
                continue;
            };
            let day = shipment.date.to_string();
            let on_day = t.intervals.iter().find(|iv| {
                iv.from.as_deref().is_none_or(|f| f <= day.as_str())
                    && iv.through.as_deref().is_none_or(|l| day.as_str() <= l)
            });
            if let Some(iv) = on_day {
                assert_eq!(
                    iv.outcome, decision.outcome,
                    "{}: the timeline on {day} disagrees with the decision",
                    shipment.id
                );
            }
        }
    }
    Some(String::from_utf8(json).unwrap())
}
