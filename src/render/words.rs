//! Small pieces of wording shared by the parts of a policy's document:
//! windows, suspensions, who amended what, and literate text.

use super::anchors;
use super::doc::{code, text, AsideKind, Block, Inline, Target};
use crate::describe;
use crate::policy::{Literate, PolicySet, Suspension, Window};

/// The first letter in upper case.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `from 9 October 2025 through 6 November 2025 and from 11 November 2026`;
/// `never` when there are none.
pub fn windows(ws: &[Window]) -> String {
    if ws.is_empty() {
        return "never (suspended for the whole of its window)".into();
    }
    describe::join(&ws.iter().map(describe::window).collect::<Vec<_>>(), "and")
}

/// Where an amendment or replacing rule (`cn-mofcom-2025-70.suspension`) is
/// described: its amendment entry, or its rule entry.
pub fn by_target(set: &PolicySet, by: &str) -> Target {
    let (policy, local) = by.split_once('.').unwrap_or((by, ""));
    let is_amendment = set
        .policy(policy)
        .is_some_and(|p| p.amendments.iter().any(|a| a.id == local));
    Target {
        doc: policy.to_string(),
        anchor: if is_amendment {
            anchors::amendment(policy, local)
        } else {
            anchors::rule(policy, local)
        },
    }
}

/// `cn-mofcom-2025-70 (MOFCOM/GAC Announcement No. 70 of 2025, full text)`,
/// linked to the amendment.
pub fn by(set: &PolicySet, by: &str, cite: &str) -> Vec<Inline> {
    let policy = by.split_once('.').map_or(by, |(p, _)| p);
    vec![
        Inline::Link(by_target(set, by), vec![text(policy)]),
        text(format!(" ({cite})")),
    ]
}

/// `from 7 November 2025 through 10 November 2026 by cn-mofcom-2025-70 (…)`
pub fn suspension(set: &PolicySet, s: &Suspension) -> Vec<Inline> {
    let mut out = vec![text(format!("{} by ", describe::window(&s.window)))];
    out.extend(by(set, &s.by, &s.cite));
    out
}

/// Quotes, notes and readings, in their order.
pub fn literate(items: &[Literate]) -> Vec<Block> {
    items
        .iter()
        .map(|l| match l {
            Literate::Quote(q) => Block::Aside {
                kind: AsideKind::Quote,
                label: vec![text("Legal text")],
                body: vec![text(q)],
                alternative: None,
                substitutions: Vec::new(),
            },
            Literate::Note(n) => Block::Aside {
                kind: AsideKind::Note,
                label: vec![text("Note")],
                body: vec![text(n)],
                alternative: None,
                substitutions: Vec::new(),
            },
            Literate::Reading {
                tag,
                text: t,
                alternative,
                substitutions,
            } => Block::Aside {
                kind: AsideKind::Reading,
                label: vec![text("Reading "), code(tag)],
                body: vec![text(t)],
                alternative: alternative.clone(),
                substitutions: substitutions
                    .iter()
                    .map(|s| (s.chosen.clone(), s.alternative.clone()))
                    .collect(),
            },
        })
        .collect()
}
