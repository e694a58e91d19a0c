//! Warnings for tags in the facts that no loaded policy declares: a typo
//! must not silently decide a shipment.

use super::content::quoted;
use crate::ast::TagKind;
use crate::facts::{Facts, FactsError, FactsSource, ShipmentBatch};
use crate::policy::PolicySet;
use rustc_hash::FxHashSet;

/// One warning per undeclared tag, at its first use.
pub fn vocabulary_warnings<'f>(set: &PolicySet, facts: &'f Facts, source: &FactsSource) -> Vec<FactsError> {
    // Every tag seen so far, declared or warned about: a file repeats a few
    // dozen tags hundreds of thousands of times, and a hash of a short tag
    // costs less than a look-up in the vocabulary's tree.
    let mut seen: FxHashSet<(TagKind, &'f str)> = FxHashSet::default();
    let mut out = Vec::new();
    let mut check = |kind: TagKind, tag: &'f str, path: &dyn Fn() -> String| {
        if !seen.insert((kind, tag)) || set.declares(kind, tag) {
            return;
        }
        out.push(undeclared(set, kind, tag, &path(), source));
    };
    for (i, l) in facts.listings.iter().enumerate() {
        check(TagKind::List, &l.list, &|| format!("listings[{i}].list"));
    }
    for p in &facts.parties {
        for (k, kind) in p.kinds.iter().enumerate() {
            check(TagKind::Kind, kind, &|| {
                format!("parties[{}].kinds[{k}]", quoted(&p.id))
            });
        }
    }
    for it in &facts.items {
        for (k, class) in it.classes.iter().enumerate() {
            check(TagKind::Class, class, &|| {
                format!("items[{}].classes[{k}]", quoted(&it.id))
            });
        }
        for (k, m) in it.made_with.iter().enumerate() {
            check(TagKind::Technology, &m.technology, &|| {
                format!("items[{}].made_with[{k}].technology", quoted(&it.id))
            });
        }
    }
    for (i, s) in facts.shipments.iter().enumerate() {
        for (k, u) in s.end_uses.iter().enumerate() {
            check(TagKind::EndUse, u, &|| format!("shipments[{i}].end_uses[{k}]"));
        }
    }
    out
}

/// The warning for `tag`, used at `path` of `source` and declared by no
/// loaded policy.
fn undeclared(set: &PolicySet, kind: TagKind, tag: &str, path: &str, source: &FactsSource) -> FactsError {
    let what = kind.noun();
    let declared = set.vocabulary.get(&kind);
    let help = declared
        .and_then(|m| crate::check::suggest(tag, m.keys().map(String::as_str)))
        .map(|s| format!("did you mean `{s}`?"))
        .or_else(|| {
            Some(format!(
                "no loaded policy reads this {what}; it has no effect on any decision"
            ))
        });
    crate::facts::warning_at_path(
        source,
        "edict::facts::undeclared-tag",
        path,
        format!("{what} `{tag}` at `{path}` is not declared by any loaded policy"),
        "not declared".into(),
        help,
    )
}

/// Warnings for end uses that no loaded policy declares, in the batches of
/// a shipment stream: each tag once in the whole stream, at its first use.
#[derive(Default)]
pub struct StreamVocabulary {
    warned: FxHashSet<String>,
}

impl StreamVocabulary {
    /// The warnings for the batch's end uses not warned about before.
    pub fn warnings(&mut self, set: &PolicySet, batch: &ShipmentBatch) -> Vec<FactsError> {
        let mut out = Vec::new();
        for (s, line) in batch.shipments.iter().zip(&batch.lines) {
            for (k, u) in s.end_uses.iter().enumerate() {
                if set.declares(TagKind::EndUse, u) || self.warned.contains(u.as_str()) {
                    continue;
                }
                self.warned.insert(u.clone());
                let path = format!("shipments[{}].end_uses[{k}]", line.saturating_sub(1));
                out.push(undeclared(set, TagKind::EndUse, u, &path, &batch.source));
            }
        }
        out
    }
}
