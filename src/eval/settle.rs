//! Deciding the shipments that unknown facts reach: in every world (see
//! `worlds.rs`), then keeping what all worlds agree on. A decision the
//! worlds disagree on is *undetermined*: its range of outcomes, and for
//! each unknown fact it depends on, where each of its values leads.
//!
//! Evaluating every world rather than each test three-valued gives the
//! exact range, not a bound of it: `A or not A` with `A` unknown is
//! decided, and a rule that the rest of its condition already decides does
//! not depend on the unknown test at all.

use super::worlds::{self, Domains, Reach, Value};
use super::{EvalOptions, Evaluator};
use crate::decision::{Decision, Finding, Lead, OutcomeRange, PolicyDecision, Settling, Undetermined};
use crate::facts::{Facts, FactsError, FactsSource, Shipment};
use crate::outcome::Outcome;
use crate::policy::PolicySet;
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The most worlds one shipment is decided in: beyond, evaluation stops
/// with `too-many-unknowns` rather than guess or take minutes.
pub const MAX_WORLDS: usize = 65_536;

/// What the worlds give for the shipments of one group of unknown facts.
type Judged = Vec<(usize, Decision, Option<Undetermined>)>;

/// The shipments that unknown facts can reach, grouped by the unknown
/// facts (positions in `Facts::unknowns`) that reach them: a group is
/// decided together, in one evaluator per world.
pub(crate) type Groups = BTreeMap<Vec<u32>, Vec<usize>>;

/// The shipments unknown facts can reach, grouped (see [`Groups`]).
pub(crate) fn groups(facts: &Facts) -> Groups {
    let mut reach = Reach::new(facts);
    let mut groups = Groups::new();
    for i in 0..facts.shipments.len() {
        let unknowns = reach.of_shipment(i);
        if !unknowns.is_empty() {
            groups.entry(unknowns).or_default().push(i);
        }
    }
    groups
}

/// Decides, in every world, each shipment of `groups`, into its place in
/// `decisions`; returns what is undetermined, in the order of the decisions.
pub(crate) fn settle(
    set: &PolicySet,
    facts: &Facts,
    source: &FactsSource,
    options: &EvalOptions,
    groups: &Groups,
    decisions: &mut [Decision],
) -> Result<Vec<Undetermined>, Vec<FactsError>> {
    let domains = Domains::new(set, facts);
    // One copy of the facts, whose unknown fields each world sets. A group's
    // worlds leave other groups' fields as they found them or set fields no
    // shipment of another group can reach, so no field needs resetting.
    let mut scratch = facts.clone();
    let mut undetermined = Vec::new();
    let mut errors = Vec::new();
    for (unknowns, shipments) in groups {
        let group = Group {
            unknowns,
            shipments,
            domains: &domains,
        };
        match group.decide(set, facts, &mut scratch, source, options) {
            Ok(judged) => {
                for (i, decision, u) in judged {
                    if let Some(slot) = decisions.get_mut(i) {
                        *slot = decision;
                    }
                    undetermined.extend(u);
                }
            }
            Err(found) => errors.extend(found),
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(FactsError::offset);
        return Err(errors);
    }
    undetermined.sort_by_key(|u| u.decision);
    Ok(undetermined)
}

/// Shipments reached by the same unknown facts.
struct Group<'g> {
    /// Positions in `Facts::unknowns`, sorted.
    unknowns: &'g [u32],
    /// Positions in `Facts::shipments`.
    shipments: &'g [usize],
    domains: &'g Domains,
}

impl Group<'_> {
    /// How many values each unknown fact takes.
    fn sizes(&self) -> Vec<usize> {
        let values = &self.domains.values;
        self.unknowns
            .iter()
            .map(|&u| values.get(u as usize).map_or(1, Vec::len).max(1))
            .collect()
    }

    /// The value unknown number `k` (of this group) has in world `w`.
    fn value_in(&self, sizes: &[usize], k: usize, w: usize) -> Option<(usize, Value)> {
        let stride: usize = sizes.iter().take(k).product();
        let size = *sizes.get(k)?;
        let digit = (w / stride) % size;
        let u = *self.unknowns.get(k)? as usize;
        let value = *self.domains.values.get(u)?.get(digit)?;
        Some((digit, value))
    }

    fn decide(
        &self,
        set: &PolicySet,
        facts: &Facts,
        scratch: &mut Facts,
        source: &FactsSource,
        options: &EvalOptions,
    ) -> Result<Judged, Vec<FactsError>> {
        let sizes = self.sizes();
        let decided = self.in_every_world(set, facts, scratch, source, options)?;
        Ok(self
            .shipments
            .iter()
            .zip(decided)
            .map(|(&i, worlds)| {
                let (decision, u) = self.judge(facts, &sizes, i, worlds);
                (i, decision, u)
            })
            .collect())
    }

    /// Sets the unknown facts of the group in `scratch` to their values in world `w`.
    fn enter(&self, facts: &Facts, scratch: &mut Facts, sizes: &[usize], w: usize) {
        for k in 0..self.unknowns.len() {
            let u = self.unknowns.get(k).and_then(|&u| facts.unknowns.get(u as usize));
            if let (Some(u), Some((_, value))) = (u, self.value_in(sizes, k, w)) {
                worlds::assign(scratch, u, value);
            }
        }
    }

    /// For each shipment of the group, its decision in each world.
    fn in_every_world(
        &self,
        set: &PolicySet,
        facts: &Facts,
        scratch: &mut Facts,
        source: &FactsSource,
        options: &EvalOptions,
    ) -> Result<Vec<Vec<Decision>>, Vec<FactsError>> {
        let sizes = self.sizes();
        let count = sizes
            .iter()
            .try_fold(1usize, |n, &s| n.checked_mul(s).filter(|&n| n <= MAX_WORLDS));
        let Some(count) = count else {
            return Err(vec![self.too_many(facts, source, &sizes)]);
        };
        // For each shipment of the group, its decision in each world.
        let mut decided: Vec<Vec<Decision>> = vec![Vec::with_capacity(count); self.shipments.len()];
        for w in 0..count {
            self.enter(facts, scratch, &sizes, w);
            let mut evaluator = Evaluator::new(set, &*scratch, source);
            for (&i, worlds) in self.shipments.iter().zip(&mut decided) {
                if let Some(s) = scratch.shipments.get(i) {
                    worlds.push(evaluator.decide(i, s, options.as_of.unwrap_or(s.date)));
                }
            }
            evaluator.finish()?;
        }
        Ok(decided)
    }

    /// The decision the worlds agree on, and what they do not agree on.
    fn judge(
        &self,
        facts: &Facts,
        sizes: &[usize],
        index: usize,
        mut worlds: Vec<Decision>,
    ) -> (Decision, Option<Undetermined>) {
        let range = range_of(worlds.iter().map(|d| d.outcome));
        let assumed = self.assumed(facts, sizes);
        let width = worlds.first().map_or(0, |d| d.policies.len());
        let mut policies = Vec::with_capacity(width);
        let mut open = Vec::new();
        for p in 0..width {
            let of = |d: &Decision| d.policies.get(p).cloned();
            let all: Vec<Arc<PolicyDecision>> = worlds.iter().filter_map(of).collect();
            let Some(first) = all.first() else { continue };
            let r = range_of(all.iter().map(|d| d.outcome));
            if !r.is_settled() {
                open.push((p, r));
                policies.push(Arc::new(PolicyDecision {
                    policy: first.policy.clone(),
                    outcome: r.at_most,
                    findings: Vec::new(),
                }));
            } else if all.iter().all(|d| d == first) {
                policies.push(Arc::clone(first));
            } else {
                policies.push(Arc::new(with_assumption(first, &assumed)));
            }
        }
        let settled_by = if range.is_settled() {
            Vec::new()
        } else {
            self.settling(facts, sizes, range, &worlds)
        };
        let (shipment, date) = match worlds.first_mut() {
            Some(first) => (std::mem::take(&mut first.shipment), Arc::clone(&first.date)),
            None => (
                facts.shipments.get(index).map(|s| s.id.clone()).unwrap_or_default(),
                Arc::from(""),
            ),
        };
        let decision = Decision {
            shipment,
            date,
            outcome: range.at_most,
            policies,
        };
        let undetermined = (!range.is_settled()).then_some(Undetermined {
            decision: index,
            range,
            policies: open,
            settled_by,
        });
        (decision, undetermined)
    }

    /// "the origin of dy-oxide as AD, …": the values of world 0.
    fn assumed(&self, facts: &Facts, sizes: &[usize]) -> String {
        self.assumed_in(facts, sizes, 0)
    }

    /// "the origin of dy-oxide as CN, …": the values of world `w`.
    fn assumed_in(&self, facts: &Facts, sizes: &[usize], w: usize) -> String {
        let parts: Vec<String> = (0..self.unknowns.len())
            .filter_map(|k| {
                let u = facts.unknowns.get(*self.unknowns.get(k)? as usize)?;
                let (_, v) = self.value_in(sizes, k, w)?;
                Some(format!(
                    "{} taken as {}",
                    worlds::fact_words(facts, u),
                    worlds::value_text(u, v)
                ))
            })
            .collect();
        parts.join(", ")
    }

    /// For each unknown fact the range depends on, where each value leads:
    /// those that settle the outcome alone first, then in file order.
    fn settling(&self, facts: &Facts, sizes: &[usize], overall: OutcomeRange, decided: &[Decision]) -> Vec<Settling> {
        let mut all = Vec::new();
        for (k, &size) in sizes.iter().enumerate() {
            let Some(u) = self.unknowns.get(k).and_then(|&u| facts.unknowns.get(u as usize)) else {
                continue;
            };
            // For each value: its range, and the first world that has it.
            let mut by_value: Vec<Option<(OutcomeRange, usize, Value)>> = vec![None; size];
            for (w, d) in decided.iter().enumerate() {
                let Some((digit, value)) = self.value_in(sizes, k, w) else {
                    continue;
                };
                if let Some(slot) = by_value.get_mut(digit) {
                    *slot = Some(match *slot {
                        Some((r, first, v)) => (widen(r, d.outcome), first, v),
                        None => (range_of([d.outcome]), w, value),
                    });
                }
            }
            let by_value: Vec<(OutcomeRange, usize, Value)> = by_value.into_iter().flatten().collect();
            if by_value.iter().all(|(r, _, _)| *r == overall) {
                continue;
            }
            let values = by_value
                .iter()
                .map(|&(range, w, v)| Lead {
                    value: worlds::value_text(u, v),
                    range,
                    because: lead_words(&worlds::condition_words(facts, u, v), range, decided.get(w)),
                })
                .collect();
            let (source, fact) = u.stated_at();
            all.push(Settling {
                fact: fact.to_string(),
                source: source.map(str::to_string),
                what: worlds::fact_words(facts, u),
                settles: by_value.iter().all(|(r, _, _)| r.is_settled()),
                values,
            });
        }
        all.sort_by_key(|s| !s.settles);
        all
    }

    /// `too-many-unknowns`, at the group's first shipment.
    fn too_many(&self, facts: &Facts, source: &FactsSource, sizes: &[usize]) -> FactsError {
        let first = self.shipments.first().copied().unwrap_or(0);
        let id = facts.shipments.get(first).map_or("", |s| s.id.as_str());
        self.too_many_at(facts, source, sizes, id, &format!("shipments[{first}]"))
    }

    /// `too-many-unknowns` for shipment `id`, at JSON path `path`.
    fn too_many_at(&self, facts: &Facts, source: &FactsSource, sizes: &[usize], id: &str, path: &str) -> FactsError {
        let paths: Vec<&str> = self
            .unknowns
            .iter()
            .filter_map(|&u| facts.unknowns.get(u as usize))
            .map(|u| u.path.as_str())
            .take(6)
            .collect();
        let combinations = sizes
            .iter()
            .try_fold(1u128, |n, &s| n.checked_mul(s as u128))
            .map_or_else(|| "more than 10^38".to_string(), |n| n.to_string());
        crate::facts::at_path(
            source,
            "edict::facts::too-many-unknowns",
            path,
            format!(
                "shipment `{id}` depends on {} unknown facts whose values make {combinations} combinations; \
                 edict decides a shipment in at most {MAX_WORLDS}",
                self.unknowns.len()
            ),
            "this shipment".to_string(),
            Some(format!(
                "state some of these facts, or narrow their ranges: {}",
                paths.join(", ")
            )),
        )
    }
}

/// Shipments decided one at a time in every world of the unknown facts
/// that reach them, on given days: `edict timeline` (a shipment on each day
/// its outcome may change) and `edict eval --shipments` (a stream's
/// shipments, which are not the world's own). Each day's decision is made
/// exactly as `eval` makes it with `--as-of` that day: the same worlds, the
/// same judgement of what they agree on.
pub struct Uncertain<'f> {
    set: &'f PolicySet,
    facts: &'f Facts,
    source: &'f FactsSource,
    reach: Reach<'f>,
    domains: Domains,
    /// A copy of the facts whose unknown fields each world sets, made when
    /// a shipment first needs it. A world sets every unknown field that can
    /// reach the shipment decided, so no field needs resetting.
    scratch: Option<Box<Facts>>,
}

/// A shipment's decision on one day, and what is undetermined about it.
pub type Judgement = (Decision, Option<Undetermined>);

impl<'f> Uncertain<'f> {
    /// Ready to decide shipments against `facts` under `set`.
    pub fn new(set: &'f PolicySet, facts: &'f Facts, source: &'f FactsSource) -> Uncertain<'f> {
        Uncertain {
            set,
            facts,
            source,
            reach: Reach::new(facts),
            domains: Domains::new(set, facts),
            scratch: None,
        }
    }

    /// Shipment `shipment` decided in every world on each of `days`: for
    /// each day, the decision and what is undetermined about it (numbered
    /// `index`). `None` when no unknown fact can reach the shipment: it is
    /// decided as in version 1. `path` is where `too-many-unknowns` points.
    pub fn decide(
        &mut self,
        index: usize,
        shipment: &Shipment,
        days: &[Date],
        path: &str,
    ) -> Result<Option<Vec<Judgement>>, Vec<FactsError>> {
        let unknowns = self.reach.of(shipment);
        if unknowns.is_empty() {
            return Ok(None);
        }
        let shipments = [index];
        let group = Group {
            unknowns: &unknowns,
            shipments: &shipments,
            domains: &self.domains,
        };
        let sizes = group.sizes();
        let count = sizes
            .iter()
            .try_fold(1usize, |n, &s| n.checked_mul(s).filter(|&n| n <= MAX_WORLDS));
        let Some(count) = count else {
            return Err(vec![group.too_many_at(
                self.facts,
                self.source,
                &sizes,
                &shipment.id,
                path,
            )]);
        };
        let facts = self.facts;
        let scratch = self.scratch.get_or_insert_with(|| Box::new(facts.clone()));
        let mut by_day: Vec<Vec<Decision>> = vec![Vec::with_capacity(count); days.len()];
        for w in 0..count {
            group.enter(facts, scratch, &sizes, w);
            let mut evaluator = Evaluator::new(self.set, scratch, self.source);
            for (&day, worlds) in days.iter().zip(&mut by_day) {
                worlds.push(evaluator.decide(index, shipment, day));
            }
            evaluator.finish()?;
        }
        Ok(Some(
            by_day
                .into_iter()
                .map(|worlds| group.judge(facts, &sizes, index, worlds))
                .collect(),
        ))
    }
}

/// One shipment decided in every world, for `explain`.
pub struct Settled {
    /// The decision, as `eval` makes it.
    pub decision: Decision,
    /// What is undetermined about it, if anything.
    pub undetermined: Option<Undetermined>,
    /// The facts in a world where the shipment has its most restrictive
    /// outcome (for a step-by-step justification of that outcome).
    pub world: Facts,
    /// The values of the unknown facts in that world, in words.
    pub assumed: String,
}

/// Shipment `index` decided on `day` in every world of the unknown facts
/// that reach it; `None` when none does (it is decided as in version 1).
pub fn settle_one(
    set: &PolicySet,
    facts: &Facts,
    source: &FactsSource,
    index: usize,
    day: jiff::civil::Date,
) -> Result<Option<Settled>, Vec<FactsError>> {
    let unknowns = Reach::new(facts).of_shipment(index);
    if unknowns.is_empty() {
        return Ok(None);
    }
    let domains = Domains::new(set, facts);
    let shipments = [index];
    let group = Group {
        unknowns: &unknowns,
        shipments: &shipments,
        domains: &domains,
    };
    let options = EvalOptions {
        as_of: Some(day),
        threads: 1,
    };
    let mut world = facts.clone();
    let sizes = group.sizes();
    let worlds = group
        .in_every_world(set, facts, &mut world, source, &options)?
        .pop()
        .unwrap_or_default();
    let strictest = worlds
        .iter()
        .enumerate()
        .max_by_key(|(w, d)| (d.outcome, std::cmp::Reverse(*w)))
        .map_or(0, |(w, _)| w);
    group.enter(facts, &mut world, &sizes, strictest);
    let assumed = group.assumed_in(facts, &sizes, strictest);
    let (decision, undetermined) = group.judge(facts, &sizes, index, worlds);
    Ok(Some(Settled {
        decision,
        undetermined,
        world,
        assumed,
    }))
}

/// The least and most restrictive of `outcomes` (not-controlled for none).
fn range_of(outcomes: impl IntoIterator<Item = Outcome>) -> OutcomeRange {
    let mut outcomes = outcomes.into_iter();
    let first = outcomes.next().unwrap_or(Outcome::NotControlled);
    outcomes.fold(
        OutcomeRange {
            at_least: first,
            at_most: first,
        },
        widen,
    )
}

fn widen(r: OutcomeRange, o: Outcome) -> OutcomeRange {
    OutcomeRange {
        at_least: r.at_least.min(o),
        at_most: r.at_most.max(o),
    }
}

/// A policy decision whose outcome is the same in every world but whose
/// reasons are those of one world: each finding says so.
fn with_assumption(d: &PolicyDecision, assumed: &str) -> PolicyDecision {
    let note = format!("(the outcome is the same whatever the unknown facts are; these reasons take {assumed})");
    PolicyDecision {
        policy: d.policy.clone(),
        outcome: d.outcome,
        findings: d
            .findings
            .iter()
            .map(|f| {
                let mut because = f.because.clone();
                because.push(note.clone());
                Finding { because, ..f.clone() }
            })
            .collect(),
    }
}

/// "if the origin of dy-oxide is CN: licence-required (policy.rule: reasons)".
fn lead_words(condition: &str, range: OutcomeRange, world: Option<&Decision>) -> String {
    if !range.is_settled() {
        return format!(
            "{condition}: still undetermined, from {} to {}",
            range.at_least, range.at_most
        );
    }
    let outcome = range.at_most;
    let reasons: Vec<String> = world
        .into_iter()
        .flat_map(|d| &d.policies)
        .flat_map(|p| {
            p.findings
                .iter()
                .filter(|f| f.outcome == outcome && outcome != Outcome::NotControlled)
                .map(move |f| format!("{}.{}: {}", p.policy, f.rule, f.because.join("; ")))
        })
        .collect();
    if reasons.is_empty() {
        format!("{condition}: {outcome}")
    } else {
        format!("{condition}: {outcome} ({})", reasons.join(" | "))
    }
}
