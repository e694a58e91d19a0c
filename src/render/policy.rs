//! One policy's document: its header (who issued it, when, where it is
//! published, when it is in force and what suspended or amended it), then
//! its rules, amendments and definitions.

use super::doc::{code, text, Block, Inline, PolicyDoc, Target};
use super::rules;
use super::windows::policy_in_force;
use super::words::{by, literate, suspension, windows};
use super::{amendments, anchors, definitions};
use crate::describe;
use crate::policy::{Policy, PolicySet, Window};

/// The labelled facts of the header.
fn header(set: &PolicySet, p: &Policy) -> Vec<(String, Vec<Inline>)> {
    let mut fields: Vec<(String, Vec<Inline>)> = vec![
        ("Title".into(), vec![text(&p.title)]),
        ("Policy id".into(), vec![code(&p.id)]),
        ("Authority".into(), vec![text(&p.authority)]),
    ];
    if let Some(c) = p.jurisdiction {
        fields.push(("Jurisdiction".into(), vec![text(describe::place(set, c.as_str()))]));
    }
    if let Some(d) = p.issued {
        fields.push(("Issued".into(), vec![text(describe::date(d))]));
    }
    if let Some(c) = &p.citation {
        fields.push(("Cited as".into(), vec![text(c)]));
    }
    if let Some(s) = &p.source {
        fields.push(("Source".into(), vec![Inline::Url(s.clone())]));
    }
    let stated = if p.window == Window::default() {
        "no window stated (at all times)".to_string()
    } else {
        describe::window(&p.window)
    };
    fields.push(("In force as enacted".into(), vec![text(stated)]));
    for s in &p.suspensions {
        fields.push(("Suspended".into(), suspension(set, s)));
    }
    for r in &p.rules {
        let rule_link = |what: String| {
            Inline::Link(
                Target {
                    doc: p.id.clone(),
                    anchor: anchors::rule(&p.id, &r.id),
                },
                vec![text(what)],
            )
        };
        for s in &r.suspensions {
            let mut value = vec![rule_link(rule_label(r)), text(" ")];
            value.extend(suspension(set, s));
            fields.push(("Suspended in part".into(), value));
        }
        for v in &r.versions {
            let Some((amender, cite)) = &v.amended_by else { continue };
            let when = v
                .from
                .map_or_else(String::new, |d| format!(" from {}", describe::date(d)));
            let mut value = vec![rule_link(rule_label(r)), text(format!("{when} by "))];
            value.extend(by(set, amender, cite));
            fields.push(("Amended".into(), value));
        }
    }
    for c in p.categories.iter().filter_map(|id| set.category(*id)) {
        for (w, cite) in c.members.iter().filter_map(|m| m.added.as_ref()) {
            let name = c.title.clone().unwrap_or_else(|| c.local.clone());
            let link = Inline::Link(
                Target {
                    doc: p.id.clone(),
                    anchor: anchors::category(&c.id),
                },
                vec![text(name)],
            );
            let when = if *w == Window::default() {
                String::new()
            } else {
                format!(" {}", describe::window(w))
            };
            let mut value = vec![link, text(format!("{when} by "))];
            value.extend(amended_by_cite(set, cite));
            fields.push(("Extended".into(), value));
        }
    }
    fields.push(("In force".into(), vec![text(windows(&policy_in_force(p)))]));
    fields
}

/// `fx-amending (Fixture Announcement No. 2 of 2025, Art. 3)`, linked to
/// the amendment with that citation when there is one.
fn amended_by_cite(set: &PolicySet, cite: &str) -> Vec<Inline> {
    let found = set.policies.iter().find_map(|q| {
        q.amendments
            .iter()
            .find(|a| a.cite == cite)
            .map(|a| format!("{}.{}", q.id, a.id))
    });
    match found {
        Some(amender) => by(set, &amender, cite),
        None => vec![text(cite)],
    }
}

fn rule_label(r: &crate::policy::Rule) -> String {
    if r.article.is_empty() {
        r.id.clone()
    } else {
        format!("{} ({})", r.article, r.id)
    }
}

fn section(p: &Policy, name: &str, title: &str, blocks: Vec<Block>) -> Option<Block> {
    (!blocks.is_empty()).then(|| Block::Section {
        anchor: anchors::section(&p.id, name),
        title: title.to_string(),
        blocks,
    })
}

/// The document of `p`.
pub fn document(set: &PolicySet, p: &Policy) -> PolicyDoc {
    let mut blocks = vec![Block::Fields(header(set, p))];
    blocks.extend(literate(&p.literate));
    let rule_entries = p.rules.iter().map(|r| rules::entry(set, p, r)).collect();
    let categories = p
        .categories
        .iter()
        .filter_map(|id| set.category(*id))
        .map(|c| definitions::category(set, p, c))
        .collect();
    let sections = [
        section(p, "rules", "Rules", rule_entries),
        section(
            p,
            "amendments",
            "Amendments of other instruments",
            amendments::entries(set, p),
        ),
        section(p, "categories", "Categories", categories),
        section(p, "vocabulary", "Vocabulary", definitions::vocabulary(set, p)),
        section(p, "groups", "Country groups", definitions::groups(set, p)),
    ];
    blocks.extend(sections.into_iter().flatten());
    PolicyDoc {
        id: p.id.clone(),
        heading: p.citation.clone().unwrap_or_else(|| p.title.clone()),
        title: p.title.clone(),
        blocks,
        contents: p
            .rules
            .iter()
            .map(|r| (anchors::rule(&p.id, &r.id), rule_label(r)))
            .collect(),
    }
}
