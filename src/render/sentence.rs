//! A rule version as plain English: one sentence, or a sentence that ends
//! in lettered conditions, "(a) …; (b) …; and (c) …", as statutes are drafted.

use super::doc::{text, Block, Inline};
use super::refs::Linker;
use super::words::capitalize;
use crate::describe::{self, Clause};
use crate::policy::{Policy, PolicySet, RuleVersion};

/// The sentence of one version of a rule of `policy`, starting with
/// `opener` (`From 1 December 2025, `) and ending with the article.
pub fn version(
    set: &PolicySet,
    policy: &Policy,
    v: &RuleVersion,
    opener: &str,
    article: &str,
    linker: &Linker,
) -> Vec<Block> {
    let clause = describe::effect_clause_with(&policy.rules, &v.effect, linker);
    let head = capitalize(&format!("{opener}{clause}"));
    let cite = if article.is_empty() {
        vec![text(".")]
    } else {
        vec![text(format!(" ({article})."))]
    };
    let mut blocks = match v.condition.as_ref().map(|c| describe::condition_with(set, c, linker)) {
        None => vec![Block::Para(concat(linker.inlines(&head), cite))],
        Some(tree) => match intro(&tree) {
            None => {
                let words = format!("{head} when {}", tree.sentence());
                vec![Block::Para(concat(linker.inlines(&words), cite))]
            }
            Some((words, parts, joiner)) => vec![
                Block::Para(linker.inlines(&format!("{head} when {words}:"))),
                clauses(parts, joiner, 0, &cite, linker),
            ],
        },
    };
    if !v.yields.is_empty() {
        let words = describe::yields_with(&policy.rules, &v.yields, linker);
        blocks.push(Block::Para(concat(
            linker.inlines(&capitalize(&words)),
            vec![text(".")],
        )));
    }
    blocks
}

fn concat(mut a: Vec<Inline>, b: Vec<Inline>) -> Vec<Inline> {
    a.extend(b);
    a
}

/// How a group of clauses is introduced, its parts and the word before its
/// last part; `None` for a clause that reads as one phrase.
fn intro(c: &Clause) -> Option<(&'static str, &[Clause], &'static str)> {
    match c {
        Clause::All(parts) => Some(("all of the following apply", parts, "and")),
        Clause::Any(parts) => Some(("at least one of the following applies", parts, "or")),
        Clause::Not(inner) => match inner.as_ref() {
            Clause::All(parts) => Some(("not all of the following apply", parts, "and")),
            Clause::Any(parts) => Some(("none of the following applies", parts, "or")),
            _ => None,
        },
        Clause::Leaf(_) => None,
    }
}

/// Whether a nested group is short enough to read as one phrase: two plain clauses.
fn reads_inline(c: &Clause) -> bool {
    match c {
        Clause::All(parts) | Clause::Any(parts) => {
            parts.len() <= 2 && parts.iter().all(|p| matches!(p, Clause::Leaf(_)))
        }
        _ => true,
    }
}

/// The phrase of a short clause: `a and b`, `it is not the case that a`.
fn phrase(c: &Clause) -> String {
    match c {
        Clause::All(parts) | Clause::Any(parts) => {
            let joiner = if matches!(c, Clause::All(_)) { "and" } else { "or" };
            describe::join(&parts.iter().map(Clause::sentence).collect::<Vec<_>>(), joiner)
        }
        _ => c.sentence(),
    }
}

/// `a`, `i`, `A`, `1` for the first clause at each depth.
pub(crate) fn label(depth: usize, index: usize) -> String {
    const ROMAN: [&str; 12] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"];
    let letter = |base: u8| {
        u8::try_from(index)
            .ok()
            .filter(|i| *i < 26)
            .map_or_else(|| (index + 1).to_string(), |i| char::from(base + i).to_string())
    };
    match depth % 4 {
        0 => letter(b'a'),
        1 => ROMAN
            .get(index)
            .map_or_else(|| (index + 1).to_string(), |r| r.to_string()),
        2 => letter(b'A'),
        _ => (index + 1).to_string(),
    }
}

/// The lettered list of `parts`; the last part ends with `end`.
fn clauses(parts: &[Clause], joiner: &str, depth: usize, end: &[Inline], linker: &Linker) -> Block {
    let n = parts.len();
    let items = parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let ending: Vec<Inline> = if i + 1 == n {
                end.to_vec()
            } else if i + 2 == n {
                vec![text(format!("; {joiner}"))]
            } else {
                vec![text(";")]
            };
            let lead = format!("({}) ", label(depth, i));
            match intro(part).filter(|_| !reads_inline(part)) {
                Some((words, inner, inner_joiner)) => vec![
                    Block::Para(linker.inlines(&format!("{lead}{words}:"))),
                    clauses(inner, inner_joiner, depth + 1, &ending, linker),
                ],
                None => vec![Block::Para(concat(
                    linker.inlines(&format!("{lead}{}", phrase(part))),
                    ending,
                ))],
            }
        })
        .collect();
    Block::Clauses(items)
}
