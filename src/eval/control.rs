//! Ownership by listed parties, on a day, as the law words the test.
//!
//! The parties caught are the least fixed point: start from the parties on
//! the lists; a party is caught when the stakes held in it by listed or
//! (for `directly or indirectly`) already-caught parties reach the
//! threshold — summed when `in aggregate`, one owner at a time when
//! `individually`. A caught intermediary passes on its whole stake; one not
//! caught passes on nothing (no multiplication along chains). A cycle of
//! holdings cannot catch itself: it needs a grounded chain from a listing.

use super::conditions::compare;
use super::words::percent;
use super::{Ctx, Evaluator};
use crate::ast::{Aggregation, PartyRole, Reach};
use crate::facts::PartyIdx;
use crate::policy::OwnershipTest;
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// Why a party is caught: the stakes that count, by owner.
#[derive(Debug, Clone)]
pub(crate) struct Control {
    /// For each caught party, the counted stakes: (owner, share, owner's listing or None if caught itself).
    caught: BTreeMap<PartyIdx, Vec<(PartyIdx, Decimal)>>,
    /// Listed parties among the owners, with the listing index.
    listed: BTreeMap<PartyIdx, u32>,
    /// The counted share in the party asked about.
    pub(crate) total: Decimal,
    /// The day the holdings and listings were taken on.
    day: Date,
}

impl Evaluator<'_> {
    pub(crate) fn party_owned(
        &mut self,
        role: PartyRole,
        party: PartyIdx,
        test: &OwnershipTest,
        ctx: Ctx<'_>,
        explain: bool,
    ) -> (bool, Option<String>) {
        let fingerprint = test.fingerprint();
        let key = (fingerprint, party, ctx.day);
        let reachable = self.reachable_parties(fingerprint, test);
        if !reachable.get(party.0 as usize).copied().unwrap_or(false) {
            let p = &self.facts.party(party).id;
            let lists = test.lists.join(" or ");
            return (
                false,
                explain.then(|| format!("{} {p} has no owner on {lists} on {}", role.words(), ctx.day)),
            );
        }
        let control = match self.control.get(&key) {
            Some(c) => c.clone(),
            None => {
                let c = self.compute_control(party, test, ctx.day).map(std::rc::Rc::new);
                self.control.insert(key, c.clone());
                c
            }
        };
        let ok = control.as_ref().is_some_and(|c| c.caught.contains_key(&party));
        if !explain {
            return (ok, None);
        }
        let p = &self.facts.party(party).id;
        let lists = test.lists.join(" or ");
        let how = format!(
            "{}, {}",
            match test.reach {
                Reach::Directly => "directly",
                Reach::Indirectly => "directly or indirectly",
            },
            match test.aggregation {
                Aggregation::Individually => "individually",
                Aggregation::InAggregate => "in aggregate",
            }
        );
        let threshold = format!("{} {}%", test.comparator.words(), test.percent.normalize());
        let sentence = match &control {
            Some(c) if ok => {
                self.caught_listings.extend(roots(c, party));
                format!(
                    "{} {p} is owned {} by parties on {lists} on {}, {threshold} ({how}): {}",
                    role.words(),
                    percent(c.total),
                    ctx.day,
                    self.describe_stakes(c, party, &mut BTreeSet::new())
                )
            }
            Some(c) => format!(
                "{} {p} is owned {} by parties on {lists} on {}, not {threshold} ({how})",
                role.words(),
                percent(c.total),
                ctx.day
            ),
            None => format!("{} {p} has no owner on {lists} on {}", role.words(), ctx.day),
        };
        (ok, Some(sentence))
    }

    /// How far the counted stake in a party is from an ownership test's threshold, in words.
    pub(crate) fn ownership_margin(&mut self, role: PartyRole, test: &OwnershipTest, ctx: Ctx<'_>) -> Option<String> {
        let party = match role {
            PartyRole::EndUser => ctx.shipment.end_user,
            PartyRole::Exporter => ctx.shipment.exporter,
        };
        let total = self
            .compute_control(party, test, ctx.day)
            .map_or(Decimal::ZERO, |c| c.total);
        let (owned, threshold) = (total * Decimal::ONE_HUNDRED, test.percent);
        let gap = (owned - threshold).abs().normalize();
        Some(if compare(total, test.comparator, test.threshold) {
            format!(
                "the counted stake of {}% meets the test ({} {}%) by {gap} percentage points; a counted stake {} would not",
                owned.normalize(),
                test.comparator.words(),
                threshold.normalize(),
                match test.comparator {
                    crate::ast::Comparator::MoreThan => format!("of {}% or less", threshold.normalize()),
                    _ => format!("below {}%", threshold.normalize()),
                }
            )
        } else {
            format!(
                "the counted stake of {}% is {gap} percentage points short of the test ({} {}%)",
                owned.normalize(),
                test.comparator.words(),
                threshold.normalize()
            )
        })
    }

    /// "30% by a (on us-entity-list), 30% by b, which is owned 50% by c (on …)"
    fn describe_stakes(&self, c: &Control, party: PartyIdx, seen: &mut BTreeSet<PartyIdx>) -> String {
        seen.insert(party);
        let Some(stakes) = c.caught.get(&party) else {
            return String::new();
        };
        let parts: Vec<String> = stakes
            .iter()
            .map(|(owner, share)| {
                let name = &self.facts.party(*owner).id;
                // Since when the stake has been held, when the facts say.
                let since = self
                    .facts
                    .holdings_of(party)
                    .filter(|h| h.owner == *owner && h.window.contains(c.day))
                    .filter_map(|h| h.window.from)
                    .max()
                    .map(|d| format!(" since {d}"))
                    .unwrap_or_default();
                let via = match c.listed.get(owner) {
                    Some(li) => match self.facts.listings.get(*li as usize) {
                        Some(l) => match l.window.from {
                            Some(f) => format!(" (on {} since {f})", l.list),
                            None => format!(" (on {})", l.list),
                        },
                        None => String::new(),
                    },
                    None if c.caught.contains_key(owner) && !seen.contains(owner) => {
                        format!(", which is owned {}", self.describe_stakes(c, *owner, seen))
                    }
                    None => String::new(),
                };
                format!("{} by {name}{since}{via}", percent(*share))
            })
            .collect();
        parts.join(", ")
    }

    /// The parties below a party ever listed on the test's lists (following
    /// holdings on any day): computed once per test, so that the many
    /// parties no listed party owns are answered without a search.
    fn reachable_parties(&mut self, fingerprint: usize, test: &OwnershipTest) -> std::rc::Rc<Vec<bool>> {
        if let Some(r) = self.reachable.get(&fingerprint) {
            return r.clone();
        }
        let facts = self.facts;
        let mut owned_by: Vec<Vec<u32>> = vec![Vec::new(); facts.parties.len()];
        for h in &facts.holdings {
            if let Some(v) = owned_by.get_mut(h.owner.0 as usize) {
                v.push(h.owned.0);
            }
        }
        let mut reachable = vec![false; facts.parties.len()];
        let mut stack: Vec<u32> = facts
            .listings
            .iter()
            .filter(|l| test.lists.contains(&l.list))
            .map(|l| l.party.0)
            .collect();
        // A listed party is not caught by its own listing, but its holdings reach down.
        let mut expanded = vec![false; facts.parties.len()];
        while let Some(p) = stack.pop() {
            match expanded.get_mut(p as usize) {
                Some(seen) if !*seen => *seen = true,
                _ => continue,
            }
            for &child in owned_by.get(p as usize).map(Vec::as_slice).unwrap_or_default() {
                if let Some(r) = reachable.get_mut(child as usize) {
                    *r = true;
                }
                stack.push(child);
            }
        }
        let r = std::rc::Rc::new(reachable);
        self.reachable.insert(fingerprint, r.clone());
        r
    }

    /// The least fixed point over the owners above `party` on `day`.
    fn compute_control(&self, party: PartyIdx, test: &OwnershipTest, day: Date) -> Option<Control> {
        let facts = self.facts;
        let listing_of = |p: PartyIdx| facts.listing_on(p, day, |l| test.lists.iter().any(|x| x == l));
        // The parties above `party` (all of them for chains; direct owners otherwise).
        let mut above: Vec<PartyIdx> = vec![party];
        let mut seen: BTreeSet<PartyIdx> = BTreeSet::from([party]);
        let mut i = 0;
        while let Some(&p) = above.get(i) {
            i += 1;
            if test.reach == Reach::Directly && p != party {
                continue;
            }
            for h in facts.holdings_of(p) {
                if h.window.contains(day) && seen.insert(h.owner) {
                    above.push(h.owner);
                }
            }
        }
        let listed: BTreeMap<PartyIdx, u32> = above.iter().filter_map(|p| listing_of(*p).map(|li| (*p, li))).collect();
        if listed.is_empty() {
            return None;
        }
        let mut caught: BTreeMap<PartyIdx, Vec<(PartyIdx, Decimal)>> = BTreeMap::new();
        let candidates: Vec<PartyIdx> = match test.reach {
            Reach::Directly => vec![party],
            Reach::Indirectly => above.clone(),
        };
        // With `individually`, a listed party's own stake and the stakes of the
        // parties it caught count together (one holder and what it controls);
        // stakes of different listed parties never add up.
        let mut root: BTreeMap<PartyIdx, PartyIdx> = BTreeMap::new();
        loop {
            let mut changed = false;
            for &p in &candidates {
                if caught.contains_key(&p) {
                    continue;
                }
                let mut stakes = counted_stakes(facts, p, day, |o| listed.contains_key(&o) || caught.contains_key(&o));
                match test.aggregation {
                    Aggregation::InAggregate => {
                        if reaches(&stakes, test) {
                            caught.insert(p, stakes);
                            changed = true;
                        }
                    }
                    Aggregation::Individually => {
                        let holder = |o: &PartyIdx| {
                            if listed.contains_key(o) {
                                *o
                            } else {
                                root.get(o).copied().unwrap_or(*o)
                            }
                        };
                        let mut by_holder: BTreeMap<PartyIdx, Decimal> = BTreeMap::new();
                        for (o, share) in &stakes {
                            *by_holder.entry(holder(o)).or_default() += *share;
                        }
                        let best = by_holder
                            .iter()
                            .filter(|(_, share)| compare(**share, test.comparator, test.threshold))
                            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                            .map(|(h, _)| *h);
                        if let Some(h) = best {
                            stakes.retain(|(o, _)| holder(o) == h);
                            root.insert(p, h);
                            caught.insert(p, stakes);
                            changed = true;
                        }
                    }
                }
            }
            if !changed || test.reach == Reach::Directly {
                break;
            }
        }
        let total = match caught.get(&party) {
            Some(stakes) => sum(stakes),
            None => sum(&counted_stakes(facts, party, day, |o| {
                listed.contains_key(&o) || caught.contains_key(&o)
            })),
        };
        Some(Control {
            caught,
            listed,
            total,
            day,
        })
    }
}

/// The stakes in `p` held on `day` by owners that count, merged by owner.
fn counted_stakes(
    facts: &crate::facts::Facts,
    p: PartyIdx,
    day: Date,
    counts: impl Fn(PartyIdx) -> bool,
) -> Vec<(PartyIdx, Decimal)> {
    let mut by_owner: BTreeMap<PartyIdx, Decimal> = BTreeMap::new();
    for h in facts.holdings_of(p) {
        if h.window.contains(day) && h.owner != p && counts(h.owner) {
            *by_owner.entry(h.owner).or_default() += h.share;
        }
    }
    by_owner.into_iter().collect()
}

fn sum(stakes: &[(PartyIdx, Decimal)]) -> Decimal {
    stakes.iter().map(|s| s.1).sum()
}

fn reaches(stakes: &[(PartyIdx, Decimal)], test: &OwnershipTest) -> bool {
    match test.aggregation {
        Aggregation::InAggregate => compare(sum(stakes), test.comparator, test.threshold),
        Aggregation::Individually => stakes.iter().any(|s| compare(s.1, test.comparator, test.threshold)),
    }
}

/// The listings at the roots of the chains that caught `party`.
fn roots(c: &Control, party: PartyIdx) -> Vec<u32> {
    let mut out = BTreeSet::new();
    let mut stack = vec![party];
    let mut seen = BTreeSet::new();
    while let Some(p) = stack.pop() {
        if !seen.insert(p) {
            continue;
        }
        if let Some(li) = c.listed.get(&p) {
            out.insert(*li);
        }
        if let Some(stakes) = c.caught.get(&p) {
            stack.extend(stakes.iter().map(|s| s.0));
        }
    }
    out.into_iter().collect()
}
