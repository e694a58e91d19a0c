//! What the loaded files declare, and which declaration a word names:
//! the table behind go to definition, references, hover, completion and
//! the outline. Built from the parser's AST of every file (also of files
//! with syntax errors: their items that parsed still count).

use super::lex::{Class, Token};
use crate::ast::{Item, Literate, PolicyFile, TagKind};
use std::collections::HashMap;

/// What a declaration declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// `policy cn-mofcom-2025-61`
    Policy,
    /// `rule deminimis`
    Rule,
    /// `category part-1`
    Category,
    /// `amendment suspend-61`
    Amendment,
    /// `list …`, `end use …`, `kind …`, `class …`, `technology …`
    Tag(TagKind),
    /// `country group EU`
    Group,
    /// `reading A-ROLLUP`
    Reading,
}

impl What {
    /// The word for it in messages and hovers.
    pub fn noun(self) -> &'static str {
        match self {
            What::Policy => "policy",
            What::Rule => "rule",
            What::Category => "category",
            What::Amendment => "amendment",
            What::Tag(k) => k.noun(),
            What::Group => "country group",
            What::Reading => "reading",
        }
    }

    /// Whether its name is local to its policy (referred to as `policy.name` from elsewhere).
    pub fn is_local(self) -> bool {
        matches!(self, What::Rule | What::Category | What::Amendment)
    }
}

/// One declaration.
#[derive(Debug, Clone)]
pub struct Decl {
    /// What it declares.
    pub what: What,
    /// The policy whose file declares it.
    pub policy: String,
    /// Its name.
    pub name: String,
    /// The file (index in the workspace's files).
    pub file: usize,
    /// The bytes of its name.
    pub name_span: (usize, usize),
    /// The bytes of the whole declaration.
    pub span: (usize, usize),
}

/// Every declaration of the loaded files, by name.
#[derive(Debug, Default)]
pub struct Symbols {
    /// The declarations, in file order.
    pub decls: Vec<Decl>,
    by_name: HashMap<String, Vec<usize>>,
    /// The policy each file declares, by file index.
    pub policy_of_file: Vec<Option<String>>,
}

impl Symbols {
    /// The declarations of `files` (by file index; `None` for a file left out).
    pub fn build(files: &[Option<&PolicyFile>]) -> Symbols {
        let mut s = Symbols {
            policy_of_file: vec![None; files.len()],
            ..Symbols::default()
        };
        for (i, f) in files.iter().enumerate() {
            let Some(Some(h)) = f.map(|f| f.header.as_ref()) else {
                continue;
            };
            let policy = h.id.name.clone();
            s.policy_of_file[i] = Some(policy.clone());
            let mut add = |what: What, name: &crate::ast::Ident, span: crate::source::Span| {
                s.decls.push(Decl {
                    what,
                    policy: policy.clone(),
                    name: name.name.clone(),
                    file: i,
                    name_span: (name.span.start, name.span.end),
                    span: (span.start, span.end),
                });
            };
            add(What::Policy, &h.id, h.span);
            let readings =
                |literate: &[Literate], add: &mut dyn FnMut(What, &crate::ast::Ident, crate::source::Span)| {
                    for l in literate {
                        if let Literate::Reading {
                            tag, text, alternative, ..
                        } = l
                        {
                            let end = alternative.as_ref().map_or(text.span, |a| a.span);
                            add(What::Reading, tag, tag.span.to(end));
                        }
                    }
                };
            readings(&h.literate, &mut add);
            for item in f.map(|f| f.items.as_slice()).unwrap_or_default() {
                match item {
                    Item::Category(c) => {
                        add(What::Category, &c.id, c.span);
                        readings(&c.literate, &mut add);
                    }
                    Item::Tag(t) => add(What::Tag(t.kind), &t.name, t.span),
                    Item::CountryGroup(g) => add(What::Group, &g.id, g.span),
                    Item::Rule(r) => {
                        add(What::Rule, &r.id, r.span);
                        readings(&r.literate, &mut add);
                    }
                    Item::Amendment(a) => {
                        add(What::Amendment, &a.id, a.span);
                        readings(&a.literate, &mut add);
                    }
                }
            }
        }
        for (i, d) in s.decls.iter().enumerate() {
            s.by_name.entry(d.name.clone()).or_default().push(i);
        }
        s
    }

    /// The declarations named `name`, of any policy.
    pub fn named(&self, name: &str) -> impl Iterator<Item = (usize, &Decl)> {
        self.by_name
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.decls.get(i).map(|d| (i, d)))
    }

    /// The declarations `word` names when written in `file`: a local name
    /// of the file's policy, `policy.name`, a tag, group or reading (global),
    /// or a policy id.
    pub fn resolve(&self, word: &str, file: usize) -> Vec<usize> {
        let here = self.policy_of_file.get(file).and_then(Option::as_deref);
        let mut out: Vec<usize> = self
            .named(word)
            .filter(|(_, d)| !d.what.is_local() || Some(d.policy.as_str()) == here)
            .map(|(i, _)| i)
            .collect();
        if let Some((policy, name)) = word.split_once('.') {
            out.extend(
                self.named(name)
                    .filter(|(_, d)| d.what.is_local() && d.policy == policy)
                    .map(|(i, _)| i),
            );
        }
        out
    }

    /// What the cursor at `offset` in token `t` of `text` refers to: the
    /// declarations, and the bytes of the word (or of the policy part of
    /// `policy.name` when the cursor is on it).
    pub fn at(&self, text: &str, t: &Token, offset: usize, file: usize) -> Option<(Vec<usize>, (usize, usize))> {
        if t.class != Class::Word && t.class != Class::Keyword {
            return None;
        }
        let word = text.get(t.start..t.end)?;
        let whole = self.resolve(word, file);
        if let Some(dot) = word.find('.') {
            let on_policy = offset <= t.start + dot;
            let policy = self.resolve(&word[..dot], file);
            if on_policy && !policy.is_empty() && whole.iter().all(|&i| self.decls[i].what.is_local()) {
                return Some((policy, (t.start, t.start + dot)));
            }
        }
        (!whole.is_empty()).then_some((whole, (t.start, t.end)))
    }

    /// Every place in `text` (file `file`) where a word names declaration
    /// `target`, as byte ranges of the name (the part after the dot of
    /// `policy.name`, or the policy part).
    pub fn references_in(&self, text: &str, tokens: &[Token], file: usize, target: usize) -> Vec<(usize, usize)> {
        let Some(decl) = self.decls.get(target) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for t in tokens
            .iter()
            .filter(|t| t.class == Class::Word || t.class == Class::Keyword)
        {
            let Some(word) = text.get(t.start..t.end) else { continue };
            let last = word.rsplit('.').next().unwrap_or(word);
            if word != decl.name && last != decl.name && !word.starts_with(&format!("{}.", decl.name)) {
                continue;
            }
            if self.resolve(word, file).contains(&target) {
                let from = if decl.what.is_local() {
                    t.end - last.len()
                } else {
                    t.start
                };
                out.push((from, t.end));
            } else if let Some(dot) = word.find('.') {
                if self.resolve(&word[..dot], file).contains(&target) {
                    out.push((t.start, t.start + dot));
                }
            }
        }
        out
    }
}
