//! What `explain` says first about a shipment that unknown facts reach
//! (facts version 2): its range of outcomes, where each value of each
//! unknown fact leads, and which values the step-by-step part takes.

use crate::decision::Undetermined;

/// The lines before the step-by-step justification, as plain text (or, with
/// `markdown`, as Markdown paragraphs and lists).
pub fn preface(undetermined: Option<&Undetermined>, assumed: &str, markdown: bool) -> String {
    let mut out = Vec::new();
    let item = if markdown { "- " } else { "  " };
    match undetermined {
        None => out.push(format!(
            "Decided whatever the unknown facts that reach this shipment are. The steps below take {assumed}."
        )),
        Some(u) => {
            let head = format!(
                "UNDETERMINED: from {} to {}, depending on facts that are not known.",
                u.range.at_least, u.range.at_most
            );
            out.push(if markdown { format!("**{head}**") } else { head });
            for s in &u.settled_by {
                out.push(String::new());
                let how = if s.settles {
                    "settles it alone"
                } else {
                    "bears on it, with other unknown facts"
                };
                let source = s.source.as_ref().map(|f| format!(" in {f}")).unwrap_or_default();
                out.push(format!("{} (`{}`{source}) {how}:", capitalise(&s.what), s.fact));
                if markdown {
                    out.push(String::new());
                }
                for v in &s.values {
                    out.push(format!("{item}{}", v.because));
                }
            }
            out.push(String::new());
            out.push(format!(
                "The steps below take {assumed}: values that lead to the most restrictive outcome, {}.",
                u.range.at_most
            ));
        }
    }
    out.push(String::new());
    out.join("\n")
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
