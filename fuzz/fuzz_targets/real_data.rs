//! Any bytes as the real-data inputs: a folder of CSV facts tables (the
//! input cut at lines `===` into parties, items, components, ownership,
//! listings and shipments tables), and a `--lists` file (the Consolidated
//! Screening List as CSV or JSON, FollowTheMoney lines, or a mapping file)
//! added to a small world, then `edict match` on it; and the merge of
//! several `--facts` sources: the input as a facts file and as tables
//! (a seventh piece is `facts.csv`, so version 2's `unknown` cells and
//! `A..B` ranges are read), merged with a small world. Every diagnostic is
//! rendered; nothing may panic.
#![no_main]
use edict::facts::csv::{load_tables, TableFile};
use edict::facts::link::{add_lists, ListFile};
use libfuzzer_sys::fuzz_target;

const TABLES: [&str; 7] = [
    "w/parties.csv",
    "w/items.csv",
    "w/components.csv",
    "w/ownership.csv",
    "w/listings.csv",
    "w/shipments.csv",
    "w/facts.csv",
];

/// A world the input is merged with: its ids may clash with the input's.
const WORLD: &str = r#"{"version": 2, "currency": "USD",
  "parties": {"us": {"country": "US"}, "customer": {"country": "unknown"}},
  "ownership": [{"owner": "us", "owned": "customer", "share": {"at least": "10%", "at most": "60%"}}],
  "items": {"m": {"origin": "US", "value": "1.00"}},
  "shipments": [{"id": "S-1", "date": "2025-12-15", "item": "m", "exporter": "us", "from": "US", "to": "CN", "end_user": "customer"}]}"#;

/// A world whose parties link to entries by `same_as` and `ids`.
const PARTIES: &str = "id,name,country,attributes.same_as,attributes.ids\n\
    us,Cascade Sensing Inc.,US,,\n\
    customer,HUAWEI TECHNOLOGIES CO LTD,CN,c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6;c-1,36112\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The input as tables.
    let tables: Vec<TableFile> = text
        .split("\n===\n")
        .zip(TABLES)
        .map(|(t, name)| TableFile::new(name, t))
        .collect();
    if let (_, Err(errors)) = load_tables("w", tables.clone()) {
        assert!(!errors.is_empty());
        for e in &errors {
            edict_fuzz::render(e);
        }
    }
    // The input as a facts file and as tables, merged with a world.
    use edict::facts::{load_all, FactsInput, FactsSource};
    let inputs = vec![
        FactsInput::File(FactsSource::new("world.json", WORLD)),
        FactsInput::Tables {
            folder: "w".into(),
            files: tables,
        },
        FactsInput::File(FactsSource::new("input.json", text)),
    ];
    if let (_, Err(errors)) = load_all(inputs) {
        assert!(!errors.is_empty());
        for e in &errors {
            edict_fuzz::render(e);
        }
    }
    // The input as a list file.
    let world = vec![
        TableFile::new("w/parties.csv", PARTIES),
        TableFile::new("w/items.csv", "id,origin,value\nm,US,1.00\n"),
        TableFile::new(
            "w/shipments.csv",
            "id,date,item,exporter,from,to,end_user\nS-1,2025-12-15,m,us,US,CN,customer\n",
        ),
    ];
    let (source, facts) = load_tables("w", world);
    let mut facts = facts.expect("the world loads");
    let name = if data.first().is_some_and(|b| b % 2 == 0) { "list.csv" } else { "list.json" };
    let files = vec![ListFile {
        name: name.into(),
        text: text.into(),
    }];
    let (Ok(notes) | Err(notes)) = add_lists(&mut facts, &source, files);
    for n in &notes {
        edict_fuzz::render(n);
    }
    let mut errors = Vec::new();
    let entities = edict::facts::matching::entities(
        vec![ListFile {
            name: name.into(),
            text: text.into(),
        }],
        &mut errors,
    );
    for e in &errors {
        edict_fuzz::render(e);
    }
    edict::facts::matching::propose(&facts, &entities);
});
