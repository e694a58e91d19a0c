//! What changed in the law: a semantic diff of two checked policy sets.
//!
//! Policies, rules, categories, amendments and declared tags are matched by
//! id and compared by meaning, in canonical form (lists sorted, spans and
//! comments ignored), so reformatting, reordering and comment changes make no
//! difference. Each change is worded for a lawyer who does not read the source.

use crate::ast::TagKind;
use crate::describe;
use crate::policy::{Category, Condition, Effect, MemberTest, Names, Policy, PolicySet, Rule, RuleVersion, Test};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Every difference between two policy sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct PolicyDiff {
    /// The changes, by subject.
    pub changes: Vec<Change>,
}

impl PolicyDiff {
    /// Whether the two sets mean the same.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// One added, removed or changed thing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// `policy`, `rule`, `category`, `amendment`, `list`, …
    pub kind: &'static str,
    /// The qualified id, e.g. `cn-mofcom-2025-61.deminimis`.
    pub id: String,
    /// What changed, in words.
    pub details: Vec<String>,
}

/// Compares two policy sets.
pub fn diff(old: &PolicySet, new: &PolicySet) -> PolicyDiff {
    let mut changes = Vec::new();
    let olds: BTreeMap<&str, &Policy> = old.policies.iter().map(|p| (p.id.as_str(), p)).collect();
    let news: BTreeMap<&str, &Policy> = new.policies.iter().map(|p| (p.id.as_str(), p)).collect();
    for (id, p) in &news {
        if !olds.contains_key(id) {
            changes.push(Change {
                change: "added",
                kind: "policy",
                id: id.to_string(),
                details: vec![format!("{} ({})", p.title, p.authority)],
            });
        }
    }
    for (id, p) in &olds {
        match news.get(id) {
            None => changes.push(Change {
                change: "removed",
                kind: "policy",
                id: id.to_string(),
                details: vec![p.title.clone()],
            }),
            Some(n) => compare_policies(old, p, new, n, &mut changes),
        }
    }
    compare_categories(old, new, &mut changes);
    compare_vocabulary(old, new, &mut changes);
    changes.sort_by(|a, b| (a.id.as_str(), a.kind, a.change).cmp(&(b.id.as_str(), b.kind, b.change)));
    PolicyDiff { changes }
}

fn compare_policies(os: &PolicySet, o: &Policy, ns: &PolicySet, n: &Policy, out: &mut Vec<Change>) {
    let mut details = Vec::new();
    let mut field = |what: &str, a: String, b: String| {
        if a != b {
            details.push(format!("{what} changed from “{a}” to “{b}”"));
        }
    };
    field("title", o.title.clone(), n.title.clone());
    field("authority", o.authority.clone(), n.authority.clone());
    field(
        "citation",
        o.citation.clone().unwrap_or_default(),
        n.citation.clone().unwrap_or_default(),
    );
    field(
        "source",
        o.source.clone().unwrap_or_default(),
        n.source.clone().unwrap_or_default(),
    );
    field(
        "issue date",
        o.issued.map(describe::date).unwrap_or_default(),
        n.issued.map(describe::date).unwrap_or_default(),
    );
    if o.window != n.window {
        details.push(window_change(&o.window, &n.window));
    }
    suspension_changes(&o.suspensions, &n.suspensions, &mut details);
    if !details.is_empty() {
        out.push(Change {
            change: "changed",
            kind: "policy",
            id: o.id.clone(),
            details,
        });
    }
    let orules: BTreeMap<&str, &Rule> = o.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let nrules: BTreeMap<&str, &Rule> = n.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    for (id, r) in &nrules {
        if !orules.contains_key(id) {
            let mut details = vec![format!("{} ({})", rule_sentence(ns, n, r), r.article)];
            if r.window.from.is_some() || r.window.until.is_some() {
                details.push(format!("in force {}", describe::window(&r.window)));
            }
            out.push(Change {
                change: "added",
                kind: "rule",
                id: format!("{}.{id}", n.id),
                details,
            });
        }
    }
    for (id, r) in &orules {
        match nrules.get(id) {
            None => out.push(Change {
                change: "removed",
                kind: "rule",
                id: format!("{}.{id}", o.id),
                details: vec![format!("{} ({})", rule_sentence(os, o, r), r.article)],
            }),
            Some(nr) => {
                let details = rule_changes(os, o, r, ns, n, nr);
                if !details.is_empty() {
                    out.push(Change {
                        change: "changed",
                        kind: "rule",
                        id: format!("{}.{id}", o.id),
                        details,
                    });
                }
            }
        }
    }
    let oam: BTreeMap<&str, _> = o.amendments.iter().map(|a| (a.id.as_str(), a)).collect();
    let nam: BTreeMap<&str, _> = n.amendments.iter().map(|a| (a.id.as_str(), a)).collect();
    for (id, a) in &nam {
        match oam.get(id) {
            None => out.push(Change {
                change: "added",
                kind: "amendment",
                id: format!("{}.{id}", n.id),
                details: a.actions.clone(),
            }),
            Some(b) if b.actions != a.actions || b.cite != a.cite => out.push(Change {
                change: "changed",
                kind: "amendment",
                id: format!("{}.{id}", n.id),
                details: a
                    .actions
                    .iter()
                    .filter(|x| !b.actions.contains(x))
                    .map(|x| format!("now {x}"))
                    .chain(
                        b.actions
                            .iter()
                            .filter(|x| !a.actions.contains(x))
                            .map(|x| format!("no longer {x}")),
                    )
                    .collect(),
            }),
            Some(_) => {}
        }
    }
    for (id, a) in &oam {
        if !nam.contains_key(id) {
            out.push(Change {
                change: "removed",
                kind: "amendment",
                id: format!("{}.{id}", o.id),
                details: a.actions.clone(),
            });
        }
    }
}

fn window_change(o: &crate::policy::Window, n: &crate::policy::Window) -> String {
    format!("in force {} instead of {}", describe::window(n), describe::window(o))
}

fn suspension_changes(o: &[crate::policy::Suspension], n: &[crate::policy::Suspension], details: &mut Vec<String>) {
    let words = |s: &crate::policy::Suspension| format!("suspended {} by {}", describe::window(&s.window), s.by);
    let ow: BTreeSet<String> = o.iter().map(words).collect();
    let nw: BTreeSet<String> = n.iter().map(words).collect();
    for s in nw.difference(&ow) {
        details.push(format!("now {s}"));
    }
    for s in ow.difference(&nw) {
        details.push(format!("no longer {s}"));
    }
}

/// "From 1 December 2025, a licence is required when …"
fn rule_sentence(set: &PolicySet, p: &Policy, r: &Rule) -> String {
    match r.versions.first() {
        Some(v) => version_sentence(set, p, v),
        None => String::new(),
    }
}

fn version_sentence(set: &PolicySet, p: &Policy, v: &RuleVersion) -> String {
    let effect = describe::effect(&p.rules, &v.effect);
    match &v.condition {
        Some(c) => format!("{effect} when {}", describe::condition(set, c).sentence()),
        None => effect,
    }
}

fn rule_changes(os: &PolicySet, op: &Policy, o: &Rule, ns: &PolicySet, np: &Policy, n: &Rule) -> Vec<String> {
    let mut details = Vec::new();
    if o.article != n.article {
        details.push(format!("now cites {} instead of {}", n.article, o.article));
    }
    if o.window != n.window {
        details.push(window_change(&o.window, &n.window));
    }
    suspension_changes(&o.suspensions, &n.suspensions, &mut details);
    let ov: Vec<_> = o.versions.iter().map(|v| version_key(os, op, v)).collect();
    let nv: Vec<_> = n.versions.iter().map(|v| version_key(ns, np, v)).collect();
    if ov == nv {
        return details;
    }
    // Compare version by version; versions added by amendments are named by date.
    let count = o.versions.len().max(n.versions.len());
    for i in 0..count {
        match (o.versions.get(i), n.versions.get(i)) {
            (Some(a), Some(b)) => {
                let prefix = match b.from {
                    Some(d) => format!("from {}: ", describe::date(d)),
                    None => String::new(),
                };
                for d in version_changes(os, op, a, ns, np, b) {
                    details.push(format!("{prefix}{d}"));
                }
                if a.from != b.from {
                    details.push(format!(
                        "an amended version applies from {} instead of {}",
                        b.from.map_or("the start".into(), describe::date),
                        a.from.map_or("the start".into(), describe::date)
                    ));
                }
            }
            (None, Some(b)) => {
                let when = format!(
                    "from {}, as amended by {}",
                    b.from.map_or("the start".into(), describe::date),
                    b.amended_by.as_ref().map_or("", |x| x.0.as_str())
                );
                // Word the new version against the one it follows.
                let before = i.checked_sub(1).and_then(|k| n.versions.get(k));
                let changes = before
                    .map(|a| version_changes(ns, np, a, ns, np, b))
                    .unwrap_or_default();
                if changes.is_empty() {
                    details.push(format!("{when}: {}", version_sentence(ns, np, b)));
                } else {
                    details.extend(changes.into_iter().map(|c| format!("{when}: {c}")));
                }
            }
            (Some(a), None) => details.push(format!(
                "the version from {} ({}) is withdrawn",
                a.from.map_or("the start".into(), describe::date),
                a.amended_by.as_ref().map_or("", |x| x.0.as_str())
            )),
            (None, None) => {}
        }
    }
    details
}

/// A canonical text of a version, for equality.
fn version_key(set: &PolicySet, p: &Policy, v: &RuleVersion) -> String {
    let cond = v.condition.as_ref().map(|c| canonical(set, c)).unwrap_or_default();
    let yields: BTreeSet<&str> = v
        .yields
        .iter()
        .filter_map(|y| p.rules.get(*y).map(|r| r.id.as_str()))
        .collect();
    format!(
        "{:?}|{}|{:?}|{:?}",
        v.from,
        describe::effect(&p.rules, &v.effect),
        yields,
        cond
    )
}

/// The condition's clauses with every list sorted, as a sorted tree text.
fn canonical(set: &PolicySet, c: &Condition) -> String {
    match c {
        Condition::All(parts) | Condition::Any(parts) => {
            let mut texts: Vec<String> = parts.iter().map(|p| canonical(set, p)).collect();
            texts.sort();
            let op = if matches!(c, Condition::All(_)) { "all" } else { "any" };
            format!("{op}({})", texts.join(";"))
        }
        Condition::Not(inner) => format!("not({})", canonical(set, inner)),
        Condition::Test(t, _) => describe::test(set, &sorted_test(t)),
    }
}

fn sort_names(n: &mut Names) {
    n.names.sort();
}

fn sorted_test(t: &Test) -> Test {
    let mut t = t.clone();
    match &mut t {
        Test::ContentShare { origin: Some(p), .. } | Test::ItemComponent { origin: Some(p), .. } => {
            sort_names(&mut p.names)
        }
        Test::ItemOrigin(p, _) | Test::Destination(p) | Test::CountryOfExport(p) | Test::PartyCountry(_, p) => {
            sort_names(&mut p.names)
        }
        Test::ItemContains(n)
        | Test::ItemClassed(n)
        | Test::EndUse(n)
        | Test::PartyKind(_, n)
        | Test::PartyOn(_, n) => sort_names(n),
        Test::ItemMadeWith {
            technologies, places, ..
        } => {
            if let Some(t) = technologies {
                sort_names(t);
            }
            sort_names(&mut places.names);
        }
        Test::PartyOwned(_, o) => {
            o.lists.sort();
            o.kinds.sort();
        }
        _ => {}
    }
    t
}

fn version_changes(
    os: &PolicySet,
    op: &Policy,
    a: &RuleVersion,
    ns: &PolicySet,
    np: &Policy,
    b: &RuleVersion,
) -> Vec<String> {
    let mut out = Vec::new();
    let (ea, eb) = (
        describe::effect(&op.rules, &a.effect),
        describe::effect(&np.rules, &b.effect),
    );
    if ea != eb {
        out.push(match (&a.effect, &b.effect) {
            (Effect::Outcome { outcome: x, .. }, Effect::Outcome { outcome: y, .. }) if x != y => {
                format!("outcome changed from {x} to {y}")
            }
            _ => format!("now: {eb} (was: {ea})"),
        });
    }
    let ya: BTreeSet<&str> = a
        .yields
        .iter()
        .filter_map(|y| op.rules.get(*y).map(|r| r.id.as_str()))
        .collect();
    let yb: BTreeSet<&str> = b
        .yields
        .iter()
        .filter_map(|y| np.rules.get(*y).map(|r| r.id.as_str()))
        .collect();
    for y in yb.difference(&ya) {
        out.push(format!("now yields to {y}"));
    }
    for y in ya.difference(&yb) {
        out.push(format!("no longer yields to {y}"));
    }
    let ca = a.condition.as_ref().map(|c| canonical(os, c)).unwrap_or_default();
    let cb = b.condition.as_ref().map(|c| canonical(ns, c)).unwrap_or_default();
    if ca != cb {
        out.extend(condition_changes(os, a.condition.as_ref(), ns, b.condition.as_ref()));
    }
    out
}

/// The tests of a condition, each with whether it sits in an `or`.
fn tests(c: &Condition, in_any: bool, out: &mut Vec<(Test, bool)>) {
    match c {
        Condition::All(parts) => parts.iter().for_each(|p| tests(p, false, out)),
        Condition::Any(parts) => parts.iter().for_each(|p| tests(p, true, out)),
        Condition::Not(inner) => tests(inner, in_any, out),
        Condition::Test(t, _) => out.push((sorted_test(t), in_any)),
    }
}

/// Condition changes worded test by test: thresholds, list members, tests added and removed.
fn condition_changes(os: &PolicySet, a: Option<&Condition>, ns: &PolicySet, b: Option<&Condition>) -> Vec<String> {
    let mut ta = Vec::new();
    let mut tb = Vec::new();
    if let Some(c) = a {
        tests(c, false, &mut ta);
    }
    if let Some(c) = b {
        tests(c, false, &mut tb);
    }
    let mut out = Vec::new();
    let mut unmatched_b: Vec<bool> = vec![true; tb.len()];
    let mut unmatched_a: Vec<bool> = vec![true; ta.len()];
    for (i, (x, _)) in ta.iter().enumerate() {
        let xs = describe::test(os, x);
        if let Some(j) = tb
            .iter()
            .enumerate()
            .position(|(j, (y, _))| unmatched_b[j] && describe::test(ns, y) == xs)
        {
            unmatched_a[i] = false;
            unmatched_b[j] = false;
        }
    }
    // Pair what is left by kind of test, and word the difference.
    for (i, (x, any_a)) in ta.iter().enumerate() {
        if !unmatched_a[i] {
            continue;
        }
        let pair = tb
            .iter()
            .enumerate()
            .position(|(j, (y, _))| unmatched_b[j] && same_kind(x, y));
        if let Some(j) = pair {
            if let Some((y, _)) = tb.get(j) {
                if let Some(words) = paired_change(os, x, ns, y, *any_a) {
                    unmatched_a[i] = false;
                    unmatched_b[j] = false;
                    out.extend(words);
                }
            }
        }
    }
    for (i, (x, in_any)) in ta.iter().enumerate() {
        if unmatched_a[i] {
            let t = describe::test(os, x);
            out.push(if *in_any {
                format!("no longer applies when {t}")
            } else {
                format!("no longer requires that {t}")
            });
        }
    }
    for (j, (y, in_any)) in tb.iter().enumerate() {
        if unmatched_b[j] {
            let t = describe::test(ns, y);
            out.push(if *in_any {
                format!("now also applies when {t}")
            } else {
                format!("now applies only when {t}")
            });
        }
    }
    out
}

fn same_kind(a: &Test, b: &Test) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn direction(old: rust_decimal::Decimal, new: rust_decimal::Decimal) -> &'static str {
    if new < old {
        "lowered"
    } else {
        "raised"
    }
}

/// The difference between two tests of the same kind, in words.
fn paired_change(os: &PolicySet, a: &Test, ns: &PolicySet, b: &Test, in_any: bool) -> Option<Vec<String>> {
    match (a, b) {
        (
            Test::ContentShare {
                category: c1,
                origin: o1,
                comparator: k1,
                percent: p1,
                ..
            },
            Test::ContentShare {
                category: c2,
                origin: o2,
                comparator: k2,
                percent: p2,
                ..
            },
        ) if describe::category(os, *c1) == describe::category(ns, *c2)
            && o1.as_ref().map(|p| describe::places(os, p)) == o2.as_ref().map(|p| describe::places(ns, p)) =>
        {
            let mut out = Vec::new();
            if p1 != p2 {
                out.push(format!(
                    "threshold {} from {}% to {}% of the item's value",
                    direction(*p1, *p2),
                    p1.normalize(),
                    p2.normalize()
                ));
            }
            if k1 != k2 {
                out.push(format!(
                    "the share must now be {} the threshold instead of {}",
                    k2.words(),
                    k1.words()
                ));
            }
            Some(out)
        }
        (Test::PartyOwned(r1, x), Test::PartyOwned(r2, y)) if r1 == r2 && x.lists == y.lists => {
            let mut out = Vec::new();
            let gained: Vec<&String> = y.kinds.iter().filter(|k| !x.kinds.contains(k)).collect();
            let lost: Vec<&String> = x.kinds.iter().filter(|k| !y.kinds.contains(k)).collect();
            if !gained.is_empty() {
                let words: Vec<String> = gained.iter().map(|k| format!("{k} parties")).collect();
                out.push(format!("the stakes of {} now count too", describe::join(&words, "and")));
            }
            if !lost.is_empty() {
                let words: Vec<String> = lost.iter().map(|k| format!("{k} parties")).collect();
                out.push(format!(
                    "the stakes of {} no longer count",
                    describe::join(&words, "and")
                ));
            }
            if x.percent != y.percent {
                out.push(format!(
                    "ownership threshold {} from {}% to {}%",
                    direction(x.percent, y.percent),
                    x.percent.normalize(),
                    y.percent.normalize()
                ));
            }
            if x.comparator != y.comparator || x.reach != y.reach || x.aggregation != y.aggregation {
                out.push(format!("ownership is now tested as: {}", describe::test(ns, b)));
            }
            Some(out)
        }
        (Test::PartyOn(r1, x), Test::PartyOn(r2, y)) if r1 == r2 => Some(name_changes(x, y, in_any || !x.all, |l| {
            format!("{} is on {}", r1.words(), describe::tag(ns, TagKind::List, l))
        })),
        (Test::EndUse(x), Test::EndUse(y)) => Some(name_changes(x, y, true, |u| format!("the end use is `{u}`"))),
        (Test::PartyKind(r1, x), Test::PartyKind(r2, y)) if r1 == r2 => Some(name_changes(x, y, true, |k| {
            format!("{} is a {}", r1.words(), k.replace('-', " "))
        })),
        (Test::ItemClassed(x), Test::ItemClassed(y)) => {
            Some(name_changes(x, y, true, |c| format!("the item is classified as `{c}`")))
        }
        _ => None,
    }
}

fn name_changes(x: &Names, y: &Names, alternatives: bool, word: impl Fn(&str) -> String) -> Vec<String> {
    let a: BTreeSet<&String> = x.names.iter().collect();
    let b: BTreeSet<&String> = y.names.iter().collect();
    let mut out = Vec::new();
    for n in b.difference(&a) {
        out.push(if alternatives {
            format!("now also applies when {}", word(n))
        } else {
            format!("now also requires that {}", word(n))
        });
    }
    for n in a.difference(&b) {
        out.push(format!("no longer applies when {}", word(n)));
    }
    out
}

fn compare_categories(old: &PolicySet, new: &PolicySet, out: &mut Vec<Change>) {
    let olds: BTreeMap<&str, &Category> = old.categories.iter().map(|c| (c.id.as_str(), c)).collect();
    let news: BTreeMap<&str, &Category> = new.categories.iter().map(|c| (c.id.as_str(), c)).collect();
    for (id, c) in &news {
        match olds.get(id) {
            None => out.push(Change {
                change: "added",
                kind: "category",
                id: id.to_string(),
                details: c.members.iter().map(|m| describe::member(new, m)).collect(),
            }),
            Some(o) => {
                let details = member_changes(old, o, new, c);
                if !details.is_empty() {
                    out.push(Change {
                        change: "changed",
                        kind: "category",
                        id: id.to_string(),
                        details,
                    });
                }
            }
        }
    }
    for (id, c) in &olds {
        if !news.contains_key(id) {
            out.push(Change {
                change: "removed",
                kind: "category",
                id: id.to_string(),
                details: c.members.iter().map(|m| describe::member(old, m)).collect(),
            });
        }
    }
}

/// A category line in canonical form: elements sorted within each composition.
fn member_key(set: &PolicySet, m: &crate::policy::CategoryMember) -> String {
    let mut m = m.clone();
    if let MemberTest::Form { compositions, .. } | MemberTest::Containing(compositions) = &mut m.test {
        compositions.iter_mut().for_each(sort_names);
        compositions.sort_by_key(|n| n.words());
    }
    if let MemberTest::Classed(n) = &mut m.test {
        sort_names(n);
    }
    describe::member(set, &m)
}

fn member_changes(os: &PolicySet, o: &Category, ns: &PolicySet, n: &Category) -> Vec<String> {
    let mut out = Vec::new();
    if o.title != n.title {
        out.push(format!(
            "renamed from “{}” to “{}”",
            o.title.clone().unwrap_or_default(),
            n.title.clone().unwrap_or_default()
        ));
    }
    let ok: Vec<String> = o.members.iter().map(|m| member_key(os, m)).collect();
    let nk: Vec<String> = n.members.iter().map(|m| member_key(ns, m)).collect();
    let added: Vec<usize> = (0..n.members.len())
        .filter(|j| nk.get(*j).is_some_and(|k| !ok.contains(k)))
        .collect();
    let removed: Vec<usize> = (0..o.members.len())
        .filter(|i| ok.get(*i).is_some_and(|k| !nk.contains(k)))
        .collect();
    let mut paired_removed = BTreeSet::new();
    for j in &added {
        let Some(nm) = n.members.get(*j) else { continue };
        // A line of the same form that gains elements: "gains holmium (Ho)".
        let pair = removed.iter().find(|i| {
            !paired_removed.contains(*i)
                && o.members.get(**i).is_some_and(|om| match (&om.test, &nm.test) {
                    (MemberTest::Form { form: f1, .. }, MemberTest::Form { form: f2, .. }) => {
                        f1 == f2 && om.added == nm.added
                    }
                    (MemberTest::Containing(_), MemberTest::Containing(_)) => om.added == nm.added,
                    _ => false,
                })
        });
        match (pair, &nm.test) {
            (Some(i), MemberTest::Form { compositions: nc, .. } | MemberTest::Containing(nc)) => {
                paired_removed.insert(*i);
                let Some(MemberTest::Form { compositions: oc, .. } | MemberTest::Containing(oc)) =
                    o.members.get(*i).map(|m| &m.test)
                else {
                    continue;
                };
                let elements =
                    |c: &Vec<Names>| -> BTreeSet<String> { c.iter().flat_map(|n| n.names.clone()).collect() };
                let (oe, ne) = (elements(oc), elements(nc));
                let gained: Vec<String> = ne.difference(&oe).map(|e| describe::element(e)).collect();
                let lost: Vec<String> = oe.difference(&ne).map(|e| describe::element(e)).collect();
                if !gained.is_empty() {
                    out.push(format!("{} gains {}", n.id, describe::join(&gained, "and")));
                }
                if !lost.is_empty() {
                    out.push(format!("{} loses {}", n.id, describe::join(&lost, "and")));
                }
                if gained.is_empty() && lost.is_empty() {
                    out.push(format!("now covers {}", describe::member(ns, nm)));
                }
            }
            _ => out.push(format!("{} gains {}", n.id, describe::member(ns, nm))),
        }
    }
    for i in removed {
        if !paired_removed.contains(&i) {
            if let Some(om) = o.members.get(i) {
                out.push(format!("{} no longer covers {}", o.id, describe::member(os, om)));
            }
        }
    }
    out
}

fn compare_vocabulary(old: &PolicySet, new: &PolicySet, out: &mut Vec<Change>) {
    let kinds: BTreeSet<TagKind> = old.vocabulary.keys().chain(new.vocabulary.keys()).copied().collect();
    for kind in kinds {
        let empty = BTreeMap::new();
        let o = old.vocabulary.get(&kind).unwrap_or(&empty);
        let n = new.vocabulary.get(&kind).unwrap_or(&empty);
        let what = kind.noun();
        for (name, t) in n {
            if !o.contains_key(name) {
                out.push(Change {
                    change: "added",
                    kind: what,
                    id: name.clone(),
                    details: t.description.clone().into_iter().collect(),
                });
            }
        }
        for (name, t) in o {
            if !n.contains_key(name) {
                out.push(Change {
                    change: "removed",
                    kind: what,
                    id: name.clone(),
                    details: t.description.clone().into_iter().collect(),
                });
            }
        }
    }
    let groups: BTreeSet<&String> = old.groups.keys().chain(new.groups.keys()).collect();
    for g in groups {
        let (a, b) = (old.groups.get(g), new.groups.get(g));
        let change = match (a, b) {
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            (Some(x), Some(y)) if x.countries != y.countries => "changed",
            _ => continue,
        };
        out.push(Change {
            change,
            kind: "country group",
            id: g.clone(),
            details: b
                .or(a)
                .map(|x| x.countries.iter().map(|c| c.to_string()).collect())
                .unwrap_or_default(),
        });
    }
}
