//! Linking the user's parties to list entries: by an identifier both carry
//! (`ids`) or an explicit `same_as`, each of which changes a decision; a
//! `same_as` that names no entity is reported; `explain` says how a listing
//! was linked; `edict match` proposes links by name and links nothing
//! (snapshots of `examples/match/`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn edict(args: &[&str]) -> (String, String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_edict")).args(args).output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
        out.status.code(),
    )
}

/// The CSL's header, as published (from the example's extract).
fn csl_header() -> String {
    let text = std::fs::read_to_string("examples/erp-export/csl.csv").unwrap();
    text.lines().next().unwrap().to_string()
}

/// A world of tables in a scratch folder: a US exporter shipping an EAR99
/// sensor to a Chinese customer whose link attributes are `ids` and
/// `same_as`, and a CSL with the customer's Entity List entry, which
/// carries a registration number in its `ids`.
fn world(name: &str, ids: &str, same_as: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("edict-linking-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let tables = dir.join("facts");
    std::fs::create_dir_all(&tables).unwrap();
    std::fs::write(
        tables.join("parties.csv"),
        format!(
            "id,name,country,attributes.ids,attributes.same_as\n\
             cascade-sensing,Cascade Sensing Inc.,US,,\n\
             customer,HUAWEI TECHNOLOGIES CO LTD,CN,{ids},{same_as}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        tables.join("items.csv"),
        "id,description,origin,value\nps-700,Industrial pressure transmitter (EAR99),US,185.00\n",
    )
    .unwrap();
    std::fs::write(
        tables.join("shipments.csv"),
        "id,date,item,quantity,exporter,from,to,end_user\nS-1,2025-12-15,ps-700,10,cascade-sensing,US,CN,customer\n",
    )
    .unwrap();
    let columns = csl_header().split(',').count();
    let mut row = vec![String::new(); columns];
    let header = csl_header();
    let at = |name: &str| header.split(',').position(|h| h == name).unwrap();
    row[at("_id")] = "c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6".into();
    row[at("source")] = "Entity List (EL) - Bureau of Industry and Security".into();
    row[at("type")] = "Entity".into();
    row[at("name")] = "\"Huawei Technologies Co., Ltd.\"".into();
    row[at("addresses")] = "\"Bantian, Longgang District, Shenzhen, Guangdong, 518129, CN\"".into();
    row[at("start_date")] = "2019-05-16".into();
    row[at("license_policy")] = "Presumption of denial.".into();
    row[at("ids")] = "\"Unified Social Credit Code, 914403001922038216, CN\"".into();
    std::fs::write(dir.join("csl.csv"), format!("{header}\n{}\n", row.join(","))).unwrap();
    dir
}

fn decide(dir: &Path) -> (String, String) {
    let facts = dir.join("facts");
    let csl = dir.join("csl.csv");
    let (out, err, status) = edict(&[
        "eval",
        "--format",
        "json",
        "--facts",
        facts.to_str().unwrap(),
        "--lists",
        csl.to_str().unwrap(),
    ]);
    assert_eq!(status, Some(0), "{err}");
    (out, err)
}

#[test]
fn an_id_link_and_a_same_as_link_change_the_decision() {
    let unlinked = world("unlinked", "", "");
    let by_id = world("by-id", "LEI 5493006W3QUS5LMH6R84;914403001922038216", "");
    let by_same_as = world("by-same-as", "", "c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6");
    let (none, warnings) = decide(&unlinked);
    assert!(
        warnings.contains("1 of its entries on lists the law reads link to no party"),
        "{warnings}"
    );
    assert!(!none.contains("us-entity-list"), "{none}");
    let (id, _) = decide(&by_id);
    let (same_as, _) = decide(&by_same_as);
    // Linked, the customer is on the Entity List from 2019-05-16, with a
    // presumption of denial; unlinked, it is not.
    assert_ne!(none, id);
    assert!(id.contains("presumption-of-denial"), "{id}");
    assert_eq!(id, same_as);
    for dir in [unlinked, by_id, by_same_as] {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn explain_says_how_a_listing_was_linked() {
    let dir = world("explain", "914403001922038216", "");
    let (facts, csl) = (dir.join("facts"), dir.join("csl.csv"));
    let (out, err, status) = edict(&[
        "explain",
        "--facts",
        facts.to_str().unwrap(),
        "--lists",
        csl.to_str().unwrap(),
        "--shipment",
        "S-1",
    ]);
    assert_eq!(status, Some(0), "{err}");
    let linked = format!(
        "end user customer is on us-entity-list (from 2019-05-16; linked by `ids` 914403001922038216 to the entry `Huawei Technologies Co., Ltd.` of {})",
        csl.display()
    );
    assert!(out.contains(&linked), "{out}");
    // Decisions say nothing of links: they are those of the listing written in the facts.
    let (decided, _) = decide(&dir);
    assert!(!decided.contains("linked by"), "{decided}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_same_as_that_names_no_entity_is_reported() {
    let dir = world("unknown", "", "c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6;c1d2e3f4-typo");
    let (facts, csl) = (dir.join("facts"), dir.join("csl.csv"));
    let (_, err, status) = edict(&[
        "eval",
        "--color",
        "never",
        "--facts",
        facts.to_str().unwrap(),
        "--lists",
        csl.to_str().unwrap(),
    ]);
    assert_eq!(status, Some(0), "{err}");
    let rendered = err.replace(&dir.display().to_string(), "<dir>");
    insta::assert_snapshot!(rendered);
    let _ = std::fs::remove_dir_all(dir);
}

/// `edict match` on `examples/match/`: an ERP's customer master against the
/// CSL extract of `examples/erp-export/` and an FtM file, in both formats.
#[test]
fn match_proposes_candidates_and_links_nothing() {
    let lists = [
        "--lists",
        "examples/erp-export/csl.csv",
        "--lists",
        "examples/match/entities.ftm.json",
    ];
    let mut args = vec!["match", "--facts", "examples/match/facts.json"];
    args.extend(lists);
    let (text, err, status) = edict(&args);
    assert_eq!(status, Some(0), "{err}");
    insta::assert_snapshot!("match_text", text);
    args.extend(["--format", "json"]);
    let (json, err, status) = edict(&args);
    assert_eq!(status, Some(0), "{err}");
    insta::assert_snapshot!("match_json", json);
    // Nothing is linked: the shipment to Huawei is decided as without lists' links.
    let (with_lists, _, _) = edict(&[
        "eval",
        "--format",
        "json",
        "--facts",
        "examples/match/facts.json",
        "--lists",
        "examples/erp-export/csl.csv",
    ]);
    let (without, _, _) = edict(&["eval", "--format", "json", "--facts", "examples/match/facts.json"]);
    assert_eq!(with_lists, without);
}

/// A `same_as` or `ids` that is not text (a boolean, a date) is an error
/// with the attribute's place, not a link silently never made: in a table
/// (`true` and `2019-05-16` read as a boolean and a date) and in JSON.
#[test]
fn a_link_attribute_of_the_wrong_type_is_an_error() {
    let dir = world("wrong-type", "2019-05-16", "true");
    let (facts, csl) = (dir.join("facts"), dir.join("csl.csv"));
    let (out, err, status) = edict(&[
        "eval",
        "--color",
        "never",
        "--facts",
        facts.to_str().unwrap(),
        "--lists",
        csl.to_str().unwrap(),
    ]);
    assert_eq!(status, Some(1), "{err}");
    assert_eq!(out, "");
    let rendered = err.replace(&dir.display().to_string(), "<dir>");
    insta::assert_snapshot!("wrong_type_csv", rendered);
    let (out, err, status) = edict(&[
        "match",
        "--facts",
        facts.to_str().unwrap(),
        "--lists",
        csl.to_str().unwrap(),
    ]);
    assert_eq!((status, out.as_str()), (Some(1), ""), "{err}");
    assert!(err.contains("edict::facts::wrong-type"), "{err}");
    // The same world as JSON: `"same_as": true`, `"ids": 914403001922038216`
    // (a number is an identifier written as digits, and links).
    let json = dir.join("facts.json");
    let (text, err, status) = edict(&["facts", "convert", facts.to_str().unwrap()]);
    assert_eq!(status, Some(0), "{err}");
    std::fs::write(&json, text.replace("\"2019-05-16\"", "914403001922038216")).unwrap();
    let (out, err, status) = edict(&[
        "eval",
        "--color",
        "never",
        "--facts",
        json.to_str().unwrap(),
        "--lists",
        csl.to_str().unwrap(),
    ]);
    assert_eq!(status, Some(1), "{err}");
    assert_eq!(out, "");
    let rendered = err.replace(&dir.display().to_string(), "<dir>");
    insta::assert_snapshot!("wrong_type_json", rendered);
    // Without --lists the attributes are ordinary ones, as in version 1.
    let (_, err, status) = edict(&["eval", "--facts", json.to_str().unwrap()]);
    assert_eq!(status, Some(0), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}
