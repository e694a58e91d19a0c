//! `edict explain`

use super::io::{load_policies_and_facts, print_one, usage};
use super::{ExplainFormat, ExplainOnly, EXIT_INVALID, EXIT_OK};
use crate::eval::Evaluator;
use crate::report::explain::{markdown, only_applied, short as short_form, text};
use crate::report::undetermined::preface;
use std::path::PathBuf;

/// The JSON of an explanation of a shipment that unknown facts reach: the
/// explanation's keys, what is undetermined (`null` when nothing is) and
/// the values the steps take.
#[derive(serde::Serialize)]
struct WithUnknowns<'a> {
    #[serde(flatten)]
    explanation: &'a crate::eval::Explanation,
    undetermined: Option<&'a crate::decision::Undetermined>,
    assumed: &'a str,
}

/// Prints the justification of one shipment's decision.
pub fn run(
    paths: &[PathBuf],
    with: &[PathBuf],
    readings: &[crate::readings::Choice],
    facts_path: &[PathBuf],
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
            super::io::facts_names(facts_path)
        ));
    };
    let Some(s) = facts.shipments.get(index) else {
        return EXIT_INVALID;
    };
    let day = as_of.unwrap_or(s.date);
    // Unknown facts that reach the shipment (version 2): it is decided in
    // every world, and the steps are those of a world of its strictest outcome.
    let settled = if facts.unknowns.is_empty() {
        None
    } else {
        match crate::eval::settle_one(&set, &facts, &source, index, day) {
            Ok(settled) => settled,
            Err(errors) => {
                for e in &errors {
                    print_one(e);
                }
                return EXIT_INVALID;
            }
        }
    };
    let facts = match &settled {
        Some(settled) => &settled.world,
        None => &facts,
    };
    let Some(s) = facts.shipments.get(index) else {
        return EXIT_INVALID;
    };
    let mut evaluator = Evaluator::new(&set, facts, &source);
    evaluator.show_links();
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
    let mut out = match format {
        ExplainFormat::Text | ExplainFormat::Markdown if short => short_form(&explanation),
        ExplainFormat::Json => match &settled {
            Some(settled) => serde_json::to_string_pretty(&WithUnknowns {
                explanation: &explanation,
                undetermined: settled.undetermined.as_ref(),
                assumed: &settled.assumed,
            })
            .unwrap_or_default(),
            None => serde_json::to_string_pretty(&explanation).unwrap_or_default(),
        },
        ExplainFormat::Text => text(&explanation),
        ExplainFormat::Markdown => markdown(&explanation),
    };
    if let (Some(settled), false) = (&settled, format == ExplainFormat::Json) {
        let markdown = format == ExplainFormat::Markdown;
        out = format!(
            "{}\n{out}",
            preface(settled.undetermined.as_ref(), &settled.assumed, markdown)
        );
    }
    super::report::timed("write", || super::out::print_line(&out, EXIT_OK))
}
