//! Plain-language rendering of a checked policy set for legal review.
//!
//! Every policy becomes a document a lawyer can check against the gazette:
//! a header (title, authority, issue date, source, when it is in force and
//! what suspended or amended it), each rule as English sentences worded from
//! its structure by [`crate::describe`] (never written by hand per rule),
//! with the quoted law, notes and readings beside it, and the categories,
//! lists and end uses defined once and linked where they are used.
//!
//! The renderer reads only the [`PolicySet`]; it never re-parses text.
//!
//! ```text
//!  PolicySet ──policy::document──▶ doc::PolicyDoc ──┬──markdown::write──▶ Markdown
//!                                                     └──html::page──────▶ HTML
//! ```

mod amendments;
mod anchors;
mod definitions;
pub mod doc;
mod html;
mod markdown;
mod policy;
mod refs;
mod rules;
pub(crate) mod sentence;
mod windows;
mod words;

pub(crate) use html::{escape, STYLE};
pub use markdown::Links;

use crate::policy::PolicySet;
use doc::PolicyDoc;

/// The documents of every policy: first those that decide or amend, then
/// declarations only (the vocabulary), each group by id.
pub fn documents(set: &PolicySet) -> Vec<PolicyDoc> {
    let mut policies: Vec<_> = set.policies.iter().collect();
    policies.sort_by_key(|p| (!p.decides() && p.amendments.is_empty(), p.id.clone()));
    policies.into_iter().map(|p| policy::document(set, p)).collect()
}

/// One Markdown file per policy, as (file name, text): `cn-mofcom-2025-61.md`.
/// Links to another policy point into its file.
pub fn markdown_files(set: &PolicySet) -> Vec<(String, String)> {
    documents(set)
        .iter()
        .map(|d| (format!("{}.md", d.id), markdown::write(d, Links::FilePerPolicy)))
        .collect()
}

/// The Markdown of one policy, by id; links to other policies are written
/// as `links` says.
pub fn markdown_policy(set: &PolicySet, id: &str, links: Links) -> Option<String> {
    let p = set.policy(id)?;
    Some(markdown::write(&policy::document(set, p), links))
}

/// Every policy's Markdown in one text, separated by rules (`---`).
pub fn markdown(set: &PolicySet) -> String {
    documents(set)
        .iter()
        .map(|d| markdown::write(d, Links::SameFile))
        .collect::<Vec<_>>()
        .join("\n---\n\n")
}

/// The self-contained HTML page of one policy, by id.
pub fn html_policy(set: &PolicySet, id: &str) -> Option<String> {
    let p = set.policy(id)?;
    Some(html::page(&[policy::document(set, p)]))
}

/// One self-contained HTML page for the whole set, with a table of contents.
pub fn html(set: &PolicySet) -> String {
    html::page(&documents(set))
}

/// The Markdown of one rule of policy `policy`: its sentences, citation and
/// the days it is in force, as `render` words them (an editor's hover).
pub fn markdown_rule(set: &PolicySet, policy: &str, rule: &str) -> Option<String> {
    let p = set.policy(policy)?;
    let r = p.rules.iter().find(|r| r.id == rule)?;
    Some(one_entry(p, rules::entry(set, p, r)))
}

/// The Markdown of one category of policy `policy`: what it covers, as
/// `render` defines it (an editor's hover).
pub fn markdown_category(set: &PolicySet, policy: &str, local: &str) -> Option<String> {
    let p = set.policy(policy)?;
    let c = set.categories.iter().find(|c| c.policy == policy && c.local == local)?;
    Some(one_entry(p, definitions::category(set, p, c)))
}

/// One entry of `p`'s document, without the document's heading.
fn one_entry(p: &crate::policy::Policy, entry: doc::Block) -> String {
    let doc = PolicyDoc {
        id: p.id.clone(),
        heading: String::new(),
        title: String::new(),
        blocks: vec![entry],
        contents: Vec::new(),
    };
    let text = markdown::write(&doc, Links::None);
    let mut body = text
        .split_once('\n')
        .map_or(text.as_str(), |(_, rest)| rest.trim_start());
    // The anchors that link a document's parts lead nowhere in an editor.
    let mut out = String::with_capacity(body.len());
    while let Some(at) = body.find("<a id=\"") {
        out.push_str(&body[..at]);
        body = body[at..].split_once("</a>").map_or("", |(_, rest)| rest);
    }
    out.push_str(body);
    out.trim_end().to_string()
}
