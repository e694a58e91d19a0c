//! `edict timeline`

use super::io::{load_policies_and_facts, print_one, usage};
use super::{TimelineFormat, EXIT_INVALID, EXIT_OK};
use crate::analysis::timeline::{law_calendar, timeline, Timeline};
use crate::eval::Evaluator;
use crate::report::timeline::{detail, summary};
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// Prints the timeline of one shipment, or the change dates of all.
pub fn run(
    paths: &[PathBuf],
    with: &[PathBuf],
    facts_path: &Path,
    shipment: Option<&str>,
    (from, to): (Option<Date>, Option<Date>),
    format: TimelineFormat,
) -> u8 {
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return usage(&format!("--to {t} is before --from {f}"));
        }
    }
    let (set, facts, source) = match load_policies_and_facts(paths, with, facts_path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let indices: Vec<usize> = match shipment {
        Some(id) => match facts.shipments.iter().position(|s| s.id == id) {
            Some(i) => vec![i],
            None => {
                let ids = facts.shipments.iter().map(|s| s.id.as_str());
                let hint = crate::check::suggest(id, ids)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return usage(&format!(
                    "no shipment `{id}` in {}{hint}",
                    super::io::facts_name(facts_path)
                ));
            }
        },
        None => (0..facts.shipments.len()).collect(),
    };
    let law = law_calendar(&set);
    let mut evaluator = Evaluator::new(&set, &facts, &source);
    let timelines: Vec<Timeline> = indices
        .iter()
        .filter_map(|i| timeline(&mut evaluator, &law, *i, from, to))
        .collect();
    if let Err(errors) = evaluator.finish() {
        for e in &errors {
            print_one(e);
        }
        return EXIT_INVALID;
    }
    let out = match (format, shipment) {
        (TimelineFormat::Json, _) => match serde_json::to_string_pretty(&timelines) {
            Ok(j) => j,
            Err(e) => return usage(&format!("cannot write JSON: {e}")),
        },
        (TimelineFormat::Text, Some(_)) => timelines.iter().map(detail).collect::<Vec<_>>().join("\n"),
        (TimelineFormat::Text, None) => summary(&timelines),
    };
    super::out::print_line(&out, EXIT_OK)
}
