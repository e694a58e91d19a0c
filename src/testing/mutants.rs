//! Mutation testing of the law: small legal mutations of the policies
//! under test, each run against the tests; a mutant no test notices
//! (a survivor) is a provision the tests would not catch if it were wrong.
//!
//! Mutations, each applied to the checked policy set (no re-parse): a
//! content-share or ownership threshold moved one basis point either way,
//! `at least` ↔ `more than`, an `and` operand or `or` alternative dropped,
//! a rule's outcome moved one step on the ladder, a window or suspension
//! edge moved one day either way, a rule removed (never in force: this is
//! also an exception or escalation removed), a `yields to` dropped, one
//! rule dropped from an exception that exempts several, a list
//! (or party kind) dropped from a listing or ownership test that names
//! several, and a class, an element or an alternative composition dropped
//! from a category line of a policy under test.
//!
//! Each mutant is one job; a thread loads every test's facts once and
//! evaluates mutant after mutant against them, stopping at the first test
//! that fails (the mutant is killed). Tests that layer drafts run against
//! the mutants of what their drafts wrote (see [`Mutant::draft`]).

use crate::ast::suite::Test;
use crate::ast::Comparator;
use crate::eval::{evaluate, EvalOptions};
use crate::facts::FactsSource;
use crate::outcome::Outcome;
use crate::policy::{Condition, Effect, MemberTest, PolicySet, Test as Atom, Window};
use crate::source::Span;
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One basis point, in percent (0.01%).
const BASIS_POINT: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// Where in the set a mutation applies, and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    /// The `site`-th threshold leaf of a rule version: percent moved by `delta`.
    Threshold { site: usize, delta: Decimal },
    /// The `site`-th threshold leaf: `at least` ↔ `more than`.
    Comparator { site: usize },
    /// The `node`-th `and`/`or` of a rule version: operand `operand` dropped.
    Drop { node: usize, operand: usize },
    /// The rule's outcome one step up (`true`) or down the ladder.
    Outcome { up: bool },
    /// The rule never in force.
    Remove,
    /// The rule's `yields` entry `index` dropped: it no longer stands back
    /// for that rule.
    YieldDropped { index: usize },
    /// An exception's target `index` dropped: it no longer exempts from that rule.
    ExemptionDropped { index: usize },
    /// The `site`-th listing or ownership leaf of a rule version: its
    /// `name`-th list (then party kind) dropped.
    ListDropped { site: usize, name: usize },
    /// Line `line` of category `category` (an index into the set's
    /// categories) with a part dropped.
    CategoryLine {
        category: usize,
        line: usize,
        drop: LineDrop,
    },
    /// An edge of the policy's (`rule: None`) or rule's window, or of its
    /// `suspension`-th suspension, moved by `days`; `end` picks the end.
    Edge {
        suspension: Option<usize>,
        end: bool,
        days: i8,
    },
}

/// What is dropped from a category line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineDrop {
    /// A class of `any item classed A, B or C`.
    Class(usize),
    /// An alternative composition (`of Sm and Co, or of Tb and Fe`).
    Alternative(usize),
    /// An element of an alternative composition.
    Element { alternative: usize, element: usize },
}

/// A mutant: the change, where, and in words.
#[derive(Debug, Clone)]
pub struct Mutant {
    /// The policy.
    pub policy: String,
    /// The rule (`None`: the policy's own window).
    pub rule: Option<String>,
    /// The rule version.
    version: usize,
    change: Change,
    /// The mutation in words: what the text would say instead.
    pub what: String,
    /// Where the mutated provision is.
    pub span: Span,
    /// The draft whose provision this mutates (a line it adds to a
    /// category, a suspension it makes, a threshold it sets, or a rule of
    /// its own), when the policies are tested with drafts layered over them.
    pub draft: Option<String>,
}

impl Mutant {
    /// The policy the mutant is scored under: the draft that wrote the
    /// provision, or the policy.
    pub fn scored_under(&self) -> &str {
        self.draft.as_deref().unwrap_or(&self.policy)
    }
}

/// One test, ready to run against mutants.
pub struct Prepared<'t> {
    /// The test.
    pub test: &'t Test,
    /// Its facts.
    pub source: FactsSource,
    /// Its day.
    pub as_of: Option<Date>,
}

/// What the mutants showed.
#[derive(Debug, Clone)]
pub struct MutantReport {
    /// Every mutant, with whether a test killed it, in generation order.
    pub mutants: Vec<(Mutant, bool)>,
    /// The policy files the mutants' spans point into.
    pub sources: crate::source::SourceMap,
}

impl MutantReport {
    /// Adds the mutants of another run (of the same policies with drafts
    /// layered over them), their spans moved into this report's files.
    pub fn merge(&mut self, other: MutantReport) {
        for (mut m, killed) in other.mutants {
            if let Some(f) = other.sources.file(m.span.file) {
                let known = self.sources.files().find(|(_, g)| g.name == f.name).map(|(id, _)| id);
                let id = known.unwrap_or_else(|| self.sources.add(f.name.clone(), f.text.clone()));
                m.span = Span::new(id, m.span.start, m.span.end);
            }
            self.mutants.push((m, killed));
        }
    }

    /// Killed and total, for the mutants of `policy` (or all).
    pub fn score(&self, policy: Option<&str>) -> (usize, usize) {
        let of: Vec<&(Mutant, bool)> = self
            .mutants
            .iter()
            .filter(|(m, _)| policy.is_none_or(|p| m.scored_under() == p))
            .collect();
        (of.iter().filter(|(_, k)| *k).count(), of.len())
    }
}

/// Every mutant of the policies named. `drafts` are the ids of the drafts
/// layered over them: the category lines they add are mutated too, and each
/// mutant of what a draft wrote says so ([`Mutant::draft`]).
pub fn mutants(set: &PolicySet, policies: &[String], drafts: &[String]) -> Vec<Mutant> {
    let mut out = Vec::new();
    for p in set.policies.iter().filter(|p| policies.contains(&p.id) && p.decides()) {
        let first = out.len();
        let m = |rule: Option<String>, version, change, what: String, span| Mutant {
            policy: p.id.clone(),
            rule,
            version,
            change,
            what,
            span,
            draft: None,
        };
        edges(&p.window, &p.suspensions, |change, what| {
            out.push(m(
                None,
                0,
                change,
                format!("the policy {what}"),
                super::header_span(set, p),
            ))
        });
        for id in &p.categories {
            let Some(cat) = set.category(*id) else { continue };
            let ours = |l: &crate::policy::CategoryMember| l.added_by.as_ref().is_none_or(|d| drafts.contains(d));
            for (line, member) in cat.members.iter().enumerate().filter(|(_, l)| ours(l)) {
                for (drop, what) in line_drops(&member.test) {
                    let change = Change::CategoryLine {
                        category: id.0 as usize,
                        line,
                        drop,
                    };
                    let what = format!("category {}: {what} dropped", cat.local);
                    out.push(m(None, 0, change, what, member.span));
                }
            }
        }
        for r in &p.rules {
            let rule = Some(r.id.clone());
            out.push(m(
                rule.clone(),
                0,
                Change::Remove,
                format!("rule {} removed", r.id),
                r.span,
            ));
            for (v, version) in r.versions.iter().enumerate() {
                let name = |i: &usize| p.rules.get(*i).map_or("?", |x| x.id.as_str());
                for (index, y) in version.yields.iter().enumerate() {
                    let what = format!("rule {}: `yields to {}` dropped", r.id, name(y));
                    out.push(m(rule.clone(), v, Change::YieldDropped { index }, what, r.span));
                }
                // With one target, dropping it is the exception removed (above).
                if let Effect::Exempts(targets) = &version.effect {
                    for (index, t) in targets.iter().enumerate().filter(|_| targets.len() >= 2) {
                        let what = format!("rule {}: exemption from {} dropped", r.id, name(t));
                        out.push(m(rule.clone(), v, Change::ExemptionDropped { index }, what, r.span));
                    }
                }
                if let Effect::Outcome { outcome, .. } = version.effect {
                    for up in [true, false] {
                        if let Some(o) = step(outcome, up) {
                            let what = format!("rule {}: outcome {outcome} → {o}", r.id);
                            out.push(m(rule.clone(), v, Change::Outcome { up }, what, r.span));
                        }
                    }
                }
                let Some(c) = &version.condition else { continue };
                let mut sites = Sites::default();
                sites.visit(c);
                for (site, (cmp, percent, span)) in sites.thresholds.into_iter().enumerate() {
                    for delta in [BASIS_POINT, -BASIS_POINT] {
                        let what = format!("rule {}: {} {percent}% → {}%", r.id, words(cmp), percent + delta);
                        out.push(m(rule.clone(), v, Change::Threshold { site, delta }, what, span));
                    }
                    if let Some(flipped) = flip(cmp) {
                        let what = format!(
                            "rule {}: {} {percent}% → {} {percent}%",
                            r.id,
                            words(cmp),
                            words(flipped)
                        );
                        out.push(m(rule.clone(), v, Change::Comparator { site }, what, span));
                    }
                }
                for (site, (names, span)) in sites.listings.into_iter().enumerate() {
                    if names.len() < 2 {
                        continue;
                    }
                    for (name, n) in names.iter().enumerate() {
                        let what = format!("rule {}: `{n}` dropped from `{}`", r.id, names.join(", "));
                        out.push(m(rule.clone(), v, Change::ListDropped { site, name }, what, span));
                    }
                }
                for (node, (all, operands)) in sites.nodes.into_iter().enumerate() {
                    for (operand, span) in operands.into_iter().enumerate() {
                        let joiner = if all { "`and` operand" } else { "`or` alternative" };
                        let what = format!("rule {}: {joiner} {} dropped", r.id, operand + 1);
                        out.push(m(rule.clone(), v, Change::Drop { node, operand }, what, span));
                    }
                }
            }
            edges(&r.window, &r.suspensions, |change, what| {
                out.push(m(rule.clone(), 0, change, format!("rule {} {what}", r.id), r.span))
            });
        }
        for mutant in out.get_mut(first..).unwrap_or_default() {
            mutant.draft = draft_of(set, p, mutant, drafts);
        }
    }
    out
}

/// The draft (one of `drafts`) that wrote what `m` mutates, if any.
fn draft_of(set: &PolicySet, p: &crate::policy::Policy, m: &Mutant, drafts: &[String]) -> Option<String> {
    if drafts.contains(&p.id) {
        return Some(p.id.clone());
    }
    let rule = m.rule.as_ref().and_then(|id| p.rules.iter().find(|r| r.id == *id));
    // An amendment is named `policy.amendment`.
    let by = match (&m.change, rule) {
        (Change::CategoryLine { category, line, .. }, _) => {
            set.categories.get(*category)?.members.get(*line)?.added_by.clone()?
        }
        (
            Change::Edge {
                suspension: Some(i), ..
            },
            None,
        ) => p.suspensions.get(*i)?.by_policy.clone(),
        (
            Change::Edge {
                suspension: Some(i), ..
            },
            Some(r),
        ) => r.suspensions.get(*i)?.by_policy.clone(),
        (Change::Threshold { .. } | Change::Comparator { .. }, Some(r)) => {
            r.versions.get(m.version)?.amended_by.as_ref()?.0.clone()
        }
        _ => return None,
    };
    let policy = by.split('.').next().unwrap_or_default();
    drafts.iter().find(|d| *d == policy).cloned()
}

/// The parts of a category line that can be dropped, each with its words.
fn line_drops(test: &MemberTest) -> Vec<(LineDrop, String)> {
    let mut out = Vec::new();
    let compositions = match test {
        MemberTest::Classed(names) => {
            if names.names.len() >= 2 {
                for (i, n) in names.names.iter().enumerate() {
                    out.push((LineDrop::Class(i), format!("class {n}")));
                }
            }
            return out;
        }
        MemberTest::InCategory(_) => return out,
        MemberTest::Containing(c) => c,
        MemberTest::Form { compositions, .. } => compositions,
    };
    if compositions.len() >= 2 {
        for (i, n) in compositions.iter().enumerate() {
            out.push((LineDrop::Alternative(i), format!("`{}`", n.words())));
        }
    }
    for (alternative, n) in compositions.iter().enumerate() {
        if n.names.len() >= 2 {
            for (element, e) in n.names.iter().enumerate() {
                out.push((
                    LineDrop::Element { alternative, element },
                    format!("element {e} of `{}`", n.words()),
                ));
            }
        }
    }
    out
}

/// The set with a part of a category line dropped.
fn drop_from_line(set: &mut PolicySet, category: usize, line: usize, drop: LineDrop) {
    let Some(member) = set.categories.get_mut(category).and_then(|c| c.members.get_mut(line)) else {
        return;
    };
    let remove = |v: &mut Vec<_>, i: usize| {
        if i < v.len() {
            v.remove(i);
        }
    };
    match (&mut member.test, drop) {
        (MemberTest::Classed(names), LineDrop::Class(i)) => remove(&mut names.names, i),
        (MemberTest::Containing(c) | MemberTest::Form { compositions: c, .. }, LineDrop::Alternative(i))
            if i < c.len() =>
        {
            c.remove(i);
        }
        (
            MemberTest::Containing(c) | MemberTest::Form { compositions: c, .. },
            LineDrop::Element { alternative, element },
        ) => {
            if let Some(n) = c.get_mut(alternative) {
                remove(&mut n.names, element);
            }
        }
        _ => {}
    }
}

fn words(c: Comparator) -> &'static str {
    match c {
        Comparator::AtLeast => "at least",
        Comparator::MoreThan => "more than",
        Comparator::AtMost => "at most",
        Comparator::Below => "below",
    }
}

fn flip(c: Comparator) -> Option<Comparator> {
    match c {
        Comparator::AtLeast => Some(Comparator::MoreThan),
        Comparator::MoreThan => Some(Comparator::AtLeast),
        Comparator::AtMost => Some(Comparator::Below),
        Comparator::Below => Some(Comparator::AtMost),
    }
}

/// The next outcome up or down the ladder of requirements (never to
/// `not-controlled`, which is no rule at all).
fn step(o: Outcome, up: bool) -> Option<Outcome> {
    let i = Outcome::ALL.iter().position(|x| *x == o)?;
    let j = if up { i.checked_add(1)? } else { i.checked_sub(1)? };
    Outcome::ALL.get(j).copied().filter(|x| *x != Outcome::NotControlled)
}

/// The edge mutations of a window and its suspensions.
fn edges(window: &Window, suspensions: &[crate::policy::Suspension], mut push: impl FnMut(Change, String)) {
    let one = |w: &Window, suspension: Option<usize>, push: &mut dyn FnMut(Change, String)| {
        let subject = match suspension {
            Some(_) => "suspended",
            None => "in force",
        };
        if let Some(f) = w.from {
            for days in [1i8, -1] {
                let moved = shift(f, days).map(|d| d.to_string()).unwrap_or_default();
                push(
                    Change::Edge {
                        suspension,
                        end: false,
                        days,
                    },
                    format!("{subject} from {f} → from {moved}"),
                );
            }
        }
        if let Some(end) = w.written_end() {
            let word = if w.end_inclusive { "through" } else { "until" };
            for days in [1i8, -1] {
                let moved = shift(end, days).map(|d| d.to_string()).unwrap_or_default();
                push(
                    Change::Edge {
                        suspension,
                        end: true,
                        days,
                    },
                    format!("{subject} {word} {end} → {word} {moved}"),
                );
            }
        }
    };
    one(window, None, &mut push);
    for (i, s) in suspensions.iter().enumerate() {
        one(&s.window, Some(i), &mut push);
    }
}

fn shift(d: Date, days: i8) -> Option<Date> {
    d.checked_add(jiff::Span::new().days(i64::from(days))).ok()
}

/// The threshold leaves and `and`/`or` nodes of a condition, in depth-first
/// order (recursion bounded by the parser's nesting limit).
#[derive(Default)]
struct Sites {
    thresholds: Vec<(Comparator, Decimal, Span)>,
    nodes: Vec<(bool, Vec<Span>)>,
    /// Listing and ownership leaves: the lists (then party kinds) each names.
    listings: Vec<(Vec<String>, Span)>,
}

impl Sites {
    fn visit(&mut self, c: &Condition) {
        match c {
            Condition::Test(t, span) => match t.as_ref() {
                Atom::ContentShare {
                    comparator, percent, ..
                } => self.thresholds.push((*comparator, *percent, *span)),
                Atom::PartyOwned(_, o) => {
                    self.thresholds.push((o.comparator, o.percent, *span));
                    let names = o.lists.iter().chain(&o.kinds).cloned().collect();
                    self.listings.push((names, *span));
                }
                Atom::PartyOn(_, names) => self.listings.push((names.names.clone(), *span)),
                _ => {}
            },
            Condition::Not(inner) => self.visit(inner),
            Condition::All(parts) | Condition::Any(parts) => {
                let spans = parts.iter().map(first_span).collect();
                self.nodes.push((matches!(c, Condition::All(_)), spans));
                parts.iter().for_each(|p| self.visit(p));
            }
        }
    }
}

fn first_span(c: &Condition) -> Span {
    let mut c = c;
    loop {
        match c {
            Condition::Test(_, span) => return *span,
            Condition::Not(inner) => c = inner,
            Condition::All(parts) | Condition::Any(parts) => match parts.first() {
                Some(p) => c = p,
                None => return Span::default(),
            },
        }
    }
}

/// Applies a change to the threshold or node it names, counting sites in
/// the order [`Sites`] lists them.
struct Apply {
    change: Change,
    threshold: usize,
    node: usize,
    listing: usize,
}

impl Apply {
    fn visit(&mut self, c: &mut Condition) {
        match c {
            Condition::Test(t, _) => {
                if let Atom::PartyOn(..) | Atom::PartyOwned(..) = t.as_ref() {
                    let site = self.listing;
                    self.listing += 1;
                    if let Change::ListDropped { site: s, name } = self.change {
                        if s == site {
                            match t.as_mut() {
                                Atom::PartyOn(_, names) if name < names.names.len() => {
                                    names.names.remove(name);
                                }
                                Atom::PartyOwned(_, o) if name < o.lists.len() => {
                                    o.lists.remove(name);
                                }
                                Atom::PartyOwned(_, o) if name - o.lists.len() < o.kinds.len() => {
                                    let k = name - o.lists.len();
                                    o.kinds.remove(k);
                                }
                                _ => {}
                            }
                        }
                    }
                }
                let site = self.threshold;
                let (cmp, threshold, percent) = match t.as_mut() {
                    Atom::ContentShare {
                        comparator,
                        threshold,
                        percent,
                        ..
                    } => (comparator, threshold, percent),
                    Atom::PartyOwned(_, o) => (&mut o.comparator, &mut o.threshold, &mut o.percent),
                    _ => return,
                };
                self.threshold += 1;
                match self.change {
                    Change::Threshold { site: s, delta } if s == site => {
                        *percent += delta;
                        *threshold = *percent / Decimal::ONE_HUNDRED;
                    }
                    Change::Comparator { site: s } if s == site => {
                        if let Some(f) = flip(*cmp) {
                            *cmp = f;
                        }
                    }
                    _ => {}
                }
            }
            Condition::Not(inner) => self.visit(inner),
            Condition::All(parts) | Condition::Any(parts) => {
                let id = self.node;
                self.node += 1;
                // Children are numbered before anything is dropped, as `Sites` saw them.
                parts.iter_mut().for_each(|p| self.visit(p));
                if let Change::Drop { node, operand } = self.change {
                    if node == id && operand < parts.len() {
                        parts.remove(operand);
                    }
                }
            }
        }
    }
}

/// A window that holds on no day.
fn never() -> Window {
    let day = Date::constant(1, 1, 1);
    Window {
        from: Some(day),
        until: Some(day),
        end_inclusive: false,
    }
}

fn move_edge(w: &mut Window, end: bool, days: i8) {
    let edge = if end { &mut w.until } else { &mut w.from };
    if let Some(d) = edge.and_then(|d| shift(d, days)) {
        *edge = Some(d);
    }
}

/// The set with the mutant's change made.
fn mutate(set: &PolicySet, m: &Mutant) -> PolicySet {
    let mut set = set.clone();
    if let Change::CategoryLine { category, line, drop } = m.change {
        drop_from_line(&mut set, category, line, drop);
        return set;
    }
    let Some(p) = set.policies.iter_mut().find(|p| p.id == m.policy) else {
        return set;
    };
    let rule = m.rule.as_ref().and_then(|id| p.rules.iter().position(|r| r.id == *id));
    match (&m.change, rule) {
        (Change::Edge { suspension, end, days }, None) => match suspension {
            None => move_edge(&mut p.window, *end, *days),
            Some(i) => {
                if let Some(s) = p.suspensions.get_mut(*i) {
                    move_edge(&mut s.window, *end, *days);
                }
            }
        },
        (Change::Edge { suspension, end, days }, Some(r)) => {
            if let Some(rule) = p.rules.get_mut(r) {
                match suspension {
                    None => move_edge(&mut rule.window, *end, *days),
                    Some(i) => {
                        if let Some(s) = rule.suspensions.get_mut(*i) {
                            move_edge(&mut s.window, *end, *days);
                        }
                    }
                }
            }
        }
        (Change::Remove, Some(r)) => {
            if let Some(rule) = p.rules.get_mut(r) {
                rule.window = never();
            }
        }
        (Change::YieldDropped { index }, Some(r)) => {
            if let Some(v) = p.rules.get_mut(r).and_then(|rule| rule.versions.get_mut(m.version)) {
                if *index < v.yields.len() {
                    v.yields.remove(*index);
                }
            }
        }
        (Change::ExemptionDropped { index }, Some(r)) => {
            if let Some(Effect::Exempts(targets)) = p
                .rules
                .get_mut(r)
                .and_then(|rule| rule.versions.get_mut(m.version))
                .map(|v| &mut v.effect)
            {
                if *index < targets.len() {
                    targets.remove(*index);
                }
            }
        }
        (Change::Outcome { up }, Some(r)) => {
            if let Some(Effect::Outcome { outcome, .. }) = p
                .rules
                .get_mut(r)
                .and_then(|rule| rule.versions.get_mut(m.version))
                .map(|v| &mut v.effect)
            {
                if let Some(o) = step(*outcome, *up) {
                    *outcome = o;
                }
            }
        }
        (change, Some(r)) => {
            if let Some(c) = p
                .rules
                .get_mut(r)
                .and_then(|rule| rule.versions.get_mut(m.version))
                .and_then(|v| v.condition.as_mut())
            {
                let mut apply = Apply {
                    change: change.clone(),
                    threshold: 0,
                    node: 0,
                    listing: 0,
                };
                apply.visit(c);
            }
        }
        (_, None) => {}
    }
    set
}

/// Runs the mutants `all` of `set` against the prepared tests; a mutant is
/// killed when a test's expectation fails under it or its evaluation fails.
pub fn run(set: &PolicySet, all: Vec<Mutant>, tests: &[Prepared<'_>]) -> MutantReport {
    let killed: Vec<AtomicUsize> = all.iter().map(|_| AtomicUsize::new(0)).collect();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(all.len())
        .max(1);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let loaded: Vec<_> = tests
                    .iter()
                    .filter_map(|t| crate::facts::load(&t.source).ok().map(|f| (t, f)))
                    .collect();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(m) = all.get(i) else { break };
                    let mutated = mutate(set, m);
                    let dead = loaded.iter().any(|(t, facts)| {
                        let Ok(decisions) = evaluate(
                            &mutated,
                            facts,
                            &t.source,
                            &EvalOptions {
                                as_of: t.as_of,
                                threads: 1,
                            },
                        ) else {
                            return true;
                        };
                        t.test.expects.iter().any(|e| {
                            decisions
                                .decisions
                                .iter()
                                .find(|d| d.shipment == e.shipment.value)
                                .is_some_and(|d| super::run::unmet(e, d).is_some())
                        })
                    });
                    if let Some(k) = killed.get(i) {
                        k.store(usize::from(dead), Ordering::Relaxed);
                    }
                }
            });
        }
    });
    MutantReport {
        mutants: all
            .into_iter()
            .zip(killed)
            .map(|(m, k)| (m, k.load(Ordering::Relaxed) == 1))
            .collect(),
        sources: set.sources.clone(),
    }
}
