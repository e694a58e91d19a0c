//! `edict test --mutants` drops a class or composition from a category line
//! and a list from a listing test; a test that never relies on the dropped
//! part leaves the mutant alive.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::process::Command;

const POLICY: &str = r#"policy example-lines
  title "Example lines"
  authority "Example authority"
  issued 2025-01-01
  in force

list list-a "List A"
list list-b "List B"
class class-a "Class A"
class class-b "Class B"

category goods "The Annex"
  any item classed class-a or class-b

rule goods-licence "Art. 1"
  outcome licence-required
  when the item is in goods

rule listed "Art. 2"
  outcome prohibited
  when the end user is on list-a or list-b
"#;

/// Tests relying on class-a and list-a only, and (when `whole`) on class-b
/// and list-b too.
fn tests_file(whole: bool) -> String {
    let (more_items, more_ships, more_expects) = if whole {
        (
            r#", "b": { "origin": "DE", "value": "1.00", "classes": ["class-b"] }"#,
            r#", { "id": "B", "date": "2025-06-01", "item": "b", "exporter": "x", "from": "DE", "to": "FR", "end_user": "y" }, { "id": "LB", "date": "2025-06-01", "item": "plain", "exporter": "x", "from": "DE", "to": "FR", "end_user": "on-b" }"#,
            "  expect B licence-required\n  expect LB prohibited\n",
        )
    } else {
        ("", "", "")
    };
    format!(
        r#"tests "Lines"

test lines "Art. 1 and 2"
  because "Arts. 1 and 2"
  facts {{
    "version": 1,
    "parties": {{ "x": {{ "country": "DE" }}, "y": {{ "country": "FR" }}, "on-a": {{ "country": "FR" }}, "on-b": {{ "country": "FR" }} }},
    "listings": [ {{ "party": "on-a", "list": "list-a" }}, {{ "party": "on-b", "list": "list-b" }} ],
    "items": {{ "a": {{ "origin": "DE", "value": "1.00", "classes": ["class-a"] }}, "plain": {{ "origin": "DE", "value": "1.00" }}{more_items} }},
    "shipments": [ {{ "id": "A", "date": "2025-06-01", "item": "a", "exporter": "x", "from": "DE", "to": "FR", "end_user": "y" }}, {{ "id": "PLAIN", "date": "2025-06-01", "item": "plain", "exporter": "x", "from": "DE", "to": "FR", "end_user": "y" }}, {{ "id": "LA", "date": "2025-06-01", "item": "plain", "exporter": "x", "from": "DE", "to": "FR", "end_user": "on-a" }}{more_ships} ]
  }}
  expect A licence-required
  expect PLAIN not-controlled
  expect LA prohibited
{more_expects}"#
    )
}

fn mutants(name: &str, whole: bool) -> String {
    let dir = std::env::temp_dir().join(format!("edict-mutants-lines-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("example.edict"), POLICY).unwrap();
    std::fs::write(dir.join("example.test.edict"), tests_file(whole)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(["test", "--mutants"])
        .arg(&dir)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    text
}

#[test]
fn a_class_or_a_list_no_test_relies_on_survives_its_removal() {
    let text = mutants("partial", false);
    assert!(text.contains("category goods: class class-b dropped"), "{text}");
    assert!(
        text.contains("rule listed: `list-b` dropped from `list-a, list-b`"),
        "{text}"
    );
    assert!(!text.contains("class class-a dropped"), "killed by A:\n{text}");
    assert!(!text.contains("`list-a` dropped"), "killed by LA:\n{text}");
    let text = mutants("whole", true);
    assert!(!text.contains("survived"), "{text}");
}
