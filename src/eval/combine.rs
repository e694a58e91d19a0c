//! Rule outcomes → a policy's outcome, by the precedence written in the
//! source: a rule that `yields to` another stands back when that one holds;
//! an exception replaces the requirements it `exempts`; an escalation
//! `raises` a requirement that still stands. The findings say which won.

use super::{Ctx, Evaluator};
use crate::decision::{Finding, PolicyDecision};
use crate::outcome::Outcome;
use crate::policy::{Condition, Effect, Policy, RuleVersion, Test};
use std::sync::Arc;

/// What depends on the day only.
pub(crate) struct Day {
    /// The day as the decision writes it (`2025-12-01`).
    pub(crate) text: Arc<str>,
    /// For each policy of the set (by index), its decision on the day if
    /// it is not in force then (`None` if it is).
    pub(crate) out_of_force: Vec<Option<Arc<PolicyDecision>>>,
}

/// How each rule of a policy stands on the day.
struct Standing<'p> {
    version: Option<&'p RuleVersion>,
    holds: bool,
    applies: bool,
    exempted_by: Option<usize>,
}

impl Evaluator<'_> {
    /// The decision of policy number `index` (in the set), in force on the
    /// shipment's day. A decision that depends only on the policy (nothing
    /// applies) is made once and shared.
    pub(crate) fn policy_decision(&mut self, index: usize, policy: &Policy, ctx: Ctx<'_>) -> Arc<PolicyDecision> {
        let d = self.in_force_decision(policy, ctx);
        if d.findings.is_empty() {
            return self.nothing_applies(index, policy);
        }
        Arc::new(d)
    }

    /// What depends on the day only, made once per day and shared by every
    /// shipment of the day.
    pub(crate) fn day(&mut self, day: jiff::civil::Date) -> Arc<Day> {
        if let Some(known) = self.days.get(&day) {
            return Arc::clone(known);
        }
        let set = self.set;
        let out_of_force = set
            .policies
            .iter()
            .map(|p| (!p.in_force_on(day)).then(|| Arc::new(self.out_of_force(p, day))))
            .collect();
        let known = Arc::new(Day {
            text: day.to_string().into(),
            out_of_force,
        });
        self.days.insert(day, Arc::clone(&known));
        known
    }

    /// The shared decision of a policy in force of which no rule applies.
    fn nothing_applies(&mut self, index: usize, policy: &Policy) -> Arc<PolicyDecision> {
        if let Some(Some(d)) = self.nothing_applies.get(index) {
            return d.clone();
        }
        let d = Arc::new(PolicyDecision {
            policy: policy.id.clone(),
            outcome: Outcome::NotControlled,
            findings: Vec::new(),
        });
        if self.nothing_applies.len() <= index {
            self.nothing_applies.resize(index + 1, None);
        }
        if let Some(slot) = self.nothing_applies.get_mut(index) {
            *slot = Some(d.clone());
        }
        d
    }

    /// Why a policy is not in force (not yet, no longer, or suspended).
    fn out_of_force(&self, policy: &Policy, day: jiff::civil::Date) -> PolicyDecision {
        if !policy.window.contains(day) {
            return not_in_force(policy, day);
        }
        match policy.suspensions.iter().find(|s| s.window.contains(day)) {
            Some(s) => PolicyDecision {
                policy: policy.id.clone(),
                outcome: Outcome::NotControlled,
                findings: vec![Finding {
                    rule: s.by.clone(),
                    outcome: Outcome::NotControlled,
                    cite: s.cite.clone(),
                    because: vec![format!(
                        "{} is suspended {} by {} on {day}",
                        policy.id,
                        s.window.describe(),
                        s.by_policy
                    )],
                }],
            },
            None => not_in_force(policy, day),
        }
    }

    /// The decision of a policy in force on the day.
    fn in_force_decision(&mut self, policy: &Policy, ctx: Ctx<'_>) -> PolicyDecision {
        self.in_force_decision_with(policy, ctx, true)
    }

    /// The outcome only: findings without their reasons (for timelines).
    pub(crate) fn policy_outcome_only(&mut self, policy: &Policy, ctx: Ctx<'_>) -> Outcome {
        if !policy.in_force_on(ctx.day) {
            return Outcome::NotControlled;
        }
        self.in_force_decision_with(policy, ctx, false).outcome
    }

    fn in_force_decision_with(&mut self, policy: &Policy, ctx: Ctx<'_>, explain: bool) -> PolicyDecision {
        let day = ctx.day;
        // A share of a zero value is an error whenever a rule in force asks
        // for one, whether or not the rule's other tests would let the
        // evaluation reach it (the facts contract): so eval and explain,
        // which evaluate different parts of a condition, agree.
        let item = ctx.shipment.item;
        if self.facts.item(item).value.is_some_and(|v| v.is_zero()) && asks_for_a_share(policy, day) {
            self.zero_value(item);
        }
        // Most shipments meet no rule of most policies: find that out
        // without allocating, and share one decision for it.
        let any_holds = policy.rules.iter().any(|r| {
            r.window.contains(day)
                && r.suspended_on(day).is_none()
                && r.version_on(day)
                    .is_some_and(|v| v.condition.as_ref().is_none_or(|c| self.holds(c, ctx)))
        });
        if !any_holds {
            return PolicyDecision {
                policy: String::new(),
                outcome: Outcome::NotControlled,
                findings: Vec::new(),
            };
        }
        let mut standing: Vec<Standing<'_>> = policy
            .rules
            .iter()
            .map(|r| {
                let version = if r.window.contains(day) && r.suspended_on(day).is_none() {
                    r.version_on(day)
                } else {
                    None
                };
                Standing {
                    version,
                    holds: false,
                    applies: false,
                    exempted_by: None,
                }
            })
            .collect();
        for s in &mut standing {
            if let Some(v) = s.version {
                s.holds = match &v.condition {
                    Some(c) => self.holds(c, ctx),
                    None => true,
                };
            }
        }
        if !standing.iter().any(|s| s.holds) {
            // Nothing applies: the caller shares one decision for this case.
            return PolicyDecision {
                policy: String::new(),
                outcome: Outcome::NotControlled,
                findings: Vec::new(),
            };
        }
        let holds: Vec<bool> = standing.iter().map(|s| s.holds).collect();
        for s in &mut standing {
            if let Some(v) = s.version {
                s.applies = s.holds && v.yields.iter().all(|y| !holds.get(*y).copied().unwrap_or(false));
            }
        }
        let effective = effective_exceptions(&standing);
        for (e, is_effective) in effective.iter().enumerate() {
            if !is_effective {
                continue;
            }
            if let Some(Effect::Exempts(targets)) = standing.get(e).and_then(|s| s.version).map(|v| &v.effect) {
                for t in targets {
                    if let Some(s) = standing.get_mut(*t) {
                        if s.exempted_by.is_none() {
                            s.exempted_by = Some(e);
                        }
                    }
                }
            }
        }
        self.findings(policy, &standing, &effective, ctx, explain)
    }

    fn findings(
        &mut self,
        policy: &Policy,
        standing: &[Standing<'_>],
        effective: &[bool],
        ctx: Ctx<'_>,
        explain: bool,
    ) -> PolicyDecision {
        // Requirements that stand after exceptions, with their levels.
        let mut levels: Vec<Option<Outcome>> = vec![None; standing.len()];
        let mut findings: Vec<(usize, Finding)> = Vec::new();
        for (i, s) in standing.iter().enumerate() {
            let (Some(v), true) = (s.version, s.applies) else {
                continue;
            };
            let Some(rule) = policy.rules.get(i) else { continue };
            if let Effect::Outcome {
                outcome,
                listing_attribute,
            } = &v.effect
            {
                self.caught_listings.clear();
                let mut because = if explain || listing_attribute.is_some() {
                    self.explain(v, ctx)
                } else {
                    Vec::new()
                };
                let mut level = *outcome;
                if let Some(attr) = listing_attribute {
                    level = level.max(self.listing_outcome(attr, &mut because));
                }
                let cite = version_cite(rule, v);
                match s.exempted_by {
                    Some(e) => {
                        let by = policy
                            .rules
                            .get(e)
                            .map_or_else(String::new, |r| format!("{} ({})", r.id, r.article));
                        because.push(format!("exempted by {by}"));
                        findings.push((i, finding(&rule.id, Outcome::Exempt, cite, because)));
                    }
                    None => {
                        levels[i] = Some(level);
                        findings.push((i, finding(&rule.id, level, cite, because)));
                    }
                }
            }
        }
        for (i, s) in standing.iter().enumerate() {
            let (Some(v), true) = (s.version, s.applies) else {
                continue;
            };
            let Some(rule) = policy.rules.get(i) else { continue };
            match &v.effect {
                Effect::Raises { by, to } if s.exempted_by.is_none() => {
                    let raised: Vec<usize> = (0..standing.len())
                        .filter(|t| by.as_ref().is_none_or(|b| b.contains(t)))
                        .filter(|t| {
                            levels
                                .get(*t)
                                .copied()
                                .flatten()
                                .is_some_and(|l| l >= Outcome::LicenceRequired)
                        })
                        .collect();
                    if raised.is_empty() {
                        continue;
                    }
                    let mut because = if explain { self.explain(v, ctx) } else { Vec::new() };
                    let names: Vec<&str> = raised
                        .iter()
                        .filter_map(|t| policy.rules.get(*t).map(|r| r.id.as_str()))
                        .collect();
                    because.push(format!("raises the licence required by {} to {to}", names.join(", ")));
                    findings.push((i, finding(&rule.id, *to, version_cite(rule, v), because)));
                }
                Effect::Exempts(targets) if effective.get(i).copied().unwrap_or(false) => {
                    let exempted: Vec<&str> = targets
                        .iter()
                        .filter(|t| standing.get(**t).is_some_and(|x| x.applies && x.exempted_by == Some(i)))
                        .filter_map(|t| policy.rules.get(*t).map(|r| r.id.as_str()))
                        .collect();
                    if exempted.is_empty() {
                        continue;
                    }
                    let mut because = if explain { self.explain(v, ctx) } else { Vec::new() };
                    because.push(format!("exempts the shipment from {}", exempted.join(", ")));
                    findings.push((i, finding(&rule.id, Outcome::Exempt, version_cite(rule, v), because)));
                }
                _ => {}
            }
        }
        findings.sort_by_key(|(i, _)| *i);
        let findings: Vec<Finding> = findings.into_iter().map(|(_, f)| f).collect();
        PolicyDecision {
            policy: policy.id.clone(),
            outcome: findings
                .iter()
                .map(|f| f.outcome)
                .max()
                .unwrap_or(Outcome::NotControlled),
            findings,
        }
    }

    /// The strictest review policy that the listings behind the current rule
    /// state, as an outcome.
    fn listing_outcome(&mut self, attr: &str, because: &mut Vec<String>) -> Outcome {
        let mut level = Outcome::NotControlled;
        let listings = std::mem::take(&mut self.caught_listings);
        for li in &listings {
            let Some(listing) = self.facts.listings.get(*li as usize) else {
                continue;
            };
            let Some(value) = listing.attributes.get(attr) else {
                continue;
            };
            let text = match value {
                crate::facts::AttributeValue::Text(t) => t.clone(),
                _ => String::new(),
            };
            match Outcome::from_word(&text) {
                Some(o) => {
                    if o > level {
                        level = o;
                    }
                    let party = &self.facts.party(listing.party).id;
                    because.push(format!("the {} entry of {party} states {attr} {o}", listing.list));
                }
                None => self.problem(
                    "edict::facts::invalid-listing-attribute",
                    format!("listings[{li}].attributes.{attr}"),
                    format!("`listings[{li}].attributes.{attr}` is not an outcome"),
                    "not an outcome",
                    Some("write one of licence-required, case-by-case, presumption-of-denial or prohibited".into()),
                ),
            }
        }
        self.caught_listings = listings;
        level
    }
}

/// Which exceptions take effect: their rule applies and no effective
/// exception exempts them. The checker guarantees the graph is acyclic.
fn effective_exceptions(standing: &[Standing<'_>]) -> Vec<bool> {
    let n = standing.len();
    let mut state: Vec<Option<bool>> = vec![None; n];
    fn resolve(i: usize, standing: &[Standing<'_>], state: &mut Vec<Option<bool>>, depth: usize) -> bool {
        if let Some(Some(known)) = state.get(i) {
            return *known;
        }
        let applies = standing.get(i).is_some_and(|s| s.applies);
        let exempted = depth < standing.len()
            && applies
            && (0..standing.len()).any(|e| {
                let targets_i = matches!(
                    standing.get(e).and_then(|s| s.version).map(|v| &v.effect),
                    Some(Effect::Exempts(t)) if t.contains(&i)
                );
                targets_i && resolve(e, standing, state, depth + 1)
            });
        let is_exception = matches!(
            standing.get(i).and_then(|s| s.version).map(|v| &v.effect),
            Some(Effect::Exempts(_))
        );
        let result = is_exception && applies && !exempted;
        if let Some(slot) = state.get_mut(i) {
            *slot = Some(result);
        }
        result
    }
    (0..n).map(|i| resolve(i, standing, &mut state, 0)).collect()
}

fn finding(rule: &str, outcome: Outcome, cite: String, because: Vec<String>) -> Finding {
    Finding {
        rule: rule.to_string(),
        outcome,
        cite,
        because,
    }
}

fn version_cite(rule: &crate::policy::Rule, v: &RuleVersion) -> String {
    match &v.amended_by {
        Some((_, cite)) => format!("{}, as amended by {cite}", rule.cite),
        None => rule.cite.clone(),
    }
}

fn not_in_force(policy: &Policy, day: jiff::civil::Date) -> PolicyDecision {
    let why = match (policy.window.from, policy.window.until) {
        (Some(f), _) if day < f => format!("{} is not yet in force on {day}: it takes effect on {f}", policy.id),
        _ => format!(
            "{} is no longer in force on {day}: it was in force {}",
            policy.id,
            policy.window.describe()
        ),
    };
    PolicyDecision {
        policy: policy.id.clone(),
        outcome: Outcome::NotControlled,
        findings: vec![Finding {
            rule: policy.id.clone(),
            outcome: Outcome::NotControlled,
            cite: policy.cite(""),
            because: vec![why],
        }],
    }
}

/// Whether a rule of `policy` in force on `day` tests a content share (of
/// the shipped item's value). The walk keeps its own stack: conditions nest
/// as deep as the parser allows.
fn asks_for_a_share(policy: &Policy, day: jiff::civil::Date) -> bool {
    let mut pending: Vec<&Condition> = policy
        .rules
        .iter()
        .filter(|r| r.window.contains(day) && r.suspended_on(day).is_none())
        .filter_map(|r| r.version_on(day).and_then(|v| v.condition.as_ref()))
        .collect();
    while let Some(c) = pending.pop() {
        match c {
            Condition::All(parts) | Condition::Any(parts) => pending.extend(parts),
            Condition::Not(inner) => pending.push(inner),
            Condition::Test(test, _) => {
                if matches!(**test, Test::ContentShare { .. }) {
                    return true;
                }
            }
        }
    }
    false
}
