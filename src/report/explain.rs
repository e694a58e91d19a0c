//! `edict explain` output: text and Markdown.

use crate::eval::{ContentRow, Explanation, TestExplanation};

/// The explanation as indented plain text.
pub fn text(e: &Explanation) -> String {
    let mut out = vec![format!("Shipment {} on {}: {}", e.shipment, e.date, e.outcome)];
    for p in &e.policies {
        out.push(String::new());
        out.push(format!("{} — {}: {}", p.policy, p.title, p.outcome));
        out.push(format!("  {}", p.status));
        for r in &p.rules {
            let applied = match r.applied {
                Some(true) => format!("applied → {}", r.outcome.map_or("-".into(), |o| o.to_string())),
                Some(false) => "did not apply".into(),
                None => "not considered".into(),
            };
            out.push(format!("  rule {} ({}): {applied}", r.rule, r.cite));
            out.push(format!("    {}", r.status));
            for t in &r.tests {
                text_test(t, &mut out);
            }
        }
        for d in &p.decided_by {
            out.push(format!("  finding: {d}"));
        }
    }
    out.join("\n")
}

fn text_test(t: &TestExplanation, out: &mut Vec<String>) {
    out.push(format!("    [{}] {}", if t.holds { "x" } else { " " }, t.test));
    if !t.fact.is_empty() {
        out.push(format!("        {}", t.fact));
    }
    if let Some(c) = &t.content {
        out.push(
            "        (each line's quantity and value per unit of its assembly; \"in all\": per unit shipped)".into(),
        );
        for r in &c.rows {
            out.push(format!(
                "        {:>4}. {:<40} {:>3} {:<8} {:>10}  {}",
                r.row,
                line_of(r),
                r.origin,
                quantity_of(r),
                r.value,
                r.why
            ));
        }
        out.push(format!(
            "        total {} of {} = {} (threshold: {})",
            c.content, c.value, c.share, c.threshold
        ));
    }
    if let Some(m) = &t.margin {
        out.push(format!("        what would change it: {m}"));
    }
}

/// The explanation as a Markdown document.
pub fn markdown(e: &Explanation) -> String {
    let mut out = vec![format!("# Shipment {} on {}: {}", e.shipment, e.date, e.outcome)];
    for p in &e.policies {
        out.push(String::new());
        out.push(format!("## {} — {}", p.policy, p.title));
        out.push(String::new());
        out.push(format!("Outcome: **{}**. {}.", p.outcome, capitalise(&p.status)));
        for r in &p.rules {
            out.push(String::new());
            let applied = match r.applied {
                Some(true) => format!("applied → **{}**", r.outcome.map_or("-".into(), |o| o.to_string())),
                Some(false) => "did not apply".into(),
                None => "not considered".into(),
            };
            out.push(format!("### Rule `{}` ({}): {applied}", r.rule, r.cite));
            out.push(String::new());
            out.push(format!("{}. {}.", capitalise(&r.effect), capitalise(&r.status)));
            if !r.tests.is_empty() {
                out.push(String::new());
            }
            for t in &r.tests {
                out.push(format!(
                    "- [{}] {} — {}",
                    if t.holds { "x" } else { " " },
                    t.test,
                    t.fact
                ));
                if let Some(c) = &t.content {
                    out.push(String::new());
                    out.push("  | # | line | origin | quantity | value | counted | why |".into());
                    out.push("  |---|---|---|---|---|---|---|".into());
                    for row in &c.rows {
                        out.push(format!(
                            "  | {} | {} | {} | {} | {} | {} | {} |",
                            row.row,
                            line_of(row),
                            row.origin,
                            quantity_of(row),
                            row.value,
                            if row.counted { "yes" } else { "no" },
                            row.why
                        ));
                    }
                    out.push(format!(
                        "  | | **total** | | | **{}** of {} | {} | threshold {} |",
                        c.content, c.value, c.share, c.threshold
                    ));
                    out.push(String::new());
                }
                if let Some(m) = &t.margin {
                    out.push(format!("  - What would change it: {m}"));
                }
            }
        }
        if !p.decided_by.is_empty() {
            out.push(String::new());
            out.push("Findings:".into());
            for d in &p.decided_by {
                out.push(format!("- {d}"));
            }
        }
    }
    out.join("\n")
}

/// A line of the content table: `rotor (row 2) > magnet`, the assembly
/// with the row that names it (none for the shipped item).
fn line_of(r: &ContentRow) -> String {
    match r.under {
        Some(row) => format!("{} (row {row}) > {}", r.assembly, r.component),
        None => format!("{} > {}", r.assembly, r.component),
    }
}

/// A line's quantity per unit of its assembly, and per shipped unit when that differs.
fn quantity_of(r: &ContentRow) -> String {
    if r.in_all == r.quantity {
        format!("×{}", r.quantity)
    } else {
        format!("×{} (×{} in all)", r.quantity, r.in_all)
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
