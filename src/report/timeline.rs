//! `edict timeline` output.

use crate::analysis::Timeline;
use jiff::civil::Date;

/// The last day of an interval, from its exclusive end.
fn last_day(until: &Option<String>) -> String {
    until
        .as_ref()
        .and_then(|u| u.parse::<Date>().ok())
        .and_then(|d| d.yesterday().ok())
        .map_or("…".to_string(), |d| d.to_string())
}

/// One shipment's timeline with reasons.
pub fn detail(t: &Timeline) -> String {
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
