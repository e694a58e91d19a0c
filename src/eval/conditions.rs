//! Conditions over one shipment: a fast yes/no, and for rules that apply,
//! the reasons in words.

use super::words::{money, percent, written_percent};
use super::{Ctx, Evaluator};
use crate::ast::{AttributeSubject, Comparator, DateComparator, OriginWording, PartyRole};
use crate::facts::{AttributeValue, ItemIdx, PartyIdx};
use crate::policy::{AttributeTest, Condition, Names, RuleVersion, Test};
use rust_decimal::Decimal;

impl Evaluator<'_> {
    /// Whether the condition holds.
    pub(crate) fn holds(&mut self, c: &Condition, ctx: Ctx<'_>) -> bool {
        self.eval(c, ctx, &mut None)
    }

    /// The reasons a rule version applies.
    pub(crate) fn explain(&mut self, v: &RuleVersion, ctx: Ctx<'_>) -> Vec<String> {
        let mut why = Some(Vec::new());
        if let Some(c) = &v.condition {
            self.eval(c, ctx, &mut why);
        }
        why.unwrap_or_default()
    }

    /// Evaluates; when `why` is given, pushes the sentences that decided.
    fn eval(&mut self, c: &Condition, ctx: Ctx<'_>, why: &mut Option<Vec<String>>) -> bool {
        match c {
            Condition::All(parts) => {
                for p in parts {
                    if !self.eval(p, ctx, why) {
                        return false;
                    }
                }
                true
            }
            Condition::Any(parts) => {
                let Some(reasons) = why else {
                    return parts.iter().any(|p| self.eval(p, ctx, &mut None));
                };
                // Give the reasons of the parts that hold; if none does, of all.
                let mut held = Vec::new();
                let mut failed = Vec::new();
                let mut ok = false;
                for p in parts {
                    let mut sub = Some(Vec::new());
                    if self.eval(p, ctx, &mut sub) {
                        ok = true;
                        held.extend(sub.unwrap_or_default());
                    } else {
                        failed.extend(sub.unwrap_or_default());
                    }
                }
                reasons.extend(if ok { held } else { failed });
                ok
            }
            Condition::Not(inner) => !self.eval(inner, ctx, why),
            Condition::Test(test, _) => {
                let (result, sentence) = self.test(test, ctx, why.is_some());
                if let (Some(reasons), Some(s)) = (why.as_mut(), sentence) {
                    reasons.push(s);
                }
                result
            }
        }
    }

    fn party(&self, role: PartyRole, ctx: Ctx<'_>) -> PartyIdx {
        match role {
            PartyRole::EndUser => ctx.shipment.end_user,
            PartyRole::Exporter => ctx.shipment.exporter,
        }
    }

    /// One test; the sentence is made only when `explain`.
    fn test(&mut self, test: &Test, ctx: Ctx<'_>, explain: bool) -> (bool, Option<String>) {
        let facts = self.facts;
        let item = facts.item(ctx.shipment.item);
        match test {
            Test::ContentShare {
                category,
                origin,
                comparator,
                threshold,
                percent: written,
                memo,
            } => {
                let Some(share) = self.content_share(ctx.shipment.item, *category, origin.as_ref(), *memo, ctx) else {
                    return (
                        false,
                        explain.then(|| "the content share could not be computed".to_string()),
                    );
                };
                let ok = compare(share.share, *comparator, *threshold);
                let sentence = explain.then(|| {
                    let what = self
                        .set
                        .category(*category)
                        .map_or_else(String::new, |c| c.title.clone().unwrap_or(c.id.clone()));
                    let origin_words = match origin {
                        Some(p) if p.words.starts_with("in ") => {
                            format!("{}-origin ", p.words.trim_start_matches("in "))
                        }
                        Some(p) => format!("{} ", p.words.replacen("outside", "originating outside", 1)),
                        None => String::new(),
                    };
                    let verdict = if ok { "" } else { "not " };
                    format!(
                        "{origin_words}{what} content of {} is {} of {} ({}), {verdict}{} {}",
                        item.id,
                        money(share.content),
                        money(share.value),
                        percent(share.share),
                        comparator.words(),
                        written_percent(*written)
                    )
                });
                (ok, sentence)
            }
            Test::ItemOrigin(places, wording) => {
                let ok = places.contains(item.origin);
                let sentence = explain.then(|| {
                    let verb = match wording {
                        OriginWording::MadeIn => "was made in",
                        OriginWording::Originates => "originates in",
                    };
                    let origin = item.origin.as_str();
                    if ok && places.words == format!("in {origin}") {
                        format!("{} {verb} {origin}", item.id)
                    } else if ok {
                        format!("{} {verb} {origin}, {}", item.id, places.words)
                    } else {
                        format!("{} {verb} {origin}, not {}", item.id, places.words)
                    }
                });
                (ok, sentence)
            }
            Test::ItemIn(category) => {
                let ok = self.in_category(ctx.shipment.item, *category, ctx.day);
                let sentence = explain.then(|| {
                    let c = self.set.category(*category);
                    let name = c.map_or_else(String::new, |c| match &c.title {
                        Some(t) => format!("{t} ({})", c.id),
                        None => c.id.clone(),
                    });
                    format!("{} is {}in {name}", item.id, if ok { "" } else { "not " })
                });
                (ok, sentence)
            }
            Test::ItemContains(names) => {
                let ok = names.test(|e| item.elements.contains(e));
                (
                    ok,
                    explain.then(|| {
                        format!(
                            "{} {} {}",
                            item.id,
                            if ok { "contains" } else { "does not contain" },
                            names.words()
                        )
                    }),
                )
            }
            Test::ItemClassed(names) => {
                let ok = names.test(|c| item.classes.iter().any(|x| x == c));
                (
                    ok,
                    explain.then(|| {
                        format!(
                            "{} is {}classed {}",
                            item.id,
                            if ok { "" } else { "not " },
                            names.words()
                        )
                    }),
                )
            }
            Test::ItemMadeWith {
                components,
                technologies,
                places,
            } => {
                let matches = |m: &crate::facts::MadeWith| {
                    places.contains(m.origin)
                        && technologies
                            .as_ref()
                            .is_none_or(|t| t.names.iter().any(|n| n == &m.technology))
                };
                // The item itself, or (with `components`) the first item of
                // its bill of materials made so.
                let maker = if *components {
                    let key = std::ptr::from_ref(test) as usize;
                    self.made_with_anywhere(key, ctx.shipment.item, &matches)
                } else {
                    item.made_with.iter().any(matches).then_some(ctx.shipment.item)
                };
                let facts = self.facts;
                let found = maker.and_then(|m| {
                    let it = facts.item(m);
                    it.made_with.iter().find(|x| matches(x)).map(|x| (it, x))
                });
                let ok = found.is_some();
                let sentence = explain.then(|| match found {
                    Some((it, m)) if it.id == item.id => format!(
                        "{} was made with {} technology from {}",
                        item.id, m.technology, m.origin
                    ),
                    Some((it, m)) => format!(
                        "{} has a component, {}, made with {} technology from {}",
                        item.id, it.id, m.technology, m.origin
                    ),
                    None => format!(
                        "{}{} was not made with {}technology {}",
                        item.id,
                        if *components { " or any component of it" } else { "" },
                        technologies
                            .as_ref()
                            .map(|t| format!("{} ", t.words()))
                            .unwrap_or_default(),
                        places.words.replacen("in ", "from ", 1)
                    ),
                });
                (ok, sentence)
            }
            Test::ItemComponent { category, origin } => {
                let ok = self.has_component(ctx.shipment.item, *category, origin.as_ref(), ctx.day);
                let sentence = explain.then(|| {
                    let name = self.set.category(*category).map_or_else(String::new, |c| c.id.clone());
                    let o = origin
                        .as_ref()
                        .map(|p| format!(" originating {}", p.words))
                        .unwrap_or_default();
                    format!(
                        "{} {} a component in {name}{o}",
                        item.id,
                        if ok { "has" } else { "has no" }
                    )
                });
                (ok, sentence)
            }
            Test::Destination(places) => {
                let to = ctx.shipment.to;
                let ok = places.contains(to);
                (
                    ok,
                    explain.then(|| {
                        format!(
                            "the destination {to} is {}{}",
                            if ok { "" } else { "not " },
                            places.words
                        )
                    }),
                )
            }
            Test::DestinationExportCountry { outside } => {
                let (to, from) = (ctx.shipment.to, ctx.shipment.from);
                let ok = (to != from) == *outside;
                (
                    ok,
                    explain.then(|| {
                        if to == from {
                            format!("the destination {to} is the country of export")
                        } else {
                            format!("the destination {to} is not the country of export {from}")
                        }
                    }),
                )
            }
            Test::CountryOfExport(places) => {
                let from = ctx.shipment.from;
                let ok = places.contains(from);
                (
                    ok,
                    explain.then(|| {
                        format!(
                            "the country of export {from} is {}{}",
                            if ok { "" } else { "not " },
                            places.words
                        )
                    }),
                )
            }
            Test::EndUse(names) => {
                let uses = &ctx.shipment.end_uses;
                let ok = names.test(|n| uses.iter().any(|u| u == n));
                let sentence = explain.then(|| {
                    let matched: Vec<&str> = uses
                        .iter()
                        .filter(|u| names.names.contains(u))
                        .map(String::as_str)
                        .collect();
                    if ok {
                        format!("the end use is {}", matched.join(" and "))
                    } else if uses.is_empty() {
                        format!("no end use is stated, so none is {}", names.words())
                    } else {
                        format!("the end use ({}) is not {}", uses.join(", "), names.words())
                    }
                });
                (ok, sentence)
            }
            Test::EvaluationDate(cmp, date) => {
                let ok = compare_date(ctx.day, *cmp, *date);
                (
                    ok,
                    explain.then(|| {
                        format!(
                            "the date {} is {}{} {date}",
                            ctx.day,
                            if ok { "" } else { "not " },
                            cmp.words()
                        )
                    }),
                )
            }
            Test::PartyCountry(role, places) => {
                let party = self.party(*role, ctx);
                let country = facts.country_of(party);
                let ok = places.contains(country);
                (
                    ok,
                    explain.then(|| {
                        format!(
                            "{} {} ({}) is {}{}",
                            role.words(),
                            facts.party(party).id,
                            country,
                            if ok { "" } else { "not " },
                            places.words
                        )
                    }),
                )
            }
            Test::PartyKind(role, names) => {
                let p = facts.party(self.party(*role, ctx));
                let ok = names.test(|k| p.kinds.iter().any(|x| x == k));
                (
                    ok,
                    explain.then(|| {
                        format!(
                            "{} {} is {}{}",
                            role.words(),
                            p.id,
                            if ok { "" } else { "not " },
                            article(names)
                        )
                    }),
                )
            }
            Test::PartyOn(role, names) => self.party_on(*role, names, ctx, explain),
            Test::PartyOwned(role, test) => {
                let party = self.party(*role, ctx);
                self.party_owned(*role, party, test, ctx, explain)
            }
            Test::Attribute { subject, name, test } => {
                let attrs = match subject {
                    AttributeSubject::Item => &item.attributes,
                    AttributeSubject::Shipment => &ctx.shipment.attributes,
                    AttributeSubject::Party(role) => &facts.party(self.party(*role, ctx)).attributes,
                };
                let whose = match subject {
                    AttributeSubject::Item => format!("{}'s", item.id),
                    AttributeSubject::Shipment => "the shipment's".to_string(),
                    AttributeSubject::Party(role) => format!("{}'s", role.words()),
                };
                let value = attrs.get(name);
                let ok = value.is_some_and(|v| attribute_holds(v, test));
                let sentence = explain.then(|| match value {
                    None => format!("{whose} {name} is not stated"),
                    Some(v) => format!(
                        "{whose} {name} is {}, {}{}",
                        show(v),
                        if ok { "" } else { "not " },
                        describe_test(test)
                    ),
                });
                (ok, sentence)
            }
        }
    }

    fn party_on(&mut self, role: PartyRole, names: &Names, ctx: Ctx<'_>, explain: bool) -> (bool, Option<String>) {
        let party = self.party(role, ctx);
        let facts = self.facts;
        let on = |list: &str| facts.listing_on(party, ctx.day, |l| l == list);
        let ok = names.test(|n| on(n).is_some());
        if !explain {
            return (ok, None);
        }
        let p = facts.party(party);
        let found: Vec<u32> = names.names.iter().filter_map(|n| on(n)).collect();
        if ok {
            self.caught_listings.extend(found.iter().copied());
        }
        let sentence = if ok {
            let lists: Vec<String> = found
                .iter()
                .filter_map(|li| facts.listings.get(*li as usize))
                .map(|l| match (l.window.from, self.link_of(l)) {
                    (Some(f), Some(via)) => format!("{} (from {f}; {via})", l.list),
                    (Some(f), None) => format!("{} (from {f})", l.list),
                    (None, Some(via)) => format!("{} ({via})", l.list),
                    (None, None) => l.list.clone(),
                })
                .collect();
            format!("{} {} is on {} on {}", role.words(), p.id, lists.join(" and "), ctx.day)
        } else {
            format!("{} {} is not on {} on {}", role.words(), p.id, names.words(), ctx.day)
        };
        (ok, Some(sentence))
    }
}

fn article(names: &Names) -> String {
    let first = names.names.first().map(String::as_str).unwrap_or("");
    let a = if first.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{a} {}", names.words())
}

/// `value cmp threshold`, exactly.
pub(crate) fn compare(value: Decimal, cmp: Comparator, threshold: Decimal) -> bool {
    match cmp {
        Comparator::AtLeast => value >= threshold,
        Comparator::MoreThan => value > threshold,
        Comparator::AtMost => value <= threshold,
        Comparator::Below => value < threshold,
    }
}

fn compare_date(day: jiff::civil::Date, cmp: DateComparator, date: jiff::civil::Date) -> bool {
    match cmp {
        DateComparator::Before => day < date,
        DateComparator::After => day > date,
        DateComparator::OnOrBefore => day <= date,
        DateComparator::OnOrAfter => day >= date,
    }
}

fn attribute_holds(v: &AttributeValue, test: &AttributeTest) -> bool {
    match (v, test) {
        (AttributeValue::Number(n), AttributeTest::Number(c, t)) => compare(*n, *c, *t),
        (AttributeValue::Number(n), AttributeTest::EqualsNumber(t)) => n == t,
        (AttributeValue::Date(d), AttributeTest::Date(c, t)) => compare_date(*d, *c, *t),
        (AttributeValue::Date(d), AttributeTest::EqualsDate(t)) => d == t,
        (AttributeValue::Text(s), AttributeTest::EqualsText(t)) => s == t,
        (AttributeValue::Bool(b), AttributeTest::EqualsBool(t)) => b == t,
        _ => false,
    }
}

fn show(v: &AttributeValue) -> String {
    match v {
        AttributeValue::Text(s) => format!("\"{s}\""),
        AttributeValue::Number(n) => n.normalize().to_string(),
        AttributeValue::Bool(b) => b.to_string(),
        AttributeValue::Date(d) => d.to_string(),
    }
}

fn describe_test(t: &AttributeTest) -> String {
    match t {
        AttributeTest::Number(c, n) => format!("{} {}", c.words(), n.normalize()),
        AttributeTest::Date(c, d) => format!("{} {d}", c.words()),
        AttributeTest::EqualsNumber(n) => format!("equal to {}", n.normalize()),
        AttributeTest::EqualsDate(d) => format!("equal to {d}"),
        AttributeTest::EqualsText(s) => format!("equal to \"{s}\""),
        AttributeTest::EqualsBool(b) => format!("equal to {b}"),
    }
}

impl Evaluator<'_> {
    /// The first item (`root` itself, else one found in its bill of
    /// materials at any depth) that has a `made_with` entry `matches`
    /// accepts; `key` names the test in the memo table. Each item's answer
    /// is worked out once per test, with an explicit stack (bills of
    /// materials are acyclic: the loader rejects cycles).
    fn made_with_anywhere(
        &mut self,
        key: usize,
        root: ItemIdx,
        matches: &dyn Fn(&crate::facts::MadeWith) -> bool,
    ) -> Option<ItemIdx> {
        let facts = self.facts;
        let mut stack = vec![(root, false)];
        while let Some((at, expanded)) = stack.pop() {
            if self.made_with_below.contains_key(&(key, at)) {
                continue;
            }
            let it = facts.item(at);
            if !expanded {
                if it.made_with.iter().any(matches) {
                    self.made_with_below.insert((key, at), Some(at));
                    continue;
                }
                stack.push((at, true));
                stack.extend(
                    it.components
                        .iter()
                        .filter(|c| !self.made_with_below.contains_key(&(key, c.item)))
                        .map(|c| (c.item, false)),
                );
            } else {
                let below = it
                    .components
                    .iter()
                    .find_map(|c| self.made_with_below.get(&(key, c.item)).copied().flatten());
                self.made_with_below.insert((key, at), below);
            }
        }
        self.made_with_below.get(&(key, root)).copied().flatten()
    }
}
