//! Facts as a folder of CSV tables: broken tables give the loader's
//! diagnostics at their file, row and column (snapshots under
//! `tests/cases/facts-csv/`), and every example converts to tables and back
//! without losing anything.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

use edict::diagnostics::render_plain;
use edict::facts::csv::{load_tables, to_tables, TableFile};
use edict::facts::{load, to_json, Facts, FactsError, FactsSource};

/// The `*.csv` files of `dir`, named `<case>/<file>` for stable snapshots.
fn tables_in(dir: &Path) -> Vec<TableFile> {
    let case = dir.file_name().unwrap().to_string_lossy().to_string();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = format!("{case}/{}", p.file_name().unwrap().to_string_lossy());
            TableFile::new(name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

fn render_all(errors: &[FactsError]) -> String {
    errors.iter().map(|e| render_plain(e)).collect::<Vec<_>>().join("\n")
}

#[test]
fn err_cases() {
    insta::glob!("cases/facts-csv/err/*/shipments.csv", |path| {
        let dir = path.parent().unwrap();
        let (_, loaded) = load_tables("world", tables_in(dir));
        let errors = loaded.expect_err("the tables should be rejected");
        insta::assert_snapshot!(render_all(&errors));
    });
}

#[test]
fn ok_cases() {
    insta::glob!("cases/facts-csv/ok/*/shipments.csv", |path| {
        let dir = path.parent().unwrap();
        let (_, loaded) = load_tables("world", tables_in(dir));
        if let Err(errors) = loaded {
            panic!("{}", render_all(&errors));
        }
    });
}

/// The records of two loads, compared one by one (so that a difference
/// names the record).
fn assert_same(a: &Facts, b: &Facts, what: &str) {
    assert_eq!(a.currency, b.currency, "{what}: currency");
    assert_eq!(a.parties, b.parties, "{what}: parties");
    assert_eq!(a.holdings, b.holdings, "{what}: holdings");
    assert_eq!(a.listings, b.listings, "{what}: listings");
    assert_eq!(a.items, b.items, "{what}: items");
    assert_eq!(a.shipments, b.shipments, "{what}: shipments");
    assert_eq!(a.unknowns, b.unknowns, "{what}: unknown facts");
    assert_eq!(a.version, b.version, "{what}: version");
}

/// Every facts file of the examples and of the loader's fixtures that loads.
fn example_facts() -> Vec<(String, Facts)> {
    let mut out = Vec::new();
    let mut dirs = vec![
        Path::new("examples").to_path_buf(),
        Path::new("tests/cases/facts/ok").to_path_buf(),
    ];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).unwrap();
                let name = path.display().to_string();
                if let Ok(facts) = load(&FactsSource::new(&name, text)) {
                    out.push((name, facts));
                }
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_example_converts_to_tables_and_back() {
    let examples = example_facts();
    assert!(examples.len() >= 8, "found only {} facts files", examples.len());
    // Version 2's unknown facts and ranges go through the tables too.
    assert!(examples.iter().filter(|(_, f)| !f.unknowns.is_empty()).count() >= 2);
    for (name, facts) in &examples {
        let tables = to_tables(facts, "world").unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let (_, back) = load_tables("world", tables);
        let back = back.unwrap_or_else(|e| panic!("{name}: {}", render_all(&e)));
        assert_same(facts, &back, name);
        let json = to_json(&back);
        let again =
            load(&FactsSource::new("again.json", json)).unwrap_or_else(|e| panic!("{name}: {}", render_all(&e)));
        assert_same(facts, &again, name);
    }
}

#[test]
fn attributes_keep_their_types_through_tables() {
    let text = r#"{"version": 1,
      "parties": {"a": {"name": "A", "country": "DE", "attributes": {
        "n": 14, "s": "14", "b": true, "t": "true", "d": "2025-01-02", "bad": "2025-02-30",
        "q": "'quoted", "e": "", "x": "-0.50", "comma": "a, b"}}},
      "shipments": []}"#;
    let facts = load(&FactsSource::new("f.json", text)).unwrap();
    let tables = to_tables(&facts, "w").unwrap();
    let parties = tables.iter().find(|t| t.name == "w/parties.csv").unwrap();
    assert_eq!(
        parties.text,
        "id,name,country,kinds,attributes.b,attributes.bad,attributes.comma,attributes.d,attributes.e,attributes.n,attributes.q,attributes.s,attributes.t,attributes.x\n\
         a,A,DE,,true,2025-02-30,\"a, b\",2025-01-02,',14,''quoted,'14,'true,'-0.50\n"
    );
    let (_, back) = load_tables("w", tables);
    assert_same(&facts, &back.unwrap(), "attributes");
}

#[test]
fn tags_that_cells_cannot_hold_are_refused() {
    let text = r#"{"version": 1, "parties": {"a": {"country": "DE", "kinds": ["x;y"]}}, "shipments": []}"#;
    let facts = load(&FactsSource::new("f.json", text)).unwrap();
    let errors = to_tables(&facts, "w").unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].to_string().contains("party \"a\""), "{}", errors[0]);
}

#[test]
fn header_order_blank_lines_and_a_byte_order_mark_do_not_matter() {
    let tables = vec![
        TableFile::new("w/parties.csv", "\u{feff}country,id\r\nDE,acme\r\n\r\nUS,robo\r\n"),
        TableFile::new("w/items.csv", "value,origin,id\n480.00,DE,motor\n"),
        TableFile::new(
            "w/shipments.csv",
            "end_user,exporter,id,date,item,from,to,attributes.node_nm\nrobo,acme,S-1,2025-12-15,motor,DE,US,14\n",
        ),
    ];
    let (_, facts) = load_tables("w", tables);
    let facts = facts.unwrap_or_else(|e| panic!("{}", render_all(&e)));
    assert_eq!(facts.parties.len(), 2);
    assert_eq!(facts.parties[1].id, "robo");
    assert_eq!(facts.shipments[0].attributes.len(), 1);
}

/// `edict eval` decides the same from a facts file and from its tables,
/// byte for byte.
#[test]
fn decisions_from_tables_are_byte_identical() {
    let bin = env!("CARGO_BIN_EXE_edict");
    let scratch = std::env::temp_dir().join(format!("edict-csv-decisions-{}", std::process::id()));
    for example in [
        "servo-motors",
        "dysprosium-trader",
        "magnet-licensee",
        "sensor-exporter",
        "unknown-origins",
    ] {
        let json = format!("examples/{example}/facts.json");
        let dir = scratch.join(example);
        let status = Command::new(bin)
            .args(["facts", "convert", &json, "--out"])
            .arg(&dir)
            .status()
            .unwrap();
        assert!(status.success(), "{example}: convert failed");
        for format in ["json", "text"] {
            let from_json = Command::new(bin)
                .args(["eval", "--format", format, "--facts", &json])
                .output()
                .unwrap();
            let from_csv = Command::new(bin)
                .args(["eval", "--format", format, "--facts"])
                .arg(&dir)
                .output()
                .unwrap();
            assert!(from_json.status.success(), "{example}");
            assert!(!from_json.stdout.is_empty());
            assert_eq!(
                String::from_utf8_lossy(&from_json.stdout),
                String::from_utf8_lossy(&from_csv.stdout),
                "{example} ({format})"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

/// The world of `examples/{example}` as two sources, `first` (everything but
/// the second half of the shipments) and `second` (a folder with only those
/// shipments), both as tables; returns the folders.
fn split_world(bin: &str, example: &str, scratch: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let first = scratch.join(format!("{example}-first"));
    let second = scratch.join(format!("{example}-second"));
    let json = format!("examples/{example}/facts.json");
    let status = Command::new(bin)
        .args(["facts", "convert", &json, "--out"])
        .arg(&first)
        .status()
        .unwrap();
    assert!(status.success(), "{example}: convert failed");
    let shipments = std::fs::read_to_string(first.join("shipments.csv")).unwrap();
    let lines: Vec<&str> = shipments.lines().collect();
    assert!(lines.len() > 2, "{example}: too few shipments to split");
    let half = 1 + (lines.len() - 1) / 2;
    std::fs::write(first.join("shipments.csv"), format!("{}\n", lines[..half].join("\n"))).unwrap();
    std::fs::create_dir_all(&second).unwrap();
    let rest: Vec<&str> = std::iter::once(lines[0]).chain(lines[half..].iter().copied()).collect();
    std::fs::write(second.join("shipments.csv"), format!("{}\n", rest.join("\n"))).unwrap();
    (first, second)
}

/// Several `--facts` are merged into one world: a facts file and a folder of
/// tables, or two folders, decide byte for byte what the one file decides
/// (the second source's shipments name the first's parties and items).
#[test]
fn merged_sources_decide_as_the_one_file() {
    let bin = env!("CARGO_BIN_EXE_edict");
    let scratch = std::env::temp_dir().join(format!("edict-merge-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    for example in ["servo-motors", "dysprosium-trader", "sensor-exporter"] {
        let json = format!("examples/{example}/facts.json");
        let (first, second) = split_world(bin, example, &scratch);
        let first_json = scratch.join(format!("{example}-first.json"));
        let status = Command::new(bin)
            .args(["facts", "convert"])
            .arg(&first)
            .arg("--out")
            .arg(&first_json)
            .status()
            .unwrap();
        assert!(status.success(), "{example}: convert back failed");
        for format in ["json", "text"] {
            let one = Command::new(bin)
                .args(["eval", "--format", format, "--facts", &json])
                .output()
                .unwrap();
            assert!(one.status.success(), "{example}");
            assert!(!one.stdout.is_empty());
            for sources in [[&first_json, &second], [&first, &second]] {
                let merged = Command::new(bin)
                    .args(["eval", "--format", format, "--facts"])
                    .arg(sources[0])
                    .arg("--facts")
                    .arg(sources[1])
                    .output()
                    .unwrap();
                assert_eq!(
                    String::from_utf8_lossy(&one.stdout),
                    String::from_utf8_lossy(&merged.stdout),
                    "{example} ({format}, {sources:?}): {}",
                    String::from_utf8_lossy(&merged.stderr)
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

/// `facts convert` takes several inputs and merges them as `--facts` does:
/// a world split into a facts file and a folder of tables (or two folders)
/// converts to one facts file, and to one folder, that read back as the
/// whole world.
#[test]
fn several_inputs_convert_to_one_world() {
    let bin = env!("CARGO_BIN_EXE_edict");
    let scratch = std::env::temp_dir().join(format!("edict-convert-merge-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let convert = |args: &[&std::ffi::OsStr]| {
        let out = Command::new(bin)
            .args(["facts", "convert"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let read_json = |text: String, what: &str| {
        load(&FactsSource::new(what, text)).unwrap_or_else(|e| panic!("{what}: {}", render_all(&e)))
    };
    for example in ["servo-motors", "dysprosium-trader", "sensor-exporter"] {
        let whole = read_json(
            std::fs::read_to_string(format!("examples/{example}/facts.json")).unwrap(),
            example,
        );
        let (first, second) = split_world(bin, example, &scratch);
        let first_json = scratch.join(format!("{example}-first.json"));
        convert(&[first.as_os_str(), "--out".as_ref(), first_json.as_os_str()]);
        // A facts file and a folder: one facts file (the default when a
        // folder is among the inputs).
        let merged_json = scratch.join(format!("{example}-merged.json"));
        convert(&[
            first_json.as_os_str(),
            second.as_os_str(),
            "--out".as_ref(),
            merged_json.as_os_str(),
        ]);
        let merged = read_json(std::fs::read_to_string(&merged_json).unwrap(), example);
        assert_same(&whole, &merged, &format!("{example}: file + folder to JSON"));
        // Two folders, to standard output.
        let stdout = convert(&[first.as_os_str(), second.as_os_str()]);
        let merged = read_json(String::from_utf8(stdout).unwrap(), example);
        assert_same(&whole, &merged, &format!("{example}: two folders to JSON"));
        // A facts file and a folder, as tables (--to csv).
        let merged_dir = scratch.join(format!("{example}-merged"));
        convert(&[
            first_json.as_os_str(),
            second.as_os_str(),
            "--to".as_ref(),
            "csv".as_ref(),
            "--out".as_ref(),
            merged_dir.as_os_str(),
        ]);
        let (_, back) = load_tables("merged", tables_in(&merged_dir));
        let back = back.unwrap_or_else(|e| panic!("{example}: {}", render_all(&e)));
        assert_same(&whole, &back, &format!("{example}: file + folder to tables"));
    }
    // Two facts files with one id: the merge's diagnostic, nothing written.
    let one = scratch.join("servo-motors-first.json");
    let out = scratch.join("twice.json");
    let status = Command::new(bin)
        .args(["facts", "convert"])
        .args([&one, &one])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&status.stderr).contains("duplicate-key"));
    assert!(!out.exists());
    let _ = std::fs::remove_dir_all(&scratch);
}

/// An id two sources both give is one error pointing at both places (file
/// and JSON path, or file, row and column); nothing is decided.
#[test]
fn an_id_given_by_two_sources_is_reported_at_both() {
    let bin = env!("CARGO_BIN_EXE_edict");
    let scratch = std::env::temp_dir().join(format!("edict-merge-dup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let erp = scratch.join("erp");
    let more = scratch.join("more");
    std::fs::create_dir_all(&erp).unwrap();
    std::fs::create_dir_all(&more).unwrap();
    std::fs::write(
        scratch.join("master.json"),
        r#"{
  "version": 1,
  "currency": "EUR",
  "parties": {
    "rheinwerk": { "name": "Rheinwerk Antriebe GmbH", "country": "DE" },
    "lakeshore": { "name": "Lakeshore Robotics Inc.", "country": "US" }
  },
  "items": { "servo": { "origin": "DE", "value": "480.00" } },
  "shipments": [
    { "id": "S-1", "date": "2025-12-15", "item": "servo", "exporter": "rheinwerk",
      "from": "DE", "to": "US", "end_user": "lakeshore" }
  ]
}
"#,
    )
    .unwrap();
    std::fs::write(erp.join("facts.csv"), "version,currency\n1,USD\n").unwrap();
    std::fs::write(
        erp.join("parties.csv"),
        "id,name,country\nlakeshore,Lakeshore Robotics,US\n",
    )
    .unwrap();
    std::fs::write(
        erp.join("shipments.csv"),
        "id,date,item,exporter,from,to,end_user\nS-2,2025-12-16,servo,rheinwerk,DE,US,lakeshore\n",
    )
    .unwrap();
    std::fs::write(
        more.join("shipments.csv"),
        "id,date,item,exporter,from,to,end_user\nS-3,2025-12-17,servo,rheinwerk,DE,US,lakeshore\nS-2,2025-12-18,servo,rheinwerk,DE,US,lakeshore\n",
    )
    .unwrap();
    let run = |sources: &[&str]| {
        let mut command = Command::new(bin);
        command.current_dir(&scratch).args(["eval", "--color", "never"]);
        for s in sources {
            command.args(["--facts", s]);
        }
        let out = command.output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.is_empty());
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    // JSON and tables: a party, and the currency.
    insta::assert_snapshot!("merge_duplicate_json_csv", run(&["master.json", "erp"]));
    // Two folders: a shipment id.
    insta::assert_snapshot!("merge_duplicate_two_folders", run(&["erp", "more"]));
    let _ = std::fs::remove_dir_all(&scratch);
}

/// A diagnostic whose places lie in two sources (two holdings of one party,
/// one in a facts file and one in a folder's `ownership.csv`) shows each
/// place in its own source: the main source's as the diagnostic, the other
/// source's (moved to its row and column) as a related one.
#[test]
fn a_diagnostic_about_two_sources_shows_both() {
    let bin = env!("CARGO_BIN_EXE_edict");
    let scratch = std::env::temp_dir().join(format!("edict-merge-labels-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let erp = scratch.join("erp");
    std::fs::create_dir_all(&erp).unwrap();
    std::fs::write(
        scratch.join("master.json"),
        r#"{
  "version": 1,
  "parties": {
    "rheinwerk": { "country": "DE" }, "holding": { "country": "DE" },
    "jinhai": { "country": "CN" }, "lakeshore": { "country": "US" }
  },
  "ownership": [ { "owner": "holding", "owned": "rheinwerk", "share": "100%", "from": "2020-01-01" } ],
  "items": { "servo": { "origin": "DE", "value": "480.00" } },
  "shipments": [
    { "id": "S-1", "date": "2025-12-15", "item": "servo", "exporter": "rheinwerk",
      "from": "DE", "to": "US", "end_user": "lakeshore" }
  ]
}
"#,
    )
    .unwrap();
    std::fs::write(
        erp.join("ownership.csv"),
        "owner,owned,share,from,until\njinhai,rheinwerk,25%,2024-06-01,\n",
    )
    .unwrap();
    std::fs::write(erp.join("shipments.csv"), "id,date,item,exporter,from,to,end_user\n").unwrap();
    let out = Command::new(bin)
        .current_dir(&scratch)
        .args(["eval", "--color", "never", "--facts", "master.json", "--facts", "erp"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(stderr.contains("erp/ownership.csv:2:18"), "{stderr}");
    insta::assert_snapshot!("merge_labels_in_two_sources", stderr);
    let _ = std::fs::remove_dir_all(&scratch);
}
