//! A shipment's outcome as a function of the evaluation date.
//!
//! Change points are computed exactly, from every date in the policies (windows,
//! suspensions, amended versions, dated category lines, date tests) and every
//! date of the facts that can touch the shipment (holdings and listings of the
//! parties above its end user and exporter); the shipment is evaluated once per
//! change point, never by sampling days.

use crate::ast::DateComparator;
use crate::decision::{OutcomeRange, Settling, UNDETERMINED};
use crate::eval::{Evaluator, Judgement, Uncertain};
use crate::facts::{Facts, FactsSource, PartyIdx, Shipment};
use crate::outcome::Outcome;
use crate::policy::{Condition, PolicySet, Test, Window};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The outcomes of one shipment over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// The shipment id.
    pub shipment: String,
    /// Consecutive intervals with the same outcomes.
    pub intervals: Vec<Interval>,
}

/// Days on which a shipment's outcomes are the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interval {
    /// The first day (`None`: from the beginning of the range).
    pub from: Option<String>,
    /// The last day, inclusive (`None`: to the end of the range).
    pub through: Option<String>,
    /// The first day after the interval, an exclusive end (`None`: to the end
    /// of the range); kept beside `through` for scripts that read it.
    pub until: Option<String>,
    /// The overall outcome.
    pub outcome: Outcome,
    /// Each policy's outcome.
    pub policies: BTreeMap<String, Outcome>,
    /// Why the interval starts: what takes effect or ends on its first day.
    pub because: Vec<String>,
    /// What unknown facts (facts version 2) leave open on the interval's
    /// days; then `outcome` and an open policy's outcome hold the most
    /// restrictive outcome possible, and JSON writes `"undetermined"`.
    pub undetermined: Option<OpenInterval>,
}

/// What unknown facts leave open on every day of an interval: exactly what
/// `edict eval --as-of` leaves open on each of those days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenInterval {
    /// The outcomes the unknown facts allow.
    pub range: OutcomeRange,
    /// The policies whose outcome is open, with their range.
    pub policies: BTreeMap<String, OutcomeRange>,
    /// The unknown facts the outcome depends on (the reasons in `because`
    /// are those of the interval's first day).
    pub settled_by: Vec<Settling>,
}

impl Serialize for Interval {
    /// The keys of version 1 in their order; an undetermined interval writes
    /// `"outcome": "undetermined"` with its `range` and `settled_by` (as a
    /// decision does), `"undetermined"` for each open policy, and
    /// `policy_ranges` after `policies`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let open = self.undetermined.as_ref();
        let keys = if open.is_some() { 9 } else { 6 };
        let mut out = serializer.serialize_struct("Interval", keys)?;
        out.serialize_field("from", &self.from)?;
        out.serialize_field("through", &self.through)?;
        out.serialize_field("until", &self.until)?;
        match open {
            None => {
                out.serialize_field("outcome", &self.outcome)?;
                out.serialize_field("policies", &self.policies)?;
            }
            Some(u) => {
                out.serialize_field("outcome", UNDETERMINED)?;
                out.serialize_field("range", &u.range)?;
                out.serialize_field("settled_by", &crate::decision::settling_json(&u.settled_by))?;
                let policies: BTreeMap<&str, &str> = self
                    .policies
                    .iter()
                    .map(|(p, o)| {
                        let word = if u.policies.contains_key(p) {
                            UNDETERMINED
                        } else {
                            o.as_str()
                        };
                        (p.as_str(), word)
                    })
                    .collect();
                out.serialize_field("policies", &policies)?;
                out.serialize_field("policy_ranges", &u.policies)?;
            }
        }
        out.serialize_field("because", &self.because)?;
        out.end()
    }
}

/// The days on which the law may change, with what happens on each: per
/// policy (by index in the set), and for all policies (dated category lines).
#[derive(Debug, Clone, Default)]
pub struct LawCalendar {
    /// For each policy, its own change points.
    pub per_policy: Vec<BTreeMap<Date, Vec<String>>>,
    /// Change points that may touch any policy.
    pub shared: BTreeMap<Date, Vec<String>>,
    /// For each policy, whether it reads listings or holdings, whose dates
    /// are change points too.
    pub reads_dated_facts: Vec<bool>,
}

impl LawCalendar {
    /// Every change point of the law, with what happens on it.
    pub fn all(&self) -> BTreeMap<Date, Vec<String>> {
        let mut out = self.shared.clone();
        for points in &self.per_policy {
            for (d, why) in points {
                out.entry(*d).or_default().extend(why.iter().cloned());
            }
        }
        out
    }
}

/// Every change point of the law, with what happens on it.
pub fn policy_change_points(set: &PolicySet) -> BTreeMap<Date, Vec<String>> {
    law_calendar(set).all()
}

/// The change points of each policy.
pub fn law_calendar(set: &PolicySet) -> LawCalendar {
    let window = |w: &Window, what: &str, add: &mut dyn FnMut(Option<Date>, String)| {
        add(w.from, format!("{what} takes effect"));
        add(w.until, format!("{what} ceases to apply"));
    };
    let mut calendar = LawCalendar::default();
    for p in &set.policies {
        let mut points: BTreeMap<Date, Vec<String>> = BTreeMap::new();
        let mut add = |d: Option<Date>, why: String| {
            if let Some(d) = d {
                points.entry(d).or_default().push(why);
            }
        };
        window(&p.window, &p.id, &mut add);
        for s in &p.suspensions {
            add(s.window.from, format!("{} suspends {}", s.by, p.id));
            add(s.window.until, format!("the suspension of {} by {} ends", p.id, s.by));
        }
        for r in &p.rules {
            let name = format!("{}.{}", p.id, r.id);
            window(&r.window, &name, &mut add);
            for s in &r.suspensions {
                add(s.window.from, format!("{} suspends {name}", s.by));
                add(s.window.until, format!("the suspension of {name} by {} ends", s.by));
            }
            for v in &r.versions {
                if let (Some(from), Some((by, _))) = (v.from, &v.amended_by) {
                    add(Some(from), format!("{name} as amended by {by} applies"));
                }
                if let Some(c) = &v.condition {
                    date_tests(c, &name, &mut add);
                }
            }
        }
        calendar.per_policy.push(points);
        let dated = p
            .rules
            .iter()
            .flat_map(|r| &r.versions)
            .any(|v| v.condition.as_ref().is_some_and(reads_dated_facts));
        calendar.reads_dated_facts.push(dated);
    }
    // A dated category line is a change point of the policies that read
    // the category (directly or through other categories).
    for (ci, c) in set.categories.iter().enumerate() {
        let mut points: BTreeMap<Date, Vec<String>> = BTreeMap::new();
        for m in &c.members {
            if let Some((w, by)) = &m.added {
                let mut add = |d: Option<Date>, why: String| {
                    if let Some(d) = d {
                        points.entry(d).or_default().push(why);
                    }
                };
                add(w.from, format!("{} gains a line added by {by}", c.id));
                add(w.until, format!("a line of {} added by {by} ceases to apply", c.id));
                // The line lapses while the amending policy is not in force.
                if let Some(p) = m.added_by.as_ref().and_then(|p| set.policy(p)) {
                    add(
                        p.window.from,
                        format!("{} takes effect, and with it its additions to {}", p.id, c.id),
                    );
                    add(
                        p.window.until,
                        format!("{} ceases to apply, and with it its additions to {}", p.id, c.id),
                    );
                    for s in &p.suspensions {
                        add(
                            s.window.from,
                            format!("{} suspends {}, and with it its additions to {}", s.by, p.id, c.id),
                        );
                        add(
                            s.window.until,
                            format!(
                                "the suspension of {} ends, and with it of its additions to {}",
                                p.id, c.id
                            ),
                        );
                    }
                }
            }
        }
        if points.is_empty() {
            continue;
        }
        for (pi, p) in set.policies.iter().enumerate() {
            if categories_read(set, p).contains(&(ci as u32)) {
                if let Some(own) = calendar.per_policy.get_mut(pi) {
                    for (d, why) in &points {
                        own.entry(*d).or_default().extend(why.iter().cloned());
                    }
                }
            }
        }
    }
    calendar
}

/// Every category a policy's rules read, directly or through other categories.
fn categories_read(set: &PolicySet, p: &crate::policy::Policy) -> BTreeSet<u32> {
    fn in_condition(c: &Condition, out: &mut Vec<u32>) {
        match c {
            Condition::All(parts) | Condition::Any(parts) => parts.iter().for_each(|x| in_condition(x, out)),
            Condition::Not(inner) => in_condition(inner, out),
            Condition::Test(t, _) => match t.as_ref() {
                Test::ContentShare { category, .. } | Test::ItemIn(category) | Test::ItemComponent { category, .. } => {
                    out.push(category.0)
                }
                _ => {}
            },
        }
    }
    let mut stack = Vec::new();
    for v in p.rules.iter().flat_map(|r| &r.versions) {
        if let Some(c) = &v.condition {
            in_condition(c, &mut stack);
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(c) = stack.pop() {
        if !seen.insert(c) {
            continue;
        }
        for m in set
            .category(crate::policy::CategoryId(c))
            .map(|x| x.members.as_slice())
            .unwrap_or_default()
        {
            match &m.test {
                crate::policy::MemberTest::InCategory(inner) => stack.push(inner.0),
                crate::policy::MemberTest::Form {
                    with_component: Some(inner),
                    ..
                } => stack.push(inner.0),
                _ => {}
            }
        }
    }
    seen
}

/// Whether a condition reads listings or holdings (which have dates).
fn reads_dated_facts(c: &Condition) -> bool {
    match c {
        Condition::All(parts) | Condition::Any(parts) => parts.iter().any(reads_dated_facts),
        Condition::Not(inner) => reads_dated_facts(inner),
        Condition::Test(t, _) => matches!(t.as_ref(), Test::PartyOn(..) | Test::PartyOwned(..)),
    }
}

fn date_tests(c: &Condition, rule: &str, add: &mut dyn FnMut(Option<Date>, String)) {
    match c {
        Condition::All(parts) | Condition::Any(parts) => parts.iter().for_each(|p| date_tests(p, rule, add)),
        Condition::Not(inner) => date_tests(inner, rule, add),
        Condition::Test(t, _) => {
            if let Test::EvaluationDate(cmp, d) = t.as_ref() {
                let day = match cmp {
                    DateComparator::Before | DateComparator::OnOrAfter => Some(*d),
                    DateComparator::After | DateComparator::OnOrBefore => d.tomorrow().ok(),
                };
                add(day, format!("the date test of {rule} changes"));
            }
        }
    }
}

/// The days on which the facts about a shipment's parties may change.
pub fn fact_change_days(facts: &Facts, shipment: &Shipment) -> BTreeSet<Date> {
    let mut days = BTreeSet::new();
    visit_fact_changes(facts, shipment, &mut |d, _| {
        days.insert(d);
    });
    days
}

/// What changes in the facts about a shipment's parties on `day`.
fn fact_changes_on(facts: &Facts, shipment: &Shipment, day: Date) -> Vec<String> {
    let mut out = Vec::new();
    visit_fact_changes(facts, shipment, &mut |d, why| {
        if d == day {
            out.push(why());
        }
    });
    out
}

/// Calls `visit` with each date of the holdings and listings above the
/// shipment's end user and exporter, and a way to word what happens on it.
fn visit_fact_changes(facts: &Facts, shipment: &Shipment, visit: &mut dyn FnMut(Date, &dyn Fn() -> String)) {
    let mut seen: BTreeSet<PartyIdx> = BTreeSet::new();
    let mut stack = vec![shipment.end_user, shipment.exporter];
    while let Some(p) = stack.pop() {
        if !seen.insert(p) {
            continue;
        }
        let name = &facts.party(p).id;
        for h in facts.holdings_of(p) {
            let owner = &facts.party(h.owner).id;
            if let Some(f) = h.window.from {
                visit(f, &|| format!("{owner}'s holding in {name} begins"));
            }
            if let Some(u) = h.window.until {
                visit(u, &|| format!("{owner}'s holding in {name} ends"));
            }
            stack.push(h.owner);
        }
        for l in facts.listings_for(p) {
            if let Some(f) = l.window.from {
                visit(f, &|| format!("{name} is listed on {}", l.list));
            }
            if let Some(u) = l.window.until {
                visit(u, &|| format!("{name} is removed from {}", l.list));
            }
        }
    }
}

/// The timeline of shipment `index` over `[from, to]` (both inclusive when given).
///
/// Each policy is evaluated only on its own change points and the facts'
/// (not on every change point of the law), then the policies' step
/// functions are merged.
pub fn timeline(
    evaluator: &mut Evaluator<'_>,
    law: &LawCalendar,
    index: usize,
    from: Option<Date>,
    to: Option<Date>,
) -> Option<Timeline> {
    let set = evaluator.policy_set();
    let facts = evaluator.facts();
    let shipment = facts.shipments.get(index)?;
    let own = fact_change_days(facts, shipment);
    let end = to.and_then(|t| t.tomorrow().ok());
    let inside = |d: &Date| from.is_none_or(|f| *d > f) && end.is_none_or(|e| *d < e);
    let first_day = first_day(law, &own, shipment, from, to);
    let ctx_day =
        |evaluator: &mut Evaluator<'_>, p: &crate::policy::Policy, day: Date| evaluator.policy_outcome(p, index, day);
    // Each deciding policy's outcome as a step function of the day.
    let mut steps: Vec<(&str, Vec<(Date, Outcome)>)> = Vec::new();
    for (pi, p) in set.policies.iter().enumerate().filter(|(_, p)| p.decides()) {
        let mut days: BTreeSet<Date> = law.shared.keys().copied().collect();
        if law.reads_dated_facts.get(pi).copied().unwrap_or(true) {
            days.extend(own.iter().copied());
        }
        if let Some(points) = law.per_policy.get(pi) {
            days.extend(points.keys().copied());
        }
        let mut step = vec![(first_day, ctx_day(evaluator, p, first_day))];
        for d in days.into_iter().filter(|d| inside(d)) {
            let o = ctx_day(evaluator, p, d);
            if step.last().is_some_and(|(_, last)| *last != o) {
                step.push((d, o));
            }
        }
        steps.push((p.id.as_str(), step));
    }
    let mut boundaries: BTreeSet<Date> = steps
        .iter()
        .flat_map(|(_, s)| s.iter().skip(1).map(|(d, _)| *d))
        .collect();
    boundaries.insert(first_day);
    let at = |day: Date| -> BTreeMap<String, Outcome> {
        steps
            .iter()
            .map(|(id, s)| {
                let o = s
                    .iter()
                    .rev()
                    .find(|(d, _)| *d <= day)
                    .map_or(Outcome::NotControlled, |(_, o)| *o);
                (id.to_string(), o)
            })
            .collect()
    };
    let starts: Vec<Date> = boundaries.into_iter().collect();
    let mut intervals: Vec<Interval> = Vec::new();
    for (i, day) in starts.iter().enumerate() {
        let policies = at(*day);
        let outcome = policies.values().copied().max().unwrap_or(Outcome::NotControlled);
        let start = if i == 0 { from } else { Some(*day) };
        let until = starts.get(i + 1).copied().or(end);
        let because = match (start, intervals.last()) {
            (Some(s), Some(previous)) => reasons(law, set, facts, shipment, s, &|p| {
                previous.policies.get(p) != policies.get(p)
            }),
            _ => Vec::new(),
        };
        intervals.push(Interval {
            from: start.map(|d| d.to_string()),
            through: until.and_then(|d| d.yesterday().ok()).map(|d| d.to_string()),
            until: until.map(|d| d.to_string()),
            outcome,
            policies,
            because,
            undetermined: None,
        });
    }
    Some(Timeline {
        shipment: shipment.id.clone(),
        intervals,
    })
}

/// The day the first interval is evaluated on: `from`, or the day before
/// the first change inside the range (the shipment's date if none).
fn first_day(
    law: &LawCalendar,
    own: &BTreeSet<Date>,
    shipment: &Shipment,
    from: Option<Date>,
    to: Option<Date>,
) -> Date {
    from.or_else(|| change_days(law, own, from, to).next().and_then(|d| d.yesterday().ok()))
        .unwrap_or(shipment.date)
}

/// Every day inside `(from, to]` on which the law or the shipment's facts
/// (`own`) may change, in order.
fn change_days<'l>(
    law: &'l LawCalendar,
    own: &BTreeSet<Date>,
    from: Option<Date>,
    to: Option<Date>,
) -> impl Iterator<Item = Date> + 'l {
    let end = to.and_then(|t| t.tomorrow().ok());
    let mut every: BTreeSet<Date> = own.iter().copied().chain(law.shared.keys().copied()).collect();
    for points in &law.per_policy {
        every.extend(points.keys().copied());
    }
    every
        .into_iter()
        .filter(move |d| from.is_none_or(|f| *d > f) && end.is_none_or(|e| *d < e))
}

/// The timeline of shipment `index` when unknown facts (version 2) can
/// reach it (`None` when none can, or there is no such shipment): on its
/// first day and on every day the law or its facts may change, the
/// shipment is decided in every world exactly as `edict eval --as-of` that
/// day decides it; consecutive days that leave the same outcomes open (or
/// settled) make one interval. An unknown `from` or `until` adds no day:
/// in each world the record holds on every day or on none.
pub fn timeline_in_worlds(
    uncertain: &mut Uncertain<'_>,
    set: &PolicySet,
    facts: &Facts,
    law: &LawCalendar,
    index: usize,
    (from, to): (Option<Date>, Option<Date>),
) -> Result<Option<Timeline>, Vec<crate::facts::FactsError>> {
    let Some(shipment) = facts.shipments.get(index) else {
        return Ok(None);
    };
    let own = fact_change_days(facts, shipment);
    let first = first_day(law, &own, shipment, from, to);
    let days: Vec<Date> = std::iter::once(first)
        .chain(change_days(law, &own, from, to).filter(|d| *d > first))
        .collect();
    let Some(judged) = uncertain.decide(index, shipment, &days, &format!("shipments[{index}]"))? else {
        return Ok(None);
    };
    let end = to.and_then(|t| t.tomorrow().ok());
    let mut intervals: Vec<Interval> = Vec::new();
    let mut previous: Option<DayState> = None;
    for (k, (&day, judgement)) in days.iter().zip(&judged).enumerate() {
        let state = DayState::of(judgement);
        if previous.as_ref().is_some_and(|p| p.same_outcomes(&state)) {
            continue;
        }
        let start = if k == 0 { from } else { Some(day) };
        let because = match (start, &previous) {
            (Some(s), Some(p)) => reasons(law, set, facts, shipment, s, &|id| p.changed(&state, id)),
            _ => Vec::new(),
        };
        // The previous interval ends the day before this one starts.
        if let Some(last) = intervals.last_mut() {
            last.until = Some(day.to_string());
            last.through = day.yesterday().ok().map(|d| d.to_string());
        }
        intervals.push(Interval {
            from: start.map(|d| d.to_string()),
            through: end.and_then(|d| d.yesterday().ok()).map(|d| d.to_string()),
            until: end.map(|d| d.to_string()),
            outcome: state.outcome,
            policies: state.policies.clone(),
            because,
            undetermined: state.open.clone(),
        });
        previous = Some(state);
    }
    Ok(Some(Timeline {
        shipment: shipment.id.clone(),
        intervals,
    }))
}

/// A settling fact, whether it settles alone, and where each value leads
/// (without the reasons' words).
type SettlingOutcomes = (String, bool, Vec<(String, OutcomeRange)>);

/// A shipment's outcomes on one day, decided in every world.
struct DayState {
    outcome: Outcome,
    policies: BTreeMap<String, Outcome>,
    open: Option<OpenInterval>,
}

impl DayState {
    fn of((decision, undetermined): &Judgement) -> DayState {
        let policies = decision
            .policies
            .iter()
            .map(|p| (p.policy.clone(), p.outcome))
            .collect();
        let open = undetermined.as_ref().map(|u| OpenInterval {
            range: u.range,
            policies: u
                .policies
                .iter()
                .filter_map(|(p, r)| decision.policies.get(*p).map(|d| (d.policy.clone(), *r)))
                .collect(),
            settled_by: u.settled_by.clone(),
        });
        DayState {
            outcome: decision.outcome,
            policies,
            open,
        }
    }

    /// Whether policy `id` has other outcomes (or another range) on `next`.
    fn changed(&self, next: &DayState, id: &str) -> bool {
        let range = |s: &DayState| s.open.as_ref().and_then(|u| u.policies.get(id).copied());
        self.policies.get(id) != next.policies.get(id) || range(self) != range(next)
    }

    /// The same outcomes, ranges and settling facts (each value leading to
    /// the same outcomes), whatever the reasons' words.
    fn same_outcomes(&self, next: &DayState) -> bool {
        let settling = |s: &DayState| -> Vec<SettlingOutcomes> {
            s.open
                .iter()
                .flat_map(|u| &u.settled_by)
                .map(|x| {
                    let values = x.values.iter().map(|l| (l.value.clone(), l.range)).collect();
                    (x.place(), x.settles, values)
                })
                .collect()
        };
        let ranges = |s: &DayState| s.open.as_ref().map(|u| (u.range, u.policies.clone()));
        self.outcome == next.outcome
            && self.policies == next.policies
            && ranges(self) == ranges(next)
            && settling(self) == settling(next)
    }
}

/// What happens on `day` that can explain the change: the law's events of
/// the policies whose outcome changed, dated category lines, and every event
/// of the shipment's facts.
fn reasons(
    law: &LawCalendar,
    set: &PolicySet,
    facts: &Facts,
    shipment: &Shipment,
    day: Date,
    changed: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut out = Vec::new();
    for (pi, p) in set.policies.iter().enumerate() {
        if changed(&p.id) {
            if let Some(why) = law.per_policy.get(pi).and_then(|m| m.get(&day)) {
                out.extend(why.iter().cloned());
            }
        }
    }
    out.extend(law.shared.get(&day).into_iter().flatten().cloned());
    out.extend(fact_changes_on(facts, shipment, day));
    out
}

/// Timelines of every shipment. A shipment that unknown facts (version 2)
/// can reach is decided in every world ([`timeline_in_worlds`]).
pub fn timelines(
    set: &PolicySet,
    facts: &Facts,
    source: &FactsSource,
    from: Option<Date>,
    to: Option<Date>,
) -> Result<Vec<Timeline>, Vec<crate::facts::FactsError>> {
    let law = law_calendar(set);
    let mut evaluator = Evaluator::new(set, facts, source);
    let mut uncertain = (!facts.unknowns.is_empty()).then(|| Uncertain::new(set, facts, source));
    let mut out = Vec::with_capacity(facts.shipments.len());
    let mut errors = Vec::new();
    for i in 0..facts.shipments.len() {
        if let Some(u) = uncertain.as_mut() {
            match timeline_in_worlds(u, set, facts, &law, i, (from, to)) {
                Ok(Some(t)) => {
                    out.push(t);
                    continue;
                }
                Ok(None) => {}
                Err(found) => {
                    errors.extend(found);
                    continue;
                }
            }
        }
        out.extend(timeline(&mut evaluator, &law, i, from, to));
    }
    if let Err(found) = evaluator.finish() {
        errors.extend(found);
    }
    if !errors.is_empty() {
        errors.sort_by_key(crate::facts::FactsError::offset);
        return Err(errors);
    }
    Ok(out)
}
