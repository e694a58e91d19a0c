//! The canonical text of the small pieces: quoted texts, lists, windows,
//! effects, category lines and condition atoms.

use crate::ast::{
    Aggregation, Atom, AttributeSubject, AttributeTest, Composition, DateComparator, Effect, Joiner, Literal, Literate,
    MemberKind, NameList, OriginWording, PartyRole, PlaceFilter, Reach, Relation, WindowAst, WindowEnd,
};

/// `"…"`, with `"` and `\` escaped and line breaks written `\n`.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `a, b or c`; a list written without a joiner keeps its commas.
pub fn list(l: &NameList) -> String {
    let names: Vec<String> = l.names.iter().map(|n| n.display()).collect();
    match (l.joiner, names.as_slice()) {
        (Joiner::Single, _) | (_, [] | [_]) => names.join(", "),
        (j, [init @ .., last]) => {
            let word = if j == Joiner::And { "and" } else { "or" };
            format!("{} {word} {last}", init.join(", "))
        }
    }
}

/// `a` or `an`, as the first name of the list sounds.
fn article(l: &NameList) -> &'static str {
    let first = l.names.first().map(|n| n.display()).unwrap_or_default();
    if first.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    }
}

/// `from 2025-12-01 through 2026-11-30`, without `in force`.
pub fn window_dates(w: &WindowAst) -> String {
    let mut parts = Vec::new();
    if let Some(from) = &w.from {
        parts.push(format!("from {}", from.text));
    }
    match &w.end {
        Some(WindowEnd::Until(d)) => parts.push(format!("until {}", d.text)),
        Some(WindowEnd::Through(d)) => parts.push(format!("through {}", d.text)),
        None => {}
    }
    parts.join(" ")
}

/// `in force from 2025-12-01`
pub fn window(w: &WindowAst) -> String {
    let dates = window_dates(w);
    if dates.is_empty() {
        "in force".into()
    } else {
        format!("in force {dates}")
    }
}

/// `quote "…"`, `note "…"`, `reading TAG "…" alternative "…"`
pub fn literate(l: &Literate) -> String {
    match l {
        Literate::Quote(t) => format!("quote {}", quoted(&t.value)),
        Literate::Note(t) => format!("note {}", quoted(&t.value)),
        Literate::Reading {
            tag, text, alternative, ..
        } => {
            let alt = alternative
                .as_ref()
                .map(|a| format!(" alternative {}", quoted(&a.value)))
                .unwrap_or_default();
            format!("reading {} {}{alt}", tag.name, quoted(&text.value))
        }
    }
}

/// `for "…" read "…"`: one step of an executable alternative.
pub fn substitution(s: &crate::ast::Substitution) -> String {
    format!("for {} read {}", quoted(&s.chosen.value), quoted(&s.alternative.value))
}

/// `outcome …`, `raises …`, `exempts …`
pub fn effect(e: &Effect) -> String {
    match e {
        Effect::Outcome {
            outcome,
            listing_attribute,
            ..
        } => match listing_attribute {
            Some(a) => format!(
                "outcome {} or the listing's {}, whichever is stricter",
                outcome.name, a.name
            ),
            None => format!("outcome {}", outcome.name),
        },
        Effect::Raises { by: None, to, .. } => format!("raises a required licence to {}", to.name),
        Effect::Raises { by: Some(by), to, .. } => format!("raises a licence required by {} to {}", list(by), to.name),
        Effect::Exempts { rules, .. } => format!("exempts {}", list(rules)),
    }
}

fn composition(parts: &[Composition]) -> String {
    let worded: Vec<String> = parts
        .iter()
        .map(|c| format!("{} {}", c.word, list(&c.elements)))
        .collect();
    match worded.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}, or {last}", init.join(", ")),
    }
}

/// `any …`
pub fn member(m: &MemberKind) -> String {
    match m {
        MemberKind::InCategory(r) => format!("any item in {}", r.display()),
        MemberKind::Classed(l) => format!("any item classed {}", list(l)),
        MemberKind::Form {
            form,
            composition: parts,
            with_component,
        } => {
            let mut s = format!("any {}", form.name);
            if !parts.is_empty() {
                s.push(' ');
                s.push_str(&composition(parts));
            }
            if let Some(c) = with_component {
                s.push_str(&format!(" with a component in {}", c.display()));
            }
            s
        }
    }
}

fn relation(r: Relation) -> &'static str {
    match r {
        Relation::In => "in",
        Relation::Outside => "outside",
    }
}

fn places(r: Relation, l: &NameList) -> String {
    format!("{} {}", relation(r), list(l))
}

fn origin(o: &Option<PlaceFilter>) -> String {
    o.as_ref()
        .map(|p| format!(" originating {}", places(p.relation, &p.places)))
        .unwrap_or_default()
}

fn date_words(c: DateComparator) -> &'static str {
    c.words()
}

fn literal(l: &Literal) -> String {
    match l {
        Literal::Date(d) => d.text.clone(),
        Literal::Number(n) => n.to_string(),
        Literal::Text(t) => quoted(t),
        Literal::Bool(b) => b.to_string(),
    }
}

fn attribute_test(t: &AttributeTest) -> String {
    match t {
        AttributeTest::Number(c, n) => format!("{} {n}", c.words()),
        AttributeTest::Date(c, d) => format!("{} {}", date_words(*c), d.text),
        AttributeTest::Equals(l) => literal(l),
    }
}

fn possessive(s: AttributeSubject) -> &'static str {
    match s {
        AttributeSubject::Item => "the item's",
        AttributeSubject::Shipment => "the shipment's",
        AttributeSubject::Party(PartyRole::EndUser) => "the end user's",
        AttributeSubject::Party(PartyRole::Exporter) => "the exporter's",
    }
}

/// One test, as written after `when`.
pub fn atom(a: &Atom) -> String {
    match a {
        Atom::ContentShare {
            category,
            origin: o,
            comparator,
            threshold,
        } => format!(
            "the value of components in {}{} is {} {}% of the item's value",
            category.display(),
            origin(o),
            comparator.words(),
            threshold.value
        ),
        Atom::ItemOrigin {
            wording,
            relation: r,
            places: l,
        } => match wording {
            OriginWording::MadeIn => format!("the item is made {}", places(*r, l)),
            OriginWording::Originates => format!("the item originates {}", places(*r, l)),
        },
        Atom::ItemIn(r) => format!("the item is in {}", r.display()),
        Atom::ItemContains(l) => format!("the item contains {}", list(l)),
        Atom::ItemClassed(l) => format!("the item is classed {}", list(l)),
        Atom::ItemMadeWith {
            components,
            technologies,
            places: l,
        } => {
            let which = technologies
                .as_ref()
                .map(|t| format!("{} ", list(t)))
                .unwrap_or_default();
            let subject = if *components {
                "the item or a component of it"
            } else {
                "the item"
            };
            format!("{subject} is made with {which}technology from {}", list(l))
        }
        Atom::ItemComponent { category, origin: o } => {
            format!("the item has a component in {}{}", category.display(), origin(o))
        }
        Atom::Destination { relation: r, places: l } => format!("the destination is {}", places(*r, l)),
        Atom::DestinationExportCountry { relation: r } => {
            format!("the destination is {} the country of export", relation(*r))
        }
        Atom::CountryOfExport { relation: r, places: l } => format!("the country of export is {}", places(*r, l)),
        Atom::EndUse(l) => format!("the end use is {}", list(l)),
        Atom::EvaluationDate(c, d) => format!("the date is {} {}", date_words(*c), d.text),
        Atom::PartyCountry {
            party,
            relation: r,
            places: l,
        } => format!("{} is {}", party.words(), places(*r, l)),
        Atom::PartyKind { party, kinds } => format!("{} is {} {}", party.words(), article(kinds), list(kinds)),
        Atom::PartyOn { party, lists } => format!("{} is on {}", party.words(), list(lists)),
        Atom::PartyOwned {
            party,
            comparator,
            threshold,
            lists,
            kinds,
            reach,
            aggregation,
            ..
        } => {
            let owners: Vec<String> = kinds
                .iter()
                .map(|k| format!("{} parties", list(k)))
                .chain(lists.iter().map(|l| format!("parties on {}", list(l))))
                .collect();
            let mut s = format!(
                "{} is owned {} {}% by {}",
                party.words(),
                comparator.words(),
                threshold.value,
                owners.join(" or ")
            );
            if let Some((r, _)) = reach {
                s.push_str(match r {
                    Reach::Directly => ", directly",
                    Reach::Indirectly => ", directly or indirectly",
                });
            }
            if let Some((g, _)) = aggregation {
                s.push_str(match g {
                    Aggregation::Individually => ", individually",
                    Aggregation::InAggregate => ", individually or in aggregate",
                });
            }
            s
        }
        Atom::Attribute { subject, name, test } => {
            format!("{} {} is {}", possessive(*subject), name.name, attribute_test(test))
        }
    }
}
