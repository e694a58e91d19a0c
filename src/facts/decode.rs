//! Decoding the facts text straight into typed records, collecting every
//! error on the way. References between records stay positions of ids in
//! the text here ([`Ref`]); `resolve` reads them and turns them into indices.

use std::borrow::Cow;
use std::fmt;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::errors::{closest, FactsError};
use super::index::IdIndex;
use super::json::{escape, Kind, PResult, Parser, Shorten, Span, SyntaxError, Value};
use super::model::{AttributeValue, Attributes, DateRange, Item, ItemIdx, MadeWith, Party, PartyIdx, Shipment};
use super::scalars::{self, Problem};
use super::source::FactsSource;
use crate::elements::{self, ElementSet};
use crate::geo::{self, Country};

mod v2;
pub(crate) use v2::{RawTarget, RawUnknown};

/// Where a value sits, for messages: `items["motor"].components[0].item`.
/// Rendered only when an error needs it.
#[derive(Clone, Copy)]
pub(crate) enum Path<'p> {
    Root,
    Field(&'p Path<'p>, &'static str),
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    /// How a message names the object at this path.
    fn place(&self) -> String {
        match self {
            Path::Root => "the top-level object".to_string(),
            path => format!("`{path}`"),
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Field(Path::Root, name) => f.write_str(name),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Key(parent, key) => write!(f, "{parent}[\"{}\"]", escape(key)),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// The keys an object may have, each with what the decoder makes of it, and
/// which of them it must have. The decoder matches on `K`, so every key of
/// a shape must be handled.
struct Shape<K: 'static> {
    what: &'static str,
    keys: &'static [(&'static str, K)],
    /// Which keys must be given: bit `i` for `keys[i]`.
    required: u32,
}

impl<K> Shape<K> {
    /// The shape of `what`, with these keys, of which `required` must be
    /// given (worked out at compile time: every object read checks it).
    const fn new(what: &'static str, keys: &'static [(&'static str, K)], required: &[&str]) -> Self {
        let mut mask: u32 = 0;
        let mut i = 0;
        while i < keys.len() && i < 32 {
            let mut r = 0;
            while r < required.len() {
                if same_key(keys[i].0, required[r]) {
                    mask |= 1 << i;
                }
                r += 1;
            }
            i += 1;
        }
        // Evaluated at compile time: a required key that is not among the
        // keys fails the build.
        assert!(
            mask.count_ones() as usize == required.len(),
            "a required key is not a key of the shape"
        );
        Shape {
            what,
            keys,
            required: mask,
        }
    }

    /// The key names, in the order the contract lists them.
    fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.keys.iter().map(|(name, _)| *name)
    }
}

#[derive(Clone, Copy)]
enum TopKey {
    Version,
    Currency,
    Parties,
    Ownership,
    Listings,
    Items,
    Shipments,
}

const TOP: Shape<TopKey> = Shape::new(
    "the facts file",
    &[
        ("version", TopKey::Version),
        ("currency", TopKey::Currency),
        ("parties", TopKey::Parties),
        ("ownership", TopKey::Ownership),
        ("listings", TopKey::Listings),
        ("items", TopKey::Items),
        ("shipments", TopKey::Shipments),
    ],
    &["version", "shipments"],
);

#[derive(Clone, Copy)]
enum PartyKey {
    Name,
    Country,
    Kinds,
    Attributes,
}

const PARTY: Shape<PartyKey> = Shape::new(
    "a party",
    &[
        ("name", PartyKey::Name),
        ("country", PartyKey::Country),
        ("kinds", PartyKey::Kinds),
        ("attributes", PartyKey::Attributes),
    ],
    &["country"],
);

#[derive(Clone, Copy)]
enum HoldingKey {
    Owner,
    Owned,
    Share,
    From,
    Until,
}

const HOLDING: Shape<HoldingKey> = Shape::new(
    "a holding",
    &[
        ("owner", HoldingKey::Owner),
        ("owned", HoldingKey::Owned),
        ("share", HoldingKey::Share),
        ("from", HoldingKey::From),
        ("until", HoldingKey::Until),
    ],
    &["owner", "owned", "share"],
);

#[derive(Clone, Copy)]
enum ListingKey {
    Party,
    List,
    From,
    Until,
    Attributes,
}

const LISTING: Shape<ListingKey> = Shape::new(
    "a listing",
    &[
        ("party", ListingKey::Party),
        ("list", ListingKey::List),
        ("from", ListingKey::From),
        ("until", ListingKey::Until),
        ("attributes", ListingKey::Attributes),
    ],
    &["party", "list"],
);

#[derive(Clone, Copy)]
enum ItemKey {
    Description,
    Origin,
    Value,
    Classes,
    Elements,
    MadeWith,
    Components,
    Attributes,
}

const ITEM: Shape<ItemKey> = Shape::new(
    "an item",
    &[
        ("description", ItemKey::Description),
        ("origin", ItemKey::Origin),
        ("value", ItemKey::Value),
        ("classes", ItemKey::Classes),
        ("elements", ItemKey::Elements),
        ("made_with", ItemKey::MadeWith),
        ("components", ItemKey::Components),
        ("attributes", ItemKey::Attributes),
    ],
    &["origin"],
);

#[derive(Clone, Copy)]
enum MadeWithKey {
    Technology,
    Origin,
}

const MADE_WITH: Shape<MadeWithKey> = Shape::new(
    "a `made_with` entry",
    &[("technology", MadeWithKey::Technology), ("origin", MadeWithKey::Origin)],
    &["technology", "origin"],
);

#[derive(Clone, Copy)]
enum ComponentKey {
    Item,
    Quantity,
    Value,
}

const COMPONENT: Shape<ComponentKey> = Shape::new(
    "a component",
    &[
        ("item", ComponentKey::Item),
        ("quantity", ComponentKey::Quantity),
        ("value", ComponentKey::Value),
    ],
    &["item"],
);

#[derive(Clone, Copy)]
enum ShipmentKey {
    Id,
    Date,
    Item,
    Quantity,
    Exporter,
    From,
    To,
    EndUser,
    EndUses,
    Attributes,
}

const SHIPMENT: Shape<ShipmentKey> = Shape::new(
    "a shipment",
    &[
        ("id", ShipmentKey::Id),
        ("date", ShipmentKey::Date),
        ("item", ShipmentKey::Item),
        ("quantity", ShipmentKey::Quantity),
        ("exporter", ShipmentKey::Exporter),
        ("from", ShipmentKey::From),
        ("to", ShipmentKey::To),
        ("end_user", ShipmentKey::EndUser),
        ("end_uses", ShipmentKey::EndUses),
        ("attributes", ShipmentKey::Attributes),
    ],
    &["id", "date", "item", "exporter", "from", "to", "end_user"],
);

/// What a string value is meant to hold, for the help of a type error.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    Text,
    Id,
    Date,
    Country,
    Money,
    Share,
}

/// A reference to a party or item by id: where its string starts in the
/// text (the opening quote), and the id's length when it is written without
/// escapes. The id is read again from the text when it is resolved, so a
/// bill-of-materials line costs sixteen bytes for its reference, not a
/// string; a plainly written id (nearly all of them) is then a slice of the
/// text, not parsed a second time.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ref {
    start: std::num::NonZeroUsize,
    /// The id's length plus one when it has no escapes; 0 when it must be
    /// parsed again.
    plain_len: u32,
}

impl Ref {
    /// The reference whose string spans `span`, with the length of its id
    /// when the string has no escapes. A string that starts the text is a
    /// whole document, never a reference: that gives `None`.
    fn at(span: Span, plain_len: Option<usize>) -> Option<Ref> {
        let plain_len = plain_len.and_then(|len| u32::try_from(len + 1).ok()).unwrap_or(0);
        std::num::NonZeroUsize::new(span.start).map(|start| Ref { start, plain_len })
    }

    /// The id and the span of its string in `text`.
    pub fn read(self, text: &str) -> (Cow<'_, str>, Span) {
        let start = self.start.get();
        if let Some(len) = (self.plain_len as usize).checked_sub(1) {
            if let Some(id) = text.get(start + 1..start + 1 + len) {
                return (Cow::Borrowed(id), Span::new(start, start + len + 2));
            }
        }
        Parser::at(text, start)
            .string()
            .unwrap_or((Cow::Borrowed(""), Span::new(start, start)))
    }
}

/// A holding before its parties are resolved.
#[derive(Default)]
pub(crate) struct RawHolding {
    pub owner: Option<Ref>,
    pub owned: Option<Ref>,
    pub share: Option<(Decimal, Span)>,
    pub window: DateRange,
}

/// A listing before its party is resolved.
#[derive(Default)]
pub(crate) struct RawListing {
    pub party: Option<Ref>,
    pub list: String,
    pub window: DateRange,
    pub attributes: Attributes,
}

/// A bill-of-materials line before its item is resolved.
pub(crate) struct RawComponent {
    pub item: Option<Ref>,
    pub quantity: Decimal,
    pub value: Option<Decimal>,
}

/// What the checks need to know of an item beyond the [`Item`].
pub(crate) struct ItemMeta {
    /// The span of the item's key in `items`.
    pub key: Span,
    /// Whether the file gave a `value` other than `null` (even an invalid one).
    pub value_given: bool,
    /// Whether the item was an object at all.
    pub decoded: bool,
    /// The item's bill of materials, as a range of [`Raw::components`].
    pub lines: std::ops::Range<usize>,
}

/// The references of a shipment, before they are resolved.
#[derive(Default)]
pub(crate) struct ShipmentRefs {
    /// The span of the shipment's `id`, if it has one.
    pub id: Option<Span>,
    pub item: Option<Ref>,
    pub exporter: Option<Ref>,
    pub end_user: Option<Ref>,
}

/// Everything read from the file, in file order.
#[derive(Default)]
pub(crate) struct Raw {
    /// The contract version the file declares (1 unless it says 2).
    pub version: u32,
    /// The facts stated as unknown or as a range (version 2).
    pub unknowns: Vec<RawUnknown>,
    pub currency: Option<String>,
    pub parties: Vec<Party>,
    pub party_keys: Vec<Span>,
    pub party_ids: IdIndex,
    pub holdings: Vec<RawHolding>,
    pub listings: Vec<RawListing>,
    /// The items, with no components yet.
    pub items: Vec<Item>,
    pub item_meta: Vec<ItemMeta>,
    pub item_ids: IdIndex,
    /// Every bill-of-materials line, item after item.
    pub components: Vec<RawComponent>,
    /// The shipments, with placeholder indices until they are resolved.
    pub shipments: Vec<Shipment>,
    pub shipment_refs: Vec<ShipmentRefs>,
}

/// Reads the whole file. A syntax error stops it; every other error is
/// collected and the reading goes on.
pub(crate) fn decode(source: &FactsSource, errors: &mut Vec<FactsError>) -> Result<Raw, Box<SyntaxError>> {
    let mut decoder = Decoder {
        p: Parser::new(source.text()),
        source,
        errors,
        raw: Raw::default(),
        tag_room: Vec::new(),
        version: v2::declared_version(source.text()),
    };
    decoder.raw.version = decoder.version;
    decoder.document()?;
    Ok(decoder.raw)
}

/// Reads the shipments of a stream: one shipment object on each line of
/// `source` that is not blank (JSON lines). The shipment on the text's
/// 0-based line `n` is `shipments[first + n]` in messages, `first` being
/// the line of the whole stream the text starts at, so that a path names
/// the stream's line (`shipments[9]` is line 10). A syntax error spoils its
/// line only: every line is read, and each error is returned with its line.
pub(crate) fn decode_shipment_lines(
    source: &FactsSource,
    first: usize,
    errors: &mut Vec<FactsError>,
) -> (Vec<(Shipment, ShipmentRefs, usize)>, Vec<SyntaxError>) {
    let text = source.text();
    let mut decoder = Decoder {
        p: Parser::new(text),
        source,
        errors,
        raw: Raw::default(),
        tag_room: Vec::new(),
        // Shipments have no version-2 forms.
        version: 1,
    };
    let mut shipments = Vec::new();
    let mut syntax = Vec::new();
    let mut start = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let end = start + line.len();
        if !line.trim_ascii().is_empty() {
            // The parser sees this line only, so that an object left open
            // cannot swallow the lines after it.
            let content_end = start + line.trim_ascii_end().len();
            decoder.p = Parser::at(text.get(..content_end).unwrap_or(text), start);
            let shipments_path = Path::Field(&Path::Root, "shipments");
            let path = Path::Index(&shipments_path, first + n);
            let read = decoder.shipment(&path).and_then(|(shipment, refs)| {
                if decoder.p.next_pos() < content_end {
                    decoder
                        .p
                        .fail("expected one shipment per line (JSON lines), found more after it")
                } else {
                    Ok((shipment, refs))
                }
            });
            match read {
                Ok((shipment, refs)) => shipments.push((shipment, refs, first + n)),
                Err(mut e) => {
                    if e.span.start >= content_end {
                        e.message = "a shipment of a stream must be on one line (JSON lines): \
                                     this line ends before its object does"
                            .to_string();
                    }
                    syntax.push(*e);
                }
            }
        }
        start = end;
    }
    (shipments, syntax)
}

struct Decoder<'a, 'e> {
    p: Parser<'a>,
    source: &'a FactsSource,
    errors: &'e mut Vec<FactsError>,
    raw: Raw,
    /// Room for the tags of one list while it is read: the list itself is
    /// then made at its exact size, in one allocation.
    tag_room: Vec<String>,
    /// The version the file declares: version-2 forms are read only in a
    /// version-2 file (in a version-1 file they are the errors they always were).
    version: u32,
}

impl<'a> Decoder<'a, '_> {
    fn report(&mut self, error: FactsError) {
        self.errors.push(error);
    }

    // ---- the top level -------------------------------------------------

    fn document(&mut self) -> PResult<()> {
        if self.p.peek()? != Kind::Object {
            let value = self.p.value()?;
            self.p.finish()?;
            let mut span = value.span;
            if matches!(value.value, Value::Array) {
                span.end = span.start + 1;
            }
            let error = FactsError::NotAnObject {
                found: value.value.describe(),
                src: self.source.named_source(),
                span: span.source_span(),
            };
            self.report(error);
            return Ok(());
        }
        self.object(&Path::Root, &TOP, None, |d, field, _| match field {
            TopKey::Version => d.version(),
            TopKey::Currency => d.currency(),
            TopKey::Parties => d.parties(),
            TopKey::Ownership => d.holdings(),
            TopKey::Listings => d.listings(),
            TopKey::Items => d.items(),
            TopKey::Shipments => d.shipments(),
        })?;
        self.p.finish()
    }

    fn version(&mut self) -> PResult<()> {
        let value = self.p.value()?;
        if !matches!(value.value, Value::Num("1" | "2")) {
            let error = FactsError::UnsupportedVersion {
                found: value.value.describe(),
                src: self.source.named_source(),
                span: value.span.source_span(),
            };
            self.report(error);
        }
        Ok(())
    }

    fn currency(&mut self) -> PResult<()> {
        let path = Path::Field(&Path::Root, "currency");
        if self.p.null()? {
            return Ok(());
        }
        let Some((text, span)) = self.string(&path, Expect::Text)? else {
            return Ok(());
        };
        if text.len() == 3 && text.bytes().all(|b| b.is_ascii_uppercase()) {
            self.raw.currency = Some(text.into_owned());
            return Ok(());
        }
        let upper = text.to_ascii_uppercase();
        let help = if upper.len() == 3 && upper.bytes().all(|b| b.is_ascii_uppercase()) {
            format!("currency codes are upper case: `{upper}`")
        } else {
            "write a three-letter ISO 4217 code such as \"USD\", \"EUR\" or \"CNY\"".to_string()
        };
        let error = FactsError::InvalidCurrency {
            text: Shorten(&text).to_string(),
            help: Some(help),
            src: self.source.named_source(),
            span: span.source_span(),
        };
        self.report(error);
        Ok(())
    }

    // ---- sections ------------------------------------------------------

    fn parties(&mut self) -> PResult<()> {
        let path = Path::Field(&Path::Root, "parties");
        self.map(&path, |d, id, key| {
            let mut party = d.party(&Path::Key(&path, &id), &id, key)?;
            if d.non_empty_id(&path, &id, key) {
                party.id = id.into_owned();
                d.raw.parties.push(party);
                d.raw.party_keys.push(key);
            }
            Ok(())
        })?;
        self.index_ids(&path, Section::Parties);
        Ok(())
    }

    fn holdings(&mut self) -> PResult<()> {
        let path = Path::Field(&Path::Root, "ownership");
        self.array(&path, |d, i| {
            let holding = d.holding(&Path::Index(&path, i))?;
            d.raw.holdings.push(holding);
            Ok(())
        })
    }

    fn listings(&mut self) -> PResult<()> {
        let path = Path::Field(&Path::Root, "listings");
        self.array(&path, |d, i| {
            let listing = d.listing(&Path::Index(&path, i))?;
            d.raw.listings.push(listing);
            Ok(())
        })
    }

    fn items(&mut self) -> PResult<()> {
        let path = Path::Field(&Path::Root, "items");
        self.map(&path, |d, id, key| {
            let (mut item, meta) = d.item(&Path::Key(&path, &id), &id, key)?;
            if d.non_empty_id(&path, &id, key) {
                item.id = id.into_owned();
                d.raw.items.push(item);
                d.raw.item_meta.push(meta);
            }
            Ok(())
        })?;
        self.index_ids(&path, Section::Items);
        Ok(())
    }

    fn shipments(&mut self) -> PResult<()> {
        let path = Path::Field(&Path::Root, "shipments");
        self.array(&path, |d, i| {
            let (shipment, refs) = d.shipment(&Path::Index(&path, i))?;
            d.raw.shipments.push(shipment);
            d.raw.shipment_refs.push(refs);
            Ok(())
        })
    }

    /// Checks that a key of `parties` or `items` is not empty.
    fn non_empty_id(&mut self, path: &Path<'_>, id: &str, key: Span) -> bool {
        if !id.is_empty() {
            return true;
        }
        let error = FactsError::EmptyId {
            path: Path::Key(path, id).to_string(),
            src: self.source.named_source(),
            span: key.source_span(),
        };
        self.report(error);
        false
    }

    /// Indexes the ids of the section just read, in file order: an id seen
    /// before is reported, and its record dropped (the first one stands).
    /// Done after the section rather than record by record so that the
    /// index is made at its final size (no table is filled twice).
    fn index_ids(&mut self, path: &Path<'_>, section: Section) {
        let raw = &mut self.raw;
        let ids: Vec<&str> = match section {
            Section::Parties => raw.parties.iter().map(|p| p.id.as_str()).collect(),
            Section::Items => raw.items.iter().map(|it| it.id.as_str()).collect(),
        };
        let key_at = |i: u32| match section {
            Section::Parties => raw.party_keys.get(i as usize).copied(),
            Section::Items => raw.item_meta.get(i as usize).map(|m| m.key),
        };
        let mut index = IdIndex::with_capacity(ids.len());
        // The positions in the section of the records kept.
        let mut kept: Vec<u32> = Vec::with_capacity(ids.len());
        let mut repeated = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let position = u32::try_from(i).unwrap_or(u32::MAX);
            let Err(first) = index.insert(id, u32::try_from(kept.len()).unwrap_or(u32::MAX)) else {
                kept.push(position);
                continue;
            };
            let first = kept.get(first as usize).and_then(|&f| key_at(f));
            if let (Some(first), Some(span)) = (first, key_at(position)) {
                repeated.push(FactsError::DuplicateKey {
                    key: id.to_string(),
                    place: path.place(),
                    src: self.source.named_source(),
                    span: span.source_span(),
                    first: first.source_span(),
                });
            }
        }
        drop(ids);
        if !repeated.is_empty() {
            let keep = |i: usize| kept.binary_search(&u32::try_from(i).unwrap_or(u32::MAX)).is_ok();
            match section {
                Section::Parties => {
                    retain_at(&mut raw.parties, keep);
                    retain_at(&mut raw.party_keys, keep);
                }
                Section::Items => {
                    retain_at(&mut raw.items, keep);
                    retain_at(&mut raw.item_meta, keep);
                }
            }
        }
        match section {
            Section::Parties => raw.party_ids = index,
            Section::Items => raw.item_ids = index,
        }
        self.errors.extend(repeated);
    }

    // ---- records -------------------------------------------------------

    fn party(&mut self, path: &Path<'_>, id: &str, key: Span) -> PResult<Party> {
        let mut name = None;
        let mut country = None;
        let mut kinds = Vec::new();
        let mut attributes = Attributes::new();
        self.object(path, &PARTY, Some(key), |d, field, key_name| {
            let at = Path::Field(path, key_name);
            match field {
                PartyKey::Name => name = d.opt_text(&at)?,
                PartyKey::Country if d.unknown(&at, || RawTarget::PartyCountry(id.to_string()))? => {}
                PartyKey::Country => country = d.country(&at)?,
                PartyKey::Kinds => kinds = d.tags(&at)?,
                PartyKey::Attributes => attributes = d.attributes(&at)?,
            }
            Ok(())
        })?;
        Ok(Party {
            id: String::new(),
            name: name.unwrap_or_else(|| id.to_string()),
            country: country.unwrap_or(Country::UNKNOWN),
            kinds,
            attributes,
        })
    }

    fn holding(&mut self, path: &Path<'_>) -> PResult<RawHolding> {
        let mut h = RawHolding::default();
        let i = u32::try_from(self.raw.holdings.len()).unwrap_or(u32::MAX);
        let (mut from, mut until) = (None, None);
        self.object(path, &HOLDING, None, |d, field, key_name| {
            let at = Path::Field(path, key_name);
            match field {
                HoldingKey::Owner => h.owner = d.reference(&at)?,
                HoldingKey::Owned => h.owned = d.reference(&at)?,
                HoldingKey::Share if d.is_v2_form()? => h.share = d.uncertain_share(&at, i)?,
                HoldingKey::Share => h.share = d.share(&at)?,
                HoldingKey::From if d.unknown(&at, || RawTarget::HoldingFrom(i))? => {}
                HoldingKey::From => from = d.opt_date(&at)?,
                HoldingKey::Until if d.unknown(&at, || RawTarget::HoldingUntil(i))? => {}
                HoldingKey::Until => until = d.opt_date(&at)?,
            }
            Ok(())
        })?;
        h.window = self.window(path, from, until);
        Ok(h)
    }

    fn listing(&mut self, path: &Path<'_>) -> PResult<RawListing> {
        let mut l = RawListing::default();
        let i = u32::try_from(self.raw.listings.len()).unwrap_or(u32::MAX);
        let (mut from, mut until) = (None, None);
        self.object(path, &LISTING, None, |d, field, key_name| {
            let at = Path::Field(path, key_name);
            match field {
                ListingKey::Party => l.party = d.reference(&at)?,
                ListingKey::List => l.list = d.text(&at)?.unwrap_or_default(),
                ListingKey::From if d.unknown(&at, || RawTarget::ListingFrom(i))? => {}
                ListingKey::From => from = d.opt_date(&at)?,
                ListingKey::Until if d.unknown(&at, || RawTarget::ListingUntil(i))? => {}
                ListingKey::Until => until = d.opt_date(&at)?,
                ListingKey::Attributes => l.attributes = d.attributes(&at)?,
            }
            Ok(())
        })?;
        l.window = self.window(path, from, until);
        Ok(l)
    }

    fn item(&mut self, path: &Path<'_>, id: &str, key: Span) -> PResult<(Item, ItemMeta)> {
        let mut item = Item {
            id: String::new(),
            description: String::new(),
            origin: Country::UNKNOWN,
            value: None,
            classes: Vec::new(),
            elements: ElementSet::EMPTY,
            made_with: Vec::new(),
            components: Vec::new(),
            attributes: Attributes::new(),
        };
        let mut description = None;
        let mut lines = 0..0;
        let mut value_given = false;
        let decoded = self.object(path, &ITEM, Some(key), |d, field, key_name| {
            let at = Path::Field(path, key_name);
            match field {
                ItemKey::Description => description = d.opt_text(&at)?,
                ItemKey::Origin if d.unknown(&at, || RawTarget::ItemOrigin(id.to_string()))? => {}
                ItemKey::Origin => item.origin = d.country(&at)?.unwrap_or(Country::UNKNOWN),
                ItemKey::Value if d.is_v2_form()? => {
                    value_given = true;
                    item.value = d.value_range(&at, || RawTarget::ItemValue(id.to_string()))?;
                }
                ItemKey::Value => {
                    // `null` is no value; an invalid value is reported by itself.
                    value_given = !d.p.null()?;
                    if value_given {
                        item.value = d.opt_money(&at)?;
                    }
                }
                ItemKey::Classes => item.classes = d.tags(&at)?,
                ItemKey::Elements => item.elements = d.elements(&at)?,
                ItemKey::MadeWith => item.made_with = d.made_with(&at, id)?,
                ItemKey::Components => lines = d.components(&at, id)?,
                ItemKey::Attributes => item.attributes = d.attributes(&at)?,
            }
            Ok(())
        })?;
        item.description = description.unwrap_or_else(|| id.to_string());
        let meta = ItemMeta {
            key,
            value_given,
            decoded,
            lines,
        };
        Ok((item, meta))
    }

    fn made_with(&mut self, path: &Path<'_>, id: &str) -> PResult<Vec<MadeWith>> {
        if self.p.null()? {
            return Ok(Vec::new());
        }
        // Room for one entry, the usual count: a list grown from empty and
        // then shrunk to its size is allocated twice and copied once.
        let mut list = Vec::with_capacity(1);
        self.array(path, |d, i| {
            let entry = Path::Index(path, i);
            let mut technology = String::new();
            let mut origin = Country::UNKNOWN;
            d.object(&entry, &MADE_WITH, None, |d, field, key_name| {
                let at = Path::Field(&entry, key_name);
                match field {
                    MadeWithKey::Technology => technology = d.text(&at)?.unwrap_or_default(),
                    // Version 2: the country is not known (the placeholder stays).
                    MadeWithKey::Origin
                        if d.unknown(&at, || {
                            RawTarget::MadeWithOrigin(id.to_string(), crate::facts::unknown::index(i))
                        })? => {}
                    MadeWithKey::Origin => origin = d.country(&at)?.unwrap_or(Country::UNKNOWN),
                }
                Ok(())
            })?;
            list.push(MadeWith { technology, origin });
            Ok(())
        })?;
        list.shrink_to_fit();
        Ok(list)
    }

    /// Reads a bill of materials into [`Raw::components`] and returns the
    /// range it takes there.
    fn components(&mut self, path: &Path<'_>, id: &str) -> PResult<std::ops::Range<usize>> {
        let start = self.raw.components.len();
        if self.p.null()? {
            return Ok(start..start);
        }
        self.array(path, |d, i| {
            let entry = Path::Index(path, i);
            let mut line = RawComponent {
                item: None,
                quantity: Decimal::ONE,
                value: None,
            };
            d.object(&entry, &COMPONENT, None, |d, field, key_name| {
                let at = Path::Field(&entry, key_name);
                match field {
                    ComponentKey::Item => line.item = d.reference(&at)?,
                    ComponentKey::Quantity => line.quantity = d.quantity(&at)?,
                    ComponentKey::Value if d.is_v2_form()? => {
                        let line_at = u32::try_from(i).unwrap_or(u32::MAX);
                        line.value = d.value_range(&at, || RawTarget::LineValue(id.to_string(), line_at))?;
                    }
                    ComponentKey::Value => line.value = d.opt_money(&at)?,
                }
                Ok(())
            })?;
            d.raw.components.push(line);
            Ok(())
        })?;
        Ok(start..self.raw.components.len())
    }

    fn shipment(&mut self, path: &Path<'_>) -> PResult<(Shipment, ShipmentRefs)> {
        let mut s = Shipment {
            id: String::new(),
            date: Date::MIN,
            item: ItemIdx(0),
            quantity: Decimal::ONE,
            exporter: PartyIdx(0),
            from: Country::UNKNOWN,
            to: Country::UNKNOWN,
            end_user: PartyIdx(0),
            end_uses: Vec::new(),
            attributes: Attributes::new(),
        };
        let mut refs = ShipmentRefs::default();
        self.object(path, &SHIPMENT, None, |d, field, key_name| {
            let at = Path::Field(path, key_name);
            let country = |c: Option<Country>| c.unwrap_or(Country::UNKNOWN);
            match field {
                ShipmentKey::Id => {
                    if let Some((id, span)) = d.id(&at)? {
                        s.id = id.into_owned();
                        refs.id = Some(span);
                    }
                }
                ShipmentKey::Date => s.date = d.date(&at)?.map_or(Date::MIN, |(date, _)| date),
                ShipmentKey::Item => refs.item = d.reference(&at)?,
                ShipmentKey::Quantity => s.quantity = d.quantity(&at)?,
                ShipmentKey::Exporter => refs.exporter = d.reference(&at)?,
                ShipmentKey::From => s.from = country(d.country(&at)?),
                ShipmentKey::To => s.to = country(d.country(&at)?),
                ShipmentKey::EndUser => refs.end_user = d.reference(&at)?,
                ShipmentKey::EndUses => s.end_uses = d.tags(&at)?,
                ShipmentKey::Attributes => s.attributes = d.attributes(&at)?,
            }
            Ok(())
        })?;
        Ok((s, refs))
    }

    /// The range `[from, until)`; an empty range is reported.
    fn window(&mut self, path: &Path<'_>, from: Option<(Date, Span)>, until: Option<(Date, Span)>) -> DateRange {
        if let (Some((f, from_span)), Some((u, until_span))) = (from, until) {
            if u <= f {
                let error = FactsError::EmptyDateRange {
                    path: path.to_string(),
                    from: f.to_string(),
                    src: self.source.named_source(),
                    span: until_span.source_span(),
                    from_span: from_span.source_span(),
                };
                self.report(error);
            }
        }
        DateRange {
            from: from.map(|(d, _)| d),
            until: until.map(|(d, _)| d),
        }
    }

    // ---- containers ----------------------------------------------------

    /// Checks that the next value has kind `kind`; if not, reports it, skips
    /// it and returns `false`.
    fn expect_kind(&mut self, path: &Path<'_>, kind: Kind) -> PResult<bool> {
        if self.p.peek()? == kind {
            return Ok(true);
        }
        let value = self.p.value()?;
        let (expected, help) = match (kind, &value.value) {
            (Kind::Array, Value::Str(s)) => (
                "an array",
                Some(format!("write a list, even of one: `[{:?}]`", Shorten(s))),
            ),
            (Kind::Array, _) => ("an array", None),
            _ => ("an object", None),
        };
        self.wrong_type(path, expected, &value.value, value.span, help);
        Ok(false)
    }

    /// Reads an object of the given shape, calling `field` with each known
    /// key (once, positioned at its value). Unknown, repeated and missing
    /// keys are reported; a missing key is pointed at `anchor` (the object's
    /// key in its parent) or else at the opening brace. Returns whether the
    /// value was an object.
    fn object<K: Copy>(
        &mut self,
        path: &Path<'_>,
        shape: &Shape<K>,
        anchor: Option<Span>,
        mut field: impl FnMut(&mut Self, K, &'static str) -> PResult<()>,
    ) -> PResult<bool> {
        if !self.expect_kind(path, Kind::Object)? {
            return Ok(false);
        }
        let open = self.p.begin_object()?;
        let mut seen = 0u32;
        let mut misspelt: Vec<&'static str> = Vec::new();
        let mut first = true;
        // Where the next key is looked for first: files mostly list keys in
        // the contract's order, so the key after the last one usually matches
        // at the first try.
        let mut next = 0;
        while self.p.next_entry(&mut first)? {
            let known = self.known_key(shape, next)?;
            let (i, key_span) = match known {
                Some(found) => found,
                None => {
                    let (key, key_span) = self.p.key()?;
                    let Some(i) = shape.names().position(|k| same_key(k, &key)) else {
                        misspelt.extend(self.unknown_key(path, shape, &key, key_span));
                        self.p.skip_value()?;
                        continue;
                    };
                    (i, key_span)
                }
            };
            let Some(&(name, key)) = shape.keys.get(i) else {
                continue;
            };
            next = i + 1;
            let bit = 1u32 << (i % 32);
            if seen & bit != 0 {
                let first_span = first_key(self.source.text(), open.start, name).unwrap_or(key_span);
                self.duplicate_key(path, name, key_span, first_span);
                self.p.skip_value()?;
                continue;
            }
            seen |= bit;
            field(self, key, name)?;
        }
        let missing = shape.required & !seen;
        if missing != 0 {
            for (i, key) in shape.names().enumerate() {
                if missing & (1u32 << (i % 32)) != 0 && !misspelt.contains(&key) {
                    self.missing_key(path, key, anchor.unwrap_or(open));
                }
            }
        }
        Ok(true)
    }

    /// The key at the cursor, if it is one of `shape`'s written plainly: its
    /// position in the shape and its span. Tried from key `next` on.
    fn known_key<K>(&mut self, shape: &Shape<K>, next: usize) -> PResult<Option<(usize, Span)>> {
        let count = shape.keys.len();
        for i in (next..count).chain(0..next) {
            if let Some(&(name, _)) = shape.keys.get(i) {
                if let Some(span) = self.p.known_key(name)? {
                    return Ok(Some((i, span)));
                }
            }
        }
        Ok(None)
    }

    /// Reads an array, calling `element` with each index (positioned at the
    /// element).
    fn array(&mut self, path: &Path<'_>, mut element: impl FnMut(&mut Self, usize) -> PResult<()>) -> PResult<()> {
        if !self.expect_kind(path, Kind::Array)? {
            return Ok(());
        }
        self.p.begin_array()?;
        let mut first = true;
        let mut i = 0;
        while self.p.next_element(&mut first)? {
            element(self, i)?;
            i += 1;
        }
        Ok(())
    }

    /// Reads an object used as a map, calling `entry` with each key and its
    /// span (positioned at the value).
    fn map(
        &mut self,
        path: &Path<'_>,
        mut entry: impl FnMut(&mut Self, Cow<'a, str>, Span) -> PResult<()>,
    ) -> PResult<()> {
        if !self.expect_kind(path, Kind::Object)? {
            return Ok(());
        }
        self.p.begin_object()?;
        let mut first = true;
        while let Some((key, span)) = self.p.next_key(&mut first)? {
            entry(self, key, span)?;
        }
        Ok(())
    }

    // ---- scalars -------------------------------------------------------

    /// Reads a string; anything else is reported (`None`).
    fn string(&mut self, path: &Path<'_>, expect: Expect) -> PResult<Option<(Cow<'a, str>, Span)>> {
        if let Some((text, span)) = self.p.plain_string_value() {
            return Ok(Some((Cow::Borrowed(text), span)));
        }
        if self.p.peek()? == Kind::String {
            return self.p.string().map(Some);
        }
        let value = self.p.value()?;
        match value.value {
            Value::Str(s) => Ok(Some((s, value.span))),
            other => {
                let help = type_help(expect, &other);
                self.wrong_type(path, "a string", &other, value.span, help);
                Ok(None)
            }
        }
    }

    fn text(&mut self, path: &Path<'_>) -> PResult<Option<String>> {
        Ok(self.string(path, Expect::Text)?.map(|(s, _)| s.into_owned()))
    }

    fn opt_text(&mut self, path: &Path<'_>) -> PResult<Option<String>> {
        if self.p.null()? {
            return Ok(None);
        }
        self.text(path)
    }

    /// Reads an id: a non-empty string.
    fn id(&mut self, path: &Path<'_>) -> PResult<Option<(Cow<'a, str>, Span)>> {
        let id = self.string(path, Expect::Id)?;
        if let Some((text, span)) = &id {
            if text.is_empty() {
                let error = FactsError::EmptyId {
                    path: path.to_string(),
                    src: self.source.named_source(),
                    span: span.source_span(),
                };
                self.report(error);
            }
        }
        Ok(id)
    }

    fn reference(&mut self, path: &Path<'_>) -> PResult<Option<Ref>> {
        let read = self.string(path, Expect::Id)?;
        Ok(read.and_then(|(id, span)| Ref::at(span, matches!(id, Cow::Borrowed(_)).then_some(id.len()))))
    }

    fn tags(&mut self, path: &Path<'_>) -> PResult<Vec<String>> {
        if self.p.null()? {
            return Ok(Vec::new());
        }
        let mut read = std::mem::take(&mut self.tag_room);
        read.clear();
        let result = self.array(path, |d, i| {
            if let Some(tag) = d.text(&Path::Index(path, i))? {
                read.push(tag);
            }
            Ok(())
        });
        let mut tags = Vec::with_capacity(read.len());
        tags.append(&mut read);
        self.tag_room = read;
        result.map(|()| tags)
    }

    fn elements(&mut self, path: &Path<'_>) -> PResult<ElementSet> {
        let mut symbols = ElementSet::EMPTY;
        if self.p.null()? {
            return Ok(symbols);
        }
        self.array(path, |d, i| {
            let at = Path::Index(path, i);
            let Some((text, span)) = d.string(&at, Expect::Text)? else {
                return Ok(());
            };
            if symbols.insert(&text) {
                return Ok(());
            }
            let help = match elements::suggest_symbol(&text) {
                Some(symbol) => format!(
                    "did you mean `{symbol}` ({})?",
                    elements::element_name(symbol).unwrap_or_default()
                ),
                None => "write element symbols with one capital letter, such as `Nd`, `Dy` or `B`".to_string(),
            };
            let error = FactsError::UnknownElement {
                path: at.to_string(),
                text: Shorten(&text).to_string(),
                help: Some(help),
                src: d.source.named_source(),
                span: span.source_span(),
            };
            d.report(error);
            Ok(())
        })?;
        Ok(symbols)
    }

    fn country(&mut self, path: &Path<'_>) -> PResult<Option<Country>> {
        let Some((text, span)) = self.string(path, Expect::Country)? else {
            return Ok(None);
        };
        if let Some(country) = geo::country(&text) {
            return Ok(Some(country));
        }
        let help = match geo::suggest_country(&text) {
            Some(c) if c.as_str() == text.to_ascii_uppercase() => {
                format!("country codes are upper case: `{c}`")
            }
            Some(c) => format!("did you mean `{c}` ({})?", geo::country_name(c)),
            None => "write an ISO 3166-1 alpha-2 code such as `CN`, `DE` or `US`".to_string(),
        };
        let error = FactsError::UnknownCountry {
            path: path.to_string(),
            text: Shorten(&text).to_string(),
            help: Some(help),
            src: self.source.named_source(),
            span: span.source_span(),
        };
        self.report(error);
        Ok(None)
    }

    fn date(&mut self, path: &Path<'_>) -> PResult<Option<(Date, Span)>> {
        let Some((text, span)) = self.string(path, Expect::Date)? else {
            return Ok(None);
        };
        match scalars::date(&text) {
            Ok(date) => Ok(Some((date, span))),
            Err(Problem { reason, help }) => {
                let error = FactsError::InvalidDate {
                    path: path.to_string(),
                    text: Shorten(&text).to_string(),
                    reason: reason.to_string(),
                    help,
                    src: self.source.named_source(),
                    span: span.source_span(),
                };
                self.report(error);
                Ok(None)
            }
        }
    }

    fn opt_date(&mut self, path: &Path<'_>) -> PResult<Option<(Date, Span)>> {
        if self.p.null()? {
            return Ok(None);
        }
        self.date(path)
    }

    fn opt_money(&mut self, path: &Path<'_>) -> PResult<Option<Decimal>> {
        if self.p.null()? {
            return Ok(None);
        }
        let Some((text, span)) = self.string(path, Expect::Money)? else {
            return Ok(None);
        };
        match scalars::money(&text) {
            Ok(amount) => Ok(Some(amount)),
            Err(Problem { reason, help }) => {
                let error = FactsError::InvalidMoney {
                    path: path.to_string(),
                    text: Shorten(&text).to_string(),
                    reason,
                    help,
                    src: self.source.named_source(),
                    span: span.source_span(),
                };
                self.report(error);
                Ok(None)
            }
        }
    }

    fn share(&mut self, path: &Path<'_>) -> PResult<Option<(Decimal, Span)>> {
        let Some((text, span)) = self.string(path, Expect::Share)? else {
            return Ok(None);
        };
        match scalars::share(&text) {
            Ok(share) => Ok(Some((share, span))),
            Err(Problem { reason, help }) => {
                let error = FactsError::InvalidShare {
                    path: path.to_string(),
                    text: Shorten(&text).to_string(),
                    reason,
                    help,
                    src: self.source.named_source(),
                    span: span.source_span(),
                };
                self.report(error);
                Ok(None)
            }
        }
    }

    /// Reads a quantity (1 when `null`); an invalid one is reported and
    /// read as 1.
    fn quantity(&mut self, path: &Path<'_>) -> PResult<Decimal> {
        let value = self.p.value()?;
        let (text, read) = match &value.value {
            Value::Null => return Ok(Decimal::ONE),
            Value::Num(n) => (*n, scalars::quantity_number(n)),
            Value::Str(s) => (s.as_ref(), scalars::quantity_text(s)),
            other => {
                let help = Some(scalars_quantity_help());
                self.wrong_type(path, "a number or a decimal string", other, value.span, help);
                return Ok(Decimal::ONE);
            }
        };
        match read {
            Ok(quantity) => Ok(quantity),
            Err(Problem { reason, help }) => {
                let error = FactsError::InvalidQuantity {
                    path: path.to_string(),
                    text: Shorten(text).to_string(),
                    reason,
                    help,
                    src: self.source.named_source(),
                    span: value.span.source_span(),
                };
                self.report(error);
                Ok(Decimal::ONE)
            }
        }
    }

    fn attributes(&mut self, path: &Path<'_>) -> PResult<Attributes> {
        if self.p.null()? {
            return Ok(Attributes::new());
        }
        // Room for one attribute, the usual count (see `made_with`).
        let mut attributes = Attributes::with_capacity(1);
        let open = self.p.next_pos();
        self.map(path, |d, name, key| {
            let value = d.attribute(&Path::Key(path, &name))?;
            if attributes.contains_key(name.as_ref()) {
                let first = first_key(d.source.text(), open, &name).unwrap_or(key);
                d.duplicate_key(path, &name, key, first);
            } else if let Some(value) = value {
                attributes.insert(name.into_owned(), value);
            }
            Ok(())
        })?;
        attributes.shrink_to_fit();
        Ok(attributes)
    }

    fn attribute(&mut self, path: &Path<'_>) -> PResult<Option<AttributeValue>> {
        let value = self.p.value()?;
        let read = match value.value {
            Value::Str(s) => match scalars::looks_like_date(&s).then(|| scalars::date(&s)) {
                Some(Ok(date)) => AttributeValue::Date(date),
                _ => AttributeValue::Text(s.into_owned()),
            },
            Value::Num(n) => match scalars::exact_number(n) {
                Some(number) => AttributeValue::Number(number),
                None => {
                    let error = FactsError::NumberOutOfRange {
                        path: path.to_string(),
                        text: Shorten(n).to_string(),
                        src: self.source.named_source(),
                        span: value.span.source_span(),
                    };
                    self.report(error);
                    return Ok(None);
                }
            },
            Value::Bool(b) => AttributeValue::Bool(b),
            other => {
                let help = Some(match other {
                    Value::Null => "leave the attribute out rather than writing `null`",
                    _ => "attributes are flat: each name maps to one string, number, boolean or date",
                });
                let expected = "a string, number, boolean or date";
                self.wrong_type(path, expected, &other, value.span, help.map(str::to_string));
                return Ok(None);
            }
        };
        Ok(Some(read))
    }

    // ---- reports -------------------------------------------------------

    fn wrong_type(
        &mut self,
        path: &Path<'_>,
        expected: &'static str,
        found: &Value<'_>,
        span: Span,
        help: Option<String>,
    ) {
        let error = FactsError::WrongType {
            path: path.to_string(),
            expected,
            found: found.describe(),
            help,
            src: self.source.named_source(),
            span: span.source_span(),
        };
        self.report(error);
    }

    /// Reports an unknown key; returns the known key it is likely a typo of.
    fn unknown_key<K>(&mut self, path: &Path<'_>, shape: &Shape<K>, key: &str, span: Span) -> Option<&'static str> {
        let likely = closest(key, shape.names());
        let help = match likely {
            Some(k) => format!("did you mean `{k}`?"),
            None => {
                let keys: Vec<String> = shape.names().map(|k| format!("`{k}`")).collect();
                format!("the keys of {} are {}", shape.what, keys.join(", "))
            }
        };
        let error = FactsError::UnknownKey {
            key: Shorten(key).to_string(),
            place: path.place(),
            what: shape.what,
            help: Some(help),
            src: self.source.named_source(),
            span: span.source_span(),
        };
        self.report(error);
        likely
    }

    fn duplicate_key(&mut self, path: &Path<'_>, key: &str, span: Span, first: Span) {
        let error = FactsError::DuplicateKey {
            key: Shorten(key).to_string(),
            place: path.place(),
            src: self.source.named_source(),
            span: span.source_span(),
            first: first.source_span(),
        };
        self.report(error);
    }

    fn missing_key(&mut self, path: &Path<'_>, key: &'static str, span: Span) {
        let help = match key {
            "version" => Some("add `\"version\": 1`".to_string()),
            "shipments" => Some("add the shipments to decide, e.g. `\"shipments\": []`".to_string()),
            _ => None,
        };
        let place = match path {
            Path::Root => "the facts file".to_string(),
            path => format!("`{path}`"),
        };
        let error = FactsError::MissingKey {
            place,
            key,
            help,
            src: self.source.named_source(),
            span: span.source_span(),
        };
        self.report(error);
    }
}

/// `a == b` for short keys, without a call to `memcmp`. A `const fn`, so
/// that [`Shape::new`] finds the required keys with it at compile time.
const fn same_key(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The span of the first key `name` of the object that opens at `open`.
fn first_key(text: &str, open: usize, name: &str) -> Option<Span> {
    let mut p = Parser::at(text, open);
    p.begin_object().ok()?;
    let mut first = true;
    while let Some((key, span)) = p.next_key(&mut first).ok()? {
        if key == name {
            return Some(span);
        }
        p.skip_value().ok()?;
    }
    None
}

/// Keeps the elements of `v` whose positions `keep` accepts.
fn retain_at<T>(v: &mut Vec<T>, keep: impl Fn(usize) -> bool) {
    let mut i = 0;
    v.retain(|_| {
        i += 1;
        keep(i - 1)
    });
}

/// Which id section a key belongs to.
#[derive(Clone, Copy)]
enum Section {
    Parties,
    Items,
}

fn scalars_quantity_help() -> String {
    "write a whole number of at least 1, or a decimal string greater than 0 such as \"2.5\"".to_string()
}

/// The help for a string-typed value written as something else.
fn type_help(expect: Expect, found: &Value<'_>) -> Option<String> {
    match (expect, found) {
        (Expect::Money, Value::Num(n)) => Some(format!("write money as a string: `\"{n}\"`")),
        (Expect::Money, _) => Some("write money as a decimal string such as \"480.00\"".to_string()),
        (Expect::Share, _) => Some("use a percentage string like \"50%\" or a fraction like \"0.5\"".to_string()),
        (Expect::Date, _) => Some("write dates as strings: \"2025-12-15\"".to_string()),
        (Expect::Country, _) => {
            Some("write a country as its ISO 3166-1 alpha-2 code in a string, such as \"DE\"".to_string())
        }
        (Expect::Id, Value::Num(n)) => Some(format!("ids are strings: `\"{n}\"`")),
        _ => None,
    }
}
