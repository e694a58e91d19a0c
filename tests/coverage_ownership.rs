//! `edict test --coverage` counts ownership thresholds as it counts content
//! shares: each seen exactly at its value, below it and above it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

const POLICY: &str = r#"policy example-ownership
  title "Example ownership rule"
  authority "Example authority"
  issued 2025-01-01

list example-list "An example restricted list"

rule owned "Art. 1"
  outcome licence-required
  when the end user is owned at least 50% by parties on example-list, directly or indirectly, individually or in aggregate
"#;

/// A test file whose shipments' end users are held `shares` by the listed
/// party, with the outcome each share gives.
fn tests_file(shares: &[(&str, &str)]) -> String {
    let parties: Vec<String> = shares
        .iter()
        .enumerate()
        .map(|(i, _)| format!(r#""held-{i}": {{ "country": "FR" }}"#))
        .collect();
    let ownership: Vec<String> = shares
        .iter()
        .enumerate()
        .map(|(i, (share, _))| format!(r#"{{ "owner": "listed", "owned": "held-{i}", "share": "{share}" }}"#))
        .collect();
    let shipments: Vec<String> = shares
        .iter()
        .enumerate()
        .map(|(i, _)| {
            format!(
                r#"{{ "id": "S-{i}", "date": "2025-06-01", "item": "pump", "exporter": "maker", "from": "DE", "to": "FR", "end_user": "held-{i}" }}"#
            )
        })
        .collect();
    let expects: Vec<String> = shares
        .iter()
        .enumerate()
        .map(|(i, (_, outcome))| format!("  expect S-{i} {outcome}\n"))
        .collect();
    format!(
        r#"tests "Ownership threshold"

test shares "Art. 1 at the shares given"
  because "Art. 1"
  facts {{
    "version": 1,
    "parties": {{ "maker": {{ "country": "DE" }}, "listed": {{ "country": "CN" }}, {} }},
    "ownership": [ {} ],
    "listings": [ {{ "party": "listed", "list": "example-list" }} ],
    "items": {{ "pump": {{ "origin": "DE", "value": "100.00" }} }},
    "shipments": [ {} ]
  }}
{}"#,
        parties.join(", "),
        ownership.join(", "),
        shipments.join(", "),
        expects.concat()
    )
}

fn scratch(name: &str, tests: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("edict-coverage-ownership-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("example.edict"), POLICY).unwrap();
    std::fs::write(dir.join("example.test.edict"), tests).unwrap();
    dir
}

fn coverage(dir: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(["test", "--coverage"])
        .arg(dir)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[test]
fn an_ownership_threshold_is_seen_at_below_and_above() {
    let dir = scratch(
        "partial",
        &tests_file(&[("50%", "licence-required"), ("49.99%", "not-controlled")]),
    );
    let text = coverage(&dir);
    assert!(text.contains("thresholds"), "{text}");
    assert!(text.contains("2/2 100%"), "rules: applied and not applied:\n{text}");
    assert!(text.contains("2/3 66.7%"), "at and below, not above:\n{text}");
    assert!(
        text.contains("rule owned: the end user is owned at least 50%"),
        "the threshold is named:\n{text}"
    );
    assert!(text.contains("never above the threshold"), "{text}");
    assert!(!text.contains("never at the threshold"), "{text}");
    assert!(!text.contains("never below the threshold"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);

    let dir = scratch(
        "whole",
        &tests_file(&[
            ("50%", "licence-required"),
            ("49.99%", "not-controlled"),
            ("50.01%", "licence-required"),
        ]),
    );
    let text = coverage(&dir);
    assert!(text.contains("3/3 100%"), "{text}");
    assert!(!text.contains("the threshold"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}
