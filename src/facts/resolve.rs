//! Turning decoded records into [`Facts`]: ids become indices, and the
//! checks that need the whole file run (references, shipment ids, values of
//! shipped items, bill-of-materials cycles, ownership shares).

use std::collections::BTreeMap;

use jiff::civil::Date;
use miette::LabeledSpan;
use rust_decimal::Decimal;

use super::decode::{Raw, RawComponent, RawHolding, RawItem, RawListing, RawShipment, Ref};
use super::errors::{did_you_mean, FactsError};
use super::json::{escape, Span};
use super::model::{Component, Facts, Holding, Item, ItemIdx, Listing, Party, PartyIdx, Shipment};
use super::source::FactsSource;
use crate::geo::Country;

/// How many unknown references get a "did you mean" (each one scans every
/// id, so a file with thousands of broken references stays fast).
const SUGGESTIONS: usize = 64;

/// Resolves `raw` into facts, reporting every error into `errors`. The facts
/// are only meaningful when no error was reported.
pub(crate) fn resolve(raw: Raw<'_>, source: &FactsSource, errors: &mut Vec<FactsError>) -> Facts {
    let Raw {
        currency,
        parties,
        party_ids,
        holdings,
        listings,
        items,
        item_ids,
        shipments,
        ..
    } = raw;
    let mut r = Resolver {
        source,
        errors,
        party_ids: &party_ids,
        item_ids: &item_ids,
        suggestions: SUGGESTIONS,
    };
    let holdings = r.holdings(&holdings);
    let listings = r.listings(listings);
    let (items, meta) = r.items(items);
    r.bom_cycles(&items, &meta);
    r.unique_ids(&shipments);
    let shipments = r.shipments(shipments, &items, &meta);
    let owners_of = index_by(parties.len(), holdings.iter().map(|(h, _)| h.owned.0));
    r.over_owned(&parties, &holdings, &owners_of);
    let listings_of = index_by(parties.len(), listings.iter().map(|l| l.party.0));
    Facts {
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
    }
}

/// What the checks need to know of an item beyond the [`Item`].
struct ItemMeta {
    /// The span of the item's key in `items`.
    key: Span,
    /// Whether the file gave a `value` key (even an invalid one).
    value_given: bool,
    /// Whether the item was an object at all.
    decoded: bool,
    /// The span of each resolved component's `item` reference.
    component_spans: Vec<Span>,
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

struct Resolver<'r, 'e> {
    source: &'r FactsSource,
    errors: &'e mut Vec<FactsError>,
    party_ids: &'r BTreeMap<String, u32>,
    item_ids: &'r BTreeMap<String, u32>,
    suggestions: usize,
}

impl Resolver<'_, '_> {
    fn suggest(&mut self, id: &str, ids: &BTreeMap<String, u32>) -> Option<String> {
        if self.suggestions == 0 {
            return None;
        }
        self.suggestions -= 1;
        did_you_mean(id, ids.keys().map(String::as_str))
    }

    /// The party `r` names; `None` (reported) if there is none. `path`
    /// renders the JSON path of the reference.
    fn party(&mut self, r: &Option<Ref<'_>>, path: impl FnOnce() -> String) -> Option<PartyIdx> {
        let r = r.as_ref()?;
        if let Some(&i) = self.party_ids.get(r.id.as_ref()) {
            return Some(PartyIdx(i));
        }
        let help = self.suggest(&r.id, self.party_ids);
        let error = FactsError::UnknownParty {
            path: path(),
            id: r.id.to_string(),
            help,
            src: self.source.named_source(),
            span: r.span.source_span(),
        };
        self.errors.push(error);
        None
    }

    /// The item `r` names; `None` (reported) if there is none.
    fn item(&mut self, r: &Option<Ref<'_>>, path: impl FnOnce() -> String) -> Option<ItemIdx> {
        let r = r.as_ref()?;
        if let Some(&i) = self.item_ids.get(r.id.as_ref()) {
            return Some(ItemIdx(i));
        }
        let help = self.suggest(&r.id, self.item_ids);
        let error = FactsError::UnknownItem {
            path: path(),
            id: r.id.to_string(),
            help,
            src: self.source.named_source(),
            span: r.span.source_span(),
        };
        self.errors.push(error);
        None
    }

    /// The holdings, each with the span of its share.
    fn holdings(&mut self, raw: &[RawHolding<'_>]) -> Vec<(Holding, Span)> {
        let mut holdings = Vec::with_capacity(raw.len());
        for (i, h) in raw.iter().enumerate() {
            let owner = self.party(&h.owner, || format!("ownership[{i}].owner"));
            let owned = self.party(&h.owned, || format!("ownership[{i}].owned"));
            if let (Some(owner), Some(owned), Some(span)) = (owner, owned, &h.owned) {
                if owner == owned {
                    let error = FactsError::SelfOwnership {
                        path: format!("ownership[{i}]"),
                        party: span.id.to_string(),
                        src: self.source.named_source(),
                        span: span.span.source_span(),
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

    fn listings(&mut self, raw: Vec<RawListing<'_>>) -> Vec<Listing> {
        let mut listings = Vec::with_capacity(raw.len());
        for (i, l) in raw.into_iter().enumerate() {
            let party = self.party(&l.party, || format!("listings[{i}].party"));
            listings.push(Listing {
                party: party.unwrap_or(PartyIdx(0)),
                list: l.list,
                window: l.window,
                attributes: l.attributes,
            });
        }
        listings
    }

    fn items(&mut self, raw: Vec<RawItem<'_>>) -> (Vec<Item>, Vec<ItemMeta>) {
        let mut items = Vec::with_capacity(raw.len());
        let mut meta = Vec::with_capacity(raw.len());
        for r in raw {
            let mut item = r.item;
            let (components, component_spans) = self.components(&item.id, &r.components);
            item.components = components;
            items.push(item);
            meta.push(ItemMeta {
                key: r.key,
                value_given: r.value_given,
                decoded: r.decoded,
                component_spans,
            });
        }
        (items, meta)
    }

    /// Resolves a bill of materials. Lines whose item is unknown are left
    /// out (and reported).
    fn components(&mut self, id: &str, lines: &[RawComponent<'_>]) -> (Vec<Component>, Vec<Span>) {
        let mut components = Vec::with_capacity(lines.len());
        let mut spans = Vec::with_capacity(lines.len());
        for (i, line) in lines.iter().enumerate() {
            let path = || format!("items[\"{}\"].components[{i}].item", escape(id));
            if let (Some(item), Some(r)) = (self.item(&line.item, path), &line.item) {
                spans.push(r.span);
                components.push(Component {
                    item,
                    quantity: line.quantity,
                    value: line.value,
                });
            }
        }
        (components, spans)
    }

    /// Reports each cycle in the bill of materials once, at the component
    /// reference that closes it. Iterative, so deep assemblies cannot
    /// overflow the stack.
    fn bom_cycles(&mut self, items: &[Item], meta: &[ItemMeta]) {
        const NEW: u8 = 0;
        const OPEN: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![NEW; items.len()];
        for root in 0..items.len() {
            if state.get(root) != Some(&NEW) {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            if let Some(s) = state.get_mut(root) {
                *s = OPEN;
            }
            while let Some((node, next)) = stack.last_mut() {
                let node = *node;
                let Some(line) = items.get(node).and_then(|it| it.components.get(*next)) else {
                    if let Some(s) = state.get_mut(node) {
                        *s = DONE;
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
                    Some(OPEN) => self.cycle(items, meta, &stack, child),
                    _ => {}
                }
            }
        }
    }

    fn cycle(&mut self, items: &[Item], meta: &[ItemMeta], stack: &[(usize, usize)], child: usize) {
        let Some(start) = stack.iter().position(|&(n, _)| n == child) else {
            return;
        };
        let Some(&(last, next)) = stack.last() else {
            return;
        };
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
        let span = meta
            .get(last)
            .and_then(|m| m.component_spans.get(next.saturating_sub(1)))
            .copied()
            .unwrap_or_default();
        let error = FactsError::BomCycle {
            cycle: names.join(" → "),
            last: items.get(last).map(|it| it.id.clone()).unwrap_or_default(),
            src: self.source.named_source(),
            span: span.source_span(),
        };
        self.errors.push(error);
    }

    /// Reports shipment ids used more than once.
    fn unique_ids(&mut self, shipments: &[RawShipment<'_>]) {
        let mut seen: BTreeMap<&str, (usize, Span)> = BTreeMap::new();
        for (i, s) in shipments.iter().enumerate() {
            if let Some((id, span)) = &s.id {
                self.unique_id(&mut seen, i, id, *span);
            }
        }
    }

    fn shipments(
        &mut self,
        raw: Vec<RawShipment<'_>>,
        items: &[Item],
        meta: &[ItemMeta],
    ) -> Vec<Shipment> {
        let mut unvalued_reported = vec![false; items.len()];
        let mut shipments = Vec::with_capacity(raw.len());
        for (i, s) in raw.into_iter().enumerate() {
            let item = self.item(&s.item, || format!("shipments[{i}].item"));
            if let (Some(item), Some(r)) = (item, &s.item) {
                self.has_value(items, meta, item, i, r, &mut unvalued_reported);
            }
            let exporter = self.party(&s.exporter, || format!("shipments[{i}].exporter"));
            let end_user = self.party(&s.end_user, || format!("shipments[{i}].end_user"));
            shipments.push(shipment(s, item, exporter, end_user));
        }
        shipments
    }

    fn unique_id<'s>(
        &mut self,
        seen: &mut BTreeMap<&'s str, (usize, Span)>,
        i: usize,
        id: &'s str,
        span: Span,
    ) {
        if id.is_empty() {
            return;
        }
        let Some(&(first, first_span)) = seen.get(id) else {
            seen.insert(id, (i, span));
            return;
        };
        let error = FactsError::DuplicateShipmentId {
            path: format!("shipments[{i}].id"),
            id: id.to_string(),
            first_path: format!("shipments[{first}].id"),
            src: self.source.named_source(),
            span: span.source_span(),
            first: first_span.source_span(),
        };
        self.errors.push(error);
    }

    /// Reports a shipped item without a `value`, once per item.
    fn has_value(
        &mut self,
        items: &[Item],
        meta: &[ItemMeta],
        item: ItemIdx,
        i: usize,
        r: &Ref<'_>,
        reported: &mut [bool],
    ) {
        let (Some(it), Some(m)) = (items.get(item.0 as usize), meta.get(item.0 as usize)) else {
            return;
        };
        let Some(done) = reported.get_mut(item.0 as usize) else {
            return;
        };
        if m.value_given || !m.decoded || *done {
            return;
        }
        *done = true;
        let error = FactsError::MissingValue {
            id: it.id.clone(),
            path: format!("shipments[{i}].item"),
            src: self.source.named_source(),
            span: m.key.source_span(),
            shipped: r.span.source_span(),
        };
        self.errors.push(error);
    }

    /// Reports each party whose owners' shares add up to more than 100% on
    /// some day, at the first such day.
    fn over_owned(
        &mut self,
        parties: &[Party],
        holdings: &[(Holding, Span)],
        owners_of: &[Vec<u32>],
    ) {
        for (party, owners) in parties.iter().zip(owners_of) {
            let mine: Vec<&(Holding, Span)> = owners
                .iter()
                .filter_map(|&h| holdings.get(h as usize))
                .collect();
            let total: Decimal = mine.iter().map(|(h, _)| h.share).sum();
            if total <= Decimal::ONE {
                continue;
            }
            if let Some((over, sum)) = first_day_over(&mine) {
                self.report_over_owned(party, parties, &mine, over, sum);
            }
        }
    }

    fn report_over_owned(
        &mut self,
        party: &Party,
        parties: &[Party],
        mine: &[&(Holding, Span)],
        over: Over,
        sum: Decimal,
    ) {
        let active = mine.iter().filter(|(h, _)| match over {
            Over::On(d) => h.window.contains(d),
            Over::Before(_) => h.window.from.is_none(),
        });
        let shares = active
            .take(10)
            .map(|(h, span)| {
                let owner = parties
                    .get(h.owner.0 as usize)
                    .map_or("", |p| p.id.as_str());
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

/// When the shares first add up to more than 1, and the sum then. A sweep
/// over the days holdings start and end; on one day, endings come before
/// starts, because ranges are half-open.
fn first_day_over(holdings: &[&(Holding, Span)]) -> Option<(Over, Decimal)> {
    let mut events: Vec<(Option<Date>, bool, Decimal)> = Vec::with_capacity(holdings.len() * 2);
    for (h, _) in holdings {
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
            sum = if starts { sum + share } else { sum - share };
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
enum Over {
    /// From this day.
    On(Date),
    /// From the start (holdings without `from`), until the given day if any.
    Before(Option<Date>),
}

/// A fraction as a percentage: `0.6` is `60%`.
fn percent(fraction: Decimal) -> String {
    let hundred = fraction
        .checked_mul(Decimal::ONE_HUNDRED)
        .unwrap_or(fraction);
    format!("{}%", hundred.normalize())
}

fn shipment(
    s: RawShipment<'_>,
    item: Option<ItemIdx>,
    exporter: Option<PartyIdx>,
    end_user: Option<PartyIdx>,
) -> Shipment {
    Shipment {
        id: s
            .id
            .as_ref()
            .map(|(id, _)| id.to_string())
            .unwrap_or_default(),
        date: s.date.unwrap_or(Date::MIN),
        item: item.unwrap_or(ItemIdx(0)),
        quantity: s.quantity,
        exporter: exporter.unwrap_or(PartyIdx(0)),
        from: s.from.unwrap_or(Country::UNKNOWN),
        to: s.to.unwrap_or(Country::UNKNOWN),
        end_user: end_user.unwrap_or(PartyIdx(0)),
        end_uses: s.end_uses,
        attributes: s.attributes,
    }
}
