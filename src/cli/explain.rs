//! `edict explain`

use super::io::{load_policies_and_facts, print_one, usage};
use super::{ExplainFormat, ExplainOnly, EXIT_INVALID, EXIT_OK};
use crate::eval::Evaluator;
use crate::report::explain::{markdown, only_applied, short as short_form, text};
use std::path::{Path, PathBuf};

/// Prints the justification of one shipment's decision.
pub fn run(
    paths: &[PathBuf],
    with: &[PathBuf],
    readings: &[crate::readings::Choice],
    facts_path: &Path,
    shipment: &str,
    as_of: Option<jiff::civil::Date>,
    (format, only, short): (ExplainFormat, Option<ExplainOnly>, bool),
) -> u8 {
    if short && format == ExplainFormat::Json {
        return usage("--short is a form of the text and Markdown output; the JSON has every part");
    }
    let (set, facts, source) = match load_policies_and_facts(paths, with, readings, facts_path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let Some(index) = facts.shipments.iter().position(|s| s.id == shipment) else {
        let hint = crate::check::suggest(shipment, facts.shipments.iter().map(|s| s.id.as_str()))
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        return usage(&format!(
            "no shipment `{shipment}` in {}{hint}",
            super::io::facts_name(facts_path)
        ));
    };
    let mut evaluator = Evaluator::new(&set, &facts, &source);
    let Some(s) = facts.shipments.get(index) else {
        return EXIT_INVALID;
    };
    let day = as_of.unwrap_or(s.date);
    let (_decision, explanation) = super::report::timed("evaluate", || {
        let decision = evaluator.decide(index, s, day);
        let explanation = evaluator.explain_shipment(index, day, &decision);
        (decision, explanation)
    });
    if let Err(errors) = evaluator.finish() {
        for e in &errors {
            print_one(e);
        }
        return EXIT_INVALID;
    }
    let Some(mut explanation) = explanation else {
        return EXIT_INVALID;
    };
    if only == Some(ExplainOnly::Applied) {
        only_applied(&mut explanation);
    }
    let out = match format {
        ExplainFormat::Text | ExplainFormat::Markdown if short => short_form(&explanation),
        ExplainFormat::Json => serde_json::to_string_pretty(&explanation).unwrap_or_default(),
        ExplainFormat::Text => text(&explanation),
        ExplainFormat::Markdown => markdown(&explanation),
    };
    super::report::timed("write", || super::out::print_line(&out, EXIT_OK))
}
