//! The text table of `edict eval`.

use crate::decision::Decisions;
use crate::outcome::Outcome;
use std::collections::BTreeMap;

/// One line per shipment: id, date, outcome and the rules that decided it,
/// then a count by outcome.
pub fn render(decisions: &Decisions) -> String {
    let header = ["SHIPMENT", "DATE", "OUTCOME", "DECIDED BY"];
    let rows: Vec<[String; 4]> = decisions
        .decisions
        .iter()
        .map(|d| {
            let deciding: Vec<String> = d
                .policies
                .iter()
                .flat_map(|p| {
                    p.findings
                        .iter()
                        .filter(|f| f.outcome == d.outcome && d.outcome != Outcome::NotControlled)
                        .map(move |f| format!("{}.{}", p.policy, f.rule))
                })
                .collect();
            let by = if deciding.is_empty() {
                "-".to_string()
            } else {
                deciding.join(", ")
            };
            [d.shipment.clone(), d.date.to_string(), d.outcome.to_string(), by]
        })
        .collect();
    let mut widths = header.map(str::len);
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 4]| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i == 3 {
                s.push_str(cell);
            } else {
                s.push_str(&format!("{cell:<w$}  "));
            }
        }
        s.trim_end().to_string()
    };
    let mut out = vec![line(header)];
    for r in &rows {
        out.push(line([&r[0], &r[1], &r[2], &r[3]]));
    }
    let mut counts: BTreeMap<Outcome, usize> = BTreeMap::new();
    for d in &decisions.decisions {
        *counts.entry(d.outcome).or_default() += 1;
    }
    let summary: Vec<String> = counts.iter().rev().map(|(o, n)| format!("{n} {o}")).collect();
    let as_of = decisions
        .as_of
        .as_ref()
        .map(|d| format!(" as of {d}"))
        .unwrap_or_default();
    out.push(String::new());
    out.push(format!(
        "{} shipment{}{as_of}: {}",
        decisions.decisions.len(),
        if decisions.decisions.len() == 1 { "" } else { "s" },
        summary.join(", ")
    ));
    out.join("\n")
}
