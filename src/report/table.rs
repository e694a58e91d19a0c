//! The text table of `edict eval`.

use crate::decision::{Decision, Decisions, Undetermined};
use crate::outcome::Outcome;
use std::collections::BTreeMap;
use unicode_width::UnicodeWidthStr;

/// Appends `cell` padded with spaces to `width` terminal columns. Padding
/// by hand rather than with `{:width$}`: the formatter counts characters,
/// not columns (a CJK id is two columns a character), and panics on
/// widths over 65 535.
pub(crate) fn push_padded(out: &mut String, cell: &str, width: usize) {
    out.push_str(cell);
    let pad = width.saturating_sub(cell.width());
    out.extend(std::iter::repeat_n(' ', pad));
}

/// The lines of a table: `header`, then `rows`, each column padded to its
/// widest cell in terminal columns, two spaces between columns; the last
/// column is left as it is (it is free text), and trailing spaces are cut.
pub(crate) fn columns<const N: usize>(header: [&str; N], rows: &[[String; N]]) -> Vec<String> {
    let mut widths = header.map(str::width);
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: [&str; N]| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == N {
                s.push_str(cell);
            } else {
                push_padded(&mut s, cell, w);
                s.push_str("  ");
            }
        }
        s.trim_end().to_string()
    };
    let mut out = Vec::with_capacity(rows.len() + 1);
    out.push(line(header));
    out.extend(rows.iter().map(|r| line(std::array::from_fn(|i| r[i].as_str()))));
    out
}

/// One line per shipment: id, date, outcome and the rules that decided it,
/// then a count by outcome.
pub fn render(decisions: &Decisions) -> String {
    table(decisions, true)
}

/// [`render`] without the count by outcome (`--quiet`).
pub fn render_rows(decisions: &Decisions) -> String {
    table(decisions, false)
}

fn table(decisions: &Decisions, summary: bool) -> String {
    let header = ["SHIPMENT", "DATE", "OUTCOME", "DECIDED BY"];
    let mut open = decisions.undetermined.iter().peekable();
    let rows: Vec<[String; 4]> = decisions
        .decisions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            if let Some(u) = open.next_if(|u| u.decision == i) {
                return undetermined_row(d, u);
            }
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
    let mut out = columns(header, &rows);
    if !summary {
        return out.join("\n");
    }
    let mut counts: BTreeMap<Outcome, usize> = BTreeMap::new();
    let mut open = decisions.undetermined.iter().peekable();
    for (i, d) in decisions.decisions.iter().enumerate() {
        if open.next_if(|u| u.decision == i).is_none() {
            *counts.entry(d.outcome).or_default() += 1;
        }
    }
    let mut summary: Vec<String> = counts.iter().rev().map(|(o, n)| format!("{n} {o}")).collect();
    if !decisions.undetermined.is_empty() {
        summary.insert(0, format!("{} undetermined", decisions.undetermined.len()));
    }
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

/// The row of a decision that depends on unknown facts: its range, and
/// the facts that would settle it alone (else every fact it depends on).
fn undetermined_row(d: &Decision, u: &Undetermined) -> [String; 4] {
    let settling: Vec<&str> = u
        .settled_by
        .iter()
        .filter(|s| s.settles)
        .map(|s| s.fact.as_str())
        .collect();
    let needs = if settling.is_empty() {
        let all: Vec<&str> = u.settled_by.iter().map(|s| s.fact.as_str()).collect();
        format!("needs all of {}", all.join(", "))
    } else {
        format!("settled by {}", settling.join(" or "))
    };
    [
        d.shipment.clone(),
        d.date.to_string(),
        "undetermined".to_string(),
        format!("{} to {}; {needs}", u.range.at_least, u.range.at_most),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::Decision;
    use std::sync::Arc;

    fn decisions(ids: &[&str]) -> Decisions {
        Decisions {
            version: 1,
            as_of: None,
            decisions: ids
                .iter()
                .map(|id| Decision {
                    shipment: id.to_string(),
                    date: Arc::from("2026-01-01"),
                    outcome: Outcome::NotControlled,
                    policies: Vec::new(),
                })
                .collect(),
            undetermined: Vec::new(),
        }
    }

    #[test]
    fn columns_line_up_by_display_width() {
        let table = render(&decisions(&["出口-1", "S-1"]));
        let lines: Vec<&str> = table.lines().collect();
        // "出口-1" is four characters but six columns wide, as wide as the
        // padded "S-1     " less two.
        assert_eq!(lines[0], "SHIPMENT  DATE        OUTCOME         DECIDED BY");
        assert_eq!(lines[1], "出口-1    2026-01-01  not-controlled  -");
        assert_eq!(lines[2], "S-1       2026-01-01  not-controlled  -");
    }

    #[test]
    fn an_id_over_65535_columns_does_not_panic() {
        let long = "x".repeat(70_000);
        let table = render(&decisions(&[&long, "S-1"]));
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[0].len(), 70_000 + 2 + 10 + 2 + 14 + 2 + "DECIDED BY".len());
        assert!(lines[2].starts_with(&format!("S-1{}2026-01-01", " ".repeat(70_000 - 3 + 2))));
    }
}
