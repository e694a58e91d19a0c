//! `edict diff` output.

use crate::analysis::witness::Witness;
use crate::analysis::{Impact, PolicyDiff};

/// The diff, impact and witnesses as text.
pub fn text(changes: &PolicyDiff, impact: Option<&Impact>, witnesses: Option<&[Witness]>, written: bool) -> String {
    let mut out = Vec::new();
    if changes.is_empty() {
        out.push("no semantic difference".to_string());
    }
    for c in &changes.changes {
        out.push(format!("{} {} {}", c.change, c.kind, c.id));
        for d in &c.details {
            out.push(format!("  - {d}"));
        }
    }
    if let Some(i) = impact {
        out.push(String::new());
        out.push(match i.summary.shipments {
            0 => "impact: the facts have no shipments".to_string(),
            n => format!(
                "impact on {n} {}: {} stricter, {} looser, {} changed within policies",
                if n == 1 { "shipment" } else { "shipments" },
                i.summary.stricter,
                i.summary.looser,
                i.summary.within_policies
            ),
        });
        for s in &i.shipments {
            out.push(format!(
                "{} ({}): {} → {} ({})",
                s.shipment, s.date, s.from, s.to, s.direction
            ));
            for p in &s.policies {
                out.push(format!(
                    "  {}: {} [{}] → {} [{}]",
                    p.policy,
                    p.from,
                    p.rules_before.join(", "),
                    p.to,
                    p.rules_after.join(", ")
                ));
            }
        }
    }
    if let Some(ws) = witnesses {
        out.push(String::new());
        for w in ws {
            match &w.facts {
                Some(f) => {
                    out.push(format!(
                        "witness for {}: {} under OLD, {} under NEW ({})",
                        w.rule, w.old, w.new, w.note
                    ));
                    if !written {
                        out.push(serde_json::to_string_pretty(f).unwrap_or_default());
                    }
                }
                None => out.push(format!("no witness for {}: {}", w.rule, w.note)),
            }
        }
    }
    out.join("\n")
}
