//! Stage 2: the checker over the fixture folders `tests/cases/check/`.
//!
//! Each case is a folder with a one-line `case.json` (`{"description": …}`,
//! optionally `"codes": [...]`) and one or more `*.edict` files, loaded
//! together in name order.
//!
//! - `err/<code>/`: must fail; every error must carry the code the folder
//!   is named after (or one listed in `codes`); the snapshot is every
//!   diagnostic, rendered as a user sees it.
//! - `ok/<case>/`: must load without any diagnostic; the snapshot is a short
//!   summary of the resulting policy set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edict::diagnostics::{is_error, render_plain};
use edict::load::{load, Loaded};
use edict::policy::{Condition, Effect, MemberTest, Policy, PolicySet, Test};
use edict::source::SourceMap;
use std::fmt::Write as _;
use std::path::Path;

/// The case's marker file.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    #[allow(dead_code)]
    description: String,
    /// The codes (without `edict::`) an `err` case may produce; by default
    /// the folder's name.
    codes: Option<Vec<String>>,
}

/// Loads every `*.edict` file of the folder of `marker`, named by file name.
fn load_case(marker: &Path) -> (Case, Loaded) {
    let case: Case = serde_json::from_str(&std::fs::read_to_string(marker).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", marker.display()));
    let dir = marker.parent().unwrap();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "edict"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no .edict file", dir.display());
    let mut sources = SourceMap::new();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        sources.add(name, std::fs::read_to_string(f).unwrap());
    }
    (case, load(sources))
}

fn case_name(marker: &Path) -> String {
    let dir = marker.parent().unwrap();
    dir.file_name().unwrap().to_string_lossy().into_owned()
}

fn render_all(loaded: &Loaded) -> String {
    loaded
        .diagnostics
        .iter()
        .map(|d| render_plain(d.as_ref()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn err() {
    insta::glob!("cases/check/err/*/case.json", |marker| {
        let (case, loaded) = load_case(marker);
        let allowed = case.codes.unwrap_or_else(|| vec![case_name(marker)]);
        let rendered = render_all(&loaded);
        let errors: Vec<String> = loaded
            .diagnostics
            .iter()
            .filter(|d| is_error(d.as_ref()))
            .map(|d| d.code().map(|c| c.to_string()).unwrap_or_default())
            .collect();
        assert!(!errors.is_empty(), "{}: no error", marker.display());
        assert!(loaded.set.is_none(), "{}: a set despite errors", marker.display());
        for code in &errors {
            let bare = code.strip_prefix("edict::").unwrap_or(code);
            assert!(
                allowed.iter().any(|a| a == bare),
                "{}: unexpected {code} (allowed: {allowed:?})\n{rendered}",
                marker.display()
            );
        }
        insta::assert_snapshot!(rendered);
    });
}

#[test]
fn ok() {
    insta::glob!("cases/check/ok/*/case.json", |marker| {
        let (_, loaded) = load_case(marker);
        assert!(
            loaded.diagnostics.is_empty(),
            "{} should load cleanly:\n{}",
            marker.display(),
            render_all(&loaded)
        );
        let set = loaded.set.expect("a policy set");
        insta::assert_snapshot!(summary(&set));
    });
}

#[test]
fn bundled_library_loads_without_diagnostics() {
    let loaded = load(edict::bundled::sources());
    assert!(loaded.diagnostics.is_empty(), "{}", render_all(&loaded));
    assert!(loaded.set.is_some());
}

// ───────────────────────────── the summary ─────────────────────────────

/// Policies with their windows, suspensions, rules (with their versions)
/// and categories, then the vocabulary and the country groups.
fn summary(set: &PolicySet) -> String {
    let mut out = String::new();
    for p in &set.policies {
        policy(set, p, &mut out);
    }
    for (kind, tags) in &set.vocabulary {
        let names: Vec<&str> = tags.keys().map(String::as_str).collect();
        writeln!(out, "{}: {}", kind.keyword(), names.join(", ")).unwrap();
    }
    for (name, g) in &set.groups {
        let countries: Vec<String> = g.countries.iter().map(|c| c.to_string()).collect();
        writeln!(out, "country group {name} ({}): {}", g.policy, countries.join(" ")).unwrap();
    }
    out
}

fn policy(set: &PolicySet, p: &Policy, out: &mut String) {
    writeln!(out, "policy {} {:?}, in force {}", p.id, p.title, p.window.describe()).unwrap();
    for s in &p.suspensions {
        writeln!(out, "  suspended {} by {} ({})", s.window.describe(), s.by, s.cite).unwrap();
    }
    for r in &p.rules {
        writeln!(out, "  rule {} {:?}, in force {}", r.id, r.cite, r.window.describe()).unwrap();
        for s in &r.suspensions {
            writeln!(out, "    suspended {} by {} ({})", s.window.describe(), s.by, s.cite).unwrap();
        }
        for v in &r.versions {
            let from = v.from.map_or("the start".to_string(), |d| d.to_string());
            let by = v
                .amended_by
                .as_ref()
                .map_or(String::new(), |(by, _)| format!(" by {by}"));
            writeln!(out, "    from {from}{by}: {}", effect(p, &v.effect)).unwrap();
            if !v.yields.is_empty() {
                writeln!(out, "      yields to {}", rule_names(p, &v.yields)).unwrap();
            }
            if let Some(c) = &v.condition {
                writeln!(out, "      when {}", condition(set, c)).unwrap();
            }
        }
    }
    for id in &p.categories {
        let Some(c) = set.category(*id) else { continue };
        let dated = if c.dated { ", dated" } else { "" };
        writeln!(out, "  category {}{dated}", c.id).unwrap();
        for m in &c.members {
            let added = m.added.as_ref().map_or(String::new(), |(w, cite)| {
                format!(" (added {} by {cite})", w.describe())
            });
            writeln!(out, "    {}{added}", member(set, &m.test)).unwrap();
        }
    }
    for a in &p.amendments {
        writeln!(out, "  amendment {} ({})", a.id, a.cite).unwrap();
        for action in &a.actions {
            writeln!(out, "    {action}").unwrap();
        }
    }
}

fn rule_names(p: &Policy, indices: &[usize]) -> String {
    let names: Vec<&str> = indices
        .iter()
        .map(|i| p.rules.get(*i).map_or("?", |r| r.id.as_str()))
        .collect();
    names.join(", ")
}

fn effect(p: &Policy, e: &Effect) -> String {
    match e {
        Effect::Outcome {
            outcome,
            listing_attribute,
        } => match listing_attribute {
            Some(a) => format!("outcome {outcome} or the listing's {a}"),
            None => format!("outcome {outcome}"),
        },
        Effect::Raises { by: None, to } => format!("raises any required licence to {to}"),
        Effect::Raises { by: Some(by), to } => format!("raises a licence required by {} to {to}", rule_names(p, by)),
        Effect::Exempts(rules) => format!("exempts {}", rule_names(p, rules)),
    }
}

fn category_name(set: &PolicySet, id: edict::policy::CategoryId) -> String {
    set.category(id).map_or("?".to_string(), |c| c.id.clone())
}

fn member(set: &PolicySet, m: &MemberTest) -> String {
    match m {
        MemberTest::InCategory(id) => format!("any item in {}", category_name(set, *id)),
        MemberTest::Classed(names) => format!("any item classed {}", names.words()),
        MemberTest::Form {
            form,
            compositions,
            with_component,
        } => {
            let mut s = format!("any {form}");
            for c in compositions {
                write!(s, " of {}", c.words()).unwrap();
            }
            if let Some(id) = with_component {
                write!(s, " with a component in {}", category_name(set, *id)).unwrap();
            }
            s
        }
        MemberTest::Containing(compositions) => {
            let parts: Vec<String> = compositions
                .iter()
                .map(|c| format!("containing {}", c.words()))
                .collect();
            format!("any item {}", parts.join(", or "))
        }
    }
}

/// A resolved condition, bracketed; thresholds are printed from the set
/// (amendments may have changed them), other tests as written.
fn condition(set: &PolicySet, c: &Condition) -> String {
    let join = |word: &str, parts: &[Condition]| {
        let inner: Vec<String> = parts.iter().map(|p| condition(set, p)).collect();
        format!("({})", inner.join(&format!(" {word} ")))
    };
    match c {
        Condition::All(parts) => join("and", parts),
        Condition::Any(parts) => join("or", parts),
        Condition::Not(inner) => format!("not {}", condition(set, inner)),
        Condition::Test(test, span) => match test.as_ref() {
            Test::ContentShare {
                category,
                origin,
                comparator,
                percent,
                ..
            } => {
                let origin = origin
                    .as_ref()
                    .map_or(String::new(), |o| format!(" originating {}", o.words));
                format!(
                    "[content of {}{origin} {} {percent}%]",
                    category_name(set, *category),
                    comparator.words()
                )
            }
            Test::PartyOwned(party, t) => format!(
                "[{} owned {} {}% by {}]",
                party.words(),
                t.comparator.words(),
                t.percent,
                t.lists.join(", ")
            ),
            _ => {
                let text = set.sources.slice(*span);
                format!("[{}]", text.split_whitespace().collect::<Vec<_>>().join(" "))
            }
        },
    }
}
