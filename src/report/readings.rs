//! `edict readings` output: text, and Markdown for a memo.

use crate::analysis::readings::{ReadingImpact, ReadingsReport};

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The headline: "your portfolio's outcomes depend on these N readings; these M shipments change".
pub fn headline(r: &ReadingsReport) -> String {
    if r.matter.is_empty() {
        return format!(
            "Your portfolio's outcomes depend on none of the readings: no shipment of {} changes under any executable alternative.",
            plural(r.shipments, "shipment", "shipments")
        );
    }
    format!(
        "Your portfolio's outcomes depend on {}: {}; {} of {} change.",
        plural(r.matter.len(), "reading", "readings"),
        r.matter.join(", "),
        plural(r.changed.len(), "shipment", "shipments"),
        r.shipments
    )
}

fn changes(i: &ReadingImpact) -> usize {
    i.impact.as_ref().map_or(0, |x| x.shipments.len())
}

/// The report as text.
pub fn text(r: &ReadingsReport) -> String {
    let mut out = vec![headline(r)];
    if let Some(d) = &r.as_of {
        out.push(format!("(every shipment decided as of {d})"));
    }
    for i in r.readings.iter().filter(|i| changes(i) > 0) {
        let Some(impact) = &i.impact else { continue };
        out.push(String::new());
        out.push(format!("{}  ({})", i.tag, i.places.join(", ")));
        out.push(format!("  chosen:      {}", i.chosen));
        out.push(format!("  alternative: {}", i.alternative.as_deref().unwrap_or("")));
        out.push(format!(
            "  {} under the alternative: {} stricter, {} looser, {} within policies",
            plural(impact.shipments.len(), "shipment changes", "shipments change"),
            impact.summary.stricter,
            impact.summary.looser,
            impact.summary.within_policies
        ));
        for s in &impact.shipments {
            out.push(format!(
                "    {} ({}): {} → {} ({})",
                s.shipment, s.date, s.from, s.to, s.direction
            ));
        }
    }
    let quiet: Vec<&str> = r
        .readings
        .iter()
        .filter(|i| i.executable && changes(i) == 0)
        .map(|i| i.tag.as_str())
        .collect();
    let prose: Vec<&str> = r
        .readings
        .iter()
        .filter(|i| !i.executable)
        .map(|i| i.tag.as_str())
        .collect();
    if !quiet.is_empty() {
        out.push(String::new());
        out.push(format!(
            "No shipment changes under the alternative of: {}",
            quiet.join(", ")
        ));
    }
    if !prose.is_empty() {
        out.push(String::new());
        out.push(format!(
            "Not evaluated (the alternative is prose only): {}",
            prose.join(", ")
        ));
    }
    out.push(String::new());
    if r.interactions.is_empty() {
        out.push("No two alternatives interact: each pair does what the two do alone.".into());
    } else {
        out.push("Alternatives that interact (together, not what each does alone):".into());
        for x in &r.interactions {
            let [a, b] = &x.readings;
            out.push(format!(
                "  {a} + {b}: {}",
                plural(x.shipments.len(), "shipment", "shipments")
            ));
            for s in &x.shipments {
                out.push(format!(
                    "    {}: chosen {}, {a} alone {}, {b} alone {}, both {}",
                    s.shipment, s.chosen, s.first, s.second, s.both
                ));
            }
        }
    }
    out.join("\n")
}

/// Escapes text for a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The report as a Markdown memo.
pub fn markdown(r: &ReadingsReport) -> String {
    let mut out = vec![
        "# Readings that decide this portfolio".to_string(),
        String::new(),
        headline(r),
    ];
    if let Some(d) = &r.as_of {
        out.push(String::new());
        out.push(format!("Every shipment is decided as of {d}."));
    }
    out.push(String::new());
    out.push("| Reading | Where | Shipments that change | Stricter | Looser |".into());
    out.push("| --- | --- | ---: | ---: | ---: |".into());
    for i in &r.readings {
        let (n, s, l) = match &i.impact {
            Some(x) => (
                x.shipments.len().to_string(),
                x.summary.stricter.to_string(),
                x.summary.looser.to_string(),
            ),
            None => ("not evaluated".into(), String::new(), String::new()),
        };
        out.push(format!(
            "| `{}` | {} | {n} | {s} | {l} |",
            i.tag,
            cell(&i.places.join(", "))
        ));
    }
    for i in r.readings.iter().filter(|i| changes(i) > 0) {
        let Some(impact) = &i.impact else { continue };
        out.push(String::new());
        out.push(format!("## `{}`", i.tag));
        out.push(String::new());
        out.push("| Chosen | Alternative |".into());
        out.push("| --- | --- |".into());
        out.push(format!(
            "| {} | {} |",
            cell(&i.chosen),
            cell(i.alternative.as_deref().unwrap_or(""))
        ));
        out.push(String::new());
        out.push("| Shipment | Date | Chosen | Alternative | Direction |".into());
        out.push("| --- | --- | --- | --- | --- |".into());
        for s in &impact.shipments {
            out.push(format!(
                "| {} | {} | {} | {} | {} |",
                cell(&s.shipment),
                s.date,
                s.from,
                s.to,
                s.direction
            ));
        }
    }
    out.push(String::new());
    out.push("## Alternatives that interact".into());
    out.push(String::new());
    if r.interactions.is_empty() {
        out.push("None: each pair of alternatives does what the two do alone.".into());
    } else {
        out.push("| Readings | Shipment | Chosen | First alone | Second alone | Both |".into());
        out.push("| --- | --- | --- | --- | --- | --- |".into());
        for x in &r.interactions {
            for s in &x.shipments {
                out.push(format!(
                    "| `{}` + `{}` | {} | {} | {} | {} | {} |",
                    x.readings[0],
                    x.readings[1],
                    cell(&s.shipment),
                    s.chosen,
                    s.first,
                    s.second,
                    s.both
                ));
            }
        }
    }
    out.join("\n")
}
