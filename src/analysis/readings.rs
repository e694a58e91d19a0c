//! Which readings a portfolio's outcomes depend on: each executable
//! alternative's impact on the shipments, then the pairs of alternatives
//! whose joint effect is not what the two alone predict.
//!
//! Cost. The set under an alternative differs from the chosen set only in
//! the policies whose text, or a category they read, the alternative
//! rewrites; only those policies are decided again (the others keep the
//! chosen set's decisions), so an alternative that rewrites one policy costs
//! a fraction of an evaluation. A pair is decided again only for the
//! policies both alternatives touch; for the others the pair's outcome is
//! put together from the two alternatives' own decisions.

use crate::analysis::impact::{impact, Impact};
use crate::decision::{Decision, Decisions, PolicyDecision};
use crate::eval::{evaluate, EvalOptions};
use crate::facts::{Facts, FactsError, FactsSource};
use crate::load::AnyDiagnostic;
use crate::outcome::Outcome;
use crate::policy::PolicySet;
use crate::readings::{readings, under, Reading};
use serde::Serialize;
use std::collections::BTreeSet;
use std::sync::Arc;

/// What the readings of a policy set do to a portfolio.
#[derive(Debug, Serialize)]
pub struct ReadingsReport {
    /// Shipments decided.
    pub shipments: usize,
    /// The evaluation date that overrode every shipment's, if any.
    pub as_of: Option<String>,
    /// The readings whose alternative changes some shipment's outcome.
    pub matter: Vec<String>,
    /// Every shipment some single alternative changes, in file order.
    pub changed: Vec<String>,
    /// Every reading, by tag.
    pub readings: Vec<ReadingImpact>,
    /// Pairs of alternatives whose joint effect differs from what each alone does.
    pub interactions: Vec<Interaction>,
}

/// One reading and what its alternative changes.
#[derive(Debug, Serialize)]
pub struct ReadingImpact {
    /// `A-ROLLUP`
    pub tag: String,
    /// Where it is.
    pub places: Vec<String>,
    /// The reading chosen.
    pub chosen: String,
    /// The alternative, in prose.
    pub alternative: Option<String>,
    /// Whether the alternative is written as edict (and so evaluated).
    pub executable: bool,
    /// The shipments it changes, when evaluated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<Impact>,
}

/// Two alternatives that interact.
#[derive(Debug, Serialize)]
pub struct Interaction {
    /// The two readings.
    pub readings: [String; 2],
    /// The shipments whose outcome under both is neither the chosen outcome
    /// (when neither alone changes it) nor an outcome one of them alone gives.
    pub shipments: Vec<JointChange>,
}

/// One shipment's outcome under a pair of alternatives.
#[derive(Debug, Serialize)]
pub struct JointChange {
    /// The shipment id.
    pub shipment: String,
    /// Its outcome as chosen.
    pub chosen: Outcome,
    /// Under the first alternative alone.
    pub first: Outcome,
    /// Under the second alone.
    pub second: Outcome,
    /// Under both.
    pub both: Outcome,
}

/// Why the analysis could not be made.
#[derive(Debug)]
pub enum Problem {
    /// An alternative (or a pair) that cannot be taken or does not check.
    Policies(Vec<AnyDiagnostic>),
    /// The facts cannot be decided.
    Facts(Vec<FactsError>),
}

/// An alternative evaluated: which policies it re-decides and their decisions.
struct Alternative {
    reading: Reading,
    affected: Vec<bool>,
    /// Each shipment's decision under the alternative, put together.
    decisions: Decisions,
}

/// Decides the facts under the chosen readings (`chosen`, already evaluated)
/// and under each executable alternative, then each pair of alternatives of
/// which at least one changes a shipment.
pub fn analyse(
    set: &PolicySet,
    chosen: &Decisions,
    facts: &Facts,
    source: &FactsSource,
    options: &EvalOptions,
) -> Result<ReadingsReport, Problem> {
    let all = readings(set);
    let mut report = ReadingsReport {
        shipments: chosen.decisions.len(),
        as_of: chosen.as_of.clone(),
        matter: Vec::new(),
        changed: Vec::new(),
        readings: Vec::new(),
        interactions: Vec::new(),
    };
    let mut alternatives = Vec::new();
    let mut changed = vec![false; chosen.decisions.len()];
    for r in all {
        let mut entry = ReadingImpact {
            tag: r.tag.clone(),
            places: r.places.clone(),
            chosen: r.text.clone(),
            alternative: r.alternative.clone(),
            executable: r.executable(),
            impact: None,
        };
        if r.executable() {
            let alt_set = under(set, std::slice::from_ref(&r.tag)).map_err(Problem::Policies)?;
            let affected = affected(set, &alt_set);
            let decisions = redecide(chosen, &alt_set, &affected, facts, source, options)?;
            let found = impact(chosen, &decisions);
            if !found.shipments.is_empty() {
                report.matter.push(r.tag.clone());
            }
            for (i, (a, b)) in chosen.decisions.iter().zip(&decisions.decisions).enumerate() {
                if a.outcome != b.outcome {
                    if let Some(c) = changed.get_mut(i) {
                        *c = true;
                    }
                }
            }
            entry.impact = Some(found);
            alternatives.push(Alternative {
                reading: r,
                affected,
                decisions,
            });
        }
        report.readings.push(entry);
    }
    report.changed = chosen
        .decisions
        .iter()
        .zip(&changed)
        .filter(|(_, c)| **c)
        .map(|(d, _)| d.shipment.clone())
        .collect();
    for (i, a) in alternatives.iter().enumerate() {
        for b in alternatives.iter().skip(i + 1) {
            if !report.matter.contains(&a.reading.tag) && !report.matter.contains(&b.reading.tag) {
                continue;
            }
            if let Some(found) = interaction(set, chosen, (a, b), facts, source, options)? {
                report.interactions.push(found);
            }
        }
    }
    Ok(report)
}

/// The pair's interaction, if any shipment shows one.
fn interaction(
    set: &PolicySet,
    chosen: &Decisions,
    (a, b): (&Alternative, &Alternative),
    facts: &Facts,
    source: &FactsSource,
    options: &EvalOptions,
) -> Result<Option<Interaction>, Problem> {
    let shared: Vec<bool> = a.affected.iter().zip(&b.affected).map(|(x, y)| *x && *y).collect();
    // Each policy's decisions come from the alternative that touches it;
    // those both touch are decided again under both.
    let both = if shared.iter().any(|s| *s) {
        let tags = [a.reading.tag.clone(), b.reading.tag.clone()];
        let joint = match under(set, &tags) {
            Ok(s) => s,
            // Alternatives that rewrite the same words are not combined.
            Err(_) => return Ok(None),
        };
        let decided = redecide(&b.decisions, &joint, &shared, facts, source, options)?;
        merge(&decided, &a.decisions, &ids(set, &only(&a.affected, &shared)))
    } else {
        merge(&b.decisions, &a.decisions, &ids(set, &a.affected))
    };
    let mut shipments = Vec::new();
    for (((c, x), y), j) in chosen
        .decisions
        .iter()
        .zip(&a.decisions.decisions)
        .zip(&b.decisions.decisions)
        .zip(&both.decisions)
    {
        let singles: Vec<Outcome> = [x.outcome, y.outcome].into_iter().filter(|o| *o != c.outcome).collect();
        let expected = if singles.is_empty() {
            j.outcome == c.outcome
        } else {
            singles.contains(&j.outcome)
        };
        if !expected {
            shipments.push(JointChange {
                shipment: c.shipment.clone(),
                chosen: c.outcome,
                first: x.outcome,
                second: y.outcome,
                both: j.outcome,
            });
        }
    }
    Ok((!shipments.is_empty()).then(|| Interaction {
        readings: [a.reading.tag.clone(), b.reading.tag.clone()],
        shipments,
    }))
}

/// Where `a` holds and `b` does not.
fn only(a: &[bool], b: &[bool]) -> Vec<bool> {
    a.iter().zip(b).map(|(x, y)| *x && !*y).collect()
}

/// The ids of the policies marked (the set's policies are sorted by id).
fn ids(set: &PolicySet, marked: &[bool]) -> BTreeSet<String> {
    set.policies
        .iter()
        .zip(marked)
        .filter(|(_, m)| **m)
        .map(|(p, _)| p.id.clone())
        .collect()
}

/// `base`'s decisions with the policies marked in `affected` decided again
/// under `alternative` (its other policies' rules are set aside, so that
/// they cost nothing).
fn redecide(
    base: &Decisions,
    alternative: &PolicySet,
    affected: &[bool],
    facts: &Facts,
    source: &FactsSource,
    options: &EvalOptions,
) -> Result<Decisions, Problem> {
    let mut restricted = alternative.clone();
    for (p, keep) in restricted.policies.iter_mut().zip(affected) {
        if !keep {
            p.rules.clear();
        }
    }
    let decided = evaluate(&restricted, facts, source, options).map_err(Problem::Facts)?;
    Ok(merge(base, &decided, &ids(alternative, affected)))
}

/// Each shipment's decision: the policies in `from_other` as `other` decides
/// them, the rest as `base` does; the outcome the most restrictive.
fn merge(base: &Decisions, other: &Decisions, from_other: &BTreeSet<String>) -> Decisions {
    let decisions = base
        .decisions
        .iter()
        .zip(&other.decisions)
        .map(|(b, o)| {
            let mut policies: Vec<Arc<PolicyDecision>> = b
                .policies
                .iter()
                .filter(|p| !from_other.contains(&p.policy))
                .chain(o.policies.iter().filter(|p| from_other.contains(&p.policy)))
                .cloned()
                .collect();
            // In the set's order, as an evaluation gives them.
            policies.sort_by(|x, y| x.policy.cmp(&y.policy));
            let outcome = policies
                .iter()
                .map(|p| p.outcome)
                .max()
                .unwrap_or(Outcome::NotControlled);
            Decision {
                shipment: b.shipment.clone(),
                date: Arc::clone(&b.date),
                outcome,
                policies,
            }
        })
        .collect();
    Decisions {
        version: base.version,
        as_of: base.as_of.clone(),
        decisions,
        // What unknown facts leave open (facts version 2) is the base's: the
        // alternatives are not yet decided in every world of the unknowns.
        undetermined: base.undetermined.clone(),
    }
}

/// Which policies of `alternative` may decide differently from `chosen`: a
/// policy whose own text (rules, windows, suspensions, versions) differs, or
/// whose rules read a category that differs, directly or through other
/// categories. Compared in their debug form, which is exact; a span that
/// moved because an earlier text of its file was rewritten only marks more
/// policies, never fewer.
pub fn affected(chosen: &PolicySet, alternative: &PolicySet) -> Vec<bool> {
    let same_shape = chosen.policies.len() == alternative.policies.len()
        && chosen.categories.len() == alternative.categories.len()
        && format!("{:?}{:?}", chosen.vocabulary, chosen.groups)
            == format!("{:?}{:?}", alternative.vocabulary, alternative.groups);
    if !same_shape {
        return vec![true; chosen.policies.len()];
    }
    let n = chosen.categories.len();
    let mut changed: Vec<bool> = chosen
        .categories
        .iter()
        .zip(&alternative.categories)
        .map(|(a, b)| format!("{:?}", a.members) != format!("{:?}", b.members))
        .collect();
    // Who reads each category; a category that includes a changed one
    // changes too (breadth first: each category is visited once).
    let mut readers: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, c) in alternative.categories.iter().enumerate() {
        for j in category_ids(&format!("{:?}", c.members)) {
            if let Some(r) = readers.get_mut(j) {
                r.push(i);
            }
        }
    }
    let mut queue: Vec<usize> = (0..n).filter(|i| changed.get(*i).copied().unwrap_or(false)).collect();
    while let Some(j) = queue.pop() {
        for &i in readers.get(j).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(c) = changed.get_mut(i) {
                if !*c {
                    *c = true;
                    queue.push(i);
                }
            }
        }
    }
    chosen
        .policies
        .iter()
        .zip(&alternative.policies)
        .map(|(a, b)| {
            let own = format!("{:?}{:?}{:?}", a.window, a.suspensions, a.rules)
                != format!("{:?}{:?}{:?}", b.window, b.suspensions, b.rules);
            own || category_ids(&format!("{:?}", b.rules)).any(|j| changed.get(j).copied().unwrap_or(true))
        })
        .collect()
}

/// The categories a debug text names (`CategoryId(12)`).
fn category_ids(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.split("CategoryId(").skip(1).filter_map(|rest| {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    })
}
