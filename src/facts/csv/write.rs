//! Writing loaded facts as the tables of a facts folder, losslessly: read
//! back, the tables give the same facts.

use rust_decimal::Decimal;
use thiserror::Error;

use super::read::is_number;
use super::tables::{self, Section, ATTRIBUTE};
use super::TableFile;
use crate::facts::model::{AttributeValue, Attributes, Facts};
use crate::facts::unknown::{index, Bounds, Field, Stated, UNKNOWN_WORD};

/// What separates the ends of a range in a cell: `40%..60%`.
pub(crate) const RANGE: &str = "..";

/// A value the tables cannot hold as it is.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("{record}: {problem}")]
pub struct ConvertError {
    /// The record (`party "acme"`).
    pub record: String,
    /// What cannot be written.
    pub problem: String,
}

/// The facts as the tables of a facts folder, each named `folder/FILE`.
/// Every table is written, with its header, even when it has no rows.
pub fn to_tables(facts: &Facts, folder: &str) -> Result<Vec<TableFile>, Vec<ConvertError>> {
    let mut w = Writer {
        errors: Vec::new(),
        stated: Stated::new(&facts.unknowns),
    };
    let files = vec![
        (Section::Header, w.header(facts)),
        (Section::Parties, w.parties(facts)),
        (Section::Ownership, ownership(facts, &w.stated)),
        (Section::Listings, w.listings(facts)),
        (Section::Items, w.items(facts)),
        (Section::Components, components(facts, &w.stated)),
        (Section::MadeWith, made_with(facts, &w.stated)),
        (Section::Shipments, w.shipments(facts)),
    ];
    if !w.errors.is_empty() {
        return Err(w.errors);
    }
    let folder = folder.trim_end_matches('/');
    Ok(files
        .into_iter()
        .map(|(section, rows)| {
            let name = tables::of(section).file;
            TableFile::new(format!("{folder}/{name}"), csv_text(&rows))
        })
        .collect())
}

/// Rows (the header first) as CSV text, quoted where a cell needs it.
fn csv_text(rows: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for row in rows {
        // Writing to memory cannot fail.
        let _ = w.write_record(row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

struct Writer {
    errors: Vec<ConvertError>,
    stated: Stated,
}

/// The header of `section`'s table, then `attributes.NAME` for each name.
fn header(section: Section, attributes: &[String]) -> Vec<String> {
    let table = tables::of(section);
    let mut h: Vec<String> = table.columns.iter().map(|c| c.name.to_string()).collect();
    h.extend(attributes.iter().map(|a| format!("{ATTRIBUTE}{a}")));
    h
}

/// Every attribute name used by `records`, sorted.
fn attribute_names<'a>(records: impl Iterator<Item = &'a Attributes>) -> Vec<String> {
    let mut names: Vec<String> = records.flat_map(|a| a.iter().map(|(n, _)| n.to_string())).collect();
    names.sort_unstable();
    names.dedup();
    names
}

impl Writer {
    fn fail(&mut self, record: impl FnOnce() -> String, problem: String) {
        self.errors.push(ConvertError {
            record: record(),
            problem,
        });
    }

    /// A text cell that must not be empty (an empty cell reads as absent).
    fn text(&mut self, record: impl FnOnce() -> String, what: &str, text: &str) -> String {
        if text.is_empty() {
            self.fail(record, format!("an empty {what} reads back as none"));
        }
        text.to_string()
    }

    fn tags(&mut self, record: impl Fn() -> String, tags: &[String]) -> String {
        for t in tags {
            if t.is_empty() || t.contains(';') || t.trim() != t {
                self.fail(
                    &record,
                    format!("the tag {t:?} cannot be written in a `;`-separated cell"),
                );
            }
        }
        tags.join(";")
    }

    fn attributes(&mut self, names: &[String], attributes: &Attributes, row: &mut Vec<String>) {
        for name in names {
            row.push(attributes.get(name).map(attribute_cell).unwrap_or_default());
        }
    }

    fn header(&mut self, facts: &Facts) -> Vec<Vec<String>> {
        let currency = facts.currency.clone().unwrap_or_default();
        let version = written_version(facts).to_string();
        vec![header(Section::Header, &[]), vec![version, currency]]
    }

    fn parties(&mut self, facts: &Facts) -> Vec<Vec<String>> {
        let names = attribute_names(facts.parties.iter().map(|p| &p.attributes));
        let mut rows = vec![header(Section::Parties, &names)];
        for (i, p) in facts.parties.iter().enumerate() {
            let record = || format!("party {:?}", p.id);
            let country = if self.stated.unknown(Field::PartyCountry(index(i))) {
                UNKNOWN_WORD.to_string()
            } else {
                p.country.to_string()
            };
            let mut row = vec![
                p.id.clone(),
                self.text(record, "name", &p.name),
                country,
                self.tags(record, &p.kinds),
            ];
            self.attributes(&names, &p.attributes, &mut row);
            rows.push(row);
        }
        rows
    }

    fn listings(&mut self, facts: &Facts) -> Vec<Vec<String>> {
        let names = attribute_names(facts.listings.iter().map(|l| &l.attributes));
        let mut rows = vec![header(Section::Listings, &names)];
        for (i, l) in facts.listings.iter().enumerate() {
            let i = index(i);
            let mut row = vec![
                facts.party(l.party).id.clone(),
                l.list.clone(),
                stated_date(&self.stated, Field::ListingFrom(i), l.window.from),
                stated_date(&self.stated, Field::ListingUntil(i), l.window.until),
            ];
            self.attributes(&names, &l.attributes, &mut row);
            rows.push(row);
        }
        rows
    }

    fn items(&mut self, facts: &Facts) -> Vec<Vec<String>> {
        let names = attribute_names(facts.items.iter().map(|i| &i.attributes));
        let mut rows = vec![header(Section::Items, &names)];
        for (i, it) in facts.items.iter().enumerate() {
            let record = || format!("item {:?}", it.id);
            let elements: Vec<String> = it.elements.iter().map(str::to_string).collect();
            let origin = if self.stated.unknown(Field::ItemOrigin(index(i))) {
                UNKNOWN_WORD.to_string()
            } else {
                it.origin.to_string()
            };
            let mut row = vec![
                it.id.clone(),
                self.text(record, "description", &it.description),
                origin,
                money(self.stated.range(Field::ItemValue(index(i))), it.value),
                self.tags(record, &it.classes),
                elements.join(";"),
            ];
            self.attributes(&names, &it.attributes, &mut row);
            rows.push(row);
        }
        rows
    }

    fn shipments(&mut self, facts: &Facts) -> Vec<Vec<String>> {
        let names = attribute_names(facts.shipments.iter().map(|s| &s.attributes));
        let mut rows = vec![header(Section::Shipments, &names)];
        for s in &facts.shipments {
            let record = || format!("shipment {:?}", s.id);
            let mut row = vec![
                s.id.clone(),
                s.date.to_string(),
                facts.item(s.item).id.clone(),
                s.quantity.to_string(),
                facts.party(s.exporter).id.clone(),
                s.from.to_string(),
                s.to.to_string(),
                facts.party(s.end_user).id.clone(),
                self.tags(record, &s.end_uses),
            ];
            self.attributes(&names, &s.attributes, &mut row);
            rows.push(row);
        }
        rows
    }
}

fn ownership(facts: &Facts, stated: &Stated) -> Vec<Vec<String>> {
    let mut rows = vec![header(Section::Ownership, &[])];
    for (i, h) in facts.holdings.iter().enumerate() {
        let i = index(i);
        rows.push(vec![
            facts.party(h.owner).id.clone(),
            facts.party(h.owned).id.clone(),
            share(stated.range(Field::HoldingShare(i)), h.share),
            stated_date(stated, Field::HoldingFrom(i), h.window.from),
            stated_date(stated, Field::HoldingUntil(i), h.window.until),
        ]);
    }
    rows
}

/// The version a world is written as: 2 when it states unknown facts.
pub(crate) fn written_version(facts: &Facts) -> u32 {
    if facts.unknowns.is_empty() {
        facts.version.max(1)
    } else {
        facts.version.max(2)
    }
}

/// A share cell: the share, its range (`40%..60%`), or `unknown` (0% to 100%).
pub(crate) fn share(range: Option<Bounds>, share: Decimal) -> String {
    match range {
        Some(b) if b.at_least.is_zero() && b.at_most == Decimal::ONE => UNKNOWN_WORD.to_string(),
        Some(b) => format!("{}{RANGE}{}", percent(b.at_least), percent(b.at_most)),
        None => percent(share),
    }
}

/// A money cell: the value, its range (`400.00..450.00`), or empty.
pub(crate) fn money(range: Option<Bounds>, value: Option<Decimal>) -> String {
    match range {
        Some(b) => format!("{}{RANGE}{}", b.at_least, b.at_most),
        None => value.map(|v| v.to_string()).unwrap_or_default(),
    }
}

/// A date cell, or `unknown` when the field is stated unknown.
fn stated_date(stated: &Stated, field: Field, d: Option<jiff::civil::Date>) -> String {
    if stated.unknown(field) {
        UNKNOWN_WORD.to_string()
    } else {
        date(d)
    }
}

fn components(facts: &Facts, stated: &Stated) -> Vec<Vec<String>> {
    let mut rows = vec![header(Section::Components, &[])];
    for (i, it) in facts.items.iter().enumerate() {
        for (l, c) in it.components.iter().enumerate() {
            rows.push(vec![
                it.id.clone(),
                facts.item(c.item).id.clone(),
                c.quantity.to_string(),
                money(stated.range(Field::LineValue(index(i), index(l))), c.value),
            ]);
        }
    }
    rows
}

fn made_with(facts: &Facts, stated: &Stated) -> Vec<Vec<String>> {
    let mut rows = vec![header(Section::MadeWith, &[])];
    for (i, it) in facts.items.iter().enumerate() {
        for (k, m) in it.made_with.iter().enumerate() {
            let origin = if stated.unknown(Field::MadeWithOrigin(index(i), index(k))) {
                UNKNOWN_WORD.to_string()
            } else {
                m.origin.to_string()
            };
            rows.push(vec![it.id.clone(), m.technology.clone(), origin]);
        }
    }
    rows
}

/// A share (a fraction) as a percentage: `0.3334` is `33.34%`.
pub(crate) fn percent(share: Decimal) -> String {
    // A share is at most 1: a hundred times it cannot overflow.
    format!("{}%", (share * Decimal::ONE_HUNDRED).normalize())
}

fn date(d: Option<jiff::civil::Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// An attribute's cell, as `read.rs` reads it back.
fn attribute_cell(value: &AttributeValue) -> String {
    match value {
        AttributeValue::Text(t) => {
            let ambiguous = t.is_empty() || t.starts_with('\'') || t == "true" || t == "false" || is_number(t);
            if ambiguous {
                format!("'{t}")
            } else {
                t.clone()
            }
        }
        AttributeValue::Number(n) => n.to_string(),
        AttributeValue::Bool(b) => b.to_string(),
        AttributeValue::Date(d) => d.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn shares_are_written_as_percentages() {
        let d = |s| Decimal::from_str(s).unwrap_or_default();
        assert_eq!(percent(d("0.6")), "60%");
        assert_eq!(percent(d("0.3334")), "33.34%");
        assert_eq!(percent(d("1")), "100%");
        assert_eq!(percent(d("0.005")), "0.5%");
    }

    #[test]
    fn ambiguous_text_is_marked() {
        let t = |s: &str| attribute_cell(&AttributeValue::Text(s.to_string()));
        assert_eq!(t("14"), "'14");
        assert_eq!(t("true"), "'true");
        assert_eq!(t("'x"), "''x");
        assert_eq!(t(""), "'");
        assert_eq!(t("Acme"), "Acme");
        assert_eq!(attribute_cell(&AttributeValue::Number(Decimal::new(150, 2))), "1.50");
    }
}
