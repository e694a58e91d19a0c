//! A compact S-expression printout of the surface AST, for snapshots.
//!
//! Spans and file ids are left out; every condition is fully bracketed so
//! that precedence is visible: `when a and (b or not c)` prints as
//! `(when (all a (any b (not c))))`. A form that fits in [`WIDTH`] columns
//! is printed on one line; a longer one keeps its leading words on the
//! first line and starts each bracketed part on a line of its own,
//! indented (the words that follow a part stay on its line).

use crate::ast::{
    Aggregation, Amendment, AmendmentAction, Atom, AttributeSubject, AttributeTest, Category, Comparator, Condition,
    CountryGroup, DateComparator, Effect, Header, Item, Joiner, Literal, Literate, Member, MemberKind, NameList,
    OriginWording, PartyRole, PlaceFilter, PolicyFile, Reach, Reference, Relation, Rule, TagDecl, Text, WindowAst,
    WindowEnd,
};

/// The column a one-line form must fit in.
const WIDTH: usize = 80;

/// A word or a bracketed list.
enum S {
    Word(String),
    List(Vec<S>),
}

fn word(w: impl Into<String>) -> S {
    S::Word(w.into())
}

fn list(items: impl IntoIterator<Item = S>) -> S {
    S::List(items.into_iter().collect())
}

/// `(head args…)`
fn form(head: &str, args: impl IntoIterator<Item = S>) -> S {
    list(std::iter::once(word(head)).chain(args))
}

/// Prints a parsed policy file: the header, each item, then each comment.
pub fn to_sexpr(file: &PolicyFile) -> String {
    let mut forms = Vec::new();
    forms.push(match &file.header {
        Some(h) => header(h),
        None => form("no-header", []),
    });
    forms.extend(file.items.iter().map(item));
    forms.extend(file.comments.iter().map(|c| form("comment", [quoted(&c.text)])));
    let mut out = String::new();
    for f in &forms {
        write(f, 0, &mut out);
        out.push('\n');
    }
    out
}

// ───────────────────────────── layout ─────────────────────────────

fn flat(s: &S, out: &mut String) {
    match s {
        S::Word(w) => out.push_str(w),
        S::List(items) => {
            out.push('(');
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                flat(it, out);
            }
            out.push(')');
        }
    }
}

fn write(s: &S, indent: usize, out: &mut String) {
    let mut one_line = String::new();
    flat(s, &mut one_line);
    let S::List(items) = s else {
        out.push_str(&one_line);
        return;
    };
    if indent + one_line.chars().count() <= WIDTH {
        out.push_str(&one_line);
        return;
    }
    // Leading words stay on the first line; each list starts a new line,
    // and the words that follow a list stay on its line.
    out.push('(');
    for (i, it) in items.iter().enumerate() {
        match it {
            S::Word(_) if i > 0 => out.push(' '),
            S::Word(_) => {}
            S::List(_) => {
                out.push('\n');
                out.push_str(&" ".repeat(indent + 2));
            }
        }
        write(it, indent + 2, out);
    }
    out.push(')');
}

fn quoted(text: &str) -> S {
    let mut q = String::with_capacity(text.len() + 2);
    q.push('"');
    for c in text.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            c => q.push(c),
        }
    }
    q.push('"');
    word(q)
}

fn text(t: &Text) -> S {
    quoted(&t.value)
}

// ───────────────────────────── pieces ─────────────────────────────

fn reference(r: &Reference) -> S {
    word(r.display())
}

/// A single name as itself; several as `(and …)`, `(or …)`, or `(names …)`
/// when written without a joining word.
fn names(l: &NameList) -> S {
    match (l.names.as_slice(), l.joiner) {
        ([one], _) => reference(one),
        (all, Joiner::And) => form("and", all.iter().map(reference)),
        (all, Joiner::Or) => form("or", all.iter().map(reference)),
        (all, Joiner::Single) => form("names", all.iter().map(reference)),
    }
}

fn window(w: &WindowAst) -> S {
    let mut parts = Vec::new();
    if let Some(f) = &w.from {
        parts.push(form("from", [word(&f.text)]));
    }
    if let Some(e) = &w.end {
        parts.push(window_end(e));
    }
    form("window", parts)
}

fn window_end(e: &WindowEnd) -> S {
    match e {
        WindowEnd::Until(d) => form("until", [word(&d.text)]),
        WindowEnd::Through(d) => form("through", [word(&d.text)]),
    }
}

fn literate(l: &Literate) -> S {
    match l {
        Literate::Quote(t) => form("quote", [text(t)]),
        Literate::Note(t) => form("note", [text(t)]),
        Literate::Reading {
            tag,
            text: chosen,
            alternative,
            substitutions,
        } => {
            let mut parts = vec![word(&tag.name), text(chosen)];
            if let Some(a) = alternative {
                parts.push(form("alternative", [text(a)]));
            }
            for s in substitutions {
                parts.push(form("for", [text(&s.chosen), text(&s.alternative)]));
            }
            form("reading", parts)
        }
    }
}

fn relation(r: Relation) -> S {
    word(match r {
        Relation::In => "in",
        Relation::Outside => "outside",
    })
}

fn comparator(c: Comparator) -> S {
    word(match c {
        Comparator::AtLeast => "at-least",
        Comparator::MoreThan => "more-than",
        Comparator::AtMost => "at-most",
        Comparator::Below => "below",
    })
}

fn date_comparator(c: DateComparator) -> S {
    word(match c {
        DateComparator::Before => "before",
        DateComparator::After => "after",
        DateComparator::OnOrBefore => "on-or-before",
        DateComparator::OnOrAfter => "on-or-after",
    })
}

fn party(p: PartyRole) -> S {
    word(match p {
        PartyRole::EndUser => "end-user",
        PartyRole::Exporter => "exporter",
    })
}

fn percent(p: &crate::ast::Percent) -> S {
    word(format!("{}%", p.value))
}

fn origin(o: &Option<PlaceFilter>) -> Option<S> {
    o.as_ref()
        .map(|f| form("origin", [relation(f.relation), names(&f.places)]))
}

// ───────────────────────────── file ─────────────────────────────

fn header(h: &Header) -> S {
    let mut parts = vec![word(&h.id.name)];
    parts.extend(h.title.as_ref().map(|t| form("title", [text(t)])));
    parts.extend(h.authority.as_ref().map(|t| form("authority", [text(t)])));
    parts.extend(h.jurisdiction.as_ref().map(|j| form("jurisdiction", [word(&j.name)])));
    parts.extend(h.issued.as_ref().map(|d| form("issued", [word(&d.text)])));
    parts.extend(h.source.as_ref().map(|t| form("source", [text(t)])));
    parts.extend(h.citation.as_ref().map(|t| form("cite-as", [text(t)])));
    parts.extend(h.window.as_ref().map(window));
    parts.extend(h.literate.iter().map(literate));
    if !h.repeated.is_empty() {
        parts.push(form("repeated", h.repeated.iter().map(|(k, _)| word(*k))));
    }
    form("policy", parts)
}

fn item(i: &Item) -> S {
    match i {
        Item::Category(c) => category(c),
        Item::Tag(t) => tag(t),
        Item::CountryGroup(g) => country_group(g),
        Item::Rule(r) => rule(r),
        Item::Amendment(a) => amendment(a),
    }
}

fn category(c: &Category) -> S {
    let mut parts = vec![word(&c.id.name)];
    parts.extend(c.title.as_ref().map(text));
    parts.extend(c.literate.iter().map(literate));
    parts.extend(c.members.iter().map(member));
    form("category", parts)
}

fn member(m: &Member) -> S {
    match &m.kind {
        MemberKind::InCategory(r) => form("any", [word("item-in"), reference(r)]),
        MemberKind::Classed(l) => form("any", [word("item-classed"), names(l)]),
        MemberKind::Form {
            form: f,
            composition,
            with_component,
        } => {
            let mut parts = vec![word(&f.name)];
            parts.extend(composition.iter().map(|c| form(c.word, [names(&c.elements)])));
            parts.extend(with_component.iter().map(|r| form("with-component", [reference(r)])));
            form("any", parts)
        }
    }
}

fn tag(t: &TagDecl) -> S {
    let kind = t.kind.keyword().replace(' ', "-");
    let mut parts = vec![word(kind), word(&t.name.name)];
    parts.extend(t.description.as_ref().map(text));
    form("tag", parts)
}

fn country_group(g: &CountryGroup) -> S {
    let mut parts = vec![word(&g.id.name)];
    parts.extend(g.title.as_ref().map(text));
    parts.push(names(&g.members));
    form("country-group", parts)
}

// ───────────────────────────── rules ─────────────────────────────

fn rule(r: &Rule) -> S {
    let mut parts = vec![word(&r.id.name)];
    parts.extend(r.citation.as_ref().map(text));
    parts.extend(r.windows.iter().map(window));
    parts.extend(r.literate.iter().map(literate));
    parts.extend(r.effects.iter().map(effect));
    parts.extend(r.yields.iter().map(|l| form("yields-to", [names(l)])));
    parts.extend(r.replaces.iter().map(|rep| {
        let mut p = vec![reference(&rep.target)];
        p.extend(rep.from.iter().map(|d| form("from", [word(&d.text)])));
        form("replaces", p)
    }));
    parts.extend(r.conditions.iter().map(|c| form("when", [condition(c)])));
    form("rule", parts)
}

fn effect(e: &Effect) -> S {
    match e {
        Effect::Outcome {
            outcome,
            listing_attribute,
            ..
        } => {
            let mut parts = vec![word(&outcome.name)];
            parts.extend(listing_attribute.iter().map(|a| form("or-listing", [word(&a.name)])));
            form("outcome", parts)
        }
        Effect::Raises { by, to, .. } => {
            let mut parts = vec![word(&to.name)];
            parts.extend(by.iter().map(|l| form("by", [names(l)])));
            form("raises", parts)
        }
        Effect::Exempts { rules, .. } => form("exempts", [names(rules)]),
    }
}

fn condition(c: &Condition) -> S {
    match c {
        Condition::All(parts, _) => form("all", parts.iter().map(condition)),
        Condition::Any(parts, _) => form("any", parts.iter().map(condition)),
        Condition::Mixed(parts, _) => form("mixed", parts.iter().map(condition)),
        Condition::Not(inner, _) => form("not", [condition(inner)]),
        Condition::Atom(a, _) => atom(a),
    }
}

fn atom(a: &Atom) -> S {
    match a {
        Atom::ContentShare {
            category,
            origin: o,
            comparator: c,
            threshold,
        } => {
            let mut parts = vec![reference(category)];
            parts.extend(origin(o));
            parts.push(comparator(*c));
            parts.push(percent(threshold));
            form("content-share", parts)
        }
        Atom::ItemOrigin {
            wording,
            relation: r,
            places,
        } => {
            let w = match wording {
                OriginWording::MadeIn => "made-in",
                OriginWording::Originates => "originates",
            };
            form("item-origin", [word(w), relation(*r), names(places)])
        }
        Atom::ItemIn(r) => form("item-in", [reference(r)]),
        Atom::ItemContains(l) => form("item-contains", [names(l)]),
        Atom::ItemClassed(l) => form("item-classed", [names(l)]),
        Atom::ItemMadeWith {
            components,
            technologies,
            places,
        } => {
            let mut parts = Vec::new();
            if *components {
                parts.push(form("or-a-component", []));
            }
            parts.extend(technologies.iter().map(|t| form("technology", [names(t)])));
            parts.push(form("from", [names(places)]));
            form("item-made-with", parts)
        }
        Atom::ItemComponent { category, origin: o } => {
            let mut parts = vec![reference(category)];
            parts.extend(origin(o));
            form("item-component", parts)
        }
        Atom::Destination { relation: r, places } => form("destination", [relation(*r), names(places)]),
        Atom::DestinationExportCountry { relation: r } => {
            form("destination", [relation(*r), word("country-of-export")])
        }
        Atom::CountryOfExport { relation: r, places } => form("country-of-export", [relation(*r), names(places)]),
        Atom::EndUse(l) => form("end-use", [names(l)]),
        Atom::EvaluationDate(c, d) => form("date", [date_comparator(*c), word(&d.text)]),
        Atom::PartyCountry {
            party: p,
            relation: r,
            places,
        } => form("party-country", [party(*p), relation(*r), names(places)]),
        Atom::PartyKind { party: p, kinds } => form("party-kind", [party(*p), names(kinds)]),
        Atom::PartyOn { party: p, lists } => form("party-on", [party(*p), names(lists)]),
        Atom::PartyOwned {
            party: p,
            comparator: c,
            threshold,
            lists,
            kinds,
            reach,
            aggregation,
            ..
        } => {
            let by = match (kinds, lists) {
                (None, Some(l)) => form("by", [names(l)]),
                _ => form(
                    "by",
                    kinds
                        .iter()
                        .map(|k| form("kinds", [names(k)]))
                        .chain(lists.iter().map(|l| form("lists", [names(l)]))),
                ),
            };
            let mut parts = vec![party(*p), comparator(*c), percent(threshold), by];
            parts.extend(reach.iter().map(|(r, _)| {
                word(match r {
                    Reach::Directly => "directly",
                    Reach::Indirectly => "directly-or-indirectly",
                })
            }));
            parts.extend(aggregation.iter().map(|(g, _)| {
                word(match g {
                    Aggregation::Individually => "individually",
                    Aggregation::InAggregate => "individually-or-in-aggregate",
                })
            }));
            form("party-owned", parts)
        }
        Atom::Attribute { subject, name, test } => {
            let whose = match subject {
                AttributeSubject::Item => word("item"),
                AttributeSubject::Shipment => word("shipment"),
                AttributeSubject::Party(p) => party(*p),
            };
            let mut parts = vec![whose, word(&name.name)];
            match test {
                AttributeTest::Number(c, n) => parts.extend([comparator(*c), word(n.to_string())]),
                AttributeTest::Date(c, d) => parts.extend([date_comparator(*c), word(&d.text)]),
                AttributeTest::Equals(v) => parts.extend([
                    word("is"),
                    match v {
                        Literal::Date(d) => word(&d.text),
                        Literal::Number(n) => word(n.to_string()),
                        Literal::Text(t) => quoted(t),
                        Literal::Bool(b) => word(b.to_string()),
                    },
                ]),
            }
            form("attribute", parts)
        }
    }
}

// ───────────────────────────── amendments ─────────────────────────────

fn amendment(a: &Amendment) -> S {
    let mut parts = vec![word(&a.id.name)];
    parts.extend(a.citation.as_ref().map(text));
    parts.extend(a.literate.iter().map(literate));
    parts.extend(a.actions.iter().map(|action| match action {
        AmendmentAction::Suspends(l) => form("suspends", [names(l)]),
        AmendmentAction::Changes(r) => form("changes", [reference(r)]),
        AmendmentAction::Extends { target, members } => form(
            "extends",
            std::iter::once(reference(target)).chain(members.iter().map(member)),
        ),
    }));
    parts.extend(a.windows.iter().map(window));
    parts.extend(a.threshold.iter().map(|p| form("threshold", [percent(p)])));
    parts.extend(
        a.ownership_threshold
            .iter()
            .map(|p| form("ownership-threshold", [percent(p)])),
    );
    parts.extend(a.new_window.iter().map(|w| form("new-window", [window(w)])));
    form("amendment", parts)
}
