//! Stage 3: a [`PolicySet`] over [`Facts`] on a day → [`Decisions`].
//!
//! Content values, category memberships and ownership findings are memoised
//! across shipments, so the cost grows with the size of the facts, not with
//! the number of shipments times the depth of their bills of materials.

mod combine;
mod conditions;
mod content;
mod control;
mod explain;
mod membership;
mod settle;
mod vocabulary;
mod words;
mod worlds;

pub use content::line_applies;
pub use explain::{
    ConditionExplanation, ContentRow, ContentTable, Explanation, PolicyExplanation, RuleExplanation, TestExplanation,
};
pub use settle::{settle_one, Judgement, Settled, Uncertain, MAX_WORLDS};
pub use vocabulary::{vocabulary_warnings, StreamVocabulary};
pub use words::percent;

use crate::decision::{Decision, Decisions, PolicyDecision};
use crate::facts::{Facts, FactsError, FactsSource, ItemIdx, Shipment};
use crate::outcome::Outcome;
use crate::policy::{CategoryId, PolicySet};
use crate::prefetch::prefetch;
use jiff::civil::Date;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How many shipments ahead of its turn the room for a shipment's policy
/// decisions is asked for (see [`prefetch`]). Its record and its decision
/// are asked for twice as far ahead: the room's address is read from the
/// decision, which must have arrived by then.
const PREFETCH_AHEAD: usize = 8;

/// How to evaluate.
#[derive(Debug, Clone, Copy, Default)]
pub struct EvalOptions {
    /// Evaluate every shipment as of this day instead of its own date.
    pub as_of: Option<Date>,
    /// How many threads decide shipments (0 or 1: this thread only). The
    /// decisions, and the problems reported, are the same whatever the number.
    pub threads: usize,
}

/// How many entries the content memo tables (by test, stretch and item)
/// may hold together, over four, before [`Evaluator::trim`] empties them.
const MEMO_ENTRIES: usize = 1 << 20;

/// How many shipments an evaluator decides between two calls of
/// [`Evaluator::trim`].
const TRIM_EVERY: usize = 4_096;

/// How many days' findings [`Evaluator::trim`] lets an evaluator keep.
const MEMO_DAYS: usize = 4_096;

/// Fewer shipments than this per thread are not worth a thread: starting
/// one and filling its own memo tables costs more than deciding them.
const SHIPMENTS_PER_THREAD: usize = 2_048;

/// Evaluates every shipment. On failure, every problem found (each once).
pub fn evaluate(
    set: &PolicySet,
    facts: &Facts,
    source: &FactsSource,
    options: &EvalOptions,
) -> Result<Decisions, Vec<FactsError>> {
    evaluate_with_progress(set, facts, source, options, &mut |_| {})
}

/// [`evaluate`], telling `progress` now and then how many shipments have
/// been decided (for a progress bar; always on the calling thread).
pub fn evaluate_with_progress(
    set: &PolicySet,
    facts: &Facts,
    source: &FactsSource,
    options: &EvalOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<Decisions, Vec<FactsError>> {
    // Shipments are decided in the order of the items they ship, so that
    // the items' records and memo entries are visited in memory order (in
    // file order, each shipment's item is a cache miss away from the last
    // one's). The decisions are then put back in file order; the memo
    // tables make every decision independent of the order.
    let mut order: Vec<(ItemIdx, u32)> = (facts.shipments.iter().zip(0u32..)).map(|(s, i)| (s.item, i)).collect();
    // Shipments that unknown facts can reach (version 2) are decided apart,
    // in every world (`settle.rs`); a file without unknowns skips this.
    let uncertain = (!facts.unknowns.is_empty()).then(|| settle::groups(facts));
    if let Some(groups) = &uncertain {
        let mut reached = vec![false; facts.shipments.len()];
        for &i in groups.values().flatten() {
            if let Some(r) = reached.get_mut(i) {
                *r = true;
            }
        }
        order.retain(|&(_, i)| !reached.get(i as usize).copied().unwrap_or(false));
    }
    order.sort_unstable();
    // The decisions are laid out in file order before they are made, so
    // that writing them reads memory in order rather than in item order.
    let mut decisions = blank_decisions(set, &facts.shipments);
    let mut deciders = Deciders::new(
        set,
        facts,
        source,
        options.threads.min(order.len() / SHIPMENTS_PER_THREAD),
    );
    let errors = deciders.decide(&facts.shipments, &order, &mut decisions, options, progress);
    if !errors.is_empty() {
        let mut errors: Vec<FactsError> = errors.into_values().collect();
        errors.sort_by_key(FactsError::offset);
        return Err(errors);
    }
    let undetermined = match &uncertain {
        Some(groups) => settle::settle(set, facts, source, options, groups, &mut decisions)?,
        None => Vec::new(),
    };
    Ok(Decisions {
        version: facts.version.max(1),
        as_of: options.as_of.map(|d| d.to_string()),
        decisions,
        undetermined,
    })
}

/// Decides the shipments of `order` (indices into the file's shipments)
/// into their places in `decisions`.
fn decide_in_order(
    evaluator: &mut Evaluator<'_>,
    shipments: &[Shipment],
    order: &[(ItemIdx, u32)],
    decisions: &mut [Decision],
    options: &EvalOptions,
    progress: &mut dyn FnMut(usize),
) {
    for (k, &(_, i)) in order.iter().enumerate() {
        // Ahead of their turn: far enough for the memory to arrive, near
        // enough for it to stay in the cache.
        if let Some(&(_, far)) = order.get(k + PREFETCH_AHEAD * 2) {
            prefetch(shipments.as_ptr().wrapping_add(far as usize));
            prefetch(decisions.as_ptr().wrapping_add(far as usize));
        }
        if let Some(d) = order
            .get(k + PREFETCH_AHEAD)
            .and_then(|&(_, near)| decisions.get(near as usize))
        {
            prefetch(d.policies.as_ptr());
        }
        let i = i as usize;
        if let (Some(s), Some(decision)) = (shipments.get(i), decisions.get_mut(i)) {
            evaluator.decide_into(decision, s, options.as_of.unwrap_or(s.date));
        }
        if k % TRIM_EVERY == TRIM_EVERY - 1 {
            evaluator.trim();
        }
        progress(k + 1);
    }
}

/// The evaluators that decide shipments, one per thread, kept from one
/// batch of shipments to the next: what they work out about the world
/// (category memberships, content values, ownership on a day) is worked
/// out once per evaluator, not once per batch. Their memo tables are
/// bounded ([`Evaluator::trim`]), so memory does not grow with the number
/// of shipments decided.
pub struct Deciders<'a> {
    evaluators: Vec<Evaluator<'a>>,
    /// For a world with unknown facts: deciding in every world.
    uncertain: Option<Uncertain<'a>>,
}

impl<'a> Deciders<'a> {
    /// `threads` evaluators (at least one) over the world of `facts`.
    pub fn new(set: &'a PolicySet, facts: &'a Facts, source: &'a FactsSource, threads: usize) -> Deciders<'a> {
        // What they work out about ownership is worked out once, by
        // whichever asks first, and read by the others.
        let shared = Arc::new(control::Ownership::default());
        Deciders {
            evaluators: (0..threads.max(1))
                .map(|_| Evaluator {
                    shared: Arc::clone(&shared),
                    ..Evaluator::new(set, facts, source)
                })
                .collect(),
            uncertain: None,
        }
    }

    /// Decides `shipments` (decided against the world the deciders were
    /// made over; the world's own shipments are not read). Unknown facts
    /// of the world (version 2) are decided as the whole file's are, in
    /// every world, one shipment at a time: the decisions, and what is
    /// undetermined about them (numbered by position in `shipments`).
    pub fn decide_batch(
        &mut self,
        shipments: &[Shipment],
        options: &EvalOptions,
    ) -> Result<(Vec<Decision>, Vec<crate::decision::Undetermined>), Vec<FactsError>> {
        let Some(first) = self.evaluators.first() else {
            return Ok((Vec::new(), Vec::new()));
        };
        let (set, facts, source) = (first.set, first.facts, first.source);
        if facts.unknowns.is_empty() {
            let (decisions, errors) = self.decide_part(shipments, options, &mut |_| {});
            return if errors.is_empty() {
                Ok((decisions, Vec::new()))
            } else {
                Err(sorted(errors.into_values().collect()))
            };
        }
        // The shipments unknown facts can reach are decided in every world,
        // the others as in version 1.
        let uncertain = self.uncertain.get_or_insert_with(|| Uncertain::new(set, facts, source));
        let mut judged: Vec<Option<Judgement>> = Vec::with_capacity(shipments.len());
        let mut errors = Vec::new();
        for (i, s) in shipments.iter().enumerate() {
            let day = options.as_of.unwrap_or(s.date);
            // A stream's shipment has no place in the facts file: a problem
            // is reported at the file's first unknown fact.
            let path = facts.unknowns.first().map_or("", |u| u.path.as_str());
            match uncertain.decide(i, s, &[day], path) {
                Ok(found) => judged.push(found.and_then(|mut days| days.pop())),
                Err(found) => {
                    errors.extend(found);
                    judged.push(None);
                }
            }
        }
        let certain: Vec<Shipment> = shipments
            .iter()
            .zip(&judged)
            .filter(|(_, j)| j.is_none())
            .map(|(s, _)| s.clone())
            .collect();
        let (mut decided, found) = self.decide_part(&certain, options, &mut |_| {});
        if !found.is_empty() {
            return Err(sorted(found.into_values().collect()));
        }
        if !errors.is_empty() {
            return Err(sorted(errors));
        }
        decided.reverse();
        let mut decisions = Vec::with_capacity(shipments.len());
        let mut undetermined = Vec::new();
        for j in judged {
            match j {
                Some((decision, open)) => {
                    decisions.push(decision);
                    undetermined.extend(open);
                }
                None => decisions.extend(decided.pop()),
            }
        }
        Ok((decisions, undetermined))
    }

    /// Decides `shipments` in the order of their items (see
    /// [`evaluate_with_progress`]), telling `progress` how many are
    /// decided; their decisions in the order of `shipments`, and the
    /// problems found, by JSON path. Unknown facts (version 2) are not
    /// decided here. A large facts file is decided a part at a time this
    /// way, so that one part's decisions are held at once, not every
    /// shipment's (`edict eval`, `edict diff --facts`).
    pub fn decide_part(
        &mut self,
        shipments: &[Shipment],
        options: &EvalOptions,
        progress: &mut dyn FnMut(usize),
    ) -> (Vec<Decision>, BTreeMap<String, FactsError>) {
        let Some(first) = self.evaluators.first() else {
            return (Vec::new(), BTreeMap::new());
        };
        let set = first.set;
        let mut order: Vec<(ItemIdx, u32)> = (shipments.iter().zip(0u32..)).map(|(s, i)| (s.item, i)).collect();
        order.sort_unstable();
        let mut decisions = blank_decisions(set, shipments);
        let errors = self.decide(shipments, &order, &mut decisions, options, progress);
        (decisions, errors)
    }

    /// Decides the shipments of `order` (indices into `shipments`) into
    /// their places in `decisions`; the problems found, each once. Each
    /// evaluator takes a contiguous stretch of `order`, so that each sees
    /// its own items.
    fn decide(
        &mut self,
        shipments: &[Shipment],
        order: &[(ItemIdx, u32)],
        decisions: &mut [Decision],
        options: &EvalOptions,
        progress: &mut dyn FnMut(usize),
    ) -> BTreeMap<String, FactsError> {
        let threads = self.evaluators.len().min(order.len() / SHIPMENTS_PER_THREAD).max(1);
        let mut errors = BTreeMap::new();
        match self.evaluators.as_mut_slice() {
            [evaluator] | [evaluator, ..] if threads == 1 => {
                decide_in_order(evaluator, shipments, order, decisions, options, progress);
            }
            evaluators => decide_on_threads(
                &mut evaluators[..threads],
                shipments,
                order,
                decisions,
                options,
                progress,
            ),
        }
        for evaluator in &mut self.evaluators {
            for (path, e) in std::mem::take(&mut evaluator.errors) {
                errors.entry(path).or_insert(e);
            }
            evaluator.trim();
        }
        errors
    }
}

/// `errors` in the order of their places in the source.
fn sorted(mut errors: Vec<FactsError>) -> Vec<FactsError> {
    errors.sort_by_key(FactsError::offset);
    errors
}

/// The decisions of `shipments`, laid out before they are made (in file
/// order, so that writing them reads memory in order).
fn blank_decisions(set: &PolicySet, shipments: &[Shipment]) -> Vec<Decision> {
    let undecided: Arc<str> = Arc::from("");
    let width = set.policies.iter().filter(|p| p.decides()).count();
    shipments
        .iter()
        .map(|s| Decision {
            shipment: s.id.clone(),
            date: Arc::clone(&undecided),
            outcome: Outcome::NotControlled,
            policies: Vec::with_capacity(width),
        })
        .collect()
}

/// Decides on one thread per evaluator, over contiguous stretches of
/// `order`. Each thread decides into decisions of its own, moved into
/// place after.
fn decide_on_threads(
    evaluators: &mut [Evaluator<'_>],
    shipments: &[Shipment],
    order: &[(ItemIdx, u32)],
    decisions: &mut [Decision],
    options: &EvalOptions,
    progress: &mut dyn FnMut(usize),
) {
    let stretch = order.len().div_ceil(evaluators.len().max(1)).max(1);
    // How many shipments the threads have decided, for `progress`, which
    // this thread calls while it waits for them.
    let done = std::sync::atomic::AtomicUsize::new(0);
    let done = &done;
    let decided: Vec<Vec<Decision>> = std::thread::scope(|scope| {
        let workers: Vec<_> = order
            .chunks(stretch)
            .zip(evaluators.iter_mut())
            .map(|(part, evaluator)| {
                let template = &*decisions;
                scope.spawn(move || {
                    // Local decisions, indexed by position in `part`.
                    let mut mine: Vec<Decision> = part.iter().map(|&(_, i)| template[i as usize].clone()).collect();
                    for (k, &(_, i)) in part.iter().enumerate() {
                        if let (Some(s), Some(decision)) = (shipments.get(i as usize), mine.get_mut(k)) {
                            evaluator.decide_into(decision, s, options.as_of.unwrap_or(s.date));
                        }
                        if k % 64 == 63 {
                            done.fetch_add(64, std::sync::atomic::Ordering::Relaxed);
                        }
                        if k % TRIM_EVERY == TRIM_EVERY - 1 {
                            evaluator.trim();
                        }
                    }
                    mine
                })
            })
            .collect();
        // Short waits first: a batch of a stream may take milliseconds.
        let mut wait = std::time::Duration::from_micros(200);
        while !workers.iter().all(|w| w.is_finished()) {
            progress(done.load(std::sync::atomic::Ordering::Relaxed));
            std::thread::sleep(wait);
            wait = (wait * 2).min(std::time::Duration::from_millis(50));
        }
        progress(order.len());
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    for (part, mine) in order.chunks(stretch).zip(decided) {
        for (&(_, i), decision) in part.iter().zip(mine) {
            if let Some(slot) = decisions.get_mut(i as usize) {
                *slot = decision;
            }
        }
    }
}

/// The shipment being decided and the day.
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'f> {
    pub(crate) shipment: &'f Shipment,
    pub(crate) day: Date,
}

/// Evaluation state: the memo tables and the problems found.
pub struct Evaluator<'a> {
    pub(crate) set: &'a PolicySet,
    pub(crate) facts: &'a Facts,
    pub(crate) source: &'a FactsSource,
    /// [first stretch of category + stretch][item] → 0 unknown, 1 not a
    /// member, 2 a member. A category has one stretch per span of days
    /// between its change days (one, if its membership never changes).
    pub(crate) in_category: Vec<membership::MembershipRow>,
    /// [first stretch of category + stretch] → which of the category's lines
    /// apply in that stretch (the same on every day of it), once known.
    pub(crate) lines_applying: Vec<Option<Arc<[bool]>>>,
    /// For each category, the index in `in_category` of its first stretch.
    pub(crate) first_stretch: Vec<usize>,
    /// (category, origin test key, stretch, item) → has such a component somewhere.
    pub(crate) has_component: HashMap<(CategoryId, usize, usize, ItemIdx), bool>,
    /// (content test, stretch, item) → content value (`None`: cannot be computed, a problem is recorded).
    pub(crate) content: HashMap<(usize, usize, ItemIdx), Option<Decimal>>,
    /// (made-with test, item) → the first item at or below it made so
    /// (`or a component of it`), once worked out.
    pub(crate) made_with_below: HashMap<(usize, ItemIdx), Option<ItemIdx>>,
    /// Ownership test fingerprint → what it needs of the world whatever the day.
    pub(crate) test_worlds: HashMap<usize, Arc<control::TestWorld>>,
    /// What the evaluators of this world share (on every thread).
    pub(crate) shared: Arc<control::Ownership>,
    /// What depends on the day only, by day.
    pub(crate) days: HashMap<Date, Arc<combine::Day>>,
    /// For each policy, its decision when in force and nothing applies.
    pub(crate) nothing_applies: Vec<Option<Arc<PolicyDecision>>>,
    /// Listings that made the current rule apply (for listing-attribute outcomes).
    pub(crate) caught_listings: Vec<u32>,
    /// Whether reasons say how a listing from `--lists` reached its party.
    pub(crate) show_links: bool,
    errors: BTreeMap<String, FactsError>,
}

impl<'a> Evaluator<'a> {
    /// A fresh evaluator over a set and facts.
    pub fn new(set: &'a PolicySet, facts: &'a Facts, source: &'a FactsSource) -> Evaluator<'a> {
        let mut first_stretch = Vec::with_capacity(set.categories.len());
        let mut stretches = 0;
        for c in &set.categories {
            first_stretch.push(stretches);
            stretches += c.change_days.len() + 1;
        }
        Evaluator {
            set,
            facts,
            source,
            in_category: vec![membership::MembershipRow::default(); stretches],
            lines_applying: vec![None; stretches],
            first_stretch,
            has_component: HashMap::default(),
            content: HashMap::default(),
            made_with_below: HashMap::default(),
            test_worlds: HashMap::default(),
            shared: Arc::default(),
            days: HashMap::default(),
            nothing_applies: Vec::new(),
            caught_listings: Vec::new(),
            show_links: false,
            errors: BTreeMap::new(),
        }
    }

    /// Makes reasons say how each listing from `--lists` reached its party
    /// (the `same_as`/`ids` link and the entry), as `explain` shows them.
    /// Decisions leave it out, so that they are the same whether a listing
    /// is written in the facts or linked from a list.
    pub fn show_links(&mut self) {
        self.show_links = true;
    }

    /// How listing `l` reached its party, when reasons say so (see
    /// [`Evaluator::show_links`]) and a list file added it.
    pub(crate) fn link_of<'l>(&self, l: &'l crate::facts::Listing) -> Option<&'l str> {
        l.via.as_deref().filter(|_| self.show_links)
    }

    /// The policy set being applied.
    pub fn policy_set(&self) -> &'a PolicySet {
        self.set
    }

    /// One policy's outcome for shipment `index` on `day` (without reasons).
    pub fn policy_outcome(&mut self, policy: &crate::policy::Policy, index: usize, day: Date) -> Outcome {
        match self.facts.shipments.get(index) {
            Some(shipment) => self.policy_outcome_only(policy, Ctx { shipment, day }),
            None => Outcome::NotControlled,
        }
    }

    /// The facts being evaluated.
    pub fn facts(&self) -> &'a Facts {
        self.facts
    }

    /// Records a problem with the facts (once per JSON path).
    pub(crate) fn problem(
        &mut self,
        code: &'static str,
        path: String,
        message: String,
        label: &str,
        help: Option<String>,
    ) {
        if !self.errors.contains_key(&path) {
            let e = crate::facts::at_path(self.source, code, &path, message, label.to_string(), help);
            self.errors.insert(path, e);
        }
    }

    /// Empties the memo tables that grow with the days and parties asked
    /// about, once they hold more than [`MEMO_ENTRIES`] entries (or the
    /// days' ownership findings more than [`MEMO_DAYS`]): answers are worked
    /// out again when asked again, the same. Those indexed by item and
    /// stretch, bounded by the world, are kept. Call it between shipments.
    pub fn trim(&mut self) {
        if self.days.len() > MEMO_DAYS {
            self.days = HashMap::default();
        }
        if self.has_component.len() + self.content.len() + self.made_with_below.len() > MEMO_ENTRIES * 4 {
            self.has_component = HashMap::default();
            self.content = HashMap::default();
            self.made_with_below = HashMap::default();
        }
    }

    /// Whether a problem with the facts has been found so far.
    pub fn has_problems(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Every problem found, or nothing.
    pub fn finish(self) -> Result<(), Vec<FactsError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            let mut errors: Vec<FactsError> = self.errors.into_values().collect();
            errors.sort_by_key(FactsError::offset);
            Err(errors)
        }
    }

    /// The decision for shipment number `index` on `day`.
    pub fn decide(&mut self, index: usize, shipment: &Shipment, day: Date) -> Decision {
        let _ = index;
        let mut decision = Decision {
            shipment: shipment.id.clone(),
            date: Arc::from(""),
            outcome: Outcome::NotControlled,
            policies: Vec::with_capacity(self.set.policies.len()),
        };
        self.decide_into(&mut decision, shipment, day);
        decision
    }

    /// Makes the decision for `shipment` on `day` in `decision`, whose
    /// `shipment` is already set and whose `policies` is empty.
    fn decide_into(&mut self, decision: &mut Decision, shipment: &Shipment, day: Date) {
        let ctx = Ctx { shipment, day };
        let set = self.set;
        let known = self.day(day);
        for (i, p) in set.policies.iter().enumerate().filter(|(_, p)| p.decides()) {
            decision.policies.push(match known.out_of_force.get(i) {
                Some(Some(d)) => Arc::clone(d),
                _ => self.policy_decision(i, p, ctx),
            });
        }
        decision.outcome = decision
            .policies
            .iter()
            .map(|p| p.outcome)
            .max()
            .unwrap_or(Outcome::NotControlled);
        decision.date = Arc::clone(&known.text);
    }
}
