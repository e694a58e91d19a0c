//! Turning decoded records into [`Facts`]: ids become indices, and the
//! checks that need the whole file run (references, shipment ids, values of
//! shipped items, bill-of-materials cycles, ownership shares).

use jiff::civil::Date;
use miette::LabeledSpan;
use rust_decimal::Decimal;

use super::decode::{ItemMeta, Raw, RawComponent, RawHolding, RawListing, RawTarget, RawUnknown, Ref, ShipmentRefs};
use super::errors::{did_you_mean, FactsError};
use super::index::IdIndex;
use super::json::{escape, Span};
use super::model::{Component, Facts, Holding, Item, ItemIdx, Listing, Party, PartyIdx, Shipment};
use super::source::FactsSource;
use super::unknown::{Bounds, Unknown, UnknownFact};
use crate::elements::ElementSet;

/// How many unknown references get a "did you mean" (each one scans every
/// id, so a file with thousands of broken references stays fast).
const SUGGESTIONS: usize = 64;

/// Resolves `raw` into facts, reporting every error into `errors`. The facts
/// are only meaningful when no error was reported.
pub(crate) fn resolve(raw: Raw, source: &FactsSource, errors: &mut Vec<FactsError>) -> Facts {
    let Raw {
        version,
        unknowns,
        currency,
        parties,
        party_ids,
        holdings,
        listings,
        mut items,
        item_meta,
        item_ids,
        components,
        mut shipments,
        shipment_refs,
        ..
    } = raw;
    let mut r = Resolver {
        source,
        errors,
        parties: &parties,
        party_ids: &party_ids,
        items: &items,
        item_ids: &item_ids,
        suggestions: SUGGESTIONS,
    };
    let holdings = r.holdings(&holdings);
    let listings = r.listings(listings);
    let (boms, bom_spans) = r.boms(&item_meta, &components);
    r.unique_ids(&shipments, &shipment_refs);
    r.shipments(&mut shipments, &shipment_refs, &item_meta);
    let owners_of = index_by(parties.len(), holdings.iter().map(|(h, _)| h.owned.0));
    let unknowns = resolve_unknowns(unknowns, &party_ids, &item_ids);
    r.over_owned(&holdings, &owners_of, &unknowns);
    for (item, bom) in items.iter_mut().zip(boms) {
        item.components = bom;
    }
    let elements_within = bom_cycles(source, errors, &items, &bom_spans);
    let listings_of = index_by(parties.len(), listings.iter().map(|l| l.party.0));
    let party_countries = parties.iter().map(|p| p.country).collect();
    let ever_listed = listings_of.iter().map(|l| !l.is_empty()).collect();
    Facts {
        version,
        unknowns,
        currency,
        parties,
        holdings: holdings.into_iter().map(|(h, _)| h).collect(),
        listings,
        items,
        shipments,
        owners_of,
        listings_of,
        party_ids,
        item_ids,
        party_countries,
        ever_listed,
        elements_within,
    }
}

/// The spans of the `item` references of resolved bill-of-materials lines:
/// those of item `i` are `spans[start[i]..start[i + 1]]`.
struct BomSpans {
    spans: Vec<Span>,
    start: Vec<usize>,
}

impl BomSpans {
    fn get(&self, item: usize, line: usize) -> Option<Span> {
        let start = self.start.get(item)?;
        self.spans.get(start + line).copied()
    }
}

/// For each of `len` slots, the positions in `keys` that name it.
fn index_by(len: usize, keys: impl Iterator<Item = u32>) -> Vec<Vec<u32>> {
    let mut index = vec![Vec::new(); len];
    for (position, key) in keys.enumerate() {
        if let Some(slot) = index.get_mut(key as usize) {
            slot.push(u32::try_from(position).unwrap_or(u32::MAX));
        }
    }
    index
}

/// Resolves references against the parties and items (whose bills of
/// materials are not resolved yet).
struct Resolver<'r, 'e> {
    source: &'r FactsSource,
    errors: &'e mut Vec<FactsError>,
    parties: &'r [Party],
    party_ids: &'r IdIndex,
    items: &'r [Item],
    item_ids: &'r IdIndex,
    suggestions: usize,
}

impl<'r> Resolver<'r, '_> {
    fn suggest<'c>(&mut self, id: &str, ids: impl Iterator<Item = &'c str>) -> Option<String> {
        if self.suggestions == 0 {
            return None;
        }
        self.suggestions -= 1;
        did_you_mean(id, ids)
    }

    fn party_id(&self, i: u32) -> &'r str {
        self.parties.get(i as usize).map_or("", |p| p.id.as_str())
    }

    /// The party `r` names; `None` (reported) if there is none. `path`
    /// renders the JSON path of the reference.
    fn party(&mut self, r: Option<Ref>, path: impl FnOnce() -> String) -> Option<PartyIdx> {
        let (id, span) = r?.read(self.source.text());
        if let Some(i) = self.party_ids.get(&id) {
            return Some(PartyIdx(i));
        }
        let parties = self.parties;
        let help = self.suggest(&id, parties.iter().map(|p| p.id.as_str()));
        let error = FactsError::UnknownParty {
            path: path(),
            id: id.into_owned(),
            help,
            src: self.source.named_source(),
            span: span.source_span(),
        };
        self.errors.push(error);
        None
    }

    /// The item `r` names, and the span of the reference; `None`
    /// (reported) if there is none.
    fn item(&mut self, r: Option<Ref>, path: impl FnOnce() -> String) -> Option<(ItemIdx, Span)> {
        let (id, span) = r?.read(self.source.text());
        if let Some(i) = self.item_ids.get(&id) {
            return Some((ItemIdx(i), span));
        }
        let items = self.items;
        let help = self.suggest(&id, items.iter().map(|it| it.id.as_str()));
        let error = FactsError::UnknownItem {
            path: path(),
            id: id.into_owned(),
            help,
            src: self.source.named_source(),
            span: span.source_span(),
        };
        self.errors.push(error);
        None
    }

    /// The holdings, each with the span of its share.
    fn holdings(&mut self, raw: &[RawHolding]) -> Vec<(Holding, Span)> {
        let mut holdings = Vec::with_capacity(raw.len());
        for (i, h) in raw.iter().enumerate() {
            let owner = self.party(h.owner, || format!("ownership[{i}].owner"));
            let owned = self.party(h.owned, || format!("ownership[{i}].owned"));
            if let (Some(owner), Some(owned), Some(r)) = (owner, owned, h.owned) {
                if owner == owned {
                    let (id, span) = r.read(self.source.text());
                    let error = FactsError::SelfOwnership {
                        path: format!("ownership[{i}]"),
                        party: id.into_owned(),
                        src: self.source.named_source(),
                        span: span.source_span(),
                    };
                    self.errors.push(error);
                }
            }
            let (share, share_span) = h.share.unwrap_or((Decimal::ZERO, Span::default()));
            let holding = Holding {
                owner: owner.unwrap_or(PartyIdx(0)),
                owned: owned.unwrap_or(PartyIdx(0)),
                share,
                window: h.window,
            };
            holdings.push((holding, share_span));
        }
        holdings
    }

    fn listings(&mut self, raw: Vec<RawListing>) -> Vec<Listing> {
        let mut listings = Vec::with_capacity(raw.len());
        for (i, l) in raw.into_iter().enumerate() {
            let party = self.party(l.party, || format!("listings[{i}].party"));
            listings.push(Listing {
                party: party.unwrap_or(PartyIdx(0)),
                list: l.list,
                window: l.window,
                attributes: l.attributes,
                via: None,
            });
        }
        listings
    }

    /// Resolves every bill of materials, in item order. Lines whose item is
    /// unknown are left out (and reported).
    fn boms(&mut self, meta: &[ItemMeta], lines: &[RawComponent]) -> (Vec<Vec<Component>>, BomSpans) {
        let mut boms = Vec::with_capacity(meta.len());
        let mut spans = BomSpans {
            spans: Vec::new(),
            start: Vec::with_capacity(meta.len()),
        };
        let items = self.items;
        for (item, m) in items.iter().zip(meta) {
            spans.start.push(spans.spans.len());
            let mine = lines.get(m.lines.clone()).unwrap_or_default();
            let mut bom = Vec::with_capacity(mine.len());
            for (i, line) in mine.iter().enumerate() {
                let path = || format!("items[\"{}\"].components[{i}].item", escape(&item.id));
                if let Some((idx, span)) = self.item(line.item, path) {
                    spans.spans.push(span);
                    bom.push(Component {
                        item: idx,
                        quantity: line.quantity,
                        value: line.value,
                    });
                }
            }
            boms.push(bom);
        }
        (boms, spans)
    }

    /// Reports shipment ids used more than once.
    fn unique_ids(&mut self, shipments: &[Shipment], refs: &[ShipmentRefs]) {
        let mut index = IdIndex::with_capacity(shipments.len());
        for (i, (s, r)) in shipments.iter().zip(refs).enumerate() {
            let Some(span) = r.id.filter(|_| !s.id.is_empty()) else {
                continue;
            };
            let position = u32::try_from(i).unwrap_or(u32::MAX);
            let Err(first) = index.insert(&s.id, position) else {
                continue;
            };
            let first_span = refs.get(first as usize).and_then(|r| r.id).unwrap_or(span);
            let error = FactsError::DuplicateShipmentId {
                path: format!("shipments[{i}].id"),
                id: s.id.clone(),
                first_path: format!("shipments[{first}].id"),
                src: self.source.named_source(),
                span: span.source_span(),
                first: first_span.source_span(),
            };
            self.errors.push(error);
        }
    }

    /// Fills in the indices of each shipment's item and parties.
    fn shipments(&mut self, shipments: &mut [Shipment], refs: &[ShipmentRefs], meta: &[ItemMeta]) {
        // Which items have no value and are not reported yet: one byte per
        // item, so that a shipment's check does not visit the item's record.
        let mut unvalued: Vec<bool> = meta.iter().map(|m| m.decoded && !m.value_given).collect();
        for (i, (s, r)) in shipments.iter_mut().zip(refs).enumerate() {
            let item = self.item(r.item, || format!("shipments[{i}].item"));
            if let Some((item, reference)) = item {
                if unvalued.get(item.0 as usize).copied().unwrap_or(false) {
                    self.no_value(meta, item, i, reference, &mut unvalued);
                }
            }
            let exporter = self.party(r.exporter, || format!("shipments[{i}].exporter"));
            let end_user = self.party(r.end_user, || format!("shipments[{i}].end_user"));
            s.item = item.map_or(ItemIdx(0), |(item, _)| item);
            s.exporter = exporter.unwrap_or(PartyIdx(0));
            s.end_user = end_user.unwrap_or(PartyIdx(0));
        }
    }

    /// Reports a shipped item without a `value` (once: it is then no longer
    /// `unvalued`).
    fn no_value(&mut self, meta: &[ItemMeta], item: ItemIdx, i: usize, shipped: Span, unvalued: &mut [bool]) {
        let (Some(it), Some(m)) = (self.items.get(item.0 as usize), meta.get(item.0 as usize)) else {
            return;
        };
        if let Some(pending) = unvalued.get_mut(item.0 as usize) {
            *pending = false;
        }
        let error = FactsError::MissingValue {
            id: it.id.clone(),
            path: format!("shipments[{i}].item"),
            src: self.source.named_source(),
            span: m.key.source_span(),
            shipped: shipped.source_span(),
        };
        self.errors.push(error);
    }

    /// Reports each party whose owners' shares add up to more than 100% on
    /// some day, at the first such day.
    /// A holding whose `from` or `until` is unknown is left out (it may not
    /// exist on the day); a share known as a range counts at its lower end:
    /// what is reported is over 100% whatever the unknowns are.
    fn over_owned(&mut self, holdings: &[(Holding, Span)], owners_of: &[Vec<u32>], unknowns: &[Unknown]) {
        let parties = self.parties;
        let undated: Vec<u32> = unknowns
            .iter()
            .filter_map(|u| match u.fact {
                UnknownFact::HoldingFrom(h) | UnknownFact::HoldingUntil(h) => Some(h),
                _ => None,
            })
            .collect();
        for (party, owners) in parties.iter().zip(owners_of) {
            let owners: Vec<u32> = owners.iter().copied().filter(|h| !undated.contains(h)).collect();
            let shares = owners.iter().filter_map(|&h| holdings.get(h as usize));
            let total = shares.fold(Decimal::ZERO, |sum, (h, _)| sum.saturating_add(h.share));
            if total <= Decimal::ONE {
                continue;
            }
            let mine: Vec<&(Holding, Span)> = owners.iter().filter_map(|&h| holdings.get(h as usize)).collect();
            if let Some((over, sum)) = first_day_over(&mine) {
                self.report_over_owned(party, &mine, over, sum);
            }
        }
    }

    fn report_over_owned(&mut self, party: &Party, mine: &[&(Holding, Span)], over: Over, sum: Decimal) {
        let active = mine.iter().filter(|(h, _)| match over {
            Over::On(d) => h.window.contains(d),
            Over::Before(_) => h.window.from.is_none(),
        });
        let shares = active
            .take(10)
            .map(|(h, span)| {
                let owner = self.party_id(h.owner.0);
                let text = format!("{} held by `{owner}`", percent(h.share));
                LabeledSpan::new_with_span(Some(text), span.source_span())
            })
            .collect();
        let when = match over {
            Over::On(d) => format!("on {d}"),
            Over::Before(Some(d)) => format!("before {d}"),
            Over::Before(None) => "on every day".to_string(),
        };
        let error = FactsError::OverOwned {
            party: party.id.clone(),
            total: percent(sum),
            when,
            src: self.source.named_source(),
            shares,
        };
        self.errors.push(error);
    }
}

/// Reports each cycle in the bill of materials once, at the component
/// reference that closes it, and returns for each item the elements it
/// contains itself or in a component at any depth (each item's set is made
/// when its walk is done, from its components' finished sets). Iterative,
/// so deep assemblies cannot overflow the stack.
fn bom_cycles(source: &FactsSource, errors: &mut Vec<FactsError>, items: &[Item], spans: &BomSpans) -> Vec<ElementSet> {
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; items.len()];
    let mut within = vec![ElementSet::EMPTY; items.len()];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..items.len() {
        if state.get(root) != Some(&NEW) {
            continue;
        }
        stack.clear();
        stack.push((root, 0));
        if let Some(s) = state.get_mut(root) {
            *s = OPEN;
        }
        while let Some((node, next)) = stack.last_mut() {
            let node = *node;
            let Some(line) = items.get(node).and_then(|it| it.components.get(*next)) else {
                if let Some(s) = state.get_mut(node) {
                    *s = DONE;
                }
                if let Some(it) = items.get(node) {
                    let mut set = it.elements;
                    for c in &it.components {
                        set = set.union(within.get(c.item.0 as usize).copied().unwrap_or_default());
                    }
                    if let Some(w) = within.get_mut(node) {
                        *w = set;
                    }
                }
                stack.pop();
                continue;
            };
            *next += 1;
            let child = line.item.0 as usize;
            match state.get(child).copied() {
                Some(NEW) => {
                    if let Some(s) = state.get_mut(child) {
                        *s = OPEN;
                    }
                    stack.push((child, 0));
                }
                Some(OPEN) => errors.push(cycle(source, items, spans, &stack, child)),
                _ => {}
            }
        }
    }
    within
}

/// The error for the cycle that `child`, open on `stack`, closes.
fn cycle(source: &FactsSource, items: &[Item], spans: &BomSpans, stack: &[(usize, usize)], child: usize) -> FactsError {
    let start = stack.iter().position(|&(n, _)| n == child).unwrap_or(0);
    let (last, next) = stack.last().copied().unwrap_or((child, 0));
    let ids = stack
        .get(start..)
        .unwrap_or_default()
        .iter()
        .map(|&(n, _)| n)
        .chain([child])
        .filter_map(|n| items.get(n).map(|it| format!("`{}`", it.id)));
    let mut names: Vec<String> = ids.collect();
    if names.len() > 12 {
        let tail = names.split_off(names.len() - 3);
        names.truncate(8);
        names.push("…".to_string());
        names.extend(tail);
    }
    let span = spans.get(last, next.saturating_sub(1)).unwrap_or_default();
    FactsError::BomCycle {
        cycle: names.join(" → "),
        last: items.get(last).map(|it| it.id.clone()).unwrap_or_default(),
        src: source.named_source(),
        span: span.source_span(),
    }
}

/// When the shares first add up to more than 1, and the sum then. A sweep
/// over the days holdings start and end; on one day, endings come before
/// starts, because ranges are half-open.
fn first_day_over(holdings: &[&(Holding, Span)]) -> Option<(Over, Decimal)> {
    let plain: Vec<&Holding> = holdings.iter().map(|(h, _)| h).collect();
    first_day_over_100(&plain)
}

/// The first day on which `holdings` (of one owned party) add up to more
/// than 100%, and the sum then.
pub(crate) fn first_day_over_100(holdings: &[&Holding]) -> Option<(Over, Decimal)> {
    let mut events: Vec<(Option<Date>, bool, Decimal)> = Vec::with_capacity(holdings.len() * 2);
    for h in holdings {
        events.push((h.window.from, true, h.share));
        if let Some(until) = h.window.until {
            events.push((Some(until), false, h.share));
        }
    }
    events.sort_by_key(|&(day, starts, _)| (day, starts));
    let mut sum = Decimal::ZERO;
    let mut i = 0;
    while let Some(&(day, _, _)) = events.get(i) {
        while let Some(&(d, starts, share)) = events.get(i) {
            if d != day {
                break;
            }
            sum = if starts {
                sum.saturating_add(share)
            } else {
                sum.saturating_sub(share)
            };
            i += 1;
        }
        if sum > Decimal::ONE {
            let next = events.get(i).and_then(|&(d, _, _)| d);
            let over = match day {
                Some(day) => Over::On(day),
                None => Over::Before(next),
            };
            return Some((over, sum));
        }
    }
    None
}

/// The first day on which a party is owned more than 100%.
#[derive(Clone, Copy)]
pub(crate) enum Over {
    /// From this day.
    On(Date),
    /// From the start (holdings without `from`), until the given day if any.
    Before(Option<Date>),
}

/// A fraction as a percentage: `0.6` is `60%`.
pub(crate) fn percent(fraction: Decimal) -> String {
    let hundred = fraction.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(fraction);
    format!("{}%", hundred.normalize())
}

/// The facts stated as unknown or as a range, with their records resolved
/// to indices (one whose record is not found is left out: the reference is
/// reported on its own).
fn resolve_unknowns(raw: Vec<RawUnknown>, party_ids: &IdIndex, item_ids: &IdIndex) -> Vec<Unknown> {
    let zero = Bounds {
        at_least: Decimal::ZERO,
        at_most: Decimal::ZERO,
    };
    raw.into_iter()
        .filter_map(|u| {
            let bounds = u.bounds.unwrap_or(zero);
            let fact = match u.target {
                RawTarget::ItemOrigin(id) => UnknownFact::ItemOrigin(ItemIdx(item_ids.get(&id)?)),
                RawTarget::MadeWithOrigin(id, k) => UnknownFact::MadeWithOrigin(ItemIdx(item_ids.get(&id)?), k),
                RawTarget::ItemValue(id) => UnknownFact::ItemValue(ItemIdx(item_ids.get(&id)?), bounds),
                RawTarget::LineValue(id, line) => UnknownFact::LineValue(ItemIdx(item_ids.get(&id)?), line, bounds),
                RawTarget::PartyCountry(id) => UnknownFact::PartyCountry(PartyIdx(party_ids.get(&id)?)),
                RawTarget::HoldingShare(h) => UnknownFact::HoldingShare(h, bounds),
                RawTarget::HoldingFrom(h) => UnknownFact::HoldingFrom(h),
                RawTarget::HoldingUntil(h) => UnknownFact::HoldingUntil(h),
                RawTarget::ListingFrom(l) => UnknownFact::ListingFrom(l),
                RawTarget::ListingUntil(l) => UnknownFact::ListingUntil(l),
            };
            Some(Unknown {
                path: u.path,
                fact,
                in_source: None,
            })
        })
        .collect()
}
