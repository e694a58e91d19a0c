//! `edict timeline` output.

use crate::analysis::Timeline;

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
        out.push(format!("{from:>10} through {through:<10}  {}", i.outcome));
        for (p, o) in &i.policies {
            if *o != crate::outcome::Outcome::NotControlled {
                out.push(format!("{:32}{p}: {o}", ""));
            }
        }
        for why in &i.because {
            out.push(format!("{:32}because {why}", ""));
        }
    }
    out.join("\n")
}

/// One line per shipment: its outcomes over time.
pub fn summary(timelines: &[Timeline]) -> String {
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
