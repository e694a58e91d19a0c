//! `edict timeline`

use super::io::{load_facts, load_policies, print_one, usage};
use super::{Format, EXIT_INVALID, EXIT_OK};
use crate::analysis::timeline::{policy_change_points, timeline, Timeline};
use crate::eval::Evaluator;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// Prints the timeline of one shipment, or the change dates of all.
pub fn run(
    paths: &[PathBuf],
    with: &[PathBuf],
    facts_path: &Path,
    shipment: Option<&str>,
    (from, to): (Option<Date>, Option<Date>),
    format: Format,
) -> u8 {
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return usage(&format!("--to {t} is before --from {f}"));
        }
    }
    let set = match load_policies(paths, with) {
        Ok(set) => set,
        Err(code) => return code,
    };
    let (facts, source) = match load_facts(facts_path) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let indices: Vec<usize> = match shipment {
        Some(id) => match facts.shipments.iter().position(|s| s.id == id) {
            Some(i) => vec![i],
            None => {
                let ids = facts.shipments.iter().map(|s| s.id.as_str());
                let hint = crate::check::suggest(id, ids).map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
                return usage(&format!("no shipment `{id}` in {}{hint}", facts_path.display()));
            }
        },
        None => (0..facts.shipments.len()).collect(),
    };
    let law = policy_change_points(&set);
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
        (Format::Json, _) => match serde_json::to_string_pretty(&timelines) {
            Ok(j) => j,
            Err(e) => return usage(&format!("cannot write JSON: {e}")),
        },
        (Format::Text, Some(_)) => timelines.iter().map(detail).collect::<Vec<_>>().join("\n"),
        (Format::Text, None) => summary(&timelines),
    };
    println!("{out}");
    EXIT_OK
}

/// The last day of an interval, from its exclusive end.
fn last_day(until: &Option<String>) -> String {
    until
        .as_ref()
        .and_then(|u| u.parse::<Date>().ok())
        .and_then(|d| d.yesterday().ok())
        .map_or("…".to_string(), |d| d.to_string())
}

fn detail(t: &Timeline) -> String {
    let mut out = vec![format!("Timeline of shipment {}", t.shipment)];
    for i in &t.intervals {
        let from = i.from.clone().unwrap_or_else(|| "…".into());
        out.push(format!("{from:>10} → {:<10}  {}", last_day(&i.until), i.outcome));
        for (p, o) in &i.policies {
            if *o != crate::outcome::Outcome::NotControlled {
                out.push(format!("{:26}{p}: {o}", ""));
            }
        }
        for why in &i.because {
            out.push(format!("{:26}because {why}", ""));
        }
    }
    out.join("\n")
}

fn summary(timelines: &[Timeline]) -> String {
    let width = timelines.iter().map(|t| t.shipment.len()).max().unwrap_or(8).max(8);
    let mut out = vec![format!("{:width$}  OUTCOMES OVER TIME", "SHIPMENT")];
    for t in timelines {
        let steps: Vec<String> = t
            .intervals
            .iter()
            .map(|i| match &i.from {
                Some(f) => format!("from {f} {}", i.outcome),
                None => i.outcome.to_string(),
            })
            .collect();
        out.push(format!("{:width$}  {}", t.shipment, steps.join("; ")));
    }
    out.join("\n")
}
