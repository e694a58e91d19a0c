//! Plain-language wording of the checked policy set: dates, places,
//! elements, tests, conditions, effects and windows in words a lawyer reads
//! without the source. Rendering, explanation and diffing all use it, so the
//! law is worded the same way everywhere.

use crate::ast::{Aggregation, AttributeSubject, Comparator, DateComparator, OriginWording, Reach, TagKind};
use crate::outcome::Outcome;
use crate::policy::{
    AttributeTest, CategoryId, CategoryMember, Condition, Effect, MemberTest, Names, Places, PolicySet, Rule, Test,
    Window,
};
use jiff::civil::Date;

/// `1 December 2025`
pub fn date(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

/// `dysprosium (Dy)`
pub fn element(symbol: &str) -> String {
    match crate::elements::element_name(symbol) {
        Some(name) => format!("{name} ({symbol})"),
        None => symbol.to_string(),
    }
}

/// `China`, `the United States`, or a group's name.
pub fn place(set: &PolicySet, name: &str) -> String {
    if let Some(c) = crate::geo::country(name) {
        let n = crate::geo::country_name(c);
        return if n.starts_with("United") || n.ends_with("lands") || n.ends_with("Republic") {
            format!("the {n}")
        } else {
            n.to_string()
        };
    }
    match set.groups.get(name).and_then(|g| g.title.clone()) {
        Some(title) => title,
        None => name.to_string(),
    }
}

/// `a, b or c` with each name worded by `word`.
pub fn list(names: &Names, word: impl Fn(&str) -> String) -> String {
    let worded: Vec<String> = names.names.iter().map(|n| word(n)).collect();
    join(&worded, if names.all { "and" } else { "or" })
}

/// `a, b and c`
pub fn join(items: &[String], joiner: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {joiner} {last}", init.join(", ")),
    }
}

/// `in China`, `outside China`
pub fn places(set: &PolicySet, p: &Places) -> String {
    places_with(set, p, &Plain)
}

/// [`places`], naming countries and groups through `refs`.
pub fn places_with(set: &PolicySet, p: &Places, refs: &dyn Refs) -> String {
    if p.outside {
        // Outside a list of places is outside all of them.
        let all = Names {
            names: p.names.names.clone(),
            all: true,
        };
        format!("outside {}", list(&all, |n| refs.place(set, n)))
    } else {
        format!("in {}", list(&p.names, |n| refs.place(set, n)))
    }
}

/// A declared tag in words: its description when it has one.
pub fn tag(set: &PolicySet, kind: TagKind, name: &str) -> String {
    match set
        .vocabulary
        .get(&kind)
        .and_then(|m| m.get(name))
        .and_then(|t| t.description.clone())
    {
        Some(d) if kind == TagKind::List => format!("{d} (`{name}`)"),
        _ => format!("`{name}`"),
    }
}

/// A category's name: its title, or its id.
pub fn category(set: &PolicySet, id: crate::policy::CategoryId) -> String {
    set.category(id)
        .map_or_else(String::new, |c| c.title.clone().unwrap_or_else(|| c.id.clone()))
}

/// `at least 0.1%`
pub fn threshold(cmp: Comparator, percent: rust_decimal::Decimal) -> String {
    format!("{} {}%", cmp.words(), percent.normalize())
}

/// How the wording names what is declared elsewhere (categories, tags,
/// places, rules). [`Plain`] gives the words used everywhere; a renderer
/// wraps the same words in links.
pub trait Refs {
    /// A category: its title, or its id.
    fn category(&self, set: &PolicySet, id: CategoryId) -> String {
        category(set, id)
    }

    /// A declared tag: a list by its description and id, an end use or item
    /// class as code, a party kind or technology in words.
    fn tag(&self, set: &PolicySet, kind: TagKind, name: &str) -> String {
        match kind {
            TagKind::List => tag(set, kind, name),
            TagKind::EndUse | TagKind::Class => format!("`{name}`"),
            TagKind::Kind | TagKind::Technology => name.replace('-', " "),
        }
    }

    /// A country or a country group.
    fn place(&self, set: &PolicySet, name: &str) -> String {
        place(set, name)
    }

    /// The item class naming a material form in a category line (`alloy`,
    /// `permanent-magnet`), in words.
    fn form(&self, _set: &PolicySet, class: &str) -> String {
        class.replace('-', " ")
    }

    /// Rule `index` of `rules` (one policy's rules): `deminimis (Art. 1(1))`.
    fn rule(&self, rules: &[Rule], index: usize) -> String {
        rules
            .get(index)
            .map_or_else(String::new, |r| format!("{} ({})", r.id, r.article))
    }
}

/// The plain wording of [`Refs`].
pub struct Plain;

impl Refs for Plain {}

/// One test, as a clause that completes "when …".
pub fn test(set: &PolicySet, t: &Test) -> String {
    test_with(set, t, &Plain)
}

/// [`test()`], naming what is declared elsewhere through `refs`.
pub fn test_with(set: &PolicySet, t: &Test, refs: &dyn Refs) -> String {
    let place = |set: &PolicySet, n: &str| refs.place(set, n);
    let places = |set: &PolicySet, p: &Places| places_with(set, p, refs);
    let category = |set: &PolicySet, c: CategoryId| refs.category(set, c);
    let tag = |set: &PolicySet, kind: TagKind, n: &str| refs.tag(set, kind, n);
    match t {
        Test::ContentShare {
            category: c,
            origin,
            comparator,
            percent,
            ..
        } => {
            let from = match origin {
                Some(p) if !p.outside => format!("{}-origin ", list(&p.names, |n| place(set, n))),
                Some(p) => format!(
                    "{} ",
                    places(set, p).replacen("outside", "non-", 1).replace("non- ", "non-")
                ),
                None => String::new(),
            };
            format!(
                "{from}materials listed in {} make up {} of the item's value",
                category(set, *c),
                threshold(*comparator, *percent)
            )
        }
        Test::ItemOrigin(p, wording) => match wording {
            OriginWording::MadeIn => format!("the item is made {}", places(set, p)),
            OriginWording::Originates => format!("the item originates {}", places(set, p)),
        },
        Test::ItemIn(c) => format!("the item is listed in {}", category(set, *c)),
        Test::ItemContains(n) => format!("the item contains {}", list(n, element)),
        Test::ItemClassed(n) => format!("the item is classified as {}", list(n, |c| tag(set, TagKind::Class, c))),
        Test::ItemMadeWith {
            components,
            technologies,
            places: p,
        } => {
            let subject = if *components {
                "the item or a component of it"
            } else {
                "the item"
            };
            let which = technologies
                .as_ref()
                .map(|t| format!("{} ", list(t, |x| tag(set, TagKind::Technology, x))))
                .unwrap_or_default();
            format!(
                "{subject} is made with {which}technology from {}",
                list(&p.names, |n| place(set, n))
            )
        }
        Test::ItemComponent { category: c, origin } => format!(
            "the item has a component listed in {}{}",
            category(set, *c),
            origin
                .as_ref()
                .map(|p| format!(" that originates {}", places(set, p)))
                .unwrap_or_default()
        ),
        Test::Destination(p) => format!("the destination is {}", places(set, p)),
        Test::DestinationExportCountry { outside: true } => {
            "the destination is outside the country of export".to_string()
        }
        Test::DestinationExportCountry { outside: false } => "the destination is the country of export".to_string(),
        Test::CountryOfExport(p) => {
            let names = list(&p.names, |n| place(set, n));
            if p.outside {
                format!("the item is exported from outside {names}")
            } else {
                format!("the item is exported from {names}")
            }
        }
        Test::EndUse(n) => format!("the end use is {}", list(n, |u| tag(set, TagKind::EndUse, u))),
        Test::EvaluationDate(cmp, d) => format!("the date is {} {}", cmp.words(), date(*d)),
        Test::PartyCountry(role, p) => format!("{} is {}", role.words(), places(set, p)),
        Test::PartyKind(role, n) => format!("{} is a {}", role.words(), list(n, |k| tag(set, TagKind::Kind, k))),
        Test::PartyOn(role, n) => format!("{} is on {}", role.words(), list(n, |l| tag(set, TagKind::List, l))),
        Test::PartyOwned(role, o) => format!(
            "{} is owned {} by {}, {}, {}",
            role.words(),
            threshold(o.comparator, o.percent),
            {
                let mut owners = Vec::new();
                if !o.kinds.is_empty() {
                    owners.push(format!(
                        "parties that are a {}",
                        join(
                            &o.kinds.iter().map(|k| tag(set, TagKind::Kind, k)).collect::<Vec<_>>(),
                            "or"
                        )
                    ));
                }
                if !o.lists.is_empty() {
                    owners.push(format!(
                        "parties on {}",
                        join(
                            &o.lists.iter().map(|l| tag(set, TagKind::List, l)).collect::<Vec<_>>(),
                            "or"
                        )
                    ));
                }
                owners.join(" or by ")
            },
            match o.reach {
                Reach::Directly => "directly",
                Reach::Indirectly => "directly or indirectly",
            },
            match o.aggregation {
                Aggregation::Individually => "individually",
                Aggregation::InAggregate => "individually or in aggregate",
            }
        ),
        Test::Attribute { subject, name, test } => {
            let whose = match subject {
                AttributeSubject::Item => "the item's".to_string(),
                AttributeSubject::Shipment => "the shipment's".to_string(),
                AttributeSubject::Party(role) => format!("{}'s", role.words()),
            };
            format!("{whose} `{name}` is {}", attribute_test(test))
        }
    }
}

fn attribute_test(t: &AttributeTest) -> String {
    match t {
        AttributeTest::Number(c, n) => format!("{} {}", c.words(), n.normalize()),
        AttributeTest::Date(c, d) => format!("{} {}", c.words(), date(*d)),
        AttributeTest::EqualsNumber(n) => n.normalize().to_string(),
        AttributeTest::EqualsDate(d) => date(*d),
        AttributeTest::EqualsText(s) => format!("\"{s}\""),
        AttributeTest::EqualsBool(b) => b.to_string(),
    }
}

/// A condition as nested clauses: each node is a clause or a list of
/// clauses joined by `and` / `or`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// One clause.
    Leaf(String),
    /// Clauses that must all hold.
    All(Vec<Clause>),
    /// Clauses of which one must hold.
    Any(Vec<Clause>),
    /// A clause that must not hold.
    Not(Box<Clause>),
}

/// The clause tree of a condition.
pub fn condition(set: &PolicySet, c: &Condition) -> Clause {
    condition_with(set, c, &Plain)
}

/// [`condition`], naming what is declared elsewhere through `refs`.
pub fn condition_with(set: &PolicySet, c: &Condition, refs: &dyn Refs) -> Clause {
    match c {
        Condition::All(parts) => Clause::All(parts.iter().map(|p| condition_with(set, p, refs)).collect()),
        Condition::Any(parts) => Clause::Any(parts.iter().map(|p| condition_with(set, p, refs)).collect()),
        Condition::Not(inner) => Clause::Not(Box::new(condition_with(set, inner, refs))),
        Condition::Test(t, _) => Clause::Leaf(test_with(set, t, refs)),
    }
}

impl Clause {
    /// The clause as one sentence fragment; nested groups are bracketed.
    pub fn sentence(&self) -> String {
        self.sentence_at(0)
    }

    fn sentence_at(&self, depth: usize) -> String {
        let wrap = |s: String| if depth > 0 { format!("({s})") } else { s };
        match self {
            Clause::Leaf(s) => s.clone(),
            Clause::All(parts) => wrap(join(
                &parts.iter().map(|p| p.sentence_at(depth + 1)).collect::<Vec<_>>(),
                "and",
            )),
            Clause::Any(parts) => wrap(join(
                &parts.iter().map(|p| p.sentence_at(depth + 1)).collect::<Vec<_>>(),
                "or",
            )),
            Clause::Not(inner) => format!("it is not the case that {}", inner.sentence_at(depth + 1)),
        }
    }

    /// Every leaf clause, for comparing conditions clause by clause.
    pub fn leaves(&self) -> Vec<String> {
        match self {
            Clause::Leaf(s) => vec![s.clone()],
            Clause::All(parts) | Clause::Any(parts) => parts.iter().flat_map(Clause::leaves).collect(),
            Clause::Not(inner) => inner.leaves().into_iter().map(|l| format!("not: {l}")).collect(),
        }
    }
}

/// What a rule does, in words (`a licence is required`).
pub fn effect(rules: &[crate::policy::Rule], e: &Effect) -> String {
    effect_with(rules, e, &Plain)
}

/// [`effect`], naming rules through `refs`.
pub fn effect_with(rules: &[Rule], e: &Effect, refs: &dyn Refs) -> String {
    let name = |i: &usize| refs.rule(rules, *i);
    match e {
        Effect::Outcome {
            outcome,
            listing_attribute: None,
        } => outcome.in_words().to_string(),
        Effect::Outcome {
            outcome,
            listing_attribute: Some(a),
        } => format!(
            "{}, or what the listing's `{a}` states if that is stricter",
            outcome.in_words()
        ),
        Effect::Raises { by: None, to } => {
            format!("a licence required by another rule of this policy is {}", raised(*to))
        }
        Effect::Raises { by: Some(by), to } => format!(
            "a licence required by {} is {}",
            join(&by.iter().map(name).collect::<Vec<_>>(), "or"),
            raised(*to)
        ),
        Effect::Exempts(targets) => format!(
            "no licence is needed under {}",
            join(&targets.iter().map(name).collect::<Vec<_>>(), "or")
        ),
    }
}

/// What a rule does, as the main clause of a sentence that may go on with
/// "when …": `a licence is required to export an item`, `a licence required
/// by deminimis (Art. 1(1)) is presumed to be denied`.
pub fn effect_clause_with(rules: &[Rule], e: &Effect, refs: &dyn Refs) -> String {
    match e {
        Effect::Outcome {
            outcome,
            listing_attribute: None,
        } => requirement(*outcome).to_string(),
        Effect::Outcome {
            outcome,
            listing_attribute: Some(a),
        } => format!(
            "{} (or what the listing's `{a}` states, if that is stricter)",
            requirement(*outcome)
        ),
        _ => effect_with(rules, e, refs),
    }
}

/// An outcome as what the law requires of an export:
/// `a licence is required to export an item`.
pub fn requirement(o: Outcome) -> &'static str {
    match o {
        Outcome::NotControlled => "an export is not controlled",
        Outcome::Exempt => "an export is exempt from licensing",
        Outcome::LicenceRequired => "a licence is required to export an item",
        Outcome::CaseByCase => "a licence, reviewed case by case, is required to export an item",
        Outcome::PresumptionOfDenial => "a licence, with a presumption of denial, is required to export an item",
        Outcome::Prohibited => "exporting an item is prohibited",
    }
}

/// The rules an exception yields to: `it yields to military-users (Art. 2)
/// and listed-parties (Art. 2): it does not apply where any of them applies`.
pub fn yields_with(rules: &[Rule], yields: &[usize], refs: &dyn Refs) -> String {
    let names: Vec<String> = yields.iter().map(|i| refs.rule(rules, *i)).collect();
    let which = if names.len() == 1 { "that rule" } else { "any of them" };
    format!(
        "it yields to {}: it does not apply where {which} applies",
        join(&names, "and")
    )
}

fn raised(to: Outcome) -> &'static str {
    match to {
        Outcome::CaseByCase => "reviewed case by case",
        Outcome::PresumptionOfDenial => "presumed to be denied",
        Outcome::Prohibited => "replaced by a prohibition",
        _ => "raised",
    }
}

/// `from 1 December 2025 until 10 November 2026` / `from …, through …`
pub fn window(w: &Window) -> String {
    let mut parts = Vec::new();
    if let Some(f) = w.from {
        parts.push(format!("from {}", date(f)));
    }
    if let Some(end) = w.written_end() {
        parts.push(if w.end_inclusive {
            format!("through {}", date(end))
        } else {
            format!("until {}", date(end))
        });
    }
    if parts.is_empty() {
        "at all times".into()
    } else {
        parts.join(" ")
    }
}

/// One category line in words.
pub fn member(set: &PolicySet, m: &CategoryMember) -> String {
    member_with(set, m, &Plain)
}

/// [`member`], naming what is declared elsewhere through `refs`.
pub fn member_with(set: &PolicySet, m: &CategoryMember, refs: &dyn Refs) -> String {
    let category = |set: &PolicySet, c: CategoryId| refs.category(set, c);
    let base = match &m.test {
        MemberTest::InCategory(c) => format!("any item listed in {}", category(set, *c)),
        MemberTest::Classed(n) => format!(
            "any item classified as {}",
            list(n, |c| refs.tag(set, TagKind::Class, c))
        ),
        MemberTest::Containing(compositions) => {
            let parts: Vec<String> = compositions
                .iter()
                .map(|n| format!("contains {}", list(n, element)))
                .collect();
            format!(
                "any item that, itself or in a component at any depth, {}",
                join(&parts, "or")
            )
        }
        MemberTest::Form {
            form,
            compositions,
            with_component,
        } => {
            let form_words = refs.form(set, form);
            let mut s = format!("any {form_words}");
            if !compositions.is_empty() {
                let parts: Vec<String> = compositions
                    .iter()
                    .map(|n| format!("of {}", list(n, element)))
                    .collect();
                s.push(' ');
                s.push_str(&join(&parts, "or"));
            }
            if let Some(c) = with_component {
                s.push_str(&format!(" with a component listed in {}", category(set, *c)));
            }
            s
        }
    };
    let while_in_force = m
        .added_by
        .as_ref()
        .map(|p| format!("; it applies only while {p} is in force"))
        .unwrap_or_default();
    match &m.added {
        Some((w, by)) if *w == Window::default() => format!("{base} (added by {by}{while_in_force})"),
        Some((w, by)) => format!("{base} ({}, added by {by}{while_in_force})", window(w)),
        None => base,
    }
}

/// The comparison word of a date test, for plain sentences.
pub fn date_comparator(c: DateComparator) -> &'static str {
    c.words()
}
