//! What a policy defines for the rules to use: categories, the tags of the
//! vocabulary and country groups. Each is defined once, with an anchor that
//! the wording of the rules links to.

use super::anchors;
use super::doc::{code, text, Block};
use super::refs::Linker;
use super::words::literate;
use crate::ast::TagKind;
use crate::describe;
use crate::policy::{Category, Policy, PolicySet};

/// The entry of a category.
pub fn category(set: &PolicySet, p: &Policy, c: &Category) -> Block {
    let linker = Linker::new(&p.id);
    let mut heading = Vec::new();
    if let Some(title) = &c.title {
        heading.push(text(format!("{title} — ")));
    }
    heading.push(code(&c.local));
    let lines = c
        .members
        .iter()
        .map(|m| vec![Block::Para(linker.inlines(&describe::member_with(set, m, &linker)))])
        .collect();
    let mut main = vec![
        Block::Heading {
            level: 3,
            anchor: None,
            content: heading,
        },
        Block::Para(vec![text("An item is in this category when it is:")]),
        Block::List(lines),
    ];
    if c.dated {
        main.push(Block::Para(vec![text(
            "What it covers changes over time: an amendment adds lines to it or to a category it includes.",
        )]));
    }
    Block::Entry {
        anchor: anchors::category(&c.id),
        main,
        aside: literate(&c.literate),
    }
}

/// The heading of each kind of tag.
fn kind_title(kind: TagKind) -> &'static str {
    match kind {
        TagKind::List => "Restricted-party lists",
        TagKind::EndUse => "End uses",
        TagKind::Kind => "Kinds of party",
        TagKind::Class => "Item classes",
        TagKind::Technology => "Technologies",
    }
}

/// The tags `p` declares, one list of terms per kind.
pub fn vocabulary(set: &PolicySet, p: &Policy) -> Vec<Block> {
    let mut blocks = Vec::new();
    for (kind, tags) in &set.vocabulary {
        let terms: Vec<_> = tags
            .iter()
            .filter(|(_, t)| t.policy == p.id)
            .map(|(name, t)| {
                (
                    anchors::tag(*kind, name),
                    vec![code(name)],
                    vec![text(t.description.clone().unwrap_or_else(|| "(no description)".into()))],
                )
            })
            .collect();
        if terms.is_empty() {
            continue;
        }
        blocks.push(Block::Heading {
            level: 3,
            anchor: None,
            content: vec![text(kind_title(*kind))],
        });
        blocks.push(Block::Terms(terms));
    }
    blocks
}

/// The country groups `p` declares.
pub fn groups(set: &PolicySet, p: &Policy) -> Vec<Block> {
    let terms: Vec<_> = set
        .groups
        .iter()
        .filter(|(_, g)| g.policy == p.id)
        .map(|(name, g)| {
            let mut term = vec![code(name)];
            if let Some(title) = &g.title {
                term.push(text(format!(" — {title}")));
            }
            let countries: Vec<String> = g.countries.iter().map(|c| describe::place(set, c.as_str())).collect();
            (
                anchors::group(name),
                term,
                vec![text(describe::join(&countries, "and"))],
            )
        })
        .collect();
    if terms.is_empty() {
        Vec::new()
    } else {
        vec![Block::Terms(terms)]
    }
}
