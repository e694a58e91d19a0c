//! Facts that the file states as unknown, or knows only as a range
//! (version 2 of the facts contract, `docs/facts.md`).
//!
//! The record that holds such a fact keeps a placeholder in its field (the
//! lower end of a range; [`Country::UNKNOWN`](crate::geo::Country) for a
//! country; no bound for a date), so that everything that reads the records
//! stays as it is. [`Facts::unknowns`](super::Facts::unknowns) lists which
//! fields are placeholders; the evaluator never decides on one alone.

use rust_decimal::Decimal;

use super::model::{ItemIdx, PartyIdx};

/// The ends of a range, both included: `{"at least": …, "at most": …}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// The least the value can be.
    pub at_least: Decimal,
    /// The most the value can be (never less than `at_least`).
    pub at_most: Decimal,
}

/// Which field of which record is not known exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnknownFact {
    /// An item's `origin` is `"unknown"`.
    ItemOrigin(ItemIdx),
    /// The `origin` of entry `made_with[i]` of an item (the country the
    /// technology used to make it comes from) is `"unknown"`.
    MadeWithOrigin(ItemIdx, u32),
    /// An item's unit `value` is a range.
    ItemValue(ItemIdx, Bounds),
    /// The `value` of line `line` of an item's bill of materials is a range.
    LineValue(ItemIdx, u32, Bounds),
    /// A party's `country` is `"unknown"`.
    PartyCountry(PartyIdx),
    /// The `share` of holding `ownership[i]` is `"unknown"` (0% to 100%) or a range.
    HoldingShare(u32, Bounds),
    /// The `from` of holding `ownership[i]` is `"unknown"`.
    HoldingFrom(u32),
    /// The `until` of holding `ownership[i]` is `"unknown"`.
    HoldingUntil(u32),
    /// The `from` of listing `listings[i]` is `"unknown"`.
    ListingFrom(u32),
    /// The `until` of listing `listings[i]` is `"unknown"`.
    ListingUntil(u32),
}

/// One fact not known exactly, with where the file states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    /// The JSON path of the value in the document loaded, as diagnostics
    /// write it (`items["dy-oxide"].origin`, `ownership[2].share`).
    pub path: String,
    /// The field it stands for.
    pub fact: UnknownFact,
    /// In a world merged from several sources: the source that states the
    /// fact, and its path there. `None` for a world of one source, whose
    /// `path` is already the file's own.
    pub in_source: Option<InSource>,
}

/// Where a fact of a world merged from several sources is stated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InSource {
    /// The source, as diagnostics name it (`b.json`, `erp`).
    pub source: String,
    /// The JSON path of the fact in that source, with its own numbering
    /// (`ownership[1].share` for the second holding of its `ownership`).
    pub path: String,
}

impl Unknown {
    /// The source that states the fact (only in a merged world) and the
    /// path as that source writes it.
    pub fn stated_at(&self) -> (Option<&str>, &str) {
        match &self.in_source {
            Some(s) => (Some(s.source.as_str()), s.path.as_str()),
            None => (None, self.path.as_str()),
        }
    }
}

/// The spelling of an unknown fact in a version-2 file.
pub const UNKNOWN_WORD: &str = "unknown";

/// A field of a record that may hold an unknown fact, without its range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Field {
    ItemOrigin(u32),
    MadeWithOrigin(u32, u32),
    ItemValue(u32),
    LineValue(u32, u32),
    PartyCountry(u32),
    HoldingShare(u32),
    HoldingFrom(u32),
    HoldingUntil(u32),
    ListingFrom(u32),
    ListingUntil(u32),
}

/// The unknown facts of a world by field, for writing the facts again
/// (`facts convert`): a field listed here holds a placeholder, and is
/// written as `"unknown"` or as its range, never as the placeholder.
pub(crate) struct Stated(rustc_hash::FxHashMap<Field, Option<Bounds>>);

impl Stated {
    /// The unknown facts of `unknowns`, by field.
    pub fn new(unknowns: &[Unknown]) -> Self {
        let map = unknowns
            .iter()
            .map(|u| match u.fact {
                UnknownFact::ItemOrigin(i) => (Field::ItemOrigin(i.0), None),
                UnknownFact::MadeWithOrigin(i, k) => (Field::MadeWithOrigin(i.0, k), None),
                UnknownFact::ItemValue(i, b) => (Field::ItemValue(i.0), Some(b)),
                UnknownFact::LineValue(i, l, b) => (Field::LineValue(i.0, l), Some(b)),
                UnknownFact::PartyCountry(p) => (Field::PartyCountry(p.0), None),
                UnknownFact::HoldingShare(h, b) => (Field::HoldingShare(h), Some(b)),
                UnknownFact::HoldingFrom(h) => (Field::HoldingFrom(h), None),
                UnknownFact::HoldingUntil(h) => (Field::HoldingUntil(h), None),
                UnknownFact::ListingFrom(l) => (Field::ListingFrom(l), None),
                UnknownFact::ListingUntil(l) => (Field::ListingUntil(l), None),
            })
            .collect();
        Stated(map)
    }

    /// Whether `field` is stated as unknown (or as a range).
    pub fn unknown(&self, field: Field) -> bool {
        self.0.contains_key(&field)
    }

    /// The range `field` is stated as, if it is one.
    pub fn range(&self, field: Field) -> Option<Bounds> {
        self.0.get(&field).copied().flatten()
    }
}

/// A position as a `u32` index, as [`UnknownFact`] numbers records.
pub(crate) fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}
