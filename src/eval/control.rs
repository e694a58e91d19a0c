//! Ownership by listed parties, on a day, as the law words the test.
//!
//! The parties caught are the least fixed point: start from the parties on
//! the lists; a party is caught when the stakes held in it by listed or
//! (for `directly or indirectly`) already-caught parties reach the
//! threshold — summed when `in aggregate`, one owner at a time when
//! `individually`. A caught intermediary passes on its whole stake; one not
//! caught passes on nothing (no multiplication along chains). A cycle of
//! holdings cannot catch itself: it needs a grounded chain from a listing.
//!
//! The fixed point is found once per test and day, in rounds from the
//! listed parties downwards: round k looks only at the parties owned by
//! those that started to count in round k − 1, so that every holding is
//! looked at once (a chain of n parties takes n rounds, not n passes over
//! n parties). Within a round every decision uses what was known after the
//! round before, so the order of the facts does not matter.

use super::conditions::compare;
use super::words::percent;
use super::{Ctx, Evaluator};
use crate::ast::{Aggregation, PartyRole, Reach};
use crate::facts::{Facts, PartyIdx};
use crate::policy::OwnershipTest;
use jiff::civil::Date;
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, OnceLock};

/// The parties one ownership test catches on one day.
#[derive(Debug, Default)]
pub(crate) struct Caught {
    /// For each caught party, the stakes that count, by owner (in party order).
    stakes: FxHashMap<PartyIdx, Vec<(PartyIdx, Decimal)>>,
    /// The parties on the test's lists on the day, with the listing.
    listed: FxHashMap<PartyIdx, u32>,
    /// The parties of one of the test's kinds, with the kind (the same on
    /// every day: shared by the test's days). A listed party is counted
    /// as listed, not by its kind.
    kinded: Arc<FxHashMap<PartyIdx, String>>,
    /// The parties whose stakes count (listed, or caught when chains
    /// count), each with its holder: itself when listed, else the listed
    /// party whose stake caught it (used when `individually`).
    counted: FxHashMap<PartyIdx, PartyIdx>,
    /// The parties with a listed owner at any depth (directly: a listed
    /// direct owner), or listed themselves: the others have no owner on the lists.
    reached: FxHashSet<PartyIdx>,
}

/// The one group of holders when stakes are summed `in aggregate`.
const EVERY_HOLDER: PartyIdx = PartyIdx(u32::MAX);

/// How many parties' findings (summed over the groups and stretches
/// kept) [`Ownership`] holds before it starts again: bounded, whatever the
/// number of days asked about.
const SHARED_FINDINGS: usize = 1 << 21;

/// What the evaluators of one world share about ownership, on every thread.
///
/// Parties are caught through holdings, so the parties a test can reach
/// fall into groups joined by holdings (of owners it can reach, on any
/// day), and what it catches in one group depends on that group's holdings
/// and listings only. What a test catches in a group is worked out once per
/// stretch of days in which none of the group's holdings and listings
/// starts or ends (most groups never change), by whichever evaluator asks
/// first; the others wait for it and read it.
#[derive(Default)]
pub(crate) struct Ownership {
    /// For each party, the holdings in which it is the owner.
    holdings_by_owner: OnceLock<Arc<Vec<Vec<u32>>>>,
    /// Ownership test fingerprint → what does not depend on the day.
    tests: Mutex<FxHashMap<usize, Arc<OnceLock<Arc<TestWorld>>>>>,
    /// (ownership test fingerprint, group, stretch) → the parties caught.
    caught: Mutex<Findings>,
}

/// A finding made once, by the first evaluator to ask for it.
type Shared<T> = Arc<OnceLock<Arc<T>>>;

/// The findings by test, group and stretch, and how many parties they hold.
#[derive(Default)]
struct Findings {
    by_stretch: FxHashMap<(usize, u32, usize), Shared<Caught>>,
    parties: usize,
}

impl std::fmt::Debug for Ownership {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ownership").finish_non_exhaustive()
    }
}

/// What one ownership test needs of the world whatever the day.
pub(crate) struct TestWorld {
    /// Which parties have an owner (at any depth, on any day) ever on the
    /// test's lists or of its kinds: only those can be caught.
    reachable: Vec<bool>,
    /// The parties of the test's kinds.
    kinded: Arc<FxHashMap<PartyIdx, String>>,
    /// For each party, its group (an index into `groups`), or [`NO_GROUP`]
    /// when it is neither on the test's lists, nor of its kinds, nor reachable.
    group_of: Vec<u32>,
    /// The groups.
    groups: Vec<Group>,
}

/// The group of a party that no test's owner can reach.
const NO_GROUP: u32 = u32::MAX;

/// Parties joined by holdings of owners a test can reach.
#[derive(Default)]
struct Group {
    /// How many parties it has.
    size: usize,
    /// Its listings on the test's lists (indices, in file order).
    listings: Vec<u32>,
    /// Its parties of the test's kinds (in party order).
    kinded: Vec<PartyIdx>,
    /// The days on which one of its listings on the test's lists, or a
    /// holding of one of its owners, starts or ends (sorted, each once).
    /// Between two of them the test catches the same parties of the group
    /// for the same reasons.
    change_days: Vec<Date>,
}

impl Group {
    /// The stretch of days between change days that `day` falls in.
    fn stretch(&self, day: Date) -> usize {
        self.change_days.partition_point(|c| *c <= day)
    }
}

/// The value of `key` in `map`, made by `make` on first use; concurrent
/// askers of the same key wait for the one making it.
fn once<K: std::hash::Hash + Eq, V: Clone>(
    map: &Mutex<FxHashMap<K, Arc<OnceLock<V>>>>,
    key: K,
    make: impl FnOnce() -> V,
) -> V {
    let cell = {
        let mut map = map.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(map.entry(key).or_default())
    };
    cell.get_or_init(make).clone()
}

/// Why a party is caught: the finding for one party.
#[derive(Debug, Clone)]
pub(crate) struct Control {
    /// What the test catches on the day.
    caught: Arc<Caught>,
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
        let world = self.test_world(fingerprint, test);
        if !world.reachable.get(party.0 as usize).copied().unwrap_or(false) {
            let p = &self.facts.party(party).id;
            return (
                false,
                explain.then(|| {
                    let (no_owner, _) = owners_words(test);
                    format!("{} {p} has no owner {no_owner} on {}", role.words(), ctx.day)
                }),
            );
        }
        let control = self.control_of(fingerprint, party, test, ctx.day);
        let ok = control.as_ref().is_some_and(|c| c.caught.stakes.contains_key(&party));
        if !explain {
            return (ok, None);
        }
        let (no_owner, by) = owners_words(test);
        let p = &self.facts.party(party).id;
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
                    "{} {p} is owned {} by {by} on {}, {threshold} ({how}): {}",
                    role.words(),
                    percent(c.total),
                    ctx.day,
                    self.describe_stakes(c, party)
                )
            }
            Some(c) => format!(
                "{} {p} is owned {} by {by} on {}, not {threshold} ({how})",
                role.words(),
                percent(c.total),
                ctx.day
            ),
            None => format!("{} {p} has no owner {no_owner} on {}", role.words(), ctx.day),
        };
        (ok, Some(sentence))
    }

    /// The finding for `party`, or `None` when it has no owner on the lists.
    /// Not memoised: from the day's memoised findings it costs a look-up
    /// and a sum over the party's holdings, and a memo by party and day
    /// grew with the shipments (one entry each, most never asked again).
    fn control_of(&mut self, fingerprint: usize, party: PartyIdx, test: &OwnershipTest, day: Date) -> Option<Control> {
        let caught = self.caught_on(fingerprint, test, party, day)?;
        if !caught.reached.contains(&party) {
            return None;
        }
        let total = match caught.stakes.get(&party) {
            Some(stakes) => sum(stakes),
            None => counted_total(self.facts, party, day, |o| caught.counted.contains_key(&o)),
        };
        Some(Control { caught, total, day })
    }

    /// The stake in the party `role` names that an ownership test counts
    /// (a fraction: 0.5 for 50%), zero when no counted owner holds any.
    pub(crate) fn ownership_stake(&mut self, role: PartyRole, test: &OwnershipTest, ctx: Ctx<'_>) -> Decimal {
        let party = match role {
            PartyRole::EndUser => ctx.shipment.end_user,
            PartyRole::Exporter => ctx.shipment.exporter,
        };
        self.control_of(test.fingerprint(), party, test, ctx.day)
            .map_or(Decimal::ZERO, |c| c.total)
    }

    /// How far the counted stake in a party is from an ownership test's threshold, in words.
    pub(crate) fn ownership_margin(&mut self, role: PartyRole, test: &OwnershipTest, ctx: Ctx<'_>) -> Option<String> {
        let total = self.ownership_stake(role, test, ctx);
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

    /// "30% by a (on us-entity-list), 30% by b, which is owned 50% by c (on …)":
    /// the stakes in `party`, each caught owner followed by the stakes in
    /// it (once), written depth first with an explicit stack (an ownership
    /// chain is as long as the facts make it).
    fn describe_stakes(&self, c: &Control, party: PartyIdx) -> String {
        let mut out = String::new();
        let mut seen: BTreeSet<PartyIdx> = BTreeSet::from([party]);
        let mut stack: Vec<(PartyIdx, usize)> = vec![(party, 0)];
        while let Some((p, next)) = stack.last_mut() {
            let Some((owner, share)) = c.caught.stakes.get(p).and_then(|s| s.get(*next)).copied() else {
                stack.pop();
                continue;
            };
            if *next > 0 {
                out.push_str(", ");
            }
            *next += 1;
            let owned = *p;
            let name = &self.facts.party(owner).id;
            // Since when the stake has been held, when the facts say.
            let since = self
                .facts
                .holdings_of(owned)
                .filter(|h| h.owner == owner && h.window.contains(c.day))
                .filter_map(|h| h.window.from)
                .max()
                .map(|d| format!(" since {d}"))
                .unwrap_or_default();
            out.push_str(&format!("{} by {name}{since}", percent(share)));
            match c.caught.listed.get(&owner) {
                Some(li) => {
                    if let Some(l) = self.facts.listings.get(*li as usize) {
                        let via = self.link_of(l).map(|v| format!("; {v}")).unwrap_or_default();
                        out.push_str(&match l.window.from {
                            Some(f) => format!(" (on {} since {f}{via})", l.list),
                            None => format!(" (on {}{via})", l.list),
                        });
                    }
                }
                None if c.caught.kinded.contains_key(&owner) => {
                    if let Some(kind) = c.caught.kinded.get(&owner) {
                        out.push_str(&format!(" (a {kind})"));
                    }
                }
                None if c.caught.stakes.contains_key(&owner) && seen.insert(owner) => {
                    out.push_str(", which is owned ");
                    stack.push((owner, 0));
                }
                None => {}
            }
        }
        out
    }

    /// What `test` needs of the world whatever the day (shared, made once).
    fn test_world(&mut self, fingerprint: usize, test: &OwnershipTest) -> Arc<TestWorld> {
        if let Some(known) = self.test_worlds.get(&fingerprint) {
            return Arc::clone(known);
        }
        let (facts, shared) = (self.facts, Arc::clone(&self.shared));
        let world = once(&shared.tests, fingerprint, || {
            Arc::new(make_test_world(facts, shared.holdings_by_owner(facts), test))
        });
        self.test_worlds.insert(fingerprint, Arc::clone(&world));
        world
    }

    /// What `test` catches on `day` in the group of `party` (`None`: no
    /// owner the test counts can reach it), shared by stretch of days with
    /// every evaluator of the world.
    fn caught_on(
        &mut self,
        fingerprint: usize,
        test: &OwnershipTest,
        party: PartyIdx,
        day: Date,
    ) -> Option<Arc<Caught>> {
        let world = self.test_world(fingerprint, test);
        let g = world
            .group_of
            .get(party.0 as usize)
            .copied()
            .filter(|&g| g != NO_GROUP)?;
        let group = world.groups.get(g as usize)?;
        let key = (fingerprint, g, group.stretch(day));
        let cell = {
            let mut findings = self
                .shared
                .caught
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if findings.parties > SHARED_FINDINGS && !findings.by_stretch.contains_key(&key) {
                // Findings already handed out live on with their holders.
                *findings = Findings::default();
            }
            if !findings.by_stretch.contains_key(&key) {
                findings.parties += group.size;
            }
            Arc::clone(findings.by_stretch.entry(key).or_default())
        };
        let facts = self.facts;
        let shared = &self.shared;
        Some(Arc::clone(cell.get_or_init(|| {
            Arc::new(find_caught(
                facts,
                &shared.holdings_by_owner(facts),
                &world,
                group,
                test,
                day,
            ))
        })))
    }
}

impl Ownership {
    /// For each party, the holdings (indices) in which it is the owner; made once.
    fn holdings_by_owner(&self, facts: &Facts) -> Arc<Vec<Vec<u32>>> {
        Arc::clone(self.holdings_by_owner.get_or_init(|| {
            let mut owns: Vec<Vec<u32>> = vec![Vec::new(); facts.parties.len()];
            for (h, i) in facts.holdings.iter().zip(0u32..) {
                if let Some(v) = owns.get_mut(h.owner.0 as usize) {
                    v.push(i);
                }
            }
            Arc::new(owns)
        }))
    }
}

/// What `test` needs of the world whatever the day: the parties below a
/// party ever listed on its lists or of its kinds (following holdings on
/// any day), so that the many parties no such party owns are answered
/// without a search; the parties of its kinds (kinds do not change with the
/// day); its listings; and the days on which what it looks at changes.
fn make_test_world(facts: &Facts, owns: Arc<Vec<Vec<u32>>>, test: &OwnershipTest) -> TestWorld {
    let listings: Vec<u32> = (0u32..)
        .zip(&facts.listings)
        .filter(|(_, l)| test.lists.contains(&l.list))
        .map(|(i, _)| i)
        .collect();
    let mut kinded = FxHashMap::default();
    if !test.kinds.is_empty() {
        for (party, i) in facts.parties.iter().zip(0u32..) {
            if let Some(kind) = party.kinds.iter().find(|k| test.kinds.contains(k)) {
                kinded.insert(PartyIdx(i), kind.clone());
            }
        }
    }
    let mut reachable = vec![false; facts.parties.len()];
    let mut stack: Vec<u32> = listings
        .iter()
        .filter_map(|&l| facts.listings.get(l as usize))
        .map(|l| l.party.0)
        .collect();
    stack.extend(kinded.keys().map(|p| p.0));
    // A listed party is not caught by its own listing, but its holdings reach down.
    let mut expanded = vec![false; facts.parties.len()];
    while let Some(p) = stack.pop() {
        match expanded.get_mut(p as usize) {
            Some(seen) if !*seen => *seen = true,
            _ => continue,
        }
        for &h in owns.get(p as usize).map(Vec::as_slice).unwrap_or_default() {
            let Some(child) = facts.holdings.get(h as usize).map(|h| h.owned.0) else {
                continue;
            };
            if let Some(r) = reachable.get_mut(child as usize) {
                *r = true;
            }
            stack.push(child);
        }
    }
    // Groups: the parties joined by the holdings of expanded owners (union
    // by size with path halving: no recursion, near-linear).
    let mut parent: Vec<u32> = (0..facts.parties.len() as u32).collect();
    let mut size: Vec<u32> = vec![1; facts.parties.len()];
    let find = |parent: &mut Vec<u32>, mut p: u32| {
        while let Some(&up) = parent.get(p as usize) {
            if up == p {
                break;
            }
            let grand = parent.get(up as usize).copied().unwrap_or(up);
            if let Some(slot) = parent.get_mut(p as usize) {
                *slot = grand;
            }
            p = grand;
        }
        p
    };
    let counts = |p: PartyIdx| expanded.get(p.0 as usize).copied().unwrap_or(false);
    for h in facts.holdings.iter().filter(|h| counts(h.owner)) {
        let (a, b) = (find(&mut parent, h.owner.0), find(&mut parent, h.owned.0));
        if a != b {
            let (big, small) = if size.get(a as usize) >= size.get(b as usize) {
                (a, b)
            } else {
                (b, a)
            };
            if let Some(slot) = parent.get_mut(small as usize) {
                *slot = big;
            }
            let moved = size.get(small as usize).copied().unwrap_or(0);
            if let Some(s) = size.get_mut(big as usize) {
                *s += moved;
            }
        }
    }
    let mut group_of = vec![NO_GROUP; facts.parties.len()];
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of_root: FxHashMap<u32, u32> = FxHashMap::default();
    for p in 0..facts.parties.len() as u32 {
        let party = p as usize;
        if !(expanded.get(party).copied().unwrap_or(false) || reachable.get(party).copied().unwrap_or(false)) {
            continue;
        }
        let root = find(&mut parent, p);
        let g = *group_of_root.entry(root).or_insert_with(|| {
            groups.push(Group::default());
            (groups.len() - 1) as u32
        });
        if let Some(slot) = group_of.get_mut(party) {
            *slot = g;
        }
        if let Some(group) = groups.get_mut(g as usize) {
            group.size += 1;
            if kinded.contains_key(&PartyIdx(p)) {
                group.kinded.push(PartyIdx(p));
            }
        }
    }
    let group = |p: PartyIdx| group_of.get(p.0 as usize).copied().unwrap_or(NO_GROUP) as usize;
    for &l in &listings {
        if let Some(listing) = facts.listings.get(l as usize) {
            if let Some(group) = groups.get_mut(group(listing.party)) {
                group.listings.push(l);
                group
                    .change_days
                    .extend(listing.window.from.into_iter().chain(listing.window.until));
            }
        }
    }
    for h in facts.holdings.iter().filter(|h| counts(h.owner)) {
        if let Some(group) = groups.get_mut(group(h.owner)) {
            group
                .change_days
                .extend(h.window.from.into_iter().chain(h.window.until));
        }
    }
    for group in &mut groups {
        group.change_days.sort_unstable();
        group.change_days.dedup();
    }
    TestWorld {
        reachable,
        kinded: Arc::new(kinded),
        group_of,
        groups,
    }
}

/// What `test` catches on `day` in `group`: the least fixed point, in
/// rounds from the listed parties downwards (the same as over the whole
/// world: no holding the test follows leaves the group). The same on every
/// day of `day`'s stretch.
fn find_caught(
    facts: &Facts,
    owns: &[Vec<u32>],
    world: &TestWorld,
    group: &Group,
    test: &OwnershipTest,
    day: Date,
) -> Caught {
    let on_lists = |l: &str| test.lists.iter().any(|x| x == l);
    let mut c = Caught::default();
    for l in group.listings.iter().filter_map(|&l| facts.listings.get(l as usize)) {
        if l.window.contains(day) && !c.listed.contains_key(&l.party) {
            if let Some(li) = facts.listing_on(l.party, day, on_lists) {
                c.listed.insert(l.party, li);
            }
        }
    }
    c.kinded = Arc::clone(&world.kinded);
    // The holdings on the day of an owner in other parties.
    let held = |o: PartyIdx| {
        owns.get(o.0 as usize)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|&h| facts.holdings.get(h as usize))
            .filter(move |h| h.window.contains(day) && h.owned != o)
    };
    let mut frontier: Vec<PartyIdx> = c.listed.keys().chain(&group.kinded).copied().collect();
    frontier.sort_unstable();
    frontier.dedup();
    c.reached.extend(frontier.iter().copied());
    let mut below = frontier.clone();
    while let Some(p) = below.pop() {
        for h in held(p) {
            if c.reached.insert(h.owned) && test.reach == Reach::Indirectly {
                below.push(h.owned);
            }
        }
    }
    for &p in &frontier {
        c.counted.insert(p, p);
    }
    // (owned, holder) → the counted share the holder's group holds in
    // the owned party (one group, the listed parties together, when in aggregate).
    let mut share: FxHashMap<(PartyIdx, PartyIdx), Decimal> = FxHashMap::default();
    while !frontier.is_empty() {
        let mut touched: Vec<(PartyIdx, PartyIdx)> = Vec::new();
        for &o in &frontier {
            let holder = match test.aggregation {
                Aggregation::InAggregate => EVERY_HOLDER,
                Aggregation::Individually => c.counted.get(&o).copied().unwrap_or(o),
            };
            for h in held(o) {
                *share.entry((h.owned, holder)).or_default() += h.share;
                touched.push((h.owned, holder));
            }
        }
        touched.sort_unstable();
        touched.dedup();
        let mut newly: Vec<(PartyIdx, PartyIdx)> = Vec::new();
        for group in touched.chunk_by(|a, b| a.0 == b.0) {
            let Some(&(p, _)) = group.first() else { continue };
            if c.stakes.contains_key(&p) {
                continue;
            }
            // Only a group that grew this round can newly reach the
            // threshold; of several, the largest (then the first) holder.
            let best = group
                .iter()
                .filter_map(|k| share.get(k).map(|s| (k.1, *s)))
                .filter(|(_, s)| compare(*s, test.comparator, test.threshold))
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
            if let Some((holder, _)) = best {
                // The stakes that caught it: those counted before this
                // round, so that the reasons never go round a cycle.
                let mut stakes = counted_stakes(facts, p, day, |o| c.counted.contains_key(&o));
                if test.aggregation == Aggregation::Individually {
                    stakes.retain(|(o, _)| c.counted.get(o) == Some(&holder));
                }
                c.stakes.insert(p, stakes);
                newly.push((p, holder));
            }
        }
        frontier.clear();
        for (p, holder) in newly {
            if test.reach == Reach::Indirectly && !c.counted.contains_key(&p) {
                c.counted.insert(p, holder);
                frontier.push(p);
            }
        }
    }
    c
}

/// The stakes in `p` held on `day` by owners that count, merged by owner.
fn counted_stakes(
    facts: &Facts,
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

/// The sum of [`counted_stakes`], without gathering them when at most one
/// holding counts (most parties): the same sum, added in the same order.
fn counted_total(facts: &Facts, p: PartyIdx, day: Date, counts: impl Fn(PartyIdx) -> bool) -> Decimal {
    let mut counting = facts
        .holdings_of(p)
        .filter(|h| h.window.contains(day) && h.owner != p && counts(h.owner));
    match (counting.next(), counting.next()) {
        (None, _) => Decimal::ZERO,
        (Some(h), None) => Decimal::ZERO + h.share,
        _ => sum(&counted_stakes(facts, p, day, counts)),
    }
}

fn sum(stakes: &[(PartyIdx, Decimal)]) -> Decimal {
    stakes.iter().map(|s| s.1).sum()
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
        if let Some(li) = c.caught.listed.get(&p) {
            out.insert(*li);
        }
        if let Some(stakes) = c.caught.stakes.get(&p) {
            stack.extend(stakes.iter().map(|s| s.0));
        }
    }
    out.into_iter().collect()
}

/// How a finding names the owners a test counts: "on us-entity-list" and
/// "parties on us-entity-list" for lists alone; "that is a military-end-user
/// or on cn-control-list" and "military-end-user parties or parties on
/// cn-control-list" when kinds count too.
fn owners_words(test: &OwnershipTest) -> (String, String) {
    let lists = test.lists.join(" or ");
    if test.kinds.is_empty() {
        return (format!("on {lists}"), format!("parties on {lists}"));
    }
    let kinds = test.kinds.join(" or ");
    if test.lists.is_empty() {
        (format!("that is a {kinds}"), format!("{kinds} parties"))
    } else {
        (
            format!("that is a {kinds} or on {lists}"),
            format!("{kinds} parties or parties on {lists}"),
        )
    }
}
