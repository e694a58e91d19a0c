//! `edict eval --needed`: the unknown facts that decisions depend on,
//! ranked by how many undetermined decisions each would settle on its own
//! — the due-diligence list, most useful first.

use crate::decision::Decisions;
use crate::report::table::columns;
use serde::Serialize;
use std::collections::BTreeMap;

/// One unknown fact and the undetermined decisions it bears on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Needed {
    /// The JSON path of the fact in the facts file (in a merged world, in
    /// the source that states it).
    pub fact: String,
    /// In a world merged from several sources: the source that states the
    /// fact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The fact in words.
    pub what: String,
    /// The shipments whose outcome knowing this fact alone would settle.
    pub settles: Vec<String>,
    /// The shipments whose outcome it bears on without settling it alone.
    pub narrows: Vec<String>,
}

/// The unknown facts of the undetermined decisions, those that settle the
/// most first, then those that bear on the most, then in path order.
pub fn needed(decisions: &Decisions) -> Vec<Needed> {
    let mut by_fact: BTreeMap<(&str, Option<&str>), Needed> = BTreeMap::new();
    for u in &decisions.undetermined {
        let Some(d) = decisions.decisions.get(u.decision) else {
            continue;
        };
        for s in &u.settled_by {
            let key = (s.fact.as_str(), s.source.as_deref());
            let entry = by_fact.entry(key).or_insert_with(|| Needed {
                fact: s.fact.clone(),
                source: s.source.clone(),
                what: s.what.clone(),
                settles: Vec::new(),
                narrows: Vec::new(),
            });
            if s.settles {
                entry.settles.push(d.shipment.clone());
            } else {
                entry.narrows.push(d.shipment.clone());
            }
        }
    }
    let mut all: Vec<Needed> = by_fact.into_values().collect();
    all.sort_by(|a, b| {
        (b.settles.len(), b.narrows.len())
            .cmp(&(a.settles.len(), a.narrows.len()))
            .then_with(|| (&a.fact, &a.source).cmp(&(&b.fact, &b.source)))
    });
    all
}

/// The list as a table, with a line on how many decisions are undetermined.
pub fn text(decisions: &Decisions) -> String {
    let list = needed(decisions);
    let n = decisions.undetermined.len();
    if n == 0 {
        return format!(
            "no decision is undetermined: every one of the {} shipments is decided whatever the unknown facts are",
            decisions.decisions.len()
        );
    }
    let header = ["UNKNOWN FACT", "SETTLES", "NARROWS", "SHIPMENTS"];
    let rows: Vec<[String; 4]> = list
        .iter()
        .map(|x| {
            let shipments: Vec<&str> = x.settles.iter().chain(&x.narrows).map(String::as_str).collect();
            let fact = match &x.source {
                Some(source) => format!("{} in {source}", x.fact),
                None => x.fact.clone(),
            };
            [
                fact,
                x.settles.len().to_string(),
                x.narrows.len().to_string(),
                format!("{} ({})", shipments.join(", "), x.what),
            ]
        })
        .collect();
    let mut out = columns(header, &rows);
    out.push(String::new());
    out.push(format!(
        "{n} of {} shipments undetermined; {} unknown fact{} to establish",
        decisions.decisions.len(),
        list.len(),
        if list.len() == 1 { "" } else { "s" }
    ));
    out.join("\n")
}

#[derive(Serialize)]
struct NeededJson<'a> {
    version: u32,
    shipments: usize,
    undetermined: usize,
    needed: &'a [Needed],
}

/// The list as JSON: `{"version", "shipments", "undetermined", "needed": […]}`.
pub fn json(decisions: &Decisions) -> String {
    let list = needed(decisions);
    let doc = NeededJson {
        version: decisions.version,
        shipments: decisions.decisions.len(),
        undetermined: decisions.undetermined.len(),
        needed: &list,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
