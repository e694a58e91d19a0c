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
    /// The first day after (`None`: to the end of the range).
    pub until: Option<String>,
    /// The overall outcome.
    pub outcome: Outcome,
    /// Each policy's outcome.
    pub policies: BTreeMap<String, Outcome>,
    /// Why the interval starts: what takes effect or ends on its first day.
    pub because: Vec<String>,
}

/// The days on which the law may change, with what happens on each.
pub fn policy_change_points(set: &PolicySet) -> BTreeMap<Date, Vec<String>> {
    let mut points: BTreeMap<Date, Vec<String>> = BTreeMap::new();
    let mut add = |d: Option<Date>, why: String| {
        if let Some(d) = d {
            points.entry(d).or_default().push(why);
        }
    };
    let window = |w: &Window, what: &str, add: &mut dyn FnMut(Option<Date>, String)| {
        add(w.from, format!("{what} takes effect"));
        add(w.until, format!("{what} ceases to apply"));
    };
    for p in &set.policies {
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
    }
    for c in &set.categories {
        for m in &c.members {
            if let Some((w, by)) = &m.added {
                add(w.from, format!("{} gains a line added by {by}", c.id));
                add(w.until, format!("a line of {} added by {by} ceases to apply", c.id));
            }
        }
    }
    points
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
pub fn fact_change_points(facts: &Facts, shipment: &Shipment) -> BTreeMap<Date, Vec<String>> {
    let mut points: BTreeMap<Date, Vec<String>> = BTreeMap::new();
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
                points.entry(f).or_default().push(format!("{owner}'s holding in {name} begins"));
            }
            if let Some(u) = h.window.until {
                points.entry(u).or_default().push(format!("{owner}'s holding in {name} ends"));
            }
            stack.push(h.owner);
        }
        for l in facts.listings_for(p) {
            if let Some(f) = l.window.from {
                points.entry(f).or_default().push(format!("{name} is listed on {}", l.list));
            }
            if let Some(u) = l.window.until {
                points.entry(u).or_default().push(format!("{name} is removed from {}", l.list));
            }
        }
    }
    points
}

/// The timeline of shipment `index` over `[from, to]` (both inclusive when given).
pub fn timeline(
    evaluator: &mut Evaluator<'_>,
    law: &BTreeMap<Date, Vec<String>>,
    index: usize,
    from: Option<Date>,
    to: Option<Date>,
) -> Option<Timeline> {
    let facts = evaluator.facts();
    let shipment = facts.shipments.get(index)?;
    let own = fact_change_points(facts, shipment);
    let mut points: BTreeSet<Date> = law.keys().copied().collect();
    points.extend(own.keys().copied());
    let end = to.and_then(|t| t.tomorrow().ok());
    let inside = |d: &Date| from.is_none_or(|f| *d > f) && end.is_none_or(|e| *d < e);
    let starts: Vec<Date> = points.iter().copied().filter(|d| inside(d)).collect();
    // The first interval is evaluated on `from`, or the day before the first change.
    let first_day = from.or_else(|| starts.first().and_then(|d| d.yesterday().ok())).unwrap_or(shipment.date);
    let mut intervals: Vec<Interval> = Vec::new();
    let mut days: Vec<(Option<Date>, Date)> = vec![(from, first_day)];
    days.extend(starts.iter().map(|d| (Some(*d), *d)));
    for (i, (start, day)) in days.iter().enumerate() {
        let decision = evaluator.decide(index, shipment, *day);
        let policies: BTreeMap<String, Outcome> = decision.policies.iter().map(|p| (p.policy.clone(), p.outcome)).collect();
        let until = days.get(i + 1).and_then(|d| d.0).or(end);
        if let Some(last) = intervals.last_mut() {
            if last.outcome == decision.outcome && last.policies == policies {
                last.until = until.map(|d| d.to_string());
                continue;
            }
        }
        let because = match (start, intervals.last()) {
            (Some(s), Some(previous)) => reasons(law, &own, *s, &previous.policies, &policies),
            _ => Vec::new(),
        };
        intervals.push(Interval {
            from: start.map(|d| d.to_string()),
            until: until.map(|d| d.to_string()),
            outcome: decision.outcome,
            policies,
            because,
        });
    }
    Some(Timeline {
        shipment: shipment.id.clone(),
        intervals,
    })
}

/// What happens on `day` that can explain the change: the law's events about
/// a policy whose outcome changed, and every event of the shipment's facts.
fn reasons(
    law: &BTreeMap<Date, Vec<String>>,
    own: &BTreeMap<Date, Vec<String>>,
    day: Date,
    before: &BTreeMap<String, Outcome>,
    after: &BTreeMap<String, Outcome>,
) -> Vec<String> {
    let changed: Vec<&String> = after.iter().filter(|(p, o)| before.get(*p) != Some(o)).map(|(p, _)| p).collect();
    let mut out: Vec<String> = law
        .get(&day)
        .into_iter()
        .flatten()
        .filter(|why| changed.iter().any(|p| why.contains(p.as_str())))
        .cloned()
        .collect();
    out.extend(own.get(&day).into_iter().flatten().cloned());
    out
}

/// Timelines of every shipment.
pub fn timelines(
    set: &PolicySet,
    facts: &Facts,
    source: &FactsSource,
    from: Option<Date>,
    to: Option<Date>,
) -> Result<Vec<Timeline>, Vec<crate::facts::FactsError>> {
    let law = policy_change_points(set);
    let mut evaluator = Evaluator::new(set, facts, source);
    let out = (0..facts.shipments.len())
        .filter_map(|i| timeline(&mut evaluator, &law, i, from, to))
        .collect();
    evaluator.finish()?;
    Ok(out)
}
