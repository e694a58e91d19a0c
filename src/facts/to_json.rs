//! Writing loaded facts as the facts JSON of the contract, one record per
//! line: what `edict facts convert` writes from a folder of tables.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::json::escape;
use super::model::{AttributeValue, Attributes, DateRange, Facts};
use super::unknown::{index, Bounds, Field, Stated, UNKNOWN_WORD};

fn string(out: &mut String, text: &str) {
    out.push('"');
    out.push_str(&escape(text));
    out.push('"');
}

fn tags(out: &mut String, key: &str, tags: impl Iterator<Item = impl AsRef<str>>) {
    let mut first = true;
    for t in tags {
        if first {
            let _ = write!(out, ", \"{key}\": [");
        } else {
            out.push_str(", ");
        }
        first = false;
        string(out, t.as_ref());
    }
    if !first {
        out.push(']');
    }
}

fn attributes(out: &mut String, attributes: &Attributes) {
    if attributes.is_empty() {
        return;
    }
    out.push_str(", \"attributes\": {");
    for (n, (name, value)) in attributes.iter().enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        string(out, name);
        out.push_str(": ");
        match value {
            AttributeValue::Text(t) => string(out, t),
            AttributeValue::Number(d) => out.push_str(&d.to_string()),
            AttributeValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            AttributeValue::Date(d) => string(out, &d.to_string()),
        }
    }
    out.push('}');
}

/// A window's `from` and `until`; `unknown` says which are stated unknown.
fn window(out: &mut String, w: DateRange, unknown: (bool, bool)) {
    if unknown.0 {
        let _ = write!(out, ", \"from\": \"{UNKNOWN_WORD}\"");
    } else if let Some(from) = w.from {
        let _ = write!(out, ", \"from\": \"{from}\"");
    }
    if unknown.1 {
        let _ = write!(out, ", \"until\": \"{UNKNOWN_WORD}\"");
    } else if let Some(until) = w.until {
        let _ = write!(out, ", \"until\": \"{until}\"");
    }
}

/// A `value`: the amount, or its range.
fn money(out: &mut String, range: Option<Bounds>, value: Option<Decimal>) {
    match (range, value) {
        (Some(b), _) => {
            let _ = write!(
                out,
                ", \"value\": {{\"at least\": \"{}\", \"at most\": \"{}\"}}",
                b.at_least, b.at_most
            );
        }
        (None, Some(v)) => {
            let _ = write!(out, ", \"value\": \"{v}\"");
        }
        (None, None) => {}
    }
}

/// A quantity: a whole number as a JSON number, else a decimal string.
fn quantity(out: &mut String, q: Decimal) {
    if q.fract().is_zero() && q.scale() == 0 {
        let _ = write!(out, ", \"quantity\": {q}");
    } else {
        let _ = write!(out, ", \"quantity\": \"{q}\"");
    }
}

/// The facts as a facts file (JSON), records in their order, one per line.
/// Read back, it gives the same facts.
pub fn to_json(facts: &Facts) -> String {
    let stated = Stated::new(&facts.unknowns);
    let mut out = format!("{{\n  \"version\": {}", super::csv::written_version(facts));
    if let Some(c) = &facts.currency {
        out.push_str(",\n  \"currency\": ");
        string(&mut out, c);
    }
    out.push_str(",\n  \"parties\": {");
    for (n, p) in facts.parties.iter().enumerate() {
        out.push_str(if n > 0 { ",\n    " } else { "\n    " });
        string(&mut out, &p.id);
        out.push_str(": {\"name\": ");
        string(&mut out, &p.name);
        if stated.unknown(Field::PartyCountry(index(n))) {
            let _ = write!(out, ", \"country\": \"{UNKNOWN_WORD}\"");
        } else {
            let _ = write!(out, ", \"country\": \"{}\"", p.country);
        }
        tags(&mut out, "kinds", p.kinds.iter());
        attributes(&mut out, &p.attributes);
        out.push('}');
    }
    out.push_str("\n  },\n  \"ownership\": [");
    for (n, h) in facts.holdings.iter().enumerate() {
        out.push_str(if n > 0 {
            ",\n    {\"owner\": "
        } else {
            "\n    {\"owner\": "
        });
        string(&mut out, &facts.party(h.owner).id);
        out.push_str(", \"owned\": ");
        string(&mut out, &facts.party(h.owned).id);
        let i = index(n);
        match stated.range(Field::HoldingShare(i)) {
            Some(b) if b.at_least.is_zero() && b.at_most == Decimal::ONE => {
                let _ = write!(out, ", \"share\": \"{UNKNOWN_WORD}\"");
            }
            Some(b) => {
                let (least, most) = (super::csv::percent(b.at_least), super::csv::percent(b.at_most));
                let _ = write!(
                    out,
                    ", \"share\": {{\"at least\": \"{least}\", \"at most\": \"{most}\"}}"
                );
            }
            None => {
                let _ = write!(out, ", \"share\": \"{}\"", super::csv::percent(h.share));
            }
        }
        let unknown = (
            stated.unknown(Field::HoldingFrom(i)),
            stated.unknown(Field::HoldingUntil(i)),
        );
        window(&mut out, h.window, unknown);
        out.push('}');
    }
    out.push_str("\n  ],\n  \"listings\": [");
    for (n, l) in facts.listings.iter().enumerate() {
        out.push_str(if n > 0 {
            ",\n    {\"party\": "
        } else {
            "\n    {\"party\": "
        });
        string(&mut out, &facts.party(l.party).id);
        out.push_str(", \"list\": ");
        string(&mut out, &l.list);
        let i = index(n);
        let unknown = (
            stated.unknown(Field::ListingFrom(i)),
            stated.unknown(Field::ListingUntil(i)),
        );
        window(&mut out, l.window, unknown);
        attributes(&mut out, &l.attributes);
        out.push('}');
    }
    out.push_str("\n  ],\n  \"items\": {");
    for (n, it) in facts.items.iter().enumerate() {
        out.push_str(if n > 0 { ",\n    " } else { "\n    " });
        string(&mut out, &it.id);
        out.push_str(": {\"description\": ");
        string(&mut out, &it.description);
        if stated.unknown(Field::ItemOrigin(index(n))) {
            let _ = write!(out, ", \"origin\": \"{UNKNOWN_WORD}\"");
        } else {
            let _ = write!(out, ", \"origin\": \"{}\"", it.origin);
        }
        money(&mut out, stated.range(Field::ItemValue(index(n))), it.value);
        tags(&mut out, "classes", it.classes.iter());
        tags(&mut out, "elements", it.elements.iter());
        if !it.made_with.is_empty() {
            out.push_str(", \"made_with\": [");
            for (k, m) in it.made_with.iter().enumerate() {
                out.push_str(if k > 0 {
                    ", {\"technology\": "
                } else {
                    "{\"technology\": "
                });
                string(&mut out, &m.technology);
                if stated.unknown(Field::MadeWithOrigin(index(n), index(k))) {
                    let _ = write!(out, ", \"origin\": \"{UNKNOWN_WORD}\"}}");
                } else {
                    let _ = write!(out, ", \"origin\": \"{}\"}}", m.origin);
                }
            }
            out.push(']');
        }
        if !it.components.is_empty() {
            out.push_str(", \"components\": [");
            for (k, c) in it.components.iter().enumerate() {
                out.push_str(if k > 0 { ", {\"item\": " } else { "{\"item\": " });
                string(&mut out, &facts.item(c.item).id);
                quantity(&mut out, c.quantity);
                money(&mut out, stated.range(Field::LineValue(index(n), index(k))), c.value);
                out.push('}');
            }
            out.push(']');
        }
        attributes(&mut out, &it.attributes);
        out.push('}');
    }
    out.push_str("\n  },\n  \"shipments\": [");
    for (n, s) in facts.shipments.iter().enumerate() {
        out.push_str(if n > 0 { ",\n    {\"id\": " } else { "\n    {\"id\": " });
        string(&mut out, &s.id);
        let _ = write!(out, ", \"date\": \"{}\", \"item\": ", s.date);
        string(&mut out, &facts.item(s.item).id);
        quantity(&mut out, s.quantity);
        out.push_str(", \"exporter\": ");
        string(&mut out, &facts.party(s.exporter).id);
        let _ = write!(out, ", \"from\": \"{}\", \"to\": \"{}\", \"end_user\": ", s.from, s.to);
        string(&mut out, &facts.party(s.end_user).id);
        tags(&mut out, "end_uses", s.end_uses.iter());
        attributes(&mut out, &s.attributes);
        out.push('}');
    }
    out.push_str("\n  ]\n}\n");
    out
}
