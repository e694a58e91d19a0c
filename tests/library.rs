//! The bundled policy library against the facts files in `examples/`.
//!
//! Each folder `tests/cases/library/<case>/` holds a `case.json`:
//!
//! ```json
//! { "description": "what the case shows",
//!   "as_of": "2026-11-11",
//!   "facts": "../../../../examples/servo-motors/facts.json",
//!   "expect": { "S-2026-1111": "licence-required", ... } }
//! ```
//!
//! `as_of` is optional (each shipment is then decided on its own date);
//! `facts` is relative to the case folder. `expect` gives, for every shipment, the
//! overall outcome that the law (per `shared/regulations.md` and the readings
//! it names) requires. It was worked out by hand, independently of the code, and
//! the driver asserts it before it looks at the snapshot. The snapshot pins the
//! rest: the short decision table and the exact decision JSON (the contract).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;

use edict::decision::Decisions;
use edict::eval::{evaluate, vocabulary_warnings, EvalOptions};
use edict::facts::{load, FactsSource};
use edict::outcome::Outcome;
use edict::policy::PolicySet;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    description: String,
    #[serde(default)]
    as_of: Option<String>,
    facts: String,
    expect: BTreeMap<String, String>,
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

/// Reads a case and evaluates its facts with the bundled library.
fn run(set: &PolicySet, case_path: &Path) -> (Case, Decisions) {
    let case: Case = serde_json::from_str(&std::fs::read_to_string(case_path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", case_path.display()));
    let facts_path = case_path.parent().unwrap().join(&case.facts);
    let text = std::fs::read_to_string(&facts_path).unwrap_or_else(|e| panic!("{}: {e}", facts_path.display()));
    let source = FactsSource::new(&case.facts, text);
    let facts = load(&source).unwrap_or_else(|errors| {
        panic!(
            "{}: {}",
            case.facts,
            errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
        )
    });
    let warnings: Vec<String> = vocabulary_warnings(set, &facts, &source)
        .iter()
        .map(|w| w.to_string())
        .collect();
    assert!(warnings.is_empty(), "{}: warnings: {warnings:#?}", case.facts);
    let as_of = case.as_of.as_deref().map(|d| {
        d.parse()
            .unwrap_or_else(|e| panic!("{}: as_of {d}: {e}", case_path.display()))
    });
    let decisions = evaluate(set, &facts, &source, &EvalOptions { as_of }).unwrap_or_else(|errors| {
        panic!(
            "{}: {}",
            case.facts,
            errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
        )
    });
    (case, decisions)
}

/// Every shipment's outcome against `expect`; one line per difference.
fn differences(case: &Case, decisions: &Decisions) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for d in &decisions.decisions {
        seen.push(d.shipment.clone());
        match case.expect.get(&d.shipment) {
            None => out.push(format!(
                "{}: no expected outcome in case.json (got {})",
                d.shipment, d.outcome
            )),
            Some(want) if *want != d.outcome.to_string() => out.push(format!(
                "{} on {}: the law says {want}, edict says {} [{}]",
                d.shipment,
                d.date,
                d.outcome,
                deciding(d).join(" ")
            )),
            Some(_) => {}
        }
    }
    for id in case.expect.keys() {
        if !seen.contains(id) {
            out.push(format!("{id}: expected, but there is no such shipment"));
        }
    }
    out
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

#[test]
fn library() {
    let set = bundled();
    insta::glob!("cases/library/*/case.json", |path| {
        let (case, decisions) = run(&set, path);
        let diff = differences(&case, &decisions);
        assert!(diff.is_empty(), "{}\n{}", case.description, diff.join("\n"));
        let json = serde_json::to_string_pretty(&decisions).unwrap();
        let as_of = case.as_of.as_deref().unwrap_or("each shipment's own date");
        let snapshot = format!(
            "as of: {as_of}\n----- TABLE\n{}\n----- DECISIONS (json)\n{json}\n",
            table(&decisions)
        );
        insta::with_settings!({ omit_expression => true, description => case.description.as_str() }, {
            insta::assert_snapshot!(snapshot);
        });
    });
}

/// Every law-change date of the fact sheet's timeline is pinned by at least one case.
#[test]
fn every_law_change_date_has_a_case() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/library");
    let mut dates = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let case: Case =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path().join("case.json")).unwrap()).unwrap();
        dates.extend(case.as_of);
    }
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
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
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
