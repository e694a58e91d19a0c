//! The bundled policy library against its own tests, `policies/tests/*.test.edict`.
//!
//! Each test names a facts file (most are in `examples/`), a day (`as of`,
//! or each shipment's own date) and, for every shipment, the overall outcome
//! that the law (per `shared/regulations.md` and the readings it names)
//! requires, worked out by hand independently of the code. `cargo test` runs
//! them as a user does, with `edict test policies`; this file adds a snapshot
//! per test of what the expectations do not pin: the short decision table and
//! the exact decision JSON (the contract), named after the test's id.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use edict::ast::suite::{FactsSource as FactsClause, Test};
use edict::decision::Decisions;
use edict::eval::{evaluate, vocabulary_warnings, EvalOptions};
use edict::facts::{load, FactsSource};
use edict::outcome::Outcome;
use edict::policy::PolicySet;
use edict::source::SourceMap;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bundled() -> PolicySet {
    let loaded = edict::load::load(edict::bundled::sources());
    let messages: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        messages.is_empty(),
        "the bundled library has diagnostics: {messages:#?}"
    );
    loaded.set.expect("the bundled library checks")
}

/// Every test of the library's test files, with the file it is in.
fn library_tests() -> Vec<(PathBuf, Test)> {
    let dir = root().join("policies/tests");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".test.edict"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let mut sources = SourceMap::new();
        let id = sources.add(path.display().to_string(), std::fs::read_to_string(&path).unwrap());
        let (file, errors) = edict::syntax::suite::parse_suite(&sources, id);
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        out.extend(file.tests.into_iter().map(|t| (path.clone(), t)));
    }
    out
}

/// Evaluates a test's facts with the bundled library, as `edict test` does.
fn run(set: &PolicySet, file: &Path, test: &Test) -> Decisions {
    let (name, text) = match test.facts.first().expect("facts") {
        FactsClause::File(p) => {
            let path = file.parent().unwrap().join(&p.value);
            (
                p.value.clone(),
                std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
            )
        }
        FactsClause::Inline { json, .. } => ("inline".to_string(), json.clone()),
    };
    let source = FactsSource::new(&name, text);
    let facts = load(&source).unwrap_or_else(|errors| {
        panic!(
            "{name}: {}",
            errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
        )
    });
    let warnings: Vec<String> = vocabulary_warnings(set, &facts, &source)
        .iter()
        .map(|w| w.to_string())
        .collect();
    assert!(warnings.is_empty(), "{name}: warnings: {warnings:#?}");
    let as_of = test.as_of.first().map(|d| d.text.parse().unwrap());
    evaluate(
        set,
        &facts,
        &source,
        &EvalOptions {
            as_of,
            ..Default::default()
        },
    )
    .unwrap_or_else(|errors| {
        panic!(
            "{name}: {}",
            errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
        )
    })
}

/// The rules whose finding gave the overall outcome, as `policy.rule`.
fn deciding(d: &edict::decision::Decision) -> Vec<String> {
    if d.outcome == Outcome::NotControlled {
        return Vec::new();
    }
    d.policies
        .iter()
        .flat_map(|p| {
            p.findings
                .iter()
                .filter(|f| f.outcome == d.outcome)
                .map(move |f| format!("{}.{}", p.policy, f.rule))
        })
        .collect()
}

/// One line per decision: `shipment date outcome [policy.rule …]`.
fn table(decisions: &Decisions) -> String {
    let width = decisions.decisions.iter().map(|d| d.shipment.len()).max().unwrap_or(0);
    decisions
        .decisions
        .iter()
        .map(|d| {
            let outcome = d.outcome.to_string();
            format!(
                "{:<width$}  {}  {outcome:<21}  [{}]",
                d.shipment,
                d.date,
                deciding(d).join(" ")
            )
            .trim_end()
            .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `edict test policies`, as a user runs it: every test passes.
#[test]
fn the_library_passes_its_own_tests() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(["test", "policies"])
        .current_dir(root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let count = library_tests().len();
    assert!(count >= 48, "only {count} tests in policies/tests");
    assert_eq!(stdout, format!("{count} passed, 0 failed\n"));
}

/// The bundled set under the alternatives a test names (`under reading TAG
/// alternative`), or the set itself.
fn under_readings(set: &PolicySet, test: &Test) -> PolicySet {
    if test.readings.is_empty() {
        return set.clone();
    }
    let tags: Vec<String> = test.readings.iter().map(|r| r.name.clone()).collect();
    edict::readings::under(set, &tags).unwrap_or_else(|e| {
        panic!(
            "{}: {}",
            test.id.name,
            e.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
        )
    })
}

#[test]
fn library() {
    let set = bundled();
    for (file, test) in library_tests() {
        let mut decisions = run(&under_readings(&set, &test), &file, &test);
        // Only the shipments the test names: a facts file shared by several
        // tests would otherwise be snapshotted once per test.
        let named: Vec<&str> = test.expects.iter().map(|e| e.shipment.value.as_str()).collect();
        decisions.decisions.retain(|d| named.contains(&d.shipment.as_str()));
        let json = serde_json::to_string_pretty(&decisions).unwrap();
        let as_of = test
            .as_of
            .first()
            .map_or("each shipment's own date", |d| d.text.as_str());
        let snapshot = format!(
            "as of: {as_of}\n----- TABLE\n{}\n----- DECISIONS (json)\n{json}\n",
            table(&decisions)
        );
        let description = match test.because.first() {
            Some(b) => format!("{}: {}", test.title.value, b.value),
            None => test.title.value.clone(),
        };
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_suffix(test.id.name.clone());
        settings.set_description(description);
        settings.set_omit_expression(true);
        settings.set_input_file(&file);
        settings.bind(|| insta::assert_snapshot!(snapshot));
    }
}

/// A case in the old form, `tests/cases/library/<case>/case.json`, not yet
/// moved into `policies/tests` by `scripts/library-cases-to-tests.py`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LegacyCase {
    description: String,
    #[serde(default)]
    as_of: Option<String>,
    facts: String,
    expect: std::collections::BTreeMap<String, String>,
}

/// The cases still in the old form, with their folders.
fn legacy_cases() -> Vec<(PathBuf, LegacyCase)> {
    let Ok(entries) = std::fs::read_dir(root().join("tests/cases/library")) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("case.json").is_file())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|d| {
            let text = std::fs::read_to_string(d.join("case.json")).unwrap();
            let case = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
            (d, case)
        })
        .collect()
}

/// Cases added in the old form keep running (expectations and snapshot,
/// as before) until the script moves them; `edict test policies` does not
/// see them.
#[test]
fn legacy_library_cases() {
    let set = bundled();
    for (dir, case) in legacy_cases() {
        let text = std::fs::read_to_string(dir.join(&case.facts)).unwrap();
        let source = FactsSource::new(&case.facts, text);
        let facts = load(&source).unwrap_or_else(|e| panic!("{}: {e:?}", dir.display()));
        let as_of = case.as_of.as_deref().map(|d| d.parse().unwrap());
        let decisions = evaluate(
            &set,
            &facts,
            &source,
            &EvalOptions {
                as_of,
                ..Default::default()
            },
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        for d in &decisions.decisions {
            assert_eq!(
                case.expect.get(&d.shipment).map(String::as_str),
                Some(d.outcome.as_str()),
                "{}: {} [{}]",
                dir.display(),
                d.shipment,
                deciding(d).join(" ")
            );
        }
        let json = serde_json::to_string_pretty(&decisions).unwrap();
        let as_of = case.as_of.as_deref().unwrap_or("each shipment's own date");
        let snapshot = format!(
            "as of: {as_of}\n----- TABLE\n{}\n----- DECISIONS (json)\n{json}\n",
            table(&decisions)
        );
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_suffix(format!("{name}__case.json"));
        settings.set_description(case.description.clone());
        settings.set_omit_expression(true);
        settings.set_input_file(dir.join("case.json"));
        settings.bind(|| insta::assert_snapshot!("library", snapshot));
    }
}

/// Every law-change date of the fact sheet's timeline is pinned by at least one test.
#[test]
fn every_law_change_date_has_a_case() {
    let mut dates: Vec<String> = library_tests()
        .iter()
        .flat_map(|(_, t)| t.as_of.iter().map(|d| d.text.clone()))
        .collect();
    dates.extend(legacy_cases().into_iter().filter_map(|(_, c)| c.as_of));
    let wanted = [
        "2023-07-31",
        "2023-08-01",
        "2023-11-30",
        "2023-12-01",
        "2024-09-14",
        "2024-09-15",
        "2024-12-02",
        "2024-12-03",
        "2025-02-03",
        "2025-02-04",
        "2025-04-03",
        "2025-04-04",
        "2025-09-28",
        "2025-09-29",
        "2025-10-08",
        "2025-10-09",
        "2025-11-06",
        "2025-11-07",
        "2025-11-09",
        "2025-11-10",
        "2025-12-01",
        "2026-01-06",
        "2026-11-09",
        "2026-11-10",
        "2026-11-11",
        "2026-11-27",
        "2026-11-28",
    ];
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|w| !dates.iter().any(|d| d == w))
        .collect();
    assert!(missing.is_empty(), "no case evaluates as of {missing:?}");
}

/// The Affiliates Rule's Temporary General License ran through 28 November
/// 2025 inclusive (the rule's dates: "through November 28, 2025"). The
/// suspension of 2025-11-10 hides the last days from every facts file, so the
/// window itself is the law-date test: 2025-11-28 is in it, 2025-11-29 not.
#[test]
fn tgl_runs_through_28_november_2025() {
    let set = bundled();
    let tgl = set
        .policy("us-bis-2025-affiliates")
        .and_then(|p| p.rules.iter().find(|r| r.id == "temporary-general-licence"))
        .expect("the TGL rule");
    let day = |s: &str| s.parse().unwrap();
    assert!(tgl.window.contains(day("2025-09-29")));
    assert!(
        tgl.window.contains(day("2025-11-28")),
        "the TGL covers 28 November 2025"
    );
    assert!(!tgl.window.contains(day("2025-11-29")));
    assert!(tgl.window.end_inclusive, "the law wrote the last day (`through`)");
}

/// Every reading the README lists (`[TAG]` in its "Readings chosen"
/// paragraph) sits on a rule, amendment or header of the bundled library, and
/// every reading of the library is listed: a reading that lives only in the
/// README governs nothing.
#[test]
fn readme_readings_sit_on_the_rules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let start = readme
        .find("**Readings chosen**")
        .expect("the README lists the readings");
    let end = readme[start..].find("\n\n").map_or(readme.len(), |e| start + e);
    let listed: std::collections::BTreeSet<&str> = readme[start..end]
        .split('[')
        .skip(1)
        .filter_map(|s| s.split(']').next())
        .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .collect();
    let mut encoded = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(root.join("policies")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "edict") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for line in text.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("reading ") {
                encoded.insert(rest.split_whitespace().next().unwrap().to_string());
            }
        }
    }
    let only_readme: Vec<&&str> = listed.iter().filter(|t| !encoded.contains(**t)).collect();
    let unlisted: Vec<&String> = encoded.iter().filter(|t| !listed.contains(t.as_str())).collect();
    assert!(only_readme.is_empty(), "readings only in the README: {only_readme:?}");
    assert!(unlisted.is_empty(), "readings the README does not list: {unlisted:?}");
}

/// Every executable reading of the bundled library is exercised by a test
/// that decides under its alternative (`under reading TAG alternative`), and
/// each such test's outcome flips with the reading: under the chosen reading
/// (the same facts and day, without the clause) at least one of the
/// shipments it expects comes out otherwise.
#[test]
fn every_executable_reading_has_a_test_that_flips() {
    let set = bundled();
    let executable: Vec<String> = edict::readings::readings(&set)
        .into_iter()
        .filter(edict::readings::Reading::executable)
        .map(|r| r.tag)
        .collect();
    assert!(executable.len() >= 16, "only {} executable readings", executable.len());
    let tests = library_tests();
    let mut exercised = std::collections::BTreeSet::new();
    for (file, test) in tests.iter().filter(|(_, t)| !t.readings.is_empty()) {
        let chosen = run(&set, file, test);
        let alternative = run(&under_readings(&set, test), file, test);
        let outcome = |d: &Decisions, id: &str| {
            d.decisions
                .iter()
                .find(|d| d.shipment == id)
                .map(|d| d.outcome)
                .unwrap_or_else(|| panic!("{}: no shipment {id}", test.id.name))
        };
        let flips = test
            .expects
            .iter()
            .filter(|e| e.under.is_none())
            .any(|e| outcome(&chosen, &e.shipment.value) != outcome(&alternative, &e.shipment.value));
        assert!(
            flips,
            "{}: no expected shipment changes outcome under {:?}",
            test.id.name,
            test.readings.iter().map(|r| &r.name).collect::<Vec<_>>()
        );
        exercised.extend(test.readings.iter().map(|r| r.name.clone()));
    }
    let missing: Vec<&String> = executable.iter().filter(|t| !exercised.contains(*t)).collect();
    assert!(
        missing.is_empty(),
        "executable readings no test decides under: {missing:?}"
    );
}
