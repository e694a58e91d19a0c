//! The JSON Schemas of `docs/schema/` against what edict actually reads and
//! writes: every example and valid fixture facts file matches the facts
//! schema, every invalid fixture that a schema can tell apart is rejected by
//! it, and the decisions `edict eval --format json` writes for each example
//! match the decisions schema.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::root;

/// Invalid fixtures (`tests/cases/facts/err/<name>`) whose fault no JSON
/// Schema can express, with the reason. Every other invalid fixture must be
/// rejected by the facts schema; each one named here must be accepted by it
/// (so that the list says only what is true).
const BEYOND_A_SCHEMA: &[(&str, &str)] = &[
    ("invalid-json", "not JSON at all"),
    ("trailing-garbage", "not one JSON document"),
    ("unterminated-string", "not JSON at all"),
    ("duplicate-field-key", "JSON readers keep one of two equal keys"),
    ("duplicate-item-key", "JSON readers keep one of two equal keys"),
    ("duplicate-party-key", "JSON readers keep one of two equal keys"),
    ("duplicate-shipment-id", "uniqueness of a field across array elements"),
    ("unknown-party", "a reference to another part of the file"),
    ("unknown-item", "a reference to another part of the file"),
    ("missing-value", "whether an item is shipped depends on the shipments"),
    ("bom-cycle", "a property of the graph of references"),
    ("self-ownership", "a comparison of two fields"),
    ("until-before-from", "a comparison of two fields"),
    ("share-over-100", "a sum over several holdings"),
    ("share-over-100-unbounded", "a sum over several holdings"),
    ("attribute-number-out-of-range", "the range of an exact decimal"),
];

/// A JSON file's value. A byte-order mark, which edict skips, is not part
/// of the value a schema checks.
fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A compiled schema, validating with format assertions on (so that
/// `"format": "date"` rejects `2025-02-30`, as edict does).
struct Schema {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Schema {
    fn load(name: &str) -> Schema {
        let path = root().join("docs/schema").join(name);
        let mut compiler = boon::Compiler::new();
        compiler.enable_format_assertions();
        let url = format!("file:///edict/docs/schema/{name}");
        compiler.add_resource(&url, read_json(&path)).unwrap();
        let mut schemas = boon::Schemas::new();
        let index = compiler
            .compile(&url, &mut schemas)
            .unwrap_or_else(|e| panic!("{name} does not compile: {e}"));
        Schema { schemas, index }
    }

    /// The schema of the facts contract version `value` declares
    /// (`facts.schema.json` for version 1, `facts-v2.schema.json` for 2).
    fn facts_for(value: &Value) -> Schema {
        match value["version"].as_u64() {
            Some(2) => Schema::load("facts-v2.schema.json"),
            _ => Schema::load("facts.schema.json"),
        }
    }

    /// The validation error, in words, or `None` when `value` matches.
    fn check(&self, value: &Value) -> Option<String> {
        self.schemas.validate(value, self.index).err().map(|e| format!("{e:#}"))
    }
}

/// The `facts.json` files under `dir`, one level of case folders deep, sorted.
fn facts_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path().join("facts.json"))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Every facts file meant to be valid: the examples and the fixtures of
/// every case family except `facts/err`.
fn valid_facts_files() -> Vec<PathBuf> {
    let mut files = facts_files(&root().join("examples"));
    for family in ["facts/ok", "diff"] {
        files.extend(facts_files(&root().join("tests/cases").join(family)));
    }
    // Library cases not yet moved into policies/tests (see scripts/library-cases-to-tests.py).
    let legacy = root().join("tests/cases/library");
    if legacy.is_dir() {
        files.extend(facts_files(&legacy));
    }
    // The bundled library's tests' own facts.
    let mut own: Vec<PathBuf> = std::fs::read_dir(root().join("policies/tests/facts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    own.sort();
    assert!(own.len() >= 8, "the library's tests' facts: {own:?}");
    files.extend(own);
    files
}

#[test]
fn every_example_and_valid_fixture_matches_the_facts_schema() {
    let files = valid_facts_files();
    let mut versions = std::collections::BTreeSet::new();
    assert!(files.len() >= 15, "too few facts files found: {files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        // Meant to be valid: edict itself accepts it.
        let loaded = edict::facts::load(&edict::facts::FactsSource::new(&path.display().to_string(), &text));
        assert!(loaded.is_ok(), "{} is not a valid facts file", path.display());
        let value = read_json(&path);
        versions.insert(value["version"].as_u64());
        if let Some(e) = Schema::facts_for(&value).check(&value) {
            panic!("{} does not match the schema of its version:\n{e}", path.display());
        }
    }
    assert_eq!(versions.len(), 2, "valid files of both versions: {versions:?}");
    // A version-1 file never matches the version-2 schema, nor the reverse:
    // each schema names its version.
    let v1 = read_json(&root().join("tests/cases/facts/ok/spec-example/facts.json"));
    assert!(Schema::load("facts-v2.schema.json").check(&v1).is_some());
    let v2 = read_json(&root().join("tests/cases/facts/ok/version-2-unknowns/facts.json"));
    assert!(Schema::load("facts.schema.json").check(&v2).is_some());
}

/// The version-2 schema is the version-1 schema with the forms version 2
/// adds, and nothing else changed: the definitions version 2 does not
/// touch are the same.
/// The link attributes (`same_as`, `ids`) are described, not constrained:
/// a version-1 file with any attribute value is as valid as it was.
#[test]
fn link_attributes_are_described_and_constrain_nothing() {
    let defs = schema_defs();
    let party = &defs["party_attributes"];
    for key in ["same_as", "ids"] {
        let described = party["properties"][key]["description"].as_str().unwrap_or("");
        assert!(described.contains("separated by `;`"), "{key}: {described}");
    }
    let schema = Schema::load("facts.schema.json");
    let base = read_json(&root().join("examples/match/facts.json"));
    assert_eq!(schema.check(&base), None);
    let mut edited = base.clone();
    edited["parties"]["mikron"]["attributes"] = serde_json::json!({ "same_as": true, "ids": 34567 });
    assert_eq!(schema.check(&edited), None);
    edited["parties"]["mikron"]["attributes"] = serde_json::json!({ "same_as": ["a", "b"] });
    assert!(schema.check(&edited).is_some(), "attributes stay flat");
}

#[test]
fn facts_schema_version_2_extends_version_1() {
    let v1 = read_json(&root().join("docs/schema/facts.schema.json"));
    let v2 = read_json(&root().join("docs/schema/facts-v2.schema.json"));
    for def in [
        "date",
        "country",
        "money",
        "share",
        "quantity",
        "id",
        "tags",
        "attributes",
        "party_attributes",
        "shipment",
    ] {
        assert_eq!(v1["$defs"][def], v2["$defs"][def], "$defs.{def}");
    }
    for (record, changed) in [
        ("party", &["country"][..]),
        ("holding", &["share", "from", "until"][..]),
        ("listing", &["from", "until"][..]),
        ("item", &["origin", "value"][..]),
        ("component", &["value"][..]),
        ("made_with", &["origin"][..]),
    ] {
        let (a, b) = (&v1["$defs"][record], &v2["$defs"][record]);
        assert_eq!(a["required"], b["required"], "{record}");
        for (key, schema) in a["properties"].as_object().unwrap() {
            if !changed.contains(&key.as_str()) {
                assert_eq!(schema, &b["properties"][key], "{record}.{key}");
            }
        }
        assert_eq!(
            a["properties"].as_object().unwrap().len(),
            b["properties"].as_object().unwrap().len(),
            "{record}"
        );
    }
}

#[test]
fn invalid_fixtures_are_rejected_by_the_facts_schema_where_a_schema_can_tell() {
    let dir = root().join("tests/cases/facts/err");
    let files = facts_files(&dir);
    assert!(files.len() >= 30, "too few invalid fixtures found");
    let mut named = 0;
    for path in files {
        let case = path
            .parent()
            .and_then(Path::file_name)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let beyond = BEYOND_A_SCHEMA.iter().find(|(name, _)| *name == case);
        let text = std::fs::read_to_string(&path).unwrap();
        let value: Option<Value> = serde_json::from_str(text.trim_start_matches('\u{feff}')).ok();
        match (beyond, value) {
            (Some(_), None) => named += 1,
            (Some((_, why)), Some(value)) => {
                named += 1;
                if let Some(e) = Schema::facts_for(&value).check(&value) {
                    panic!(
                        "{case} is listed in BEYOND_A_SCHEMA ({why}) but the schema rejects it; \
                         remove it from the list:\n{e}"
                    );
                }
            }
            (None, None) => panic!("{case} is not JSON: list it in BEYOND_A_SCHEMA"),
            (None, Some(value)) => assert!(
                Schema::facts_for(&value).check(&value).is_some(),
                "the facts schema accepts tests/cases/facts/err/{case}, which edict rejects; \
                 make the schema reject it, or, if no schema can, list it in BEYOND_A_SCHEMA with the reason"
            ),
        }
    }
    assert_eq!(
        named,
        BEYOND_A_SCHEMA.len(),
        "BEYOND_A_SCHEMA names a fixture that does not exist"
    );
}

#[test]
fn facts_schema_knows_the_countries_and_elements_edict_knows() {
    let schema = read_json(&root().join("docs/schema/facts.schema.json"));
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let countries = strings(&schema["$defs"]["country"]["enum"]);
    let known: Vec<String> = edict::geo::all_codes().map(str::to_string).collect();
    assert_eq!(countries, known, "docs/schema/facts.schema.json: $defs.country.enum");
    let elements = strings(&schema["$defs"]["item"]["properties"]["elements"]["anyOf"][1]["items"]["enum"]);
    let known: Vec<String> = edict::elements::all_symbols().map(str::to_string).collect();
    assert_eq!(elements, known, "docs/schema/facts.schema.json: elements enum");
}

/// Small edits of a valid file, each of which edict rejects: the schema must
/// reject each too (the shapes the fixtures do not cover).
#[test]
fn facts_schema_rejects_what_edict_rejects_in_single_values() {
    let schema = Schema::load("facts.schema.json");
    let base = read_json(&root().join("tests/cases/facts/ok/spec-example/facts.json"));
    assert_eq!(schema.check(&base), None);
    let edits: &[(&str, Value)] = &[
        ("/shipments/0/quantity", Value::from(0)),
        ("/shipments/0/quantity", Value::from("0.000")),
        ("/shipments/0/quantity", Value::from("-2")),
        ("/shipments/0/quantity", Value::from(1.5)),
        ("/shipments/0/date", Value::from("2025-13-01")),
        ("/shipments/0/date", Value::from("2025-02-29")),
        ("/shipments/0/to", Value::from("XX")),
        ("/shipments/0/id", Value::from("")),
        ("/shipments/0/end_uses", Value::from("military")),
        ("/shipments/0/attributes", serde_json::json!({ "node": { "nm": 14 } })),
        ("/shipments/0/attributes", serde_json::json!({ "node_nm": null })),
        ("/version", Value::from(2)),
    ];
    for (pointer, value) in edits {
        let mut edited = base.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let object = edited.pointer_mut(parent).and_then(Value::as_object_mut);
        object
            .unwrap_or_else(|| panic!("{parent} not in the fixture"))
            .insert(key.to_string(), value.clone());
        assert!(
            schema.check(&edited).is_some(),
            "the schema accepts {pointer} = {value}"
        );
    }
    let shares = [
        ("50%", true),
        ("100%", true),
        ("100.00%", true),
        ("0.5", true),
        ("1", true),
        ("1.000", true),
        ("33.34%", true),
        ("0%", false),
        ("0.0", false),
        ("100.5%", false),
        ("1.5", false),
        ("150%", false),
        ("50", false),
        ("-5%", false),
        ("5e-1", false),
    ];
    let share = &schema_defs()["share"];
    let compiled = Schema::from_value(share.clone());
    for (text, ok) in shares {
        assert_eq!(compiled.check(&Value::from(text)).is_none(), ok, "share {text:?}");
    }
}

fn schema_defs() -> Value {
    read_json(&root().join("docs/schema/facts.schema.json"))["$defs"].clone()
}

impl Schema {
    /// A schema given as a value (one definition that refers to no other).
    fn from_value(mut value: Value) -> Schema {
        value["$schema"] = Value::from("https://json-schema.org/draft/2020-12/schema");
        let mut compiler = boon::Compiler::new();
        compiler.enable_format_assertions();
        compiler.add_resource("file:///edict/part.json", value).unwrap();
        let mut schemas = boon::Schemas::new();
        let index = compiler.compile("file:///edict/part.json", &mut schemas).unwrap();
        Schema { schemas, index }
    }
}

/// `edict eval --format json` on a facts file, parsed.
fn decisions(facts: &Path, as_of: Option<&str>) -> Value {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_edict"));
    cmd.args(["eval", "--format", "json", "--facts"]).arg(facts);
    if let Some(day) = as_of {
        cmd.args(["--as-of", day]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "edict eval failed on {}: {}",
        facts.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn decisions_of_every_example_match_the_decisions_schema() {
    let schema = Schema::load("decisions.schema.json");
    let v2 = Schema::load("decisions-v2.schema.json");
    let examples = facts_files(&root().join("examples"));
    assert!(examples.len() >= 5);
    for facts in &examples {
        for as_of in [None, Some("2026-12-15")] {
            let out = decisions(facts, as_of);
            let schema = if out["version"] == 2 { &v2 } else { &schema };
            if let Some(e) = schema.check(&out) {
                panic!("decisions for {} do not match the schema:\n{e}", facts.display());
            }
        }
    }
    // The schema is not vacuous: a finding without reasons, an outcome that
    // is not one of the six, and a key that is not in the contract are
    // rejected.
    let out = decisions(&examples[0], Some("2026-12-15"));
    let mut with_finding = None;
    for (d, decision) in out["decisions"].as_array().unwrap().iter().enumerate() {
        for (p, policy) in decision["policies"].as_array().unwrap().iter().enumerate() {
            if with_finding.is_none() && !policy["findings"].as_array().unwrap().is_empty() {
                with_finding = Some((d, p));
            }
        }
    }
    let (d, p) = with_finding.expect("an example decision with a finding");
    let finding = format!("/decisions/{d}/policies/{p}/findings/0");
    let mut broken = out.clone();
    broken
        .pointer_mut(&finding)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove("because");
    assert!(schema.check(&broken).is_some());
    let mut broken = out.clone();
    broken["decisions"][d]["outcome"] = Value::from("allowed");
    assert!(schema.check(&broken).is_some());
    let mut broken = out;
    broken["decisions"][d]["note"] = Value::from("extra");
    assert!(schema.check(&broken).is_some());
}

/// The undetermined decisions of the example with unknown facts match the
/// version-2 decisions schema, which is not vacuous about them.
#[test]
fn undetermined_decisions_match_the_version_2_decisions_schema() {
    let schema = Schema::load("decisions-v2.schema.json");
    let out = decisions(&root().join("examples/unknown-origins/facts.json"), Some("2026-12-15"));
    assert_eq!(out["version"], 2);
    assert_eq!(schema.check(&out), None);
    let all = out["decisions"].as_array().unwrap();
    let d = all
        .iter()
        .position(|d| d["outcome"] == "undetermined")
        .expect("an undetermined decision");
    assert!(
        all.iter().any(|d| d["outcome"] != "undetermined"),
        "and a determined one"
    );
    for remove in ["range", "settled_by"] {
        let mut broken = out.clone();
        broken["decisions"][d].as_object_mut().unwrap().remove(remove);
        assert!(schema.check(&broken).is_some(), "without {remove}");
    }
    let mut broken = out.clone();
    broken["decisions"][d]["range"]["at most"] = Value::from("undetermined");
    assert!(schema.check(&broken).is_some());
    let mut broken = out.clone();
    broken["decisions"][d]["settled_by"][0]["values"][0]["outcome"] = Value::from("undetermined");
    assert!(schema.check(&broken).is_some(), "an undetermined lead needs its range");
    // A version-1 reader's schema does not accept it.
    assert!(Schema::load("decisions.schema.json").check(&out).is_some());
}
