//! `edict timeline` output.

use super::table::push_padded;
use crate::analysis::Timeline;
use unicode_width::UnicodeWidthStr;

/// One shipment's timeline with reasons: each interval from its first day
/// through its last (both inclusive).
pub fn detail(t: &Timeline) -> String {
    let mut out = vec![format!(
        "Timeline of shipment {} (each interval from its first day through its last day)",
        t.shipment
    )];
    for i in &t.intervals {
        let from = i.from.as_deref().unwrap_or("…");
        let through = i.through.as_deref().unwrap_or("…");
        out.push(format!("{from:>10} through {through:<10}  {}", outcome_words(i)));
        let open = |p: &str| i.undetermined.as_ref().and_then(|u| u.policies.get(p));
        for (p, o) in &i.policies {
            if let Some(r) = open(p) {
                out.push(format!("{:32}{p}: undetermined, {} to {}", "", r.at_least, r.at_most));
            } else if *o != crate::outcome::Outcome::NotControlled {
                out.push(format!("{:32}{p}: {o}", ""));
            }
        }
        for why in &i.because {
            out.push(format!("{:32}because {why}", ""));
        }
        for settling in i.undetermined.iter().flat_map(|u| &u.settled_by) {
            let how = if settling.settles { "settles it" } else { "bears on it" };
            let source = settling.source.as_ref().map(|f| format!(" in {f}")).unwrap_or_default();
            out.push(format!(
                "{:32}{} (`{}`{source}) {how}:",
                "", settling.what, settling.fact
            ));
            for v in &settling.values {
                out.push(format!("{:34}{}", "", v.because));
            }
        }
    }
    out.join("\n")
}

/// One line per shipment: its outcomes over time.
pub fn summary(timelines: &[Timeline]) -> String {
    let width = timelines.iter().map(|t| t.shipment.width()).max().unwrap_or(0);
    let mut out = vec![summary_header(width)];
    out.extend(timelines.iter().map(|t| summary_line(t, width)));
    out.join("\n")
}

/// The summary's header line, for shipment ids up to `width` columns wide.
pub fn summary_header(width: usize) -> String {
    padded("SHIPMENT", "OUTCOMES OVER TIME", width)
}

/// One shipment's line of the summary, its id padded to `width` columns
/// (the widest id's, so that the lines can be written one at a time).
pub fn summary_line(t: &Timeline, width: usize) -> String {
    let steps: Vec<String> = t
        .intervals
        .iter()
        .map(|i| match &i.from {
            Some(f) => format!("from {f} {}", outcome_words(i)),
            None => outcome_words(i),
        })
        .collect();
    padded(&t.shipment, &steps.join("; "), width)
}

/// The interval's outcome, or "undetermined (from A to B)" when unknown
/// facts leave it open (facts version 2).
fn outcome_words(i: &crate::analysis::Interval) -> String {
    match &i.undetermined {
        Some(u) => format!("undetermined ({} to {})", u.range.at_least, u.range.at_most),
        None => i.outcome.to_string(),
    }
}

/// `cell` padded to `width` columns (at least 8), two spaces, and `rest`.
fn padded(cell: &str, rest: &str, width: usize) -> String {
    let mut s = String::new();
    push_padded(&mut s, cell, width.max(8));
    s.push_str("  ");
    s.push_str(rest);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::timeline::Interval;
    use crate::outcome::Outcome;

    fn timeline(id: &str) -> Timeline {
        Timeline {
            shipment: id.to_string(),
            intervals: vec![Interval {
                from: None,
                through: None,
                until: None,
                outcome: Outcome::NotControlled,
                policies: Default::default(),
                because: Vec::new(),
                undetermined: None,
            }],
        }
    }

    #[test]
    fn summary_pads_by_display_width() {
        let out = summary(&[timeline("出口-1"), timeline("S-1")]);
        assert_eq!(
            out,
            "SHIPMENT  OUTCOMES OVER TIME\n出口-1    not-controlled\nS-1       not-controlled"
        );
    }

    #[test]
    fn summary_takes_ids_over_65535_columns() {
        let long = "x".repeat(70_000);
        let out = summary(&[timeline(&long), timeline("S-1")]);
        let last = out.lines().last().unwrap_or_default();
        assert_eq!(last, format!("S-1{}  not-controlled", " ".repeat(70_000 - 3)));
    }
}
