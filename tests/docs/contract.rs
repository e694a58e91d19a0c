//! `docs/facts.md` and `docs/vocabulary.md` against the code and the
//! bundled library.

use std::collections::BTreeSet;

use edict::ast::TagKind;

use super::{read, root};

/// Every `edict::facts::` diagnostic code in `src/`, found by reading the
/// source (a code is a string literal there).
fn facts_codes_in_source() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let mut dirs = vec![root().join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, _) in text.match_indices("\"edict::facts::") {
                let rest = &text[i + "\"edict::facts::".len()..];
                let end = rest.find('"').unwrap();
                codes.insert(rest[..end].to_string());
            }
        }
    }
    codes
}

#[test]
fn facts_contract_lists_every_facts_diagnostic_code() {
    let doc = read("docs/facts.md");
    let section = doc
        .split("## Diagnostic codes")
        .nth(1)
        .expect("a `## Diagnostic codes` section");
    let codes = facts_codes_in_source();
    assert!(codes.len() >= 20, "found only {codes:?}");
    let listed: BTreeSet<String> = section
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .map(str::to_string)
        .collect();
    let missing: Vec<&String> = codes.difference(&listed).collect();
    let stale: Vec<&String> = listed.difference(&codes).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "docs/facts.md, Diagnostic codes: add {missing:?}, remove {stale:?}"
    );
}

/// The tags of a table's first column in each `## ` section of
/// `docs/vocabulary.md`, by the kind of tag the section is about.
fn documented_tags() -> Vec<(TagKind, BTreeSet<String>)> {
    let doc = read("docs/vocabulary.md");
    let kinds = [
        ("## Item classes", TagKind::Class),
        ("## Technologies", TagKind::Technology),
        ("## Party kinds", TagKind::Kind),
        ("## Lists", TagKind::List),
        ("## End uses", TagKind::EndUse),
    ];
    let mut out = Vec::new();
    for (heading, kind) in kinds {
        let start = doc
            .find(heading)
            .unwrap_or_else(|| panic!("docs/vocabulary.md has no `{heading}`"));
        let rest = &doc[start + heading.len()..];
        let section = rest.find("\n## ").map_or(rest, |end| &rest[..end]);
        let mut tags = BTreeSet::new();
        for line in section.lines().filter(|l| l.starts_with("| `")) {
            let first = line.split('|').nth(1).unwrap();
            tags.extend(first.split('`').skip(1).step_by(2).map(str::to_string));
        }
        out.push((kind, tags));
    }
    out
}

#[test]
fn vocabulary_page_lists_exactly_the_tags_the_bundled_library_declares() {
    let loaded = edict::load::load(edict::bundled::sources());
    let set = loaded.set.expect("the bundled library checks");
    for (kind, documented) in documented_tags() {
        let declared: BTreeSet<String> = set
            .vocabulary
            .get(&kind)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        assert!(!declared.is_empty(), "the library declares no {}", kind.noun());
        let missing: Vec<&String> = declared.difference(&documented).collect();
        let stale: Vec<&String> = documented.difference(&declared).collect();
        assert!(
            missing.is_empty() && stale.is_empty(),
            "docs/vocabulary.md, tags of kind `{}`: add {missing:?}, remove {stale:?}",
            kind.noun()
        );
    }
}
