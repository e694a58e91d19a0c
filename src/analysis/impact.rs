//! Which shipments change outcome between two versions of the law.

use crate::decision::{Decision, Decisions};
use crate::outcome::Outcome;
use serde::Serialize;

/// The shipments whose outcome changes, and a count by direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Impact {
    /// One entry per shipment whose overall or per-policy outcome changes.
    pub shipments: Vec<ShipmentImpact>,
    /// How many shipments became stricter, looser, or changed only within policies.
    pub summary: ImpactSummary,
}

/// Counts of changed shipments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct ImpactSummary {
    /// Shipments evaluated.
    pub shipments: usize,
    /// Overall outcome more restrictive.
    pub stricter: usize,
    /// Overall outcome less restrictive.
    pub looser: usize,
    /// Same overall outcome, but some policy's outcome changed.
    pub within_policies: usize,
}

/// One shipment's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShipmentImpact {
    /// The shipment id.
    pub shipment: String,
    /// The day evaluated.
    pub date: String,
    /// Overall outcome before.
    pub from: Outcome,
    /// Overall outcome after.
    pub to: Outcome,
    /// `stricter`, `looser` or `within-policies`.
    pub direction: &'static str,
    /// The policies whose outcome changed.
    pub policies: Vec<PolicyImpact>,
}

/// One policy's change for a shipment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyImpact {
    /// The policy id.
    pub policy: String,
    /// Its outcome before.
    pub from: Outcome,
    /// Its outcome after.
    pub to: Outcome,
    /// The rules that decided it before.
    pub rules_before: Vec<String>,
    /// The rules that decide it after.
    pub rules_after: Vec<String>,
}

/// Compares the decisions of the same facts under two versions of the law
/// (both evaluated once; decisions in the same shipment order).
pub fn impact(before: &Decisions, after: &Decisions) -> Impact {
    impact_of(after.decisions.len(), before.decisions.iter().zip(&after.decisions))
}

/// [`impact`] over `shipments` decisions, of which only the pairs given may
/// differ (the others are the same before and after): pairs in file order.
pub fn impact_of<'d>(shipments: usize, pairs: impl IntoIterator<Item = (&'d Decision, &'d Decision)>) -> Impact {
    let mut impact = Impact {
        shipments: Vec::new(),
        summary: ImpactSummary {
            shipments,
            ..ImpactSummary::default()
        },
    };
    for (a, b) in pairs {
        impact.compare(&Deciding::of(a), b);
    }
    impact
}

/// What the impact of a change of law reads of one decision: its outcome,
/// and each policy's outcome with the rules that decided it. Kept in place
/// of the old version's decisions when a large facts file is compared a
/// part at a time (`edict diff --facts`): shipments decided alike share one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Deciding {
    outcome: Outcome,
    /// By policy, in the decision's order: its outcome and deciding rules.
    policies: Vec<(String, Outcome, Vec<String>)>,
}

impl Deciding {
    /// What `d` says, as [`impact`] reads it.
    pub fn of(d: &Decision) -> Deciding {
        let policies = d
            .policies
            .iter()
            .map(|p| {
                let (outcome, rules) = deciding(d, &p.policy);
                (p.policy.clone(), outcome, rules)
            })
            .collect();
        Deciding {
            outcome: d.outcome,
            policies,
        }
    }

    /// A policy's outcome and deciding rules (not controlled, by no rule,
    /// for a policy the decision does not list), as [`deciding`] says.
    fn policy(&self, policy: &str) -> (Outcome, Vec<String>) {
        self.policies
            .iter()
            .find(|(id, ..)| id == policy)
            .map_or((Outcome::NotControlled, Vec::new()), |(_, o, rules)| {
                (*o, rules.clone())
            })
    }
}

impl Impact {
    /// Adds one shipment, decided `before` under the old version of the law
    /// (what [`Deciding::of`] kept of it) and `after` under the new, as
    /// [`impact`] compares them.
    pub fn add(&mut self, before: &Deciding, after: &Decision) {
        self.summary.shipments += 1;
        self.compare(before, after);
    }

    /// Records the change between `before` and `after`, if any (the
    /// shipment is already counted).
    fn compare(&mut self, before: &Deciding, after: &Decision) {
        let policies = policy_changes(before, &Deciding::of(after));
        let (from, to) = (before.outcome, after.outcome);
        if policies.is_empty() && from == to {
            return;
        }
        let direction = if to > from {
            self.summary.stricter += 1;
            "stricter"
        } else if to < from {
            self.summary.looser += 1;
            "looser"
        } else {
            self.summary.within_policies += 1;
            "within-policies"
        };
        self.shipments.push(ShipmentImpact {
            shipment: after.shipment.clone(),
            date: after.date.to_string(),
            from,
            to,
            direction,
            policies,
        });
    }
}

fn deciding(d: &Decision, policy: &str) -> (Outcome, Vec<String>) {
    match d.policies.iter().find(|p| p.policy == policy) {
        Some(p) => (
            p.outcome,
            p.findings
                .iter()
                .filter(|f| f.outcome == p.outcome)
                .map(|f| f.rule.clone())
                .collect(),
        ),
        None => (Outcome::NotControlled, Vec::new()),
    }
}

/// The policies whose outcome differs between `before` and `after`, in
/// order of their ids, each with the rules that decided it on either side.
fn policy_changes(before: &Deciding, after: &Deciding) -> Vec<PolicyImpact> {
    let mut ids: Vec<&str> = before
        .policies
        .iter()
        .chain(&after.policies)
        .map(|(id, ..)| id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter()
        .filter_map(|id| {
            let (from, rules_before) = before.policy(id);
            let (to, rules_after) = after.policy(id);
            (from != to).then(|| PolicyImpact {
                policy: id.to_string(),
                from,
                to,
                rules_before,
                rules_after,
            })
        })
        .collect()
}
