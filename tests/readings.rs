//! Executable readings: `for "…" read "…"` under a reading's alternative, the
//! checker's diagnostics for it, `--reading TAG=alternative` on the commands
//! that evaluate, and `edict readings`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn edict(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(args)
        .output()
        .expect("edict runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A folder of its own for each test (tests run on threads of one process).
fn scratch(test: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("edict-readings-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write");
    }
    dir
}

const POLICY: &str = r#"policy p
  title "A test policy"
  authority "Test"
  jurisdiction CN
  issued 2025-01-01
  cite as "Test Announcement"
  in force from 2025-01-01

list test-list "A list"

rule listed "Art. 1"
  reading R-AGG "Stakes are not added up." alternative "Stakes are added up."
    for "individually" read "individually or in aggregate"
  outcome licence-required
  when the end user is owned at least 50% by parties on test-list, directly or indirectly, individually
"#;

const FACTS: &str = r#"{
  "version": 1,
  "parties": {
    "a": { "country": "DE" },
    "b": { "country": "DE" },
    "u": { "country": "FR" }
  },
  "ownership": [
    { "owner": "a", "owned": "u", "share": "30%" },
    { "owner": "b", "owned": "u", "share": "30%" }
  ],
  "listings": [
    { "party": "a", "list": "test-list", "from": "2024-01-01" },
    { "party": "b", "list": "test-list", "from": "2024-01-01" }
  ],
  "items": { "i": { "origin": "DE", "value": "10.00", "classes": ["x"] } },
  "shipments": [
    { "id": "S1", "date": "2025-06-01", "item": "i", "exporter": "a", "from": "DE", "to": "FR", "end_user": "u" }
  ]
}"#;

#[test]
fn an_alternative_flips_the_outcome_only_when_taken() {
    let dir = scratch("flip", &[("p.edict", POLICY), ("facts.json", FACTS)]);
    let policy = dir.join("p.edict");
    let facts = dir.join("facts.json");
    let args = |extra: &[&str]| {
        let mut a = vec!["eval", policy.to_str().unwrap(), "--facts", facts.to_str().unwrap()];
        a.extend_from_slice(extra);
        edict(&a)
    };
    let chosen = args(&[]);
    assert_eq!(chosen.status.code(), Some(0), "{}", stderr(&chosen));
    assert!(stdout(&chosen).contains("not-controlled"), "{}", stdout(&chosen));
    let alternative = args(&["--reading", "R-AGG=alternative"]);
    assert_eq!(alternative.status.code(), Some(0), "{}", stderr(&alternative));
    assert!(
        stdout(&alternative).contains("licence-required"),
        "{}",
        stdout(&alternative)
    );
    // `=chosen` is the reading chosen: the same bytes as no --reading.
    let same = args(&["--reading", "R-AGG=chosen"]);
    assert_eq!(same.stdout, chosen.stdout);
}

#[test]
fn an_unknown_tag_is_a_usage_error_with_a_suggestion() {
    let out = edict(&[
        "eval",
        "--facts",
        "examples/dysprosium-trader/facts.json",
        "--reading",
        "A-CN50-NOAG=alternative",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("edict::reading::unknown"), "{err}");
    assert!(err.contains("did you mean `A-CN50-NOAGG`?"), "{err}");
}

#[test]
fn a_reading_without_an_executable_alternative_cannot_be_taken() {
    let out = edict(&[
        "eval",
        "--facts",
        "examples/dysprosium-trader/facts.json",
        "--reading",
        "BIS-SAVINGS=alternative",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("edict::reading::not-executable"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_argument_must_say_which_reading() {
    let out = edict(&["eval", "--facts", "x.json", "--reading", "A-ROLLUP"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("A-ROLLUP=alternative"), "{}", stderr(&out));
}

#[test]
fn the_checker_finds_the_text_once() {
    let missing = POLICY.replace(r#"for "individually" read"#, r#"for "in aggregate" read"#);
    let twice = POLICY.replace(r#"for "individually" read"#, r#"for "end user" read"#).replace(
        "outcome licence-required\n",
        "outcome licence-required\n  when the end user is on test-list or the end user is owned at least 50% by parties on test-list, directly or indirectly, individually\n",
    ).replace("  when the end user is owned at least 50% by parties on test-list, directly or indirectly, individually\n\"", "\"");
    let dir = scratch("find", &[("missing.edict", &missing), ("twice.edict", &twice)]);
    let out = edict(&["check", dir.join("missing.edict").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("edict::reading-text-not-found"),
        "{}",
        stderr(&out)
    );
    let out = edict(&["check", dir.join("twice.edict").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("edict::reading-text-ambiguous"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_checks_every_alternative() {
    let broken = POLICY.replace(
        r#"read "individually or in aggregate""#,
        r#"read "individually or in total""#,
    );
    let dir = scratch("broken", &[("p.edict", &broken)]);
    let out = edict(&["check", dir.join("p.edict").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("edict::reading::alternative-invalid"), "{err}");
    assert!(err.contains("R-AGG"), "{err}");
    // The chosen reading alone is valid: eval still runs.
    let ok = edict(&[
        "check",
        scratch("ok", &[("p.edict", POLICY)]).join("p.edict").to_str().unwrap(),
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
}

#[test]
fn fmt_lays_out_the_alternative_under_its_reading() {
    let messy = POLICY.replace(
        "alternative \"Stakes are added up.\"\n    for \"individually\" read",
        "alternative \"Stakes are added up.\" for\n \"individually\"   read",
    );
    let dir = scratch("fmt", &[("p.edict", &messy)]);
    let path = dir.join("p.edict");
    let out = edict(&["fmt", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), POLICY);
}

#[test]
fn render_shows_both_readings_side_by_side() {
    let dir = scratch("render", &[("p.edict", POLICY)]);
    let out = edict(&["render", dir.join("p.edict").to_str().unwrap()]);
    let md = stdout(&out);
    assert!(md.contains("> | Chosen | Alternative |"), "{md}");
    assert!(
        md.contains("> | Stakes are not added up. | Stakes are added up. |"),
        "{md}"
    );
    assert!(
        md.contains("> | for `individually` | read `individually or in aggregate` |"),
        "{md}"
    );
    let out = edict(&["render", dir.join("p.edict").to_str().unwrap(), "--format", "html"]);
    let html = stdout(&out);
    assert!(
        html.contains(
            "<tr><td>for <code>individually</code></td><td>read <code>individually or in aggregate</code></td></tr>"
        ),
        "{html}"
    );
}

use crate::generator;

/// The readings report by the shortcut (only the policies and shipments an
/// alternative can reach decided again) and by deciding the whole set
/// under every alternative and pair; they must be the same.
fn fast_and_full(name: &str, json: String, as_of: Option<&str>) -> (String, String) {
    use edict::analysis::readings::{analyse, analyse_in_full};
    let set = edict::load::load(edict::bundled::sources())
        .set
        .expect("the bundled law loads");
    let source = edict::facts::FactsSource::new(name, json);
    let facts = edict::facts::load(&source).unwrap_or_else(|_| panic!("{name} loads"));
    let options = edict::eval::EvalOptions {
        as_of: as_of.map(|d| edict::facts::read_date(d).unwrap()),
        threads: 2,
    };
    let chosen = edict::eval::evaluate(&set, &facts, &source, &options).unwrap_or_else(|_| panic!("{name} decides"));
    let json = |r: Result<edict::analysis::readings::ReadingsReport, _>| match r {
        Ok(r) => serde_json::to_string_pretty(&r).unwrap(),
        Err(_) => panic!("{name}: the analysis fails"),
    };
    (
        json(analyse(&set, &chosen, &facts, &source, &options)),
        json(analyse_in_full(&set, &chosen, &facts, &source, &options)),
    )
}

#[test]
fn the_shortcut_agrees_with_deciding_everything_again_on_every_example() {
    let mut checked = 0;
    let mut mattered = 0;
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples")).unwrap() {
        let path = entry.unwrap().path().join("facts.json");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path.display().to_string();
        for as_of in [None, Some("2026-11-10")] {
            let (fast, full) = fast_and_full(&name, text.clone(), as_of);
            assert_eq!(fast, full, "{name} as of {as_of:?}");
            if fast.contains("\"stricter\"") || fast.contains("\"looser\"") {
                mattered += 1;
            }
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} example runs");
    // Not vacuous: readings do change outcomes on some examples.
    assert!(mattered > 0);
}

#[test]
fn the_shortcut_agrees_with_deciding_everything_again_on_a_generated_portfolio() {
    // Shipments on days spread over years, across the suspensions' edges.
    let text = generator::generate(&generator::Params::uniform(1_000, generator::DEFAULT_SEED));
    let (fast, full) = fast_and_full("generated.json", text, None);
    assert_eq!(fast, full);
    assert!(fast.contains("\"interactions\""));
    assert!(
        fast.contains("\"stricter\""),
        "no reading matters on the generated file"
    );
}

/// A set under an alternative parses again only the files the alternative
/// rewrites: the result is the set a load of the whole rewritten text gives
/// (the same checked policies, built from the same trees), for every
/// executable reading of the library and for a pair of them.
#[test]
fn a_set_under_an_alternative_is_the_set_its_whole_text_loads_to() {
    let set = edict::load::load(edict::bundled::sources())
        .set
        .expect("the library checks");
    let tags: Vec<String> = edict::readings::readings(&set)
        .into_iter()
        .filter(edict::readings::Reading::executable)
        .map(|r| r.tag)
        .collect();
    assert!(tags.len() >= 5, "{tags:?}");
    let mut cases: Vec<Vec<String>> = tags.iter().map(|t| vec![t.clone()]).collect();
    cases.push(tags[..2].to_vec());
    for case in cases {
        let reused = edict::readings::under(&set, &case).unwrap_or_else(|_| panic!("{case:?} checks"));
        let sources = edict::readings::rewrite(&set, &case).unwrap_or_else(|_| panic!("{case:?} rewrites"));
        let whole = edict::load::load(sources).set.expect("the rewritten text checks");
        assert_eq!(
            format!("{:?}", reused.parsed),
            format!("{:?}", whole.parsed),
            "{case:?}"
        );
        assert_eq!(
            format!("{:?}", reused.policies),
            format!("{:?}", whole.policies),
            "{case:?}"
        );
        assert_ne!(
            format!("{:?}", reused.policies),
            format!("{:?}", set.policies),
            "{case:?} changes nothing"
        );
    }
}
