//! `edict explain` output: text and Markdown, in full or short.
//!
//! A condition keeps its structure as the law states it: the parts of an
//! `and` or `or` are lettered (a), (b)…, (i), (ii)… at each level as
//! `render` letters them, each with a box ticked when it holds, and a
//! `not (…)` is ticked when what it negates does not hold.

use crate::decision::Finding;
use crate::eval::{ConditionExplanation, ContentRow, Explanation, TestExplanation};
use crate::outcome::Outcome;
use crate::render::sentence::label;

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
            if !r.readings.is_empty() {
                out.push(format!("    rests on {}", readings_words(&r.readings)));
            }
            if let Some(c) = &r.condition {
                text_condition(c, 4, "", 0, &mut out);
            }
        }
        for f in &p.findings {
            text_finding(f, &mut out);
        }
    }
    out.join("\n")
}

/// A finding with every reason, one a line.
fn text_finding(f: &Finding, out: &mut Vec<String>) {
    out.push(format!("  finding: {} → {} ({})", f.rule, f.outcome, f.cite));
    for why in &f.because {
        out.push(format!("    because {why}"));
    }
}

fn tick(holds: bool) -> &'static str {
    if holds {
        "[x]"
    } else {
        "[ ]"
    }
}

/// A part of a condition at `indent` spaces, led by `lead` (its label),
/// its parts lettered at `depth`.
fn text_condition(c: &ConditionExplanation, indent: usize, lead: &str, depth: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    let (holds, parts, words) = match c {
        ConditionExplanation::All { holds, parts } => (*holds, parts, "all of:"),
        ConditionExplanation::Any { holds, parts } => (*holds, parts, "any of:"),
        ConditionExplanation::Not { holds, part } => {
            out.push(format!("{pad}{lead}{} not:", tick(*holds)));
            text_condition(part, indent + 4, "", depth, out);
            return;
        }
        ConditionExplanation::Test(t) => {
            text_test(t, &pad, lead, out);
            return;
        }
    };
    out.push(format!("{pad}{lead}{} {words}", tick(holds)));
    for (i, part) in parts.iter().enumerate() {
        let lead = format!("({}) ", label(depth, i));
        text_condition(part, indent + 4, &lead, depth + 1, out);
    }
}

fn text_test(t: &TestExplanation, pad: &str, lead: &str, out: &mut Vec<String>) {
    out.push(format!("{pad}{lead}{} {}", tick(t.holds), t.test));
    let pad = format!("{pad}{}    ", " ".repeat(lead.chars().count()));
    if !t.fact.is_empty() {
        out.push(format!("{pad}{}", t.fact));
    }
    if let Some(c) = &t.content {
        out.push(format!(
            "{pad}(each line's quantity and value per unit of its assembly; \"in all\": per unit shipped)"
        ));
        for r in &c.rows {
            out.push(format!(
                "{pad}{:>4}. {:<40} {:>3} {:<8} {:>10}  {}",
                r.row,
                line_of(r),
                r.origin,
                quantity_of(r),
                r.value,
                r.why
            ));
        }
        out.push(format!(
            "{pad}total {} of {} = {} (threshold: {})",
            c.content, c.value, c.share, c.threshold
        ));
    }
    if let Some(m) = &t.margin {
        out.push(format!("{pad}what would change it: {m}"));
    }
    if !t.readings.is_empty() {
        out.push(format!("{pad}rests on {}", readings_words(&t.readings)));
    }
}

/// `reading A-ROLLUP`, `readings A-ROLLUP and U14`.
fn readings_words(tags: &[String]) -> String {
    match tags {
        [one] => format!("reading {one}"),
        [init @ .., last] => format!("readings {} and {last}", init.join(", ")),
        [] => String::new(),
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
            if !r.readings.is_empty() {
                out.push(String::new());
                out.push(format!("*Rests on {}.*", readings_code(&r.readings)));
            }
            if let Some(c) = &r.condition {
                out.push(String::new());
                markdown_condition(c, 0, "", 0, &mut out);
            }
        }
        if !p.findings.is_empty() {
            out.push(String::new());
            out.push("Findings:".into());
            for f in &p.findings {
                out.push(format!("- `{}` → **{}** ({}), because:", f.rule, f.outcome, f.cite));
                for why in &f.because {
                    out.push(format!("  - {why}"));
                }
            }
        }
    }
    out.join("\n")
}

/// A part of a condition as a task-list item indented `indent` spaces,
/// led by `lead` (its label), its parts lettered at `depth`.
fn markdown_condition(c: &ConditionExplanation, indent: usize, lead: &str, depth: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    let (holds, parts, words) = match c {
        ConditionExplanation::All { holds, parts } => (*holds, parts, "all of:"),
        ConditionExplanation::Any { holds, parts } => (*holds, parts, "any of:"),
        ConditionExplanation::Not { holds, part } => {
            out.push(format!("{pad}- {} {lead}**not**:", tick(*holds)));
            markdown_condition(part, indent + 2, "", depth, out);
            return;
        }
        ConditionExplanation::Test(t) => {
            markdown_test(t, &pad, lead, out);
            return;
        }
    };
    out.push(format!("{pad}- {} {lead}**{words}**", tick(holds)));
    for (i, part) in parts.iter().enumerate() {
        let lead = format!("({}) ", label(depth, i));
        markdown_condition(part, indent + 2, &lead, depth + 1, out);
    }
}

fn markdown_test(t: &TestExplanation, pad: &str, lead: &str, out: &mut Vec<String>) {
    out.push(format!("{pad}- {} {lead}{} — {}", tick(t.holds), t.test, t.fact));
    if let Some(c) = &t.content {
        out.push(String::new());
        out.push(format!(
            "{pad}  | # | line | origin | quantity | value | counted | why |"
        ));
        out.push(format!("{pad}  |---|---|---|---|---|---|---|"));
        for row in &c.rows {
            out.push(format!(
                "{pad}  | {} | {} | {} | {} | {} | {} | {} |",
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
            "{pad}  | | **total** | | | **{}** of {} | {} | threshold {} |",
            c.content, c.value, c.share, c.threshold
        ));
        out.push(String::new());
    }
    if let Some(m) = &t.margin {
        out.push(format!("{pad}  - What would change it: {m}"));
    }
    if !t.readings.is_empty() {
        out.push(format!("{pad}  - *Rests on {}.*", readings_code(&t.readings)));
    }
}

/// ``reading `A-ROLLUP` ``, as Markdown.
fn readings_code(tags: &[String]) -> String {
    let code: Vec<String> = tags.iter().map(|t| format!("`{t}`")).collect();
    readings_words(&code)
}

/// The short form, for one screen: the outcome, then only the policies
/// that control the shipment, each finding with its reasons; the others
/// are counted.
pub fn short(e: &Explanation) -> String {
    let mut out = vec![format!("Shipment {} on {}: {}", e.shipment, e.date, e.outcome)];
    let mut quiet = 0;
    for p in &e.policies {
        if p.outcome == Outcome::NotControlled {
            quiet += 1;
            continue;
        }
        out.push(format!("{} — {}: {}", p.policy, p.title, p.outcome));
        for f in &p.findings {
            text_finding(f, &mut out);
        }
    }
    if quiet > 0 {
        let policies = if quiet == 1 { "policy" } else { "policies" };
        out.push(format!(
            "{quiet} other {policies}: not-controlled (every rule and test: without --short)"
        ));
    }
    out.join("\n")
}

/// Keeps only the rules that applied (`--only applied`), and the
/// policies that have one or decide something other than not-controlled.
pub fn only_applied(e: &mut Explanation) {
    for p in &mut e.policies {
        p.rules.retain(|r| r.applied == Some(true));
    }
    e.policies
        .retain(|p| !p.rules.is_empty() || p.outcome != Outcome::NotControlled);
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
