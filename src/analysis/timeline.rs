//! A shipment's outcome as a function of the evaluation date.
//!
//! Change points are computed exactly, from every date in the policies (windows,
//! suspensions, amended versions, dated category lines, date tests) and every
//! date of the facts that can touch the shipment (holdings and listings of the
//! parties above its end user and exporter); the shipment is evaluated once per
//! change point, never by sampling days.

use crate::ast::DateComparator;
use crate::eval::Evaluator;
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    let mut every: BTreeSet<Date> = own.iter().copied().chain(law.shared.keys().copied()).collect();
    for points in &law.per_policy {
        every.extend(points.keys().copied());
    }
    // The first interval is evaluated on `from`, or the day before the first change.
    let first_day = from
        .or_else(|| every.iter().find(|d| inside(d)).and_then(|d| d.yesterday().ok()))
        .unwrap_or(shipment.date);
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
            (Some(s), Some(previous)) => reasons(law, set, facts, shipment, s, &previous.policies, &policies),
            _ => Vec::new(),
        };
        intervals.push(Interval {
            from: start.map(|d| d.to_string()),
            through: until.and_then(|d| d.yesterday().ok()).map(|d| d.to_string()),
            until: until.map(|d| d.to_string()),
            outcome,
            policies,
            because,
        });
    }
    Some(Timeline {
        shipment: shipment.id.clone(),
        intervals,
    })
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
    before: &BTreeMap<String, Outcome>,
    after: &BTreeMap<String, Outcome>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (pi, p) in set.policies.iter().enumerate() {
        if before.get(&p.id) != after.get(&p.id) {
            if let Some(why) = law.per_policy.get(pi).and_then(|m| m.get(&day)) {
                out.extend(why.iter().cloned());
            }
        }
    }
    out.extend(law.shared.get(&day).into_iter().flatten().cloned());
    out.extend(fact_changes_on(facts, shipment, day));
    out
}

/// Timelines of every shipment. Facts with unknowns (version 2) are refused
/// with `unknowns-not-supported`: a timeline does not decide them yet.
pub fn timelines(
    set: &PolicySet,
    facts: &Facts,
    source: &FactsSource,
    from: Option<Date>,
    to: Option<Date>,
) -> Result<Vec<Timeline>, Vec<crate::facts::FactsError>> {
    if let Some(e) = crate::facts::not_supported(facts, source, "timeline") {
        return Err(vec![e]);
    }
    let law = law_calendar(set);
    let mut evaluator = Evaluator::new(set, facts, source);
    let out = (0..facts.shipments.len())
        .filter_map(|i| timeline(&mut evaluator, &law, i, from, to))
        .collect();
    evaluator.finish()?;
    Ok(out)
}
