//! `explain` on hostile facts: values near the largest exact decimal (an
//! error with eval's diagnostic, never a panic), bills of materials too deep
//! to recurse on, and bills of materials with more paths than atoms (the
//! table is bounded by the facts, not by the paths).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::PathBuf;
use std::process::{Command, Output};

const POLICY: &str = r#"policy p
  title "t"
  authority "a"
  issued 2020-01-01
list listed "a list"
class metal "a metal"
category source "source materials"
  any metal
rule r "Art. 1"
  outcome prohibited
  when the value of components in source originating in CN is at least 0.1% of the item's value
"#;

/// A folder of its own for one test.
fn dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("edict-explain-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A facts file with one party, the given items, and shipment `S` of `item`.
fn facts_with_items(items: &str, item: &str) -> String {
    format!(
        r#"{{ "version": 1, "parties": {{ "a": {{ "name": "a", "country": "DE" }} }}, "ownership": [], "listings": [],
        "items": {{ {items} }},
        "shipments": [ {{ "id": "S", "date": "2025-06-01", "item": "{item}", "exporter": "a", "from": "DE", "to": "RU", "end_user": "a" }} ] }}"#
    )
}

/// Writes the policy and facts and runs `edict <command> … --facts` on them.
fn edict(test: &str, command: &[&str], facts: &str) -> Output {
    let dir = dir(test);
    let policy = dir.join("p.edict");
    let facts_path = dir.join("facts.json");
    std::fs::write(&policy, POLICY).expect("write");
    std::fs::write(&facts_path, facts).expect("write");
    let mut args: Vec<&str> = command.to_vec();
    let (p, f) = (policy.to_str().expect("utf-8"), facts_path.to_str().expect("utf-8"));
    args.extend([p, "--facts", f]);
    if command == ["explain"] {
        args.extend(["--shipment", "S"]);
    }
    Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(&args)
        .env("NO_COLOR", "1")
        .output()
        .expect("edict runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Explain fails as eval does: exit 1, nothing on stdout, the same diagnostic.
fn fails_as_eval_does(test: &str, facts: &str, expected: &[&str]) {
    let eval = edict(test, &["eval"], facts);
    let explain = edict(test, &["explain"], facts);
    assert_eq!(eval.status.code(), Some(1), "eval: {}", stderr(&eval));
    assert_eq!(explain.status.code(), Some(1), "explain: {}", stderr(&explain));
    assert!(
        explain.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&explain.stdout)
    );
    let said = stderr(&explain);
    assert!(said.contains("edict::facts::overflow"), "{said}");
    for e in expected {
        assert!(said.contains(e), "{e} not in {said}");
    }
    assert!(!said.contains("panicked"), "{said}");
    assert_eq!(said, stderr(&eval), "explain and eval report the same");
}

const MAX: &str = "79228162514264337593543950335";

#[test]
fn content_multiplied_past_the_largest_decimal_fails_explain_as_it_fails_eval() {
    let items = format!(
        r#""top": {{ "description": "t", "origin": "DE", "value": "1000", "components": [ {{ "item": "sub", "quantity": 2 }} ] }},
        "sub": {{ "description": "s", "origin": "DE", "value": "1", "components": [ {{ "item": "dy", "quantity": 1, "value": "{MAX}" }} ] }},
        "dy": {{ "description": "d", "origin": "CN", "value": "1", "classes": ["metal"] }}"#
    );
    fails_as_eval_does(
        "nested",
        &facts_with_items(&items, "top"),
        &[r#"items["top"].components[0]"#, "(sub)", "facts.json:2:98"],
    );
}

#[test]
fn a_unit_value_times_quantity_past_the_largest_decimal_fails_explain() {
    let items = format!(
        r#""top": {{ "description": "t", "origin": "DE", "value": "1000", "components": [ {{ "item": "dy", "quantity": 2 }} ] }},
        "dy": {{ "description": "d", "origin": "CN", "value": "{MAX}", "classes": ["metal"] }}"#
    );
    fails_as_eval_does("unit", &facts_with_items(&items, "top"), &["quantity (2)"]);
}

#[test]
fn a_sum_of_lines_past_the_largest_decimal_fails_explain() {
    let items = format!(
        r#""top": {{ "description": "t", "origin": "DE", "value": "1000", "components": [
            {{ "item": "dy", "quantity": 1, "value": "{MAX}" }}, {{ "item": "dy", "quantity": 1, "value": "1" }} ] }},
        "dy": {{ "description": "d", "origin": "CN", "value": "1", "classes": ["metal"] }}"#
    );
    fails_as_eval_does(
        "sum",
        &facts_with_items(&items, "top"),
        &[r#"items["top"].components[1]"#],
    );
}

#[test]
fn a_share_too_large_to_divide_fails_explain() {
    let items = format!(
        r#""top": {{ "description": "t", "origin": "DE", "value": "0.0000000001", "components": [
            {{ "item": "dy", "quantity": 1, "value": "{MAX}" }} ] }},
        "dy": {{ "description": "d", "origin": "CN", "value": "1", "classes": ["metal"] }}"#
    );
    fails_as_eval_does("divide", &facts_with_items(&items, "top"), &["divided by"]);
}

#[test]
fn a_share_near_the_largest_decimal_is_explained_with_its_margin() {
    // The share is 7.9e28: a hundred times it does not fit, but it is
    // decided, and explain writes the share and its margin exactly.
    let items = format!(
        r#""top": {{ "description": "t", "origin": "DE", "value": "1", "components": [
            {{ "item": "dy", "quantity": 1, "value": "{MAX}" }} ] }},
        "dy": {{ "description": "d", "origin": "CN", "value": "1", "classes": ["metal"] }}"#
    );
    let out = edict("near-max", &["explain"], &facts_with_items(&items, "top"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("prohibited"), "{text}");
    assert!(text.contains("= 7922816251426433759354395033500%"), "{text}");
    assert!(
        text.contains("7922816251426433759354395033500 percentage points above"),
        "{text}"
    );
}

#[test]
fn quantities_multiplied_past_the_largest_decimal_over_nothing_counted_are_explained() {
    // Nothing below the deep assemblies counts, so eval decides without
    // multiplying the quantities; explain must neither panic nor fail.
    let big = "10000000000000000";
    let items = format!(
        r#""top": {{ "description": "t", "origin": "DE", "value": "1000", "components": [ {{ "item": "a", "quantity": {big} }}, {{ "item": "dy", "quantity": 1, "value": "10" }} ] }},
        "a": {{ "description": "a", "origin": "DE", "value": "1", "components": [ {{ "item": "b", "quantity": {big} }} ] }},
        "b": {{ "description": "b", "origin": "DE", "value": "1", "components": [ {{ "item": "c", "quantity": {big} }} ] }},
        "c": {{ "description": "c", "origin": "DE", "value": "1" }},
        "dy": {{ "description": "d", "origin": "CN", "value": "1", "classes": ["metal"] }}"#
    );
    let facts = facts_with_items(&items, "top");
    let eval = edict("quantities", &["eval"], &facts);
    assert_eq!(eval.status.code(), Some(0), "{}", stderr(&eval));
    let out = edict("quantities", &["explain"], &facts);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("total 10.00 of 1000.00 = 1%"), "{text}");
}
