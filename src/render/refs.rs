//! Links in the wording of [`crate::describe`]: the [`Linker`] names each
//! category, tag, group and rule with a placeholder that stands for a link,
//! and [`Linker::inlines`] turns the worded text back into inlines, with
//! `` `code` `` spans and links.

use super::anchors;
use super::doc::{Inline, Target};
use crate::ast::TagKind;
use crate::describe::{Plain, Refs};
use crate::policy::{CategoryId, PolicySet, Rule};
use std::cell::RefCell;

/// Opens a placeholder; a Unicode private-use character that law text does not use.
const OPEN: char = '\u{E000}';
/// Closes a placeholder.
const CLOSE: char = '\u{E001}';

/// Wording with links, for the rules of one policy.
pub struct Linker {
    policy: String,
    links: RefCell<Vec<(Target, String)>>,
}

impl Linker {
    /// A linker for the rules of `policy`.
    pub fn new(policy: &str) -> Linker {
        Linker {
            policy: policy.to_string(),
            links: RefCell::new(Vec::new()),
        }
    }

    fn placeholder(&self, doc: &str, anchor: String, words: String) -> String {
        let mut links = self.links.borrow_mut();
        links.push((
            Target {
                doc: doc.to_string(),
                anchor,
            },
            words,
        ));
        format!("{OPEN}{}{CLOSE}", links.len() - 1)
    }

    /// The inlines of a worded text: placeholders become links and
    /// backquoted words become code.
    pub fn inlines(&self, worded: &str) -> Vec<Inline> {
        let mut out = Vec::new();
        let mut plain = String::new();
        let mut rest = worded;
        loop {
            let mut chars = rest.chars();
            let Some(c) = chars.next() else { break };
            let after = chars.as_str();
            let special = match c {
                '`' => after
                    .split_once('`')
                    .map(|(inside, tail)| (Inline::Code(inside.to_string()), tail)),
                OPEN => after.split_once(CLOSE).and_then(|(index, tail)| {
                    let (target, words) = self.links.borrow().get(index.parse::<usize>().ok()?)?.clone();
                    Some((Inline::Link(target, self.inlines(&words)), tail))
                }),
                _ => None,
            };
            match special {
                Some((inline, tail)) => {
                    if !plain.is_empty() {
                        out.push(Inline::Text(std::mem::take(&mut plain)));
                    }
                    out.push(inline);
                    rest = tail;
                }
                None => {
                    plain.push(c);
                    rest = after;
                }
            }
        }
        if !plain.is_empty() {
            out.push(Inline::Text(plain));
        }
        out
    }
}

impl Refs for Linker {
    fn category(&self, set: &PolicySet, id: CategoryId) -> String {
        let words = Plain.category(set, id);
        match set.category(id) {
            Some(c) => self.placeholder(&c.policy, anchors::category(&c.id), words),
            None => words,
        }
    }

    fn tag(&self, set: &PolicySet, kind: TagKind, name: &str) -> String {
        let words = Plain.tag(set, kind, name);
        match set.vocabulary.get(&kind).and_then(|m| m.get(name)) {
            Some(t) => self.placeholder(&t.policy, anchors::tag(kind, name), words),
            None => words,
        }
    }

    fn place(&self, set: &PolicySet, name: &str) -> String {
        let words = Plain.place(set, name);
        match set.groups.get(name) {
            Some(g) if crate::geo::country(name).is_none() => self.placeholder(&g.policy, anchors::group(name), words),
            _ => words,
        }
    }

    fn form(&self, set: &PolicySet, class: &str) -> String {
        let words = Plain.form(set, class);
        match set.vocabulary.get(&TagKind::Class).and_then(|m| m.get(class)) {
            Some(t) => self.placeholder(&t.policy, anchors::tag(TagKind::Class, class), words),
            None => words,
        }
    }

    fn rule(&self, rules: &[Rule], index: usize) -> String {
        let words = Plain.rule(rules, index);
        match rules.get(index) {
            Some(r) => self.placeholder(&self.policy, anchors::rule(&self.policy, &r.id), words),
            None => words,
        }
    }
}
