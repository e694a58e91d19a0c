//! The facts, as the evaluator reads them: ids resolved to indices, money and
//! shares as exact decimals, dates as calendar dates.

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::index::IdIndex;
use crate::elements::ElementSet;
use crate::geo::Country;

/// The index of a party in [`Facts::parties`] (file order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartyIdx(pub u32);

/// The index of an item in [`Facts::items`] (file order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemIdx(pub u32);

/// A half-open range of days `[from, until)`: `from` is the first day that
/// holds, `until` the first day that no longer holds. `None` is unbounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct DateRange {
    /// The first day in the range, or `None` for "since always".
    pub from: Option<Date>,
    /// The first day after the range, or `None` for "until further notice".
    pub until: Option<Date>,
}

impl DateRange {
    /// The range that holds on every day.
    pub const ALWAYS: DateRange = DateRange {
        from: None,
        until: None,
    };

    /// Whether day `d` is in the range (`from` included, `until` excluded).
    pub fn contains(&self, d: Date) -> bool {
        !matches!(self.from, Some(from) if d < from) && !matches!(self.until, Some(until) if d >= until)
    }
}

/// The value of one entry of an `attributes` map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttributeValue {
    /// A JSON string that is not a `YYYY-MM-DD` date.
    Text(String),
    /// A JSON number, read exactly from its text.
    Number(Decimal),
    /// A JSON boolean.
    Bool(bool),
    /// A JSON string of the form `YYYY-MM-DD` that is a valid calendar date.
    Date(Date),
}

/// An `attributes` map, by name. Most records have none or one or two
/// attributes, so they are kept in a vector sorted by name (a tree map
/// allocates a node of several hundred bytes for a single entry).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Attributes(Vec<(String, AttributeValue)>);

impl Attributes {
    /// No attributes.
    pub fn new() -> Self {
        Attributes(Vec::new())
    }

    /// The value of attribute `name`.
    pub fn get(&self, name: &str) -> Option<&AttributeValue> {
        let at = self.0.binary_search_by(|(n, _)| n.as_str().cmp(name)).ok()?;
        self.0.get(at).map(|(_, v)| v)
    }

    /// No attributes yet, with room for `n`.
    pub(crate) fn with_capacity(n: usize) -> Self {
        Attributes(Vec::with_capacity(n))
    }

    /// Whether attribute `name` is given.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets attribute `name`, replacing its value if it has one; returns
    /// the value replaced.
    pub fn insert(&mut self, name: String, value: AttributeValue) -> Option<AttributeValue> {
        match self.0.binary_search_by(|(n, _)| n.as_str().cmp(&name)) {
            Ok(at) => self.0.get_mut(at).map(|(_, v)| std::mem::replace(v, value)),
            Err(at) => {
                self.0.insert(at, (name, value));
                None
            }
        }
    }

    /// The attributes, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &AttributeValue)> + '_ {
        self.0.iter().map(|(n, v)| (n.as_str(), v))
    }

    /// Gives back the room the vector has beyond its attributes.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }

    /// How many attributes there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A party: a company, an agency, a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Party {
    /// The key of the party in `parties`.
    pub id: String,
    /// The name, for people (the id when the file gives none).
    pub name: String,
    /// Where the party is established.
    pub country: Country,
    /// Tags that policies test (`military-end-user`, ...).
    pub kinds: Vec<String>,
    /// Further facts about the party.
    pub attributes: Attributes,
}

/// `owner` holds `share` of `owned`'s equity during `window`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holding {
    /// The party that holds the share.
    pub owner: PartyIdx,
    /// The party whose equity is held.
    pub owned: PartyIdx,
    /// The share as a fraction, `0 < share <= 1` (`"50%"` is `0.5`).
    pub share: Decimal,
    /// When the holding exists.
    pub window: DateRange,
}

/// A party's membership of a restricted list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    /// The listed party.
    pub party: PartyIdx,
    /// The list, as policies declare it (`us-entity-list`).
    pub list: String,
    /// When the party is on the list.
    pub window: DateRange,
    /// What the entry itself says (`review`, ...).
    pub attributes: Attributes,
    /// How a listing from `--lists` reached the party (the link and the
    /// entry, for explanations); `None` for a listing the facts state.
    pub via: Option<String>,
}

/// A technology used to produce an item, and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MadeWith {
    /// The technology tag (`magnet-manufacturing`).
    pub technology: String,
    /// The country the technology comes from.
    pub origin: Country,
}

/// One line of an item's bill of materials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Component {
    /// The component item.
    pub item: ItemIdx,
    /// How many units of the component one unit of the assembly holds (> 0).
    pub quantity: Decimal,
    /// The value of the whole line, when the file gives one; otherwise the
    /// line is worth the component's unit value times `quantity`.
    pub value: Option<Decimal>,
}

/// Anything that can be shipped or incorporated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The key of the item in `items`.
    pub id: String,
    /// What the item is, for people (the id when the file gives none).
    pub description: String,
    /// The country of origin (for an assembly, where it was made).
    pub origin: Country,
    /// The value of one unit, in the file's currency.
    pub value: Option<Decimal>,
    /// Classification codes (`1C905.a`, `permanent-magnet`).
    pub classes: Vec<String>,
    /// The chemical elements the item contains (`Dy`).
    pub elements: ElementSet,
    /// Technologies used to produce the item.
    pub made_with: Vec<MadeWith>,
    /// The bill of materials.
    pub components: Vec<Component>,
    /// Further facts about the item.
    pub attributes: Attributes,
}

/// A proposed export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shipment {
    /// The shipment's id, unique in the file.
    pub id: String,
    /// The day of export.
    pub date: Date,
    /// What is shipped.
    pub item: ItemIdx,
    /// How many units (> 0; 1 when the file gives none).
    pub quantity: Decimal,
    /// Who exports.
    pub exporter: PartyIdx,
    /// The country the shipment leaves.
    pub from: Country,
    /// The country of destination.
    pub to: Country,
    /// Who will use the item.
    pub end_user: PartyIdx,
    /// End-use tags (`military`, `logic-chip-production`).
    pub end_uses: Vec<String>,
    /// Further facts about the shipment (`logic_node_nm`).
    pub attributes: Attributes,
}

/// A loaded and validated facts file. Every index in it is valid.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// The contract version the file is written to (`1` or `2`).
    pub version: u32,
    /// The facts the file states as unknown or as a range (version 2 only;
    /// empty for every version-1 file). Their fields hold placeholders.
    pub unknowns: Vec<super::unknown::Unknown>,
    /// The currency of every value in the file (ISO 4217), if named.
    pub currency: Option<String>,
    /// The parties, in file order; [`PartyIdx`] indexes this.
    pub parties: Vec<Party>,
    /// The holdings of `ownership`, in file order.
    pub holdings: Vec<Holding>,
    /// The listings, in file order.
    pub listings: Vec<Listing>,
    /// The items, in file order; [`ItemIdx`] indexes this.
    pub items: Vec<Item>,
    /// The shipments, in file order.
    pub shipments: Vec<Shipment>,
    /// For each party (by index), indices into `holdings` where it is the
    /// owned party, in file order.
    pub owners_of: Vec<Vec<u32>>,
    /// For each party (by index), indices into `listings` for that party, in
    /// file order.
    pub listings_of: Vec<Vec<u32>>,
    pub(crate) party_ids: IdIndex,
    pub(crate) item_ids: IdIndex,
    /// Each party's country, by index: a dense copy, because shipments
    /// name parties in no order and a party's record is a cache miss away.
    pub(crate) party_countries: Vec<Country>,
    /// Whether each party (by index) has any listing at all: one byte per
    /// party, so that a list test of a party never listed (most parties)
    /// does not visit its entry of `listings_of`.
    pub(crate) ever_listed: Vec<bool>,
    /// For each item (by index), the elements it contains itself or in a
    /// component at any depth of its bill of materials: worked out once,
    /// bottom-up, when the file is loaded.
    pub(crate) elements_within: Vec<ElementSet>,
}

impl Facts {
    /// The party at `idx`. `idx` must come from these facts.
    pub fn party(&self, idx: PartyIdx) -> &Party {
        &self.parties[idx.0 as usize]
    }

    /// The elements item `idx` contains, itself or in a component at any
    /// depth of its bill of materials.
    pub fn elements_within(&self, idx: ItemIdx) -> ElementSet {
        self.elements_within.get(idx.0 as usize).copied().unwrap_or_default()
    }

    /// The item at `idx`. `idx` must come from these facts.
    pub fn item(&self, idx: ItemIdx) -> &Item {
        &self.items[idx.0 as usize]
    }

    /// The country where the party at `idx` is established.
    pub fn country_of(&self, idx: PartyIdx) -> Country {
        match self.party_countries.get(idx.0 as usize) {
            Some(c) => *c,
            None => self.party(idx).country,
        }
    }

    /// The index of the party with this id.
    pub fn party_index(&self, id: &str) -> Option<PartyIdx> {
        self.party_ids.get(id).map(PartyIdx)
    }

    /// The index of the item with this id.
    pub fn item_index(&self, id: &str) -> Option<ItemIdx> {
        self.item_ids.get(id).map(ItemIdx)
    }

    /// The holdings in which `owned` is the owned party.
    pub fn holdings_of(&self, owned: PartyIdx) -> impl Iterator<Item = &Holding> + '_ {
        self.owners_of
            .get(owned.0 as usize)
            .into_iter()
            .flatten()
            .filter_map(|&h| self.holdings.get(h as usize))
    }

    /// The listings of `party`.
    pub fn listings_for(&self, party: PartyIdx) -> impl Iterator<Item = &Listing> + '_ {
        self.listings_of
            .get(party.0 as usize)
            .into_iter()
            .flatten()
            .filter_map(|&l| self.listings.get(l as usize))
    }

    /// The first listing of `party` in force on `day` on a list that
    /// `wanted` accepts, as an index into `listings`.
    pub fn listing_on(&self, party: PartyIdx, day: Date, wanted: impl Fn(&str) -> bool) -> Option<u32> {
        if !self.ever_listed.get(party.0 as usize).copied().unwrap_or(true) {
            return None;
        }
        self.listings_of
            .get(party.0 as usize)
            .into_iter()
            .flatten()
            .copied()
            .find(|li| {
                self.listings
                    .get(*li as usize)
                    .is_some_and(|l| l.window.contains(day) && wanted(&l.list))
            })
    }

    /// Every date that appears in holdings, listings and shipments, sorted and
    /// without repeats (the days on which facts can change, for timelines).
    pub fn dates(&self) -> Vec<Date> {
        let windows = self
            .holdings
            .iter()
            .map(|h| h.window)
            .chain(self.listings.iter().map(|l| l.window))
            .flat_map(|w| [w.from, w.until])
            .flatten();
        let mut dates: Vec<Date> = windows.chain(self.shipments.iter().map(|s| s.date)).collect();
        dates.sort_unstable();
        dates.dedup();
        dates
    }
}
