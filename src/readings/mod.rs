//! Readings: the interpretive choices a policy set names, and the policy set
//! under a reading's alternative.
//!
//! A reading whose alternative is executable says, for each place of its
//! item that the alternative reads differently, `for "…" read "…"`. The set
//! under the alternative is the same source with those texts replaced,
//! parsed and checked again: exactly what a draft amendment layered with
//! `--with` is, so everything that evaluates a set (eval, explain, timeline,
//! diff, test) evaluates under the alternative unchanged, and nothing is
//! computed on the way when no alternative is asked for.

mod errors;

pub use errors::{AlternativeInvalid, ReadingError};

use crate::load::AnyDiagnostic;
use crate::policy::{Literate, PolicySet, Substitution};
use crate::source::SourceMap;
use std::collections::BTreeMap;

/// One reading of the set, gathered over every place its tag appears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// `A-ROLLUP`
    pub tag: String,
    /// The reading chosen (at its first place).
    pub text: String,
    /// The reading not chosen, in prose.
    pub alternative: Option<String>,
    /// Where it is: `cn-mofcom-2025-61.deminimis`, or a policy id for its header.
    pub places: Vec<String>,
    /// The alternative as edict, over every place; empty when it is prose only.
    pub substitutions: Vec<Substitution>,
}

impl Reading {
    /// Whether the alternative can be evaluated.
    pub fn executable(&self) -> bool {
        !self.substitutions.is_empty()
    }
}

/// Every reading of the set, by tag (one entry per tag, however many places).
pub fn readings(set: &PolicySet) -> Vec<Reading> {
    let mut by_tag: BTreeMap<String, Reading> = BTreeMap::new();
    let mut add = |place: String, literate: &[Literate]| {
        for l in literate {
            let Literate::Reading {
                tag,
                text,
                alternative,
                substitutions,
            } = l
            else {
                continue;
            };
            let r = by_tag.entry(tag.clone()).or_insert_with(|| Reading {
                tag: tag.clone(),
                text: text.clone(),
                alternative: alternative.clone(),
                places: Vec::new(),
                substitutions: Vec::new(),
            });
            r.places.push(place.clone());
            r.substitutions.extend(substitutions.iter().cloned());
        }
    };
    for p in &set.policies {
        add(p.id.clone(), &p.literate);
        for r in &p.rules {
            add(format!("{}.{}", p.id, r.id), &r.literate);
        }
        for a in &p.amendments {
            add(format!("{}.{}", p.id, a.id), &a.literate);
        }
    }
    for c in &set.categories {
        add(c.id.clone(), &c.literate);
    }
    by_tag.into_values().collect()
}

/// The sources of `set` with the texts of the alternatives of `tags`
/// replaced. Every tag must name a reading with an executable alternative,
/// and no two alternatives may rewrite overlapping text.
pub fn rewrite(set: &PolicySet, tags: &[String]) -> Result<SourceMap, Vec<ReadingError>> {
    let all = readings(set);
    let mut problems = Vec::new();
    // (file, start, end, replacement, tag)
    let mut edits: Vec<(u32, usize, usize, &str, &str)> = Vec::new();
    for tag in tags {
        let Some(r) = all.iter().find(|r| &r.tag == tag) else {
            let suggestion = crate::check::suggest(tag, all.iter().map(|r| r.tag.as_str()));
            problems.push(ReadingError::Unknown {
                tag: tag.clone(),
                suggestion,
            });
            continue;
        };
        if !r.executable() {
            problems.push(ReadingError::NotExecutable {
                tag: tag.clone(),
                places: r.places.join(", "),
            });
            continue;
        }
        for s in &r.substitutions {
            edits.push((s.at.file.0, s.at.start, s.at.end, &s.alternative, &r.tag));
            // Taken, the alternative is the text: its `for … read …` goes.
            edits.push((s.clause.file.0, s.clause.start, s.clause.end, "", &r.tag));
        }
    }
    edits.sort_unstable_by_key(|e| (e.0, e.1, e.2));
    edits.dedup_by(|b, a| (a.0, a.1, a.2, a.4) == (b.0, b.1, b.2, b.4));
    for pair in edits.windows(2) {
        if let [a, b] = pair {
            if a.0 == b.0 && b.1 < a.2 {
                problems.push(ReadingError::Overlap {
                    first: a.4.to_string(),
                    second: b.4.to_string(),
                });
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut out = SourceMap::new();
    for (id, f) in set.sources.files() {
        let mut mine = edits.iter().filter(|e| e.0 == id.0).peekable();
        if mine.peek().is_none() {
            // Untouched: the same text, which `load_reusing` does not parse again.
            out.add(f.name.clone(), std::sync::Arc::clone(&f.text));
            continue;
        }
        let mut text = String::with_capacity(f.text.len());
        let mut at = 0;
        for (_, start, end, replacement, _) in mine {
            text.push_str(f.text.get(at..*start).unwrap_or(""));
            text.push_str(replacement);
            at = *end;
        }
        text.push_str(f.text.get(at..).unwrap_or(""));
        out.add(f.name.clone(), text);
    }
    Ok(out)
}

/// The set under the alternatives of `tags`: its sources rewritten, then
/// parsed and checked again. `Err` holds every problem (a tag that names no
/// executable reading, or what the rewritten set does not check for).
pub fn under(set: &PolicySet, tags: &[String]) -> Result<PolicySet, Vec<AnyDiagnostic>> {
    let sources =
        rewrite(set, tags).map_err(|e| e.into_iter().map(|e| Box::new(e) as AnyDiagnostic).collect::<Vec<_>>())?;
    let loaded = crate::load::load_reusing(sources, set);
    match loaded.set {
        Some(s) => Ok(s),
        None => Err(vec![Box::new(AlternativeInvalid {
            tags: tags.join(", "),
            problems: loaded.diagnostics,
        })]),
    }
}

/// Checks every executable alternative of the set on its own: the set
/// under it must parse and check. One diagnostic per alternative that does not.
pub fn check_alternatives(set: &PolicySet) -> Vec<AnyDiagnostic> {
    readings(set)
        .into_iter()
        .filter(Reading::executable)
        .filter_map(|r| under(set, std::slice::from_ref(&r.tag)).err())
        .flatten()
        .collect()
}

/// A `--reading TAG=alternative` (or `TAG=chosen`) argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The reading's tag.
    pub tag: String,
    /// Whether the alternative is taken (`alternative`) or the chosen reading kept (`chosen`).
    pub alternative: bool,
}

impl std::str::FromStr for Choice {
    type Err = String;

    fn from_str(text: &str) -> Result<Choice, String> {
        let Some((tag, which)) = text.split_once('=') else {
            return Err(format!(
                "write `{text}=alternative` (a reading's tag, `=`, then `alternative` or `chosen`)"
            ));
        };
        let alternative = match which.trim() {
            "alternative" => true,
            "chosen" => false,
            other => return Err(format!("`{other}` is neither `alternative` nor `chosen`")),
        };
        let tag = tag.trim();
        if tag.is_empty() {
            return Err("the reading's tag is missing before `=`".into());
        }
        Ok(Choice {
            tag: tag.to_string(),
            alternative,
        })
    }
}

/// The tags whose alternatives are taken, in order, each once.
pub fn taken(choices: &[Choice]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in choices.iter().filter(|c| c.alternative) {
        if !out.contains(&c.tag) {
            out.push(c.tag.clone());
        }
    }
    out
}
