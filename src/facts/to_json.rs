//! Writing loaded facts as the facts JSON of the contract, one record per
//! line: what `edict facts convert` writes from a folder of tables.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::json::escape;
use super::model::{AttributeValue, Attributes, DateRange, Facts};

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

fn window(out: &mut String, w: DateRange) {
    if let Some(from) = w.from {
        let _ = write!(out, ", \"from\": \"{from}\"");
    }
    if let Some(until) = w.until {
        let _ = write!(out, ", \"until\": \"{until}\"");
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
    let mut out = String::from("{\n  \"version\": 1");
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
        let _ = write!(out, ", \"country\": \"{}\"", p.country);
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
        let _ = write!(out, ", \"share\": \"{}\"", super::csv::percent(h.share));
        window(&mut out, h.window);
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
        window(&mut out, l.window);
        attributes(&mut out, &l.attributes);
        out.push('}');
    }
    out.push_str("\n  ],\n  \"items\": {");
    for (n, it) in facts.items.iter().enumerate() {
        out.push_str(if n > 0 { ",\n    " } else { "\n    " });
        string(&mut out, &it.id);
        out.push_str(": {\"description\": ");
        string(&mut out, &it.description);
        let _ = write!(out, ", \"origin\": \"{}\"", it.origin);
        if let Some(v) = it.value {
            let _ = write!(out, ", \"value\": \"{v}\"");
        }
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
                let _ = write!(out, ", \"origin\": \"{}\"}}", m.origin);
            }
            out.push(']');
        }
        if !it.components.is_empty() {
            out.push_str(", \"components\": [");
            for (k, c) in it.components.iter().enumerate() {
                out.push_str(if k > 0 { ", {\"item\": " } else { "{\"item\": " });
                string(&mut out, &facts.item(c.item).id);
                quantity(&mut out, c.quantity);
                if let Some(v) = c.value {
                    let _ = write!(out, ", \"value\": \"{v}\"");
                }
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
