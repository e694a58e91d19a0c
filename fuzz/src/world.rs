//! Facts files built from structured fuzz input: a small world of parties,
//! holdings, listings, items with bills of materials and shipments, drawn
//! from the vocabulary the bundled law reads, so that most inputs load and
//! reach the rules (random bytes rarely get past the JSON parser).

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{json, Map, Value};

const COUNTRIES: &[&str] = &[
    "CN", "US", "DE", "JP", "MY", "IN", "HK", "RU", "BR", "MX", "IL", "TW", "KP", "SG",
];
const KINDS: &[&str] = &["military-end-user"];
const LISTS: &[&str] = &[
    "cn-control-list",
    "cn-unreliable-entity-list",
    "cn-watch-list",
    "us-entity-list",
    "us-meu-list",
    "us-sdn-list",
];
const REVIEWS: &[&str] = &["presumption-of-denial", "case-by-case", "licence-required"];
const CLASSES: &[&str] = &[
    "1C905.a",
    "permanent-magnet",
    "sputtering-target",
    "alloy",
    "oxide",
    "metal",
    "compound",
    "graphite",
    "superhard-material",
    "lithium-battery-item",
    "rare-earth-equipment",
    "advanced-chip-equipment",
    "motor",
];
const ELEMENTS: &[&str] = &[
    "Nd", "Dy", "Tb", "Sm", "Ho", "Er", "Tm", "Eu", "Yb", "Lu", "Sc", "Y", "Gd", "Fe", "B", "Co",
];
const TECHNOLOGIES: &[&str] = &[
    "magnet-manufacturing",
    "rare-earth-mining",
    "rare-earth-smelting-separation",
    "rare-earth-metal-smelting",
    "rare-earth-recycling",
];
const END_USES: &[&str] = &[
    "military",
    "wmd",
    "terrorism",
    "industrial-automation",
    "military-ai-research",
    "logic-chip-production",
    "memory-chip-production",
    "disaster-relief",
    "emergency-medical",
    "public-health-emergency",
];
/// Values near the edges: zero, the smallest step, round amounts, and
/// numbers near `Decimal::MAX` whose products overflow.
const VALUES: &[&str] = &[
    "0",
    "0.01",
    "0.40",
    "1",
    "12.00",
    "480.00",
    "1000",
    "99999.99",
    "79228162514264337593543950335",
    "7922816251426433759354395033.5",
    "0.0000000000000000000000000001",
];
const SHARES: &[&str] = &["0%", "0.1%", "25%", "49.99%", "50%", "50.01%", "60%", "100%"];

fn date(day: u16) -> String {
    // Days from 2023-01-01 over five years: every law change in the
    // bundled library falls in this range.
    let d = jiff::civil::date(2023, 1, 1)
        .checked_add(jiff::Span::new().days(i64::from(day % 1826)))
        .unwrap();
    d.to_string()
}

fn pick<'a>(u: &mut Unstructured<'_>, from: &[&'a str]) -> arbitrary::Result<&'a str> {
    Ok(from[u.choose_index(from.len())?])
}

fn some<'a>(u: &mut Unstructured<'_>, from: &[&'a str], max: usize) -> arbitrary::Result<Vec<&'a str>> {
    let n = u.int_in_range(0..=max)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let x = pick(u, from)?;
        if !out.contains(&x) {
            out.push(x);
        }
    }
    Ok(out)
}

/// A facts file (version 1) as JSON text.
#[derive(Debug)]
pub struct World(pub String);

impl<'a> Arbitrary<'a> for World {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let n_parties = u.int_in_range(1..=8usize)?;
        let mut parties = Map::new();
        for p in 0..n_parties {
            let mut party = json!({
                "name": format!("Party {p}"),
                "country": pick(u, COUNTRIES)?,
            });
            if u.arbitrary()? {
                party["kinds"] = json!(some(u, KINDS, 1)?);
            }
            parties.insert(format!("p{p}"), party);
        }
        let mut ownership = Vec::new();
        for _ in 0..u.int_in_range(0..=8usize)? {
            let mut h = json!({
                "owner": format!("p{}", u.choose_index(n_parties)?),
                "owned": format!("p{}", u.choose_index(n_parties)?),
                "share": pick(u, SHARES)?,
            });
            if u.arbitrary()? {
                h["from"] = json!(date(u.arbitrary()?));
            }
            if u.arbitrary()? {
                h["until"] = json!(date(u.arbitrary()?));
            }
            ownership.push(h);
        }
        let mut listings = Vec::new();
        for _ in 0..u.int_in_range(0..=4usize)? {
            let list = pick(u, LISTS)?;
            let mut l = json!({
                "party": format!("p{}", u.choose_index(n_parties)?),
                "list": list,
                "from": date(u.arbitrary()?),
            });
            if u.arbitrary()? {
                l["until"] = json!(date(u.arbitrary()?));
            }
            if list == "us-entity-list" && u.arbitrary()? {
                l["attributes"] = json!({ "review": pick(u, REVIEWS)? });
            }
            listings.push(l);
        }
        let n_items = u.int_in_range(1..=8usize)?;
        let mut items = Map::new();
        for i in 0..n_items {
            let mut item = json!({
                "description": format!("Item {i}"),
                "origin": pick(u, COUNTRIES)?,
                "value": pick(u, VALUES)?,
                "classes": some(u, CLASSES, 2)?,
                "elements": some(u, ELEMENTS, 3)?,
            });
            if u.ratio(1, 4)? {
                item["made_with"] = json!([{ "technology": pick(u, TECHNOLOGIES)?, "origin": pick(u, COUNTRIES)? }]);
            }
            // Components point only to later items, so most bills of
            // materials are acyclic; a few point anywhere, cycles included.
            let mut components = Vec::new();
            for _ in 0..u.int_in_range(0..=3usize)? {
                let target = if u.ratio(1, 16)? {
                    u.choose_index(n_items)?
                } else if i + 1 < n_items {
                    u.int_in_range(i + 1..=n_items - 1)?
                } else {
                    continue;
                };
                let mut c = json!({ "item": format!("i{target}"), "quantity": u.int_in_range(1..=1000u32)? });
                if u.ratio(1, 4)? {
                    c["value"] = json!(pick(u, VALUES)?);
                }
                components.push(c);
            }
            if !components.is_empty() {
                item["components"] = Value::Array(components);
            }
            items.insert(format!("i{i}"), item);
        }
        let mut shipments = Vec::new();
        for s in 0..u.int_in_range(1..=6usize)? {
            shipments.push(json!({
                "id": format!("S-{s}"),
                "date": date(u.arbitrary()?),
                "item": format!("i{}", u.choose_index(n_items)?),
                "quantity": u.int_in_range(1..=10_000u32)?,
                "exporter": format!("p{}", u.choose_index(n_parties)?),
                "from": pick(u, COUNTRIES)?,
                "to": pick(u, COUNTRIES)?,
                "end_user": format!("p{}", u.choose_index(n_parties)?),
                "end_uses": some(u, END_USES, 2)?,
            }));
        }
        let facts = json!({
            "version": 1,
            "currency": "USD",
            "parties": parties,
            "ownership": ownership,
            "listings": listings,
            "items": items,
            "shipments": shipments,
        });
        Ok(World(serde_json::to_string_pretty(&facts).unwrap()))
    }
}

impl World {
    /// The same world with only the shipment at `index`.
    pub fn only_shipment(&self, index: usize) -> String {
        let mut facts: Value = serde_json::from_str(&self.0).unwrap();
        let one = facts["shipments"][index].clone();
        facts["shipments"] = json!([one]);
        serde_json::to_string_pretty(&facts).unwrap()
    }

    /// How many shipments the world has.
    pub fn shipments(&self) -> usize {
        let facts: Value = serde_json::from_str(&self.0).unwrap();
        facts["shipments"].as_array().map_or(0, Vec::len)
    }
}
