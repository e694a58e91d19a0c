//! Change analysis: semantic diff, impact, witnesses and timelines, driven by
//! the fixture pairs under tests/cases/diff/<case>/{old,new}/ (each side is
//! loaded with tests/cases/diff/vocabulary.edict) and by the examples.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use edict::analysis::{diff, impact, timelines, witness::witnesses};
use edict::eval::{evaluate, EvalOptions};
use edict::facts::{load as load_facts, FactsSource};
use edict::policy::PolicySet;
use edict::source::SourceMap;
use std::path::{Path, PathBuf};

fn edict_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "edict"));
    files.sort();
    files
}

/// Loads the files as one set; panics with the rendered diagnostics if invalid.
fn load_set(files: &[PathBuf]) -> PolicySet {
    let mut sources = SourceMap::new();
    for f in files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        sources.add(name, std::fs::read_to_string(f).expect("read"));
    }
    let loaded = edict::load::load(sources);
    loaded.set.unwrap_or_else(|| {
        let text: String = loaded
            .diagnostics
            .iter()
            .map(|d| edict::diagnostics::render_plain(d.as_ref()))
            .collect();
        panic!("invalid policies {files:?}:\n{text}")
    })
}

fn side(case: &Path, which: &str) -> PolicySet {
    let mut files = vec![case.parent().expect("parent").join("vocabulary.edict")];
    files.extend(edict_files(&case.join(which)));
    load_set(&files)
}

fn case_json(case: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(case.join("case.json")).expect("case.json")).expect("json")
}

#[test]
fn diff_cases() {
    insta::glob!("cases/diff/*/case.json", |path| {
        let case = path.parent().expect("case folder");
        let spec = case_json(case);
        let (old, new) = (side(case, "old"), side(case, "new"));
        let changes = diff(&old, &new);
        assert_eq!(
            !changes.is_empty(),
            spec["different"].as_bool().expect("different"),
            "{changes:#?}"
        );
        let facts_text = std::fs::read_to_string(case.join("facts.json")).expect("facts.json");
        let source = FactsSource::new("facts.json", facts_text);
        let facts = load_facts(&source).expect("valid facts");
        let options = EvalOptions::default();
        let before = evaluate(&old, &facts, &source, &options).expect("old evaluates");
        let after = evaluate(&new, &facts, &source, &options).expect("new evaluates");
        let effect = impact(&before, &after);
        assert_eq!(
            effect.summary.stricter as u64,
            spec["stricter"].as_u64().expect("stricter"),
            "{effect:#?}"
        );
        assert_eq!(
            effect.summary.looser as u64,
            spec["looser"].as_u64().expect("looser"),
            "{effect:#?}"
        );
        let text = edict::report::diff::text(&changes, Some(&effect), None, false);
        // The timelines of the shipments under the new law.
        let (from, to) = ("2025-01-01".parse().expect("date"), "2026-12-31".parse().expect("date"));
        let lines = timelines(&new, &facts, &source, Some(from), Some(to)).expect("timelines");
        let timeline_text = edict::report::timeline::summary(&lines);
        let json =
            serde_json::to_string_pretty(&serde_json::json!({ "diff": changes, "impact": effect, "timelines": lines }))
                .expect("json");
        insta::assert_snapshot!(format!(
            "----- TEXT\n{text}\n----- TIMELINES (new)\n{timeline_text}\n----- JSON\n{json}\n"
        ));
    });
}

#[test]
fn a_policy_set_never_differs_from_itself() {
    let bundled = edict::load::load(edict::bundled::sources()).set.expect("bundled");
    assert!(diff(&bundled, &bundled).is_empty());
    for case in std::fs::read_dir("tests/cases/diff")
        .expect("cases")
        .filter_map(|e| e.ok().map(|e| e.path()))
    {
        if case.is_dir() {
            for which in ["old", "new"] {
                let set = side(&case, which);
                assert!(diff(&set, &set).is_empty(), "{} {which}", case.display());
            }
        }
    }
}

#[test]
fn every_witness_really_flips_the_outcome() {
    let mut found = 0;
    for case in std::fs::read_dir("tests/cases/diff")
        .expect("cases")
        .filter_map(|e| e.ok().map(|e| e.path()))
    {
        if !case.is_dir() || !case_json(&case)["different"].as_bool().unwrap_or(false) {
            continue;
        }
        let (old, new) = (side(&case, "old"), side(&case, "new"));
        let changes = diff(&old, &new);
        let ws = witnesses(&old, &new, &changes);
        assert!(!ws.is_empty(), "{}", case.display());
        for w in ws {
            let facts = w
                .facts
                .unwrap_or_else(|| panic!("no witness for {} in {}: {}", w.rule, case.display(), w.note));
            let source = FactsSource::new("witness.json", facts.to_string());
            let facts = load_facts(&source).expect("a witness is a valid facts file");
            let a = evaluate(&old, &facts, &source, &EvalOptions::default()).expect("old");
            let b = evaluate(&new, &facts, &source, &EvalOptions::default()).expect("new");
            assert_ne!(
                a.decisions,
                b.decisions,
                "witness for {} in {} does not flip",
                w.rule,
                case.display()
            );
            assert_eq!((a.decisions[0].outcome, b.decisions[0].outcome), (w.old, w.new));
            found += 1;
        }
    }
    assert!(found >= 6, "only {found} witnesses");
}

#[test]
fn drafts_shipped_in_examples_have_witnesses() {
    let bundled = edict::load::load(edict::bundled::sources()).set.expect("bundled");
    for draft in edict_files(Path::new("examples/drafts")) {
        let mut sources = edict::bundled::sources();
        sources.add(
            draft.display().to_string(),
            std::fs::read_to_string(&draft).expect("read"),
        );
        let with = edict::load::load(sources).set.expect("draft loads");
        let changes = diff(&bundled, &with);
        assert!(!changes.is_empty(), "{}", draft.display());
        let ws = witnesses(&bundled, &with, &changes);
        assert!(
            ws.iter().any(|w| w.facts.is_some()),
            "no witness for {}: {ws:#?}",
            draft.display()
        );
    }
}

/// Every interval's first and last day evaluate to the interval's outcomes.
fn check_timelines(set: &PolicySet, facts_path: &Path) -> usize {
    let text = std::fs::read_to_string(facts_path).expect("facts");
    let source = FactsSource::new("facts.json", text);
    let facts = load_facts(&source).expect("valid facts");
    let (from, to) = ("2025-01-01".parse().expect("date"), "2027-12-31".parse().expect("date"));
    let all = timelines(set, &facts, &source, Some(from), Some(to)).expect("timelines");
    let mut checked = 0;
    // Facts version 2: an interval is undetermined exactly when evaluation
    // on its days is, with the same range, per-policy ranges and settling facts.
    let mut undetermined = 0;
    for (i, t) in all.iter().enumerate() {
        for interval in &t.intervals {
            let first: jiff::civil::Date = interval.from.as_deref().unwrap_or("2025-01-01").parse().expect("date");
            let last: jiff::civil::Date = match interval.until.as_deref() {
                Some(u) => u.parse::<jiff::civil::Date>().expect("date").yesterday().expect("day"),
                None => to,
            };
            for day in [first, last] {
                let d = evaluate(
                    set,
                    &facts,
                    &source,
                    &EvalOptions {
                        as_of: Some(day),
                        ..Default::default()
                    },
                )
                .expect("evaluates");
                let decision = &d.decisions[i];
                assert_eq!(
                    decision.outcome,
                    interval.outcome,
                    "{} on {day} in {}",
                    t.shipment,
                    facts_path.display()
                );
                for p in &decision.policies {
                    assert_eq!(
                        Some(&p.outcome),
                        interval.policies.get(&p.policy),
                        "{} {} on {day}",
                        t.shipment,
                        p.policy
                    );
                }
                let open = d.undetermined(i);
                let expected = open.map(|u| {
                    let policies: std::collections::BTreeMap<String, edict::decision::OutcomeRange> = u
                        .policies
                        .iter()
                        .map(|(p, r)| (decision.policies[*p].policy.clone(), *r))
                        .collect();
                    let facts: Vec<(String, bool)> = u.settled_by.iter().map(|s| (s.fact.clone(), s.settles)).collect();
                    (u.range, policies, facts)
                });
                let got = interval.undetermined.as_ref().map(|u| {
                    let facts: Vec<(String, bool)> = u.settled_by.iter().map(|s| (s.fact.clone(), s.settles)).collect();
                    (u.range, u.policies.clone(), facts)
                });
                assert_eq!(got, expected, "{} on {day} in {}", t.shipment, facts_path.display());
                undetermined += usize::from(open.is_some());
                checked += 1;
            }
        }
    }
    // The unknown-origins example leaves outcomes open on some days.
    if facts_path.starts_with("examples") && !facts.unknowns.is_empty() {
        assert!(undetermined > 0, "no undetermined interval in {}", facts_path.display());
    }
    checked
}

#[test]
fn timelines_of_the_examples_agree_with_evaluation_on_every_interval_edge() {
    let bundled = edict::load::load(edict::bundled::sources()).set.expect("bundled");
    let mut checked = 0;
    for entry in std::fs::read_dir("examples")
        .expect("examples")
        .filter_map(|e| e.ok().map(|e| e.path()))
    {
        let facts = entry.join("facts.json");
        if facts.exists() {
            checked += check_timelines(&bundled, &facts);
        }
    }
    // Every kind of unknown fact of version 2 (countries, shares, values,
    // holding and listing dates).
    checked += check_timelines(
        &bundled,
        Path::new("tests/cases/facts/ok/version-2-unknowns/facts.json"),
    );
    for case in std::fs::read_dir("tests/cases/diff")
        .expect("cases")
        .filter_map(|e| e.ok().map(|e| e.path()))
    {
        if case.is_dir() {
            checked += check_timelines(&side(&case, "new"), &case.join("facts.json"));
        }
    }
    assert!(checked > 50, "only {checked} interval edges checked");
}

#[test]
fn a_chinese_dysprosium_re_export_from_japan_over_time() {
    let facts = r#"{ "version": 1,
      "parties": { "jp": { "name": "JP Trading", "country": "JP" }, "us": { "name": "US buyer", "country": "US" } },
      "items": { "dy": { "description": "Dy metal", "origin": "CN", "value": "100.00", "classes": ["metal", "1C905.a"], "elements": ["Dy"] } },
      "shipments": [ { "id": "S", "date": "2026-01-15", "item": "dy", "exporter": "jp", "from": "JP", "to": "US", "end_user": "us" } ] }"#;
    let bundled = edict::load::load(edict::bundled::sources()).set.expect("bundled");
    let source = FactsSource::new("facts.json", facts);
    let facts = load_facts(&source).expect("facts");
    let t = timelines(
        &bundled,
        &facts,
        &source,
        Some("2025-01-01".parse().expect("d")),
        Some("2027-12-31".parse().expect("d")),
    )
    .expect("timeline");
    let steps: Vec<(Option<&str>, String)> = t[0]
        .intervals
        .iter()
        .map(|i| (i.from.as_deref(), i.outcome.to_string()))
        .collect();
    assert_eq!(
        steps,
        [
            (Some("2025-01-01"), "not-controlled".to_string()),
            (Some("2025-10-09"), "licence-required".to_string()),
            (Some("2025-11-07"), "not-controlled".to_string()),
            (Some("2026-11-11"), "licence-required".to_string()),
        ]
    );
    assert!(t[0].intervals[2]
        .because
        .iter()
        .any(|b| b.contains("cn-mofcom-2025-70.suspension suspends cn-mofcom-2025-61")));
}
