//! What a policy does to other policies: its amendments (suspensions,
//! changes, extensions) and its rules that replace rules of other policies,
//! read back from their effects on the set.

use super::anchors;
use super::doc::{code, text, Block, Inline, Target};
use super::refs::Linker;
use super::words::literate;
use crate::describe;
use crate::policy::{AmendmentSummary, Policy, PolicySet, Rule, Window};

fn policy_link(q: &Policy) -> Inline {
    let name = q.citation.clone().unwrap_or_else(|| q.id.clone());
    Inline::Link(
        Target {
            doc: q.id.clone(),
            anchor: anchors::policy(&q.id),
        },
        vec![text(name)],
    )
}

fn rule_link(q: &Policy, r: &Rule) -> Vec<Inline> {
    let label = if r.article.is_empty() {
        r.id.clone()
    } else {
        format!("{} ({})", r.article, r.id)
    };
    vec![
        Inline::Link(
            Target {
                doc: q.id.clone(),
                anchor: anchors::rule(&q.id, &r.id),
            },
            vec![text(label)],
        ),
        text(" of "),
        policy_link(q),
    ]
}

fn from_words(from: Option<jiff::civil::Date>) -> String {
    match from {
        Some(d) => format!("from {}", describe::date(d)),
        None => "from the start".into(),
    }
}

/// Every effect on the set of the amendment or replacing rule `by`
/// (`cn-mofcom-2025-70.suspension`), one line each.
fn effects(set: &PolicySet, by: &str, cite: &str, verb: &str) -> Vec<Vec<Inline>> {
    let mut lines = Vec::new();
    let window = |w: &Window| text(format!(" {}", describe::window(w)));
    for q in &set.policies {
        for s in q.suspensions.iter().filter(|s| s.by == by) {
            lines.push(vec![text("Suspends "), policy_link(q), window(&s.window)]);
        }
        for r in &q.rules {
            for s in r.suspensions.iter().filter(|s| s.by == by) {
                let mut line = vec![text("Suspends ")];
                line.extend(rule_link(q, r));
                line.push(window(&s.window));
                lines.push(line);
            }
            for v in r
                .versions
                .iter()
                .filter(|v| v.amended_by.as_ref().is_some_and(|(b, _)| b == by))
            {
                let mut line = vec![text(format!("{verb} "))];
                line.extend(rule_link(q, r));
                line.push(text(format!(
                    " {}; the new wording is given with that rule",
                    from_words(v.from)
                )));
                lines.push(line);
            }
        }
    }
    for c in &set.categories {
        let linker = Linker::new(&c.policy);
        for m in c
            .members
            .iter()
            .filter(|m| m.added.as_ref().is_some_and(|(_, added_by)| added_by == cite))
        {
            let mut line = vec![
                text("Adds to "),
                Inline::Link(
                    Target {
                        doc: c.policy.clone(),
                        anchor: anchors::category(&c.id),
                    },
                    vec![text(c.title.clone().unwrap_or_else(|| c.id.clone()))],
                ),
                text(": "),
            ];
            line.extend(linker.inlines(&describe::member_with(set, m, &linker)));
            lines.push(line);
        }
    }
    lines
}

/// The entry of an amendment made by `p`.
fn amendment(set: &PolicySet, p: &Policy, a: &AmendmentSummary) -> Block {
    let by = format!("{}.{}", p.id, a.id);
    let mut lines = effects(set, &by, &a.cite, "Changes");
    // Changes of a rule's window leave no trace in the checked set but the
    // checker's own sentence.
    lines.extend(
        a.actions
            .iter()
            .filter(|s| s.starts_with("puts "))
            .map(|s| vec![text(s)]),
    );
    if lines.is_empty() {
        lines.extend(a.actions.iter().map(|s| vec![text(s)]));
    }
    let main = vec![
        Block::Heading {
            level: 3,
            anchor: None,
            content: vec![text(format!("{} — ", a.cite)), code(&a.id)],
        },
        Block::List(lines.into_iter().map(|l| vec![Block::Para(l)]).collect()),
    ];
    Block::Entry {
        anchor: anchors::amendment(&p.id, &a.id),
        main,
        aside: literate(&a.literate),
    }
}

/// The ids of `p`'s rules that replace rules of other policies, with their citations.
fn replacing_rules(set: &PolicySet, p: &Policy) -> Vec<(String, String)> {
    let prefix = format!("{}.", p.id);
    let mut found: Vec<(String, String)> = Vec::new();
    for q in &set.policies {
        for r in &q.rules {
            for (by, cite) in r.versions.iter().filter_map(|v| v.amended_by.as_ref()) {
                let Some(local) = by.strip_prefix(&prefix) else {
                    continue;
                };
                let is_amendment = p.amendments.iter().any(|a| a.id == local);
                if !is_amendment && !found.iter().any(|(id, _)| id == local) {
                    found.push((local.to_string(), cite.clone()));
                }
            }
        }
    }
    found
}

/// The entries of `p`'s amendments and replacing rules.
pub fn entries(set: &PolicySet, p: &Policy) -> Vec<Block> {
    let mut blocks: Vec<Block> = p.amendments.iter().map(|a| amendment(set, p, a)).collect();
    for (id, cite) in replacing_rules(set, p) {
        let lines = effects(set, &format!("{}.{id}", p.id), &cite, "Replaces")
            .into_iter()
            .map(|l| vec![Block::Para(l)])
            .collect();
        blocks.push(Block::Entry {
            anchor: anchors::rule(&p.id, &id),
            main: vec![
                Block::Heading {
                    level: 3,
                    anchor: None,
                    content: vec![text(format!("{cite} — ")), code(&id)],
                },
                Block::List(lines),
            ],
            aside: Vec::new(),
        });
    }
    blocks
}
