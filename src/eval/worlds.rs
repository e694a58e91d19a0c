//! The values an unknown fact can take, as far as the loaded policies can
//! tell them apart, and the shipments each unknown fact can reach.
//!
//! A decision that depends on unknown facts is made in every *world*: every
//! combination of one value for each unknown fact that can reach the
//! shipment. The values tried are:
//!
//! - for an unknown country, one country of each class of countries that
//!   every country test of the loaded policies treats alike (`in CN`,
//!   `outside CN`, `in EU`: CN, an EU country, and one other country);
//! - for a range, its two ends, every ownership threshold of the policies
//!   strictly inside it, and the midpoint between each two of those (so a
//!   share compared on its own with thresholds reaches every outcome the
//!   range allows);
//! - for an unknown `from` or `until`, the record holding on the day and
//!   not holding on it.
//!
//! Nothing here recurses: bills of materials and ownership chains are
//! walked with explicit stacks, and a holding cycle is walked once.

use crate::facts::{Bounds, Facts, ItemIdx, PartyIdx, Unknown, UnknownFact};
use crate::geo::{self, Country};
use crate::policy::{Condition, Places, PolicySet, Test};
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One value an unknown fact is given in a world.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Value {
    /// A country, standing for `alike` countries the policies treat alike
    /// (itself included).
    Country(Country, usize),
    /// An amount or a share (a fraction).
    Amount(Decimal),
    /// The holding or listing holds on the day (`true`) or not.
    Holds(bool),
}

/// The values tried for each unknown fact of the file.
pub(crate) struct Domains {
    /// By position in [`Facts::unknowns`].
    pub(crate) values: Vec<Vec<Value>>,
}

impl Domains {
    /// The values tried for every unknown fact of `facts` under `set`.
    pub(crate) fn new(set: &PolicySet, facts: &Facts) -> Domains {
        let tests = tests_of(set);
        let origins = country_classes(&tests.origins);
        let technologies = country_classes(&tests.technologies);
        let countries = country_classes(&tests.parties);
        let values = facts
            .unknowns
            .iter()
            .map(|u| match u.fact {
                UnknownFact::ItemOrigin(_) => origins.clone(),
                UnknownFact::MadeWithOrigin(..) => technologies.clone(),
                UnknownFact::PartyCountry(_) => countries.clone(),
                UnknownFact::HoldingShare(_, b) => amounts(b, &tests.thresholds),
                UnknownFact::ItemValue(_, b) | UnknownFact::LineValue(_, _, b) => amounts(b, &[]),
                UnknownFact::HoldingFrom(_)
                | UnknownFact::HoldingUntil(_)
                | UnknownFact::ListingFrom(_)
                | UnknownFact::ListingUntil(_) => vec![Value::Holds(true), Value::Holds(false)],
            })
            .collect();
        Domains { values }
    }
}

/// What the rules of a set test that an unknown fact can reach.
struct Tests<'s> {
    /// The places tested against an item's origin (its own, or a component's).
    origins: Vec<&'s Places>,
    /// The places tested against the origin of a technology an item is made with.
    technologies: Vec<&'s Places>,
    /// The places tested against a party's country.
    parties: Vec<&'s Places>,
    /// The ownership thresholds, as fractions.
    thresholds: Vec<Decimal>,
}

/// The tests of every rule of the set (conditions are walked with a stack).
fn tests_of(set: &PolicySet) -> Tests<'_> {
    let mut tests = Tests {
        origins: Vec::new(),
        technologies: Vec::new(),
        parties: Vec::new(),
        thresholds: Vec::new(),
    };
    let mut stack: Vec<&Condition> = set
        .policies
        .iter()
        .flat_map(|p| &p.rules)
        .flat_map(|r| &r.versions)
        .filter_map(|v| v.condition.as_ref())
        .collect();
    while let Some(c) = stack.pop() {
        match c {
            Condition::All(parts) | Condition::Any(parts) => stack.extend(parts),
            Condition::Not(inner) => stack.push(inner),
            Condition::Test(test, _) => match &**test {
                Test::ContentShare { origin, .. } | Test::ItemComponent { origin, .. } => {
                    tests.origins.extend(origin.as_ref());
                }
                Test::ItemOrigin(p, _) => tests.origins.push(p),
                Test::ItemMadeWith { places, .. } => tests.technologies.push(places),
                Test::PartyCountry(_, p) => tests.parties.push(p),
                Test::PartyOwned(_, o) => tests.thresholds.push(o.threshold),
                _ => {}
            },
        }
    }
    tests
}

/// One country of each class of countries that every place set treats
/// alike, with the size of its class; the classes in order of their first
/// country's code.
fn country_classes(places: &[&Places]) -> Vec<Value> {
    let mut classes: BTreeMap<Vec<bool>, (Country, usize)> = BTreeMap::new();
    for country in geo::all_codes().filter_map(geo::country) {
        let signature: Vec<bool> = places.iter().map(|p| p.contains(country)).collect();
        classes
            .entry(signature)
            .and_modify(|(first, n)| {
                *first = (*first).min(country);
                *n += 1;
            })
            .or_insert((country, 1));
    }
    let mut values: Vec<(Country, usize)> = classes.into_values().collect();
    values.sort_unstable();
    values.into_iter().map(|(c, n)| Value::Country(c, n)).collect()
}

/// The ends of a range, the thresholds strictly inside it, and the
/// midpoint between each two of them.
fn amounts(b: Bounds, thresholds: &[Decimal]) -> Vec<Value> {
    let mut points = vec![b.at_least, b.at_most];
    points.extend(thresholds.iter().filter(|&&t| b.at_least < t && t < b.at_most));
    points.sort_unstable();
    points.dedup();
    let mut all = Vec::with_capacity(points.len() * 2);
    for pair in points.windows(2) {
        if let [a, z] = pair {
            all.push(*a);
            all.push((*a + *z) / Decimal::TWO);
        }
    }
    all.extend(points.last());
    all.into_iter().map(Value::Amount).collect()
}

/// Which unknown facts can reach which shipment: a fact of an item in the
/// shipped item's bill of materials (at any depth), the country of its
/// exporter or end user, and the holdings and listings of those parties
/// and of their owners at any height.
pub(crate) struct Reach<'f> {
    facts: &'f Facts,
    /// By item: the unknown facts of the item itself.
    of_item: Vec<Vec<u32>>,
    /// By party: its unknown country.
    of_party: Vec<Vec<u32>>,
    /// By holding, then by listing: their unknown facts.
    of_holding: Vec<Vec<u32>>,
    of_listing: Vec<Vec<u32>>,
    /// The unknown facts reaching each item's bill of materials, once asked.
    item_memo: Vec<Option<Vec<u32>>>,
    /// The unknown facts reaching each party through its owners, once asked.
    party_memo: Vec<Option<Vec<u32>>>,
}

impl<'f> Reach<'f> {
    /// Indexes the unknown facts of `facts` by record.
    pub(crate) fn new(facts: &'f Facts) -> Reach<'f> {
        let mut of_item = vec![Vec::new(); facts.items.len()];
        let mut of_party = vec![Vec::new(); facts.parties.len()];
        let mut of_holding = vec![Vec::new(); facts.holdings.len()];
        let mut of_listing = vec![Vec::new(); facts.listings.len()];
        for (u, i) in facts.unknowns.iter().zip(0u32..) {
            let slot = match u.fact {
                UnknownFact::ItemOrigin(it)
                | UnknownFact::MadeWithOrigin(it, _)
                | UnknownFact::ItemValue(it, _)
                | UnknownFact::LineValue(it, _, _) => of_item.get_mut(it.0 as usize),
                UnknownFact::PartyCountry(p) => of_party.get_mut(p.0 as usize),
                UnknownFact::HoldingShare(h, _) | UnknownFact::HoldingFrom(h) | UnknownFact::HoldingUntil(h) => {
                    of_holding.get_mut(h as usize)
                }
                UnknownFact::ListingFrom(l) | UnknownFact::ListingUntil(l) => of_listing.get_mut(l as usize),
            };
            if let Some(slot) = slot {
                slot.push(i);
            }
        }
        Reach {
            facts,
            of_item,
            of_party,
            of_holding,
            of_listing,
            item_memo: vec![None; facts.items.len()],
            party_memo: vec![None; facts.parties.len()],
        }
    }

    /// The unknown facts (positions in [`Facts::unknowns`]) that can reach
    /// shipment `index`, sorted.
    pub(crate) fn of_shipment(&mut self, index: usize) -> Vec<u32> {
        match self.facts.shipments.get(index) {
            Some(s) => self.of(s),
            None => Vec::new(),
        }
    }

    /// The unknown facts (positions in [`Facts::unknowns`]) that can reach
    /// `s`, a shipment decided against these facts (its own or another
    /// list's, as a stream's), sorted.
    pub(crate) fn of(&mut self, s: &crate::facts::Shipment) -> Vec<u32> {
        let mut all = self.of_bom(s.item);
        for party in [s.exporter, s.end_user] {
            all.extend(self.of_party.get(party.0 as usize).into_iter().flatten());
            all.extend(self.of_owners(party));
        }
        all.sort_unstable();
        all.dedup();
        all
    }

    /// The unknown facts of `item` and of every item in its bill of materials.
    fn of_bom(&mut self, item: ItemIdx) -> Vec<u32> {
        if let Some(Some(known)) = self.item_memo.get(item.0 as usize) {
            return known.clone();
        }
        let facts = self.facts;
        let mut seen = vec![false; facts.items.len()];
        let mut stack = vec![item];
        let mut all = Vec::new();
        while let Some(it) = stack.pop() {
            match seen.get_mut(it.0 as usize) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            all.extend(self.of_item.get(it.0 as usize).into_iter().flatten());
            stack.extend(facts.item(it).components.iter().map(|c| c.item));
        }
        all.sort_unstable();
        all.dedup();
        if let Some(slot) = self.item_memo.get_mut(item.0 as usize) {
            *slot = Some(all.clone());
        }
        all
    }

    /// The unknown facts of the holdings in `party` and in its owners at
    /// any height, and of the listings of all of them.
    fn of_owners(&mut self, party: PartyIdx) -> Vec<u32> {
        if let Some(Some(known)) = self.party_memo.get(party.0 as usize) {
            return known.clone();
        }
        let facts = self.facts;
        let mut seen = vec![false; facts.parties.len()];
        let mut stack = vec![party];
        let mut all = Vec::new();
        while let Some(p) = stack.pop() {
            match seen.get_mut(p.0 as usize) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            for &l in facts.listings_of.get(p.0 as usize).into_iter().flatten() {
                all.extend(self.of_listing.get(l as usize).into_iter().flatten());
            }
            for &h in facts.owners_of.get(p.0 as usize).into_iter().flatten() {
                all.extend(self.of_holding.get(h as usize).into_iter().flatten());
                stack.extend(facts.holdings.get(h as usize).map(|holding| holding.owner));
            }
        }
        all.sort_unstable();
        all.dedup();
        if let Some(slot) = self.party_memo.get_mut(party.0 as usize) {
            *slot = Some(all.clone());
        }
        all
    }
}

/// Gives unknown fact `u` the value `v` in `facts` (a copy of the loaded
/// facts, whose other fields are left as they are).
pub(crate) fn assign(facts: &mut Facts, u: &Unknown, v: Value) {
    match (u.fact, v) {
        (UnknownFact::ItemOrigin(it), Value::Country(c, _)) => {
            if let Some(item) = facts.items.get_mut(it.0 as usize) {
                item.origin = c;
            }
        }
        (UnknownFact::MadeWithOrigin(it, k), Value::Country(c, _)) => {
            let entry = facts
                .items
                .get_mut(it.0 as usize)
                .and_then(|item| item.made_with.get_mut(k as usize));
            if let Some(entry) = entry {
                entry.origin = c;
            }
        }
        (UnknownFact::PartyCountry(p), Value::Country(c, _)) => {
            if let Some(party) = facts.parties.get_mut(p.0 as usize) {
                party.country = c;
            }
            if let Some(slot) = facts.party_countries.get_mut(p.0 as usize) {
                *slot = c;
            }
        }
        (UnknownFact::ItemValue(it, _), Value::Amount(a)) => {
            if let Some(item) = facts.items.get_mut(it.0 as usize) {
                item.value = Some(a);
            }
        }
        (UnknownFact::LineValue(it, line, _), Value::Amount(a)) => {
            let line = facts
                .items
                .get_mut(it.0 as usize)
                .and_then(|item| item.components.get_mut(line as usize));
            if let Some(line) = line {
                line.value = Some(a);
            }
        }
        (UnknownFact::HoldingShare(h, _), Value::Amount(a)) => {
            if let Some(holding) = facts.holdings.get_mut(h as usize) {
                holding.share = a;
            }
        }
        (UnknownFact::HoldingFrom(h), Value::Holds(on)) => {
            if let Some(holding) = facts.holdings.get_mut(h as usize) {
                holding.window.from = (!on).then_some(Date::MAX);
            }
        }
        (UnknownFact::HoldingUntil(h), Value::Holds(on)) => {
            if let Some(holding) = facts.holdings.get_mut(h as usize) {
                holding.window.until = (!on).then_some(Date::MIN);
            }
        }
        (UnknownFact::ListingFrom(l), Value::Holds(on)) => {
            if let Some(listing) = facts.listings.get_mut(l as usize) {
                listing.window.from = (!on).then_some(Date::MAX);
            }
        }
        (UnknownFact::ListingUntil(l), Value::Holds(on)) => {
            if let Some(listing) = facts.listings.get_mut(l as usize) {
                listing.window.until = (!on).then_some(Date::MIN);
            }
        }
        _ => {}
    }
}

/// The holding or listing an unknown date belongs to, in words.
fn record_words(facts: &Facts, u: &Unknown) -> String {
    let party = |p: PartyIdx| facts.parties.get(p.0 as usize).map_or("?", |p| p.id.as_str());
    match u.fact {
        UnknownFact::HoldingShare(h, _) | UnknownFact::HoldingFrom(h) | UnknownFact::HoldingUntil(h) => {
            facts.holdings.get(h as usize).map_or_else(String::new, |x| {
                format!("{}'s holding in {}", party(x.owner), party(x.owned))
            })
        }
        UnknownFact::ListingFrom(l) | UnknownFact::ListingUntil(l) => facts
            .listings
            .get(l as usize)
            .map_or_else(String::new, |x| format!("{}'s listing on {}", party(x.party), x.list)),
        UnknownFact::PartyCountry(p) => party(p).to_string(),
        UnknownFact::ItemOrigin(i)
        | UnknownFact::MadeWithOrigin(i, _)
        | UnknownFact::ItemValue(i, _)
        | UnknownFact::LineValue(i, _, _) => facts.items.get(i.0 as usize).map_or_else(String::new, |x| x.id.clone()),
    }
}

/// What an unknown fact is, in words: "the origin of dy-oxide".
pub(crate) fn fact_words(facts: &Facts, u: &Unknown) -> String {
    let record = record_words(facts, u);
    match u.fact {
        UnknownFact::ItemOrigin(_) => format!("the origin of {record}"),
        UnknownFact::MadeWithOrigin(i, k) => {
            let technology = facts
                .items
                .get(i.0 as usize)
                .and_then(|x| x.made_with.get(k as usize))
                .map_or("?", |m| m.technology.as_str());
            format!("the origin of the {technology} technology used to make {record}")
        }
        UnknownFact::ItemValue(..) => format!("the value of {record}"),
        UnknownFact::LineValue(i, line, _) => {
            let component = facts
                .items
                .get(i.0 as usize)
                .and_then(|x| x.components.get(line as usize))
                .and_then(|c| facts.items.get(c.item.0 as usize))
                .map_or("?", |c| c.id.as_str());
            format!("the value of the {component} line of {record}")
        }
        UnknownFact::PartyCountry(_) => format!("the country of {record}"),
        UnknownFact::HoldingShare(..) => format!("the share of {record}"),
        UnknownFact::HoldingFrom(_) | UnknownFact::ListingFrom(_) => format!("the start of {record}"),
        UnknownFact::HoldingUntil(_) | UnknownFact::ListingUntil(_) => format!("the end of {record}"),
    }
}

/// A value, as a decision writes it (`"CN"`, `"45%"`, `"120"`, `"on or
/// before the day"`), for the fact it is given to.
pub(crate) fn value_text(u: &Unknown, v: Value) -> String {
    match (u.fact, v) {
        (_, Value::Country(c, 1)) => c.to_string(),
        (_, Value::Country(c, n)) => format!("{c} (or any of {} countries treated alike)", n - 1),
        (UnknownFact::HoldingShare(..), Value::Amount(a)) => super::percent(a),
        (_, Value::Amount(a)) => a.normalize().to_string(),
        (UnknownFact::HoldingFrom(_) | UnknownFact::ListingFrom(_), Value::Holds(on))
        | (UnknownFact::HoldingUntil(_) | UnknownFact::ListingUntil(_), Value::Holds(on)) => {
            let starts = matches!(u.fact, UnknownFact::HoldingFrom(_) | UnknownFact::ListingFrom(_));
            if on == starts {
                "on or before the day"
            } else {
                "after the day"
            }
            .to_string()
        }
        _ => String::new(),
    }
}

/// "if the origin of dy-oxide is CN": a fact and its value, in words.
pub(crate) fn condition_words(facts: &Facts, u: &Unknown, v: Value) -> String {
    let value = value_text(u, v);
    match u.fact {
        UnknownFact::HoldingFrom(_) | UnknownFact::ListingFrom(_) => {
            format!("if {} began {value}", record_words(facts, u))
        }
        UnknownFact::HoldingUntil(_) | UnknownFact::ListingUntil(_) => {
            format!("if {} ends {value}", record_words(facts, u))
        }
        _ => format!("if {} is {value}", fact_words(facts, u)),
    }
}
