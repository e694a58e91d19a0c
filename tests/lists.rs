//! Screening lists (`--lists`): the Consolidated Screening List in its
//! published CSV and JSON layouts gives the same decisions as listings
//! written in the facts, reports what it does not read, and reports broken
//! files at their row and column (snapshots under `tests/cases/lists/`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use edict::diagnostics::render_plain;
use edict::facts::csv::load_tables;
use edict::facts::link::apply_lists;
use edict::facts::screening::read_list;

fn edict(args: &[&str]) -> (String, String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_edict")).args(args).output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
        out.status.code(),
    )
}

#[test]
fn the_facts_file_its_tables_and_an_erp_export_with_the_csl_and_ftm_decide_alike() {
    let (reference, _, status) = edict(&[
        "eval",
        "--format",
        "json",
        "--facts",
        "examples/sensor-exporter/facts.json",
    ]);
    assert_eq!(status, Some(0));
    assert!(reference.contains("presumption-of-denial"));
    // The same world as CSV tables, listings and ownership inline.
    let tables = std::env::temp_dir().join(format!("edict-lists-tables-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tables);
    let (_, err, status) = edict(&[
        "facts",
        "convert",
        "examples/sensor-exporter/facts.json",
        "--out",
        tables.to_str().unwrap(),
    ]);
    assert_eq!(status, Some(0), "{err}");
    let (from_csv, err, status) = edict(&["eval", "--format", "json", "--facts", tables.to_str().unwrap()]);
    assert_eq!(status, Some(0), "{err}");
    assert_eq!(reference, from_csv);
    let _ = std::fs::remove_dir_all(&tables);
    for list in ["examples/erp-export/csl.csv", "examples/erp-export/csl.json"] {
        let (decided, warnings, status) = edict(&[
            "eval",
            "--format",
            "json",
            "--facts",
            "examples/erp-export/erp",
            "--lists",
            list,
            "--lists",
            "examples/erp-export/ownership.ftm.json",
        ]);
        assert_eq!(status, Some(0), "{list}: {warnings}");
        assert_eq!(reference, decided, "{list}");
        assert!(
            warnings.contains("17 of its entries on lists the law reads link to no party"),
            "{warnings}"
        );
        assert!(
            warnings.contains("4 entries are on lists the bundled law does not read"),
            "{warnings}"
        );
    }
    // Without the FtM file, the ownership is missing; without the CSL, two
    // Entity List parties: the decisions differ.
    for lists in [
        vec!["--lists", "examples/erp-export/csl.csv"],
        vec!["--lists", "examples/erp-export/ownership.ftm.json"],
    ] {
        let mut args = vec!["eval", "--format", "json", "--facts", "examples/erp-export/erp"];
        args.extend(lists);
        let (partial, _, status) = edict(&args);
        assert_eq!(status, Some(0));
        assert_ne!(reference, partial, "{args:?}");
    }
}

#[test]
fn a_review_policy_that_is_not_one_outcome_is_reported_and_not_guessed() {
    let tables = vec![
        edict::facts::csv::TableFile::new(
            "w/parties.csv",
            "id,country,attributes.same_as\nmahan,IR,a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6\nus,US,\n",
        ),
        edict::facts::csv::TableFile::new(
            "w/shipments.csv",
            "id,date,item,exporter,from,to,end_user\nS-1,2025-12-15,m,us,US,IR,mahan\n",
        ),
        edict::facts::csv::TableFile::new("w/items.csv", "id,origin,value\nm,US,1.00\n"),
    ];
    let (_, facts) = load_tables("w", tables);
    let mut facts = facts.unwrap_or_else(|_| panic!("the tables load"));
    let text = std::fs::read_to_string("examples/erp-export/csl.csv").unwrap();
    let mut errors = Vec::new();
    let entries = read_list("csl.csv", text, &mut errors);
    assert!(errors.is_empty());
    assert_eq!(entries.len(), 24);
    let warnings = apply_lists(&mut facts, &entries);
    let rendered: Vec<String> = warnings.iter().map(|w| render_plain(w)).collect();
    assert!(
        rendered[0].contains("`Mahan Air` is not read as an outcome") && rendered[0].contains("`Policy of denial.`"),
        "{rendered:?}"
    );
    assert_eq!(facts.listings.len(), 1);
    assert_eq!(facts.listings[0].list, "us-entity-list");
    assert!(facts.listings[0].attributes.get("review").is_none());
    assert_eq!(facts.listings[0].window.from, Some("2008-09-22".parse().unwrap()));
}

#[test]
fn broken_lists_are_reported_where_they_break() {
    insta::glob!("cases/lists/err/*", |path| {
        let name = format!("lists/{}", path.file_name().unwrap().to_string_lossy());
        let text = std::fs::read_to_string(path).unwrap();
        let mut errors = Vec::new();
        read_list(&name, text, &mut errors);
        assert!(!errors.is_empty(), "{name} should be rejected");
        insta::assert_snapshot!(errors.iter().map(|e| render_plain(e)).collect::<Vec<_>>().join("\n"));
    });
}

#[test]
fn a_broken_list_decides_nothing() {
    let (out, err, status) = edict(&[
        "eval",
        "--facts",
        "examples/erp-export/erp",
        "--lists",
        "tests/cases/lists/err/us-date.csv",
    ]);
    assert_eq!(status, Some(1));
    assert!(out.is_empty());
    assert!(err.contains("is not a valid date: `03/02/2023`"), "{err}");
}

/// The README's walkthrough of real data runs, command by command, in a
/// scratch copy of `examples/` (so that `--out` writes there).
#[test]
fn the_readme_walkthrough_runs() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let section = readme
        .split("## Real data in: an ERP export and a screening list")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let block = section.split("```sh\n").nth(1).unwrap().split("```").next().unwrap();
    let scratch = std::env::temp_dir().join(format!("edict-readme-real-data-{}", std::process::id()));
    std::fs::create_dir_all(scratch.join("examples")).unwrap();
    let status = Command::new("cp")
        .arg("-r")
        .arg("examples/erp-export")
        .arg("examples/match")
        .arg(scratch.join("examples"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut ran = 0;
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[0], "edict", "{line}");
        let out = Command::new(env!("CARGO_BIN_EXE_edict"))
            .args(&words[1..])
            .current_dir(&scratch)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{line}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty() || words.contains(&"--out"), "{line}");
        ran += 1;
    }
    assert!(ran >= 3);
    let json = std::fs::read_to_string(scratch.join("erp.json")).unwrap();
    assert!(json.contains("\"hexin-precision\""));
    let _ = std::fs::remove_dir_all(&scratch);
}

/// An FtM world: a party of the facts, its owner known only to the FtM
/// file, and that owner's owner sanctioned.
const FTM: &str = r#"{"id": "c-1", "schema": "Company", "properties": {"name": ["Customer Co"], "country": ["ae"]}}
{"id": "c-2", "schema": "Company", "properties": {"name": ["Middle Holding Ltd"], "jurisdiction": ["cy"]}}
{"id": "c-3", "schema": "Person", "properties": {"name": ["Ivan Example"], "country": ["ru"]}}
{"id": "o-1", "schema": "Ownership", "properties": {"owner": ["c-2"], "asset": ["c-1"], "percentage": ["60"], "startDate": ["2020-01-10"]}}
{"id": "o-2", "schema": "Ownership", "properties": {"owner": ["c-3"], "asset": ["c-2"], "percentage": ["100%"], "startDate": ["2019-03-15"], "endDate": ["2026-01-01"]}}
{"id": "s-1", "schema": "Sanction", "properties": {"entity": ["c-3"], "authority": ["Office of Foreign Assets Control"], "program": ["RUSSIA-EO14024"], "startDate": ["2022-04-06"]}, "datasets": ["us_ofac_sdn"]}
{"id": "s-2", "schema": "Sanction", "properties": {"entity": ["c-3"], "authority": ["Ministry of Something"], "program": ["Other programme"], "startDate": ["2022-04-06"]}, "datasets": ["xx_other"]}
"#;

fn ftm_world() -> (edict::facts::FactsSource, edict::facts::Facts) {
    let tables = vec![
        edict::facts::csv::TableFile::new("w/parties.csv", "id,country,attributes.ids\ncustomer,AE,c-1\nus,US,\n"),
        edict::facts::csv::TableFile::new(
            "w/shipments.csv",
            "id,date,item,exporter,from,to,end_user\nS-1,2025-12-15,m,us,US,AE,customer\n",
        ),
        edict::facts::csv::TableFile::new("w/items.csv", "id,origin,value\nm,US,1.00\n"),
    ];
    let (source, facts) = load_tables("w", tables);
    (source, facts.unwrap_or_else(|_| panic!("the tables load")))
}

#[test]
fn ftm_owners_become_parties_and_their_sanctions_listings() {
    use edict::facts::link::{add_lists, ListFile};
    let (source, mut facts) = ftm_world();
    let files = vec![ListFile {
        name: "os.ftm.json".into(),
        text: FTM.into(),
    }];
    let warnings = add_lists(&mut facts, &source, files).unwrap_or_else(|e| panic!("{}", e.len()));
    let ids: Vec<&str> = facts.parties.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["customer", "us", "c-2", "c-3"]);
    assert_eq!(facts.parties[3].name, "Ivan Example");
    assert_eq!(facts.parties[2].country.as_str(), "CY");
    assert_eq!(facts.holdings.len(), 2);
    assert_eq!(facts.holdings[0].share, "0.6".parse().unwrap());
    assert_eq!(facts.holdings[1].share, "1".parse().unwrap());
    assert_eq!(facts.holdings[1].window.until, Some("2026-01-01".parse().unwrap()));
    assert_eq!(facts.listings.len(), 1);
    assert_eq!(facts.listings[0].list, "us-sdn-list");
    assert_eq!(facts.party(facts.listings[0].party).id, "c-3");
    assert_eq!(facts.holdings_of(edict::facts::PartyIdx(0)).count(), 1);
    let rendered: Vec<String> = warnings.iter().map(|w| render_plain(w)).collect();
    assert!(
        rendered
            .iter()
            .any(|w| w.contains("1 sanctions of parties in the facts are on lists no mapping")),
        "{rendered:?}"
    );
}

#[test]
fn a_mapping_file_replaces_the_shipped_one() {
    use edict::facts::link::{add_lists, ListFile};
    let (source, mut facts) = ftm_world();
    let files = vec![
        ListFile {
            name: "os.ftm.json".into(),
            text: FTM.into(),
        },
        ListFile {
            name: "mine.csv".into(),
            text: "field,contains,list\ndataset,xx_other,cn-control-list\n".into(),
        },
    ];
    add_lists(&mut facts, &source, files).unwrap_or_else(|e| panic!("{}", e.len()));
    let lists: Vec<&str> = facts.listings.iter().map(|l| l.list.as_str()).collect();
    assert_eq!(lists, ["cn-control-list"]);
}

#[test]
fn broken_ftm_is_reported_where_it_breaks() {
    use edict::facts::link::{add_lists, ListFile};
    insta::glob!("cases/ftm/err/*.json", |path| {
        let (source, mut facts) = ftm_world();
        let name = format!("ftm/{}", path.file_name().unwrap().to_string_lossy());
        let files = vec![ListFile {
            name,
            text: std::fs::read_to_string(path).unwrap(),
        }];
        let errors = add_lists(&mut facts, &source, files)
            .map(|_| ())
            .expect_err("the file should be rejected");
        insta::assert_snapshot!(errors.iter().map(|e| render_plain(e)).collect::<Vec<_>>().join("\n"));
    });
}
