//! Which readings a portfolio's outcomes depend on: each executable
//! alternative's impact on the shipments, then the pairs of alternatives
//! whose joint effect is not what the two alone predict.
//!
//! Cost. The set under an alternative differs from the chosen set only in
//! the policies whose text, or a category they read, the alternative
//! rewrites; only those policies are decided again (the others keep the
//! chosen set's decisions), so an alternative that rewrites one policy costs
//! a fraction of an evaluation. When an alternative moves only dates (a
//! window, a suspension, the day a list line applies from), only the
//! shipments on a day the two texts treat differently are decided again: on
//! any other day every rule, suspension and list line is in force under
//! both or neither. A pair is decided again only for the policies both
//! alternatives touch; for the others the pair's outcome is put together
//! from the two alternatives' own decisions. Only the shipments something
//! changes are kept, so nothing is copied per shipment per alternative.
//! [`analyse_in_full`] decides every alternative and pair over the whole
//! set and every shipment: the test oracle of this shortcut.

use crate::analysis::impact::{impact_of, Impact};
use crate::decision::{Decision, Decisions, PolicyDecision};
use crate::eval::{evaluate, EvalOptions, Evaluator};
use crate::facts::{Facts, FactsError, FactsSource};
use crate::load::AnyDiagnostic;
use crate::outcome::Outcome;
use crate::policy::PolicySet;
use crate::readings::{readings, under, Reading};
use jiff::civil::Date;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
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

/// How the decisions under an alternative are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    /// Only the policies it touches, on the shipments they may decide differently.
    Parts,
    /// The whole set under it, every shipment (the oracle).
    Full,
}

/// The decisions an alternative (or a pair) changes.
struct Decided {
    /// Which policies of the set it may decide differently; `None` when the
    /// set under it was decided whole.
    mask: Option<Vec<bool>>,
    /// Shipment (index in the facts) → its decision under the alternative,
    /// for each shipment whose outcome, or some policy's outcome, differs
    /// from the chosen decision's.
    decided: BTreeMap<usize, Decision>,
}

/// An alternative decided.
struct Alternative {
    reading: Reading,
    decided: Decided,
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
    analyse_with(set, chosen, facts, source, options, Way::Parts)
}

/// [`analyse`], deciding the whole set under every alternative and every
/// pair, on every shipment: the same report, slowly (the oracle the tests
/// hold the shortcut to).
pub fn analyse_in_full(
    set: &PolicySet,
    chosen: &Decisions,
    facts: &Facts,
    source: &FactsSource,
    options: &EvalOptions,
) -> Result<ReadingsReport, Problem> {
    analyse_with(set, chosen, facts, source, options, Way::Full)
}

fn analyse_with(
    set: &PolicySet,
    chosen: &Decisions,
    facts: &Facts,
    source: &FactsSource,
    options: &EvalOptions,
    way: Way,
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
    let mut changed = BTreeSet::new();
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
            let decided = decide_under(set, chosen, &alt_set, None, facts, source, options, way)?;
            let found = impact_of(
                chosen.decisions.len(),
                decided
                    .decided
                    .iter()
                    .filter_map(|(i, d)| chosen.decisions.get(*i).map(|c| (c, d))),
            );
            if !found.shipments.is_empty() {
                report.matter.push(r.tag.clone());
            }
            for (i, d) in &decided.decided {
                if chosen.decisions.get(*i).is_some_and(|c| c.outcome != d.outcome) {
                    changed.insert(*i);
                }
            }
            entry.impact = Some(found);
            alternatives.push(Alternative { reading: r, decided });
        }
        report.readings.push(entry);
    }
    report.changed = changed
        .iter()
        .filter_map(|i| chosen.decisions.get(*i))
        .map(|d| d.shipment.clone())
        .collect();
    for (i, a) in alternatives.iter().enumerate() {
        for b in alternatives.iter().skip(i + 1) {
            if !report.matter.contains(&a.reading.tag) && !report.matter.contains(&b.reading.tag) {
                continue;
            }
            if let Some(found) = interaction(set, chosen, (a, b), facts, source, options, way)? {
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
    way: Way,
) -> Result<Option<Interaction>, Problem> {
    let tags = [a.reading.tag.clone(), b.reading.tag.clone()];
    // Each policy's outcome comes from the alternative that touches it;
    // those both touch are decided again under both.
    let masks = match (&a.decided.mask, &b.decided.mask) {
        (Some(x), Some(y)) if way == Way::Parts => Some((x, y)),
        _ => None,
    };
    let shared: Option<Vec<bool>> = masks.map(|(x, y)| x.iter().zip(y).map(|(x, y)| *x && *y).collect());
    let joint = match &shared {
        Some(shared) if !shared.iter().any(|s| *s) => None,
        _ => {
            let joint_set = match under(set, &tags) {
                Ok(s) => s,
                // Alternatives that rewrite the same words are not combined.
                Err(_) => return Ok(None),
            };
            Some(decide_under(
                set,
                chosen,
                &joint_set,
                shared.as_deref(),
                facts,
                source,
                options,
                way,
            )?)
        }
    };
    // The shipments that can show an interaction: those something changes.
    let mut touched: BTreeSet<usize> = a
        .decided
        .decided
        .keys()
        .chain(b.decided.decided.keys())
        .copied()
        .collect();
    if let Some(j) = &joint {
        touched.extend(j.decided.keys());
    }
    let mut shipments = Vec::new();
    for i in touched {
        let Some(c) = chosen.decisions.get(i) else {
            continue;
        };
        let x = a.decided.decided.get(&i).unwrap_or(c);
        let y = b.decided.decided.get(&i).unwrap_or(c);
        let both = match (masks, &joint) {
            // Decided whole under both.
            (None, Some(j)) => j.decided.get(&i).map_or(c.outcome, |d| d.outcome),
            (Some((ma, mb)), j) => {
                let j = j.as_ref().and_then(|j| j.decided.get(&i)).unwrap_or(c);
                joint_outcome(set, [c, x, y, j], ma, mb)
            }
            (None, None) => c.outcome,
        };
        let singles: Vec<Outcome> = [x.outcome, y.outcome].into_iter().filter(|o| *o != c.outcome).collect();
        let expected = if singles.is_empty() {
            both == c.outcome
        } else {
            singles.contains(&both)
        };
        if !expected {
            shipments.push(JointChange {
                shipment: c.shipment.clone(),
                chosen: c.outcome,
                first: x.outcome,
                second: y.outcome,
                both,
            });
        }
    }
    Ok((!shipments.is_empty()).then_some(Interaction {
        readings: tags,
        shipments,
    }))
}

/// A shipment's outcome under two alternatives, each policy's outcome taken
/// from the decision that decides it: `[chosen, first, second, joint]`,
/// `ma` and `mb` the policies each alternative touches (those both touch
/// come from the joint decision).
fn joint_outcome(set: &PolicySet, [c, x, y, j]: [&Decision; 4], ma: &[bool], mb: &[bool]) -> Outcome {
    let mut outcome = Outcome::NotControlled;
    for (p, (a, b)) in set.policies.iter().zip(ma.iter().zip(mb)) {
        let from = match (a, b) {
            (true, true) => j,
            (true, false) => x,
            (false, true) => y,
            (false, false) => c,
        };
        outcome = outcome.max(outcome_in(from, &p.id));
    }
    // A policy of the decisions that the set does not have (none, when the
    // shapes agree) keeps its chosen outcome.
    for p in &c.policies {
        if set.policy(&p.policy).is_none() {
            outcome = outcome.max(p.outcome);
        }
    }
    outcome
}

/// A policy's outcome in a decision (not-controlled when it does not decide).
fn outcome_in(d: &Decision, id: &str) -> Outcome {
    let found = match d.policies.binary_search_by(|p| p.policy.as_str().cmp(id)) {
        Ok(k) => d.policies.get(k),
        Err(_) => d.policies.iter().find(|p| p.policy == id),
    };
    found.map_or(Outcome::NotControlled, |p| p.outcome)
}

/// Whether two decisions of a shipment differ in outcome or in some policy's outcome.
fn differs(a: &Decision, b: &Decision) -> bool {
    a.outcome != b.outcome
        || b.policies.iter().any(|p| outcome_in(a, &p.policy) != p.outcome)
        || a.policies.iter().any(|p| outcome_in(b, &p.policy) != p.outcome)
}

/// The facts decided under `alternative`: the shipments whose decision
/// differs from the chosen one. By parts, only the policies it changes (and,
/// given `within`, only those `within` marks) are decided again, on the
/// shipments they may decide differently.
#[allow(clippy::too_many_arguments)]
fn decide_under(
    set: &PolicySet,
    chosen: &Decisions,
    alternative: &PolicySet,
    within: Option<&[bool]>,
    facts: &Facts,
    source: &FactsSource,
    options: &EvalOptions,
    way: Way,
) -> Result<Decided, Problem> {
    let Some(mut changes) = changes(set, alternative).filter(|_| way == Way::Parts) else {
        let all = evaluate(alternative, facts, source, options).map_err(Problem::Facts)?;
        let decided = chosen
            .decisions
            .iter()
            .zip(all.decisions)
            .enumerate()
            .filter(|(_, (c, d))| differs(c, d))
            .map(|(i, (_, d))| (i, d))
            .collect();
        return Ok(Decided { mask: None, decided });
    };
    if let Some(within) = within {
        for (c, w) in changes.iter_mut().zip(within) {
            if !w {
                *c = Change::Same;
            }
        }
    }
    let mask: Vec<bool> = changes.iter().map(|c| *c != Change::Same).collect();
    let ids = ids(set, &mask);
    // The policies the alternative does not change are set aside, so that
    // they cost nothing.
    let mut restricted = alternative.clone();
    for (p, keep) in restricted.policies.iter_mut().zip(&mask) {
        if !keep {
            p.rules.clear();
        }
    }
    // Whether every policy decided again decides under the alternative
    // exactly when it does as chosen: then its decisions replace the chosen
    // ones one for one, and comparing them is enough.
    let same_deciders = set
        .policies
        .iter()
        .zip(&restricted.policies)
        .zip(&mask)
        .all(|((a, b), m)| !m || a.decides() == b.decides());
    let mut decided = BTreeMap::new();
    let mut keep = |i: usize, d: &Decision| {
        let Some(c) = chosen.decisions.get(i) else {
            return;
        };
        if same_deciders && !d.policies.iter().any(|p| outcome_in(c, &p.policy) != p.outcome) {
            return;
        }
        let merged = replace(c, d, &ids);
        if differs(c, &merged) {
            decided.insert(i, merged);
        }
    };
    let by_day = facts.unknowns.is_empty() && changes.iter().all(|c| *c != Change::Whole);
    if by_day {
        let dated = DatedView::new(set, alternative, &changes);
        let mut evaluator = Evaluator::new(&restricted, facts, source);
        let mut days: FxHashMap<Date, bool> = FxHashMap::default();
        let mut count = 0usize;
        for (i, s) in facts.shipments.iter().enumerate() {
            let day = options.as_of.unwrap_or(s.date);
            if !*days.entry(day).or_insert_with(|| dated.differs_on(day)) {
                continue;
            }
            let d = evaluator.decide(i, s, day);
            keep(i, &d);
            count += 1;
            if count % 4_096 == 0 {
                evaluator.trim();
            }
        }
        evaluator.finish().map_err(Problem::Facts)?;
    } else {
        let all = evaluate(&restricted, facts, source, options).map_err(Problem::Facts)?;
        for (i, d) in all.decisions.iter().enumerate() {
            keep(i, d);
        }
    }
    Ok(Decided {
        mask: Some(mask),
        decided,
    })
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

/// The chosen decision `base` with the policies in `from_other` as `other`
/// decides them; the outcome the most restrictive.
fn replace(base: &Decision, other: &Decision, from_other: &BTreeSet<String>) -> Decision {
    let mut policies: Vec<Arc<PolicyDecision>> = base
        .policies
        .iter()
        .filter(|p| !from_other.contains(&p.policy))
        .chain(other.policies.iter().filter(|p| from_other.contains(&p.policy)))
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
        shipment: base.shipment.clone(),
        date: Arc::clone(&base.date),
        outcome,
        policies,
    }
}

/// How an alternative changes a policy or a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Change {
    /// Not at all.
    Same,
    /// Only in its dates: windows, suspensions, versions' first days, or
    /// when the lines of a category it reads apply.
    Dated,
    /// In its text.
    Whole,
}

/// Which policies of `alternative` may decide differently from `chosen`: a
/// policy whose own text (rules, windows, suspensions, versions) differs, or
/// whose rules read a category that differs, directly or through other
/// categories, or whose lines' amending policy's window or suspensions
/// differ. Compared in their debug form, which is exact.
pub fn affected(chosen: &PolicySet, alternative: &PolicySet) -> Vec<bool> {
    match changes(chosen, alternative) {
        Some(c) => c.iter().map(|c| *c != Change::Same).collect(),
        None => vec![true; chosen.policies.len()],
    }
}

/// How `alternative` changes each policy of `chosen`; `None` when the two
/// sets do not have the same policies and categories (or vocabulary).
fn changes(chosen: &PolicySet, alternative: &PolicySet) -> Option<Vec<Change>> {
    let same_shape = chosen.policies.len() == alternative.policies.len()
        && chosen.categories.len() == alternative.categories.len()
        && chosen
            .policies
            .iter()
            .zip(&alternative.policies)
            .all(|(a, b)| a.id == b.id)
        && chosen
            .categories
            .iter()
            .zip(&alternative.categories)
            .all(|(a, b)| a.id == b.id)
        && unspanned(&format!("{:?}{:?}", chosen.vocabulary, chosen.groups))
            == unspanned(&format!("{:?}{:?}", alternative.vocabulary, alternative.groups));
    if !same_shape {
        return None;
    }
    let n = chosen.categories.len();
    let mut category: Vec<Change> = chosen
        .categories
        .iter()
        .zip(&alternative.categories)
        .map(|(a, b)| {
            if unspanned(&format!("{:?}", a.members)) != unspanned(&format!("{:?}", b.members)) {
                return Change::Whole;
            }
            // When a line applies depends on its amending policy being in force.
            let windows = |set: &PolicySet, c: &crate::policy::Category| {
                let by: Vec<String> = c
                    .members
                    .iter()
                    .map(|m| {
                        m.added_by
                            .as_deref()
                            .and_then(|p| set.policy(p))
                            .map(|p| format!("{:?}{:?}", p.window, p.suspensions))
                            .unwrap_or_default()
                    })
                    .collect();
                format!("{:?}{by:?}", c.change_days)
            };
            if windows(chosen, a) == windows(alternative, b) {
                Change::Same
            } else {
                Change::Dated
            }
        })
        .collect();
    // Who reads each category; a category that includes a changed one
    // changes too, as much (each category is visited at most twice: once
    // dated, once whole).
    let mut readers: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, c) in alternative.categories.iter().enumerate() {
        for j in category_ids(&format!("{:?}", c.members)) {
            if let Some(r) = readers.get_mut(j) {
                r.push(i);
            }
        }
    }
    let mut queue: Vec<usize> = (0..n)
        .filter(|i| category.get(*i).is_some_and(|c| *c != Change::Same))
        .collect();
    while let Some(j) = queue.pop() {
        let how = category.get(j).copied().unwrap_or(Change::Whole);
        for &i in readers.get(j).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(c) = category.get_mut(i) {
                if *c < how {
                    *c = how;
                    queue.push(i);
                }
            }
        }
    }
    Some(
        chosen
            .policies
            .iter()
            .zip(&alternative.policies)
            .map(|(a, b)| {
                let own = if unspanned(&format!("{:?}{:?}{:?}", a.window, a.suspensions, unread(&a.rules)))
                    == unspanned(&format!("{:?}{:?}{:?}", b.window, b.suspensions, unread(&b.rules)))
                {
                    Change::Same
                } else if undated(a) == undated(b) {
                    Change::Dated
                } else {
                    Change::Whole
                };
                category_ids(&format!("{:?}", b.rules))
                    .map(|j| category.get(j).copied().unwrap_or(Change::Whole))
                    .fold(own, Change::max)
            })
            .collect(),
    )
}

/// A policy's rules without their quotes, notes and readings (which decide nothing).
fn unread(rules: &[crate::policy::Rule]) -> Vec<crate::policy::Rule> {
    rules
        .iter()
        .map(|r| crate::policy::Rule {
            literate: Vec::new(),
            ..r.clone()
        })
        .collect()
}

/// A policy's text with its dates left out (windows, suspensions' windows,
/// versions' first days) and no spans: two policies with the same undated
/// text decide alike on a day on which [`seen_on`] sees them alike.
fn undated(p: &crate::policy::Policy) -> String {
    let blank = crate::policy::Window::default();
    let suspensions = |s: &[crate::policy::Suspension]| -> Vec<crate::policy::Suspension> {
        s.iter()
            .map(|s| crate::policy::Suspension {
                window: blank,
                ..s.clone()
            })
            .collect()
    };
    let rules: Vec<crate::policy::Rule> = unread(&p.rules)
        .into_iter()
        .map(|mut r| {
            r.window = blank;
            r.suspensions = suspensions(&r.suspensions);
            for v in &mut r.versions {
                v.from = None;
            }
            r
        })
        .collect();
    unspanned(&format!("{:?}{:?}", suspensions(&p.suspensions), rules))
}

/// What of a policy's dates holds on `day`: whether it is in force, which
/// suspension covers it, and for each rule whether it is in force, which
/// suspension covers it and which version is in force.
type Seen = (bool, Option<usize>, Vec<(bool, Option<usize>, Option<usize>)>);

fn seen_on(p: &crate::policy::Policy, day: Date) -> Seen {
    (
        p.window.contains(day),
        p.suspensions.iter().position(|s| s.window.contains(day)),
        p.rules
            .iter()
            .map(|r| {
                (
                    r.window.contains(day),
                    r.suspensions.iter().position(|s| s.window.contains(day)),
                    r.versions.iter().rposition(|v| v.from.is_none_or(|f| f <= day)),
                )
            })
            .collect(),
    )
}

/// The policies and categories an alternative changes only in their dates,
/// to tell the days on which they read alike.
struct DatedView<'s> {
    chosen: &'s PolicySet,
    alternative: &'s PolicySet,
    policies: Vec<usize>,
}

impl<'s> DatedView<'s> {
    fn new(chosen: &'s PolicySet, alternative: &'s PolicySet, changes: &[Change]) -> DatedView<'s> {
        DatedView {
            chosen,
            alternative,
            policies: (0..changes.len())
                .filter(|i| changes.get(*i) == Some(&Change::Dated))
                .collect(),
        }
    }

    /// Whether a policy the alternative dates differently may decide
    /// differently on `day`: its own dates, or a list line of any category
    /// (whose applying depends on its amending policy's dates), differ.
    fn differs_on(&self, day: Date) -> bool {
        let policies =
            self.policies.iter().any(
                |&i| match (self.chosen.policies.get(i), self.alternative.policies.get(i)) {
                    (Some(a), Some(b)) => seen_on(a, day) != seen_on(b, day),
                    _ => true,
                },
            );
        policies
            || self
                .chosen
                .categories
                .iter()
                .zip(&self.alternative.categories)
                .any(|(a, b)| {
                    a.members
                        .iter()
                        .map(|m| crate::eval::line_applies(self.chosen, m, day))
                        .ne(b
                            .members
                            .iter()
                            .map(|m| crate::eval::line_applies(self.alternative, m, day)))
                })
    }
}

/// A debug text without its spans (`Span { file: FileId(0), start: 1, end: 2 }`):
/// where a text sits in its file decides nothing.
fn unspanned(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("Span {") {
        out.push_str(rest.get(..at).unwrap_or(""));
        out.push_str("Span");
        match rest.get(at..).and_then(|r| r.find('}')) {
            Some(end) => rest = rest.get(at + end + 1..).unwrap_or(""),
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The categories a debug text names (`CategoryId(12)`).
fn category_ids(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.split("CategoryId(").skip(1).filter_map(|rest| {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    })
}
