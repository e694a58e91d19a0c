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

// ───────────────────── bills of materials: depth and paths ─────────────────────

/// A quarter of a test thread's default stack; the deep cases run on one
/// this size, so that a recursion 10 000 deep (frames under 53 bytes) would abort.
const TEST_STACK: usize = 512 << 10;

/// Runs `f` on a fresh thread with a 512 kB stack (a stack overflow aborts the test binary).
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(TEST_STACK)
        .spawn(f)
        .expect("thread")
        .join()
        .expect("no panic")
}

/// Both a content test and a has-component test, over a category of CN metal.
const DEEP_POLICY: &str = r#"policy p
  title "t"
  authority "a"
  issued 2020-01-01
list listed "a list"
class metal "a metal"
category source "source materials"
  any metal
rule r "Art. 1"
  outcome licence-required
  when the item has a component in source
rule s "Art. 2"
  outcome prohibited
  when the value of components in source originating in CN is at least 0.1% of the item's value
"#;

/// The explanation of shipment `S`, its text, and eval's outcome and
/// reasons (every `because` of every finding), on the small stack.
fn explained(facts: String) -> (edict::eval::Explanation, String, (edict::outcome::Outcome, Vec<String>)) {
    on_small_stack(move || {
        let mut sources = edict::source::SourceMap::new();
        sources.add("p.edict", DEEP_POLICY);
        let set = edict::load::load(sources).set.expect("policy checks");
        let source = edict::facts::FactsSource::new("facts.json", facts);
        let facts = edict::facts::load(&source).expect("valid facts");
        let decisions =
            edict::eval::evaluate(&set, &facts, &source, &edict::eval::EvalOptions::default()).expect("decided");
        let mut evaluator = edict::eval::Evaluator::new(&set, &facts, &source);
        let shipment = &facts.shipments[0];
        let decision = evaluator.decide(0, shipment, shipment.date);
        let explanation = evaluator
            .explain_shipment(0, shipment.date, &decision)
            .expect("explained");
        assert!(evaluator.finish().is_ok(), "no problem with the facts");
        let text = edict::report::explain::text(&explanation);
        let d = &decisions.decisions[0];
        let because = d
            .policies
            .iter()
            .flat_map(|p| p.findings.iter().flat_map(|f| f.because.iter().cloned()))
            .collect();
        (explanation, text, (d.outcome, because))
    })
}

/// The content table of rule `s`.
fn table(e: &edict::eval::Explanation) -> &edict::eval::ContentTable {
    e.policies[0]
        .rules
        .iter()
        .find(|r| r.rule == "s")
        .and_then(|r| r.tests().into_iter().find_map(|t| t.content.as_ref()))
        .expect("a content table")
}

/// Items `i0` → … → `i{n-1}`, each one unit of the next; the last is CN metal worth 5.
fn bom_chain(n: usize) -> String {
    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        items.push(if i + 1 < n {
            format!(
                r#""i{i}": {{ "description": "d", "origin": "DE", "value": "1000", "components": [ {{ "item": "i{}", "quantity": 1 }} ] }}"#,
                i + 1
            )
        } else {
            format!(r#""i{i}": {{ "description": "d", "origin": "CN", "value": "5", "classes": ["metal"] }}"#)
        });
    }
    facts_with_items(&items.join(",\n"), "i0")
}

/// A bill `n` deep, explained: one row a line, each naming only its
/// assembly and the row above.
fn deep_bill_explained(n: usize) {
    let (e, text, decisions) = explained(bom_chain(n));
    assert_eq!(e.outcome, decisions.0);
    assert_eq!(e.outcome.to_string(), "prohibited");
    let t = table(&e);
    assert_eq!(t.rows.len(), n - 1, "one row per line of the bill");
    assert_eq!(t.content, "5.00");
    assert_eq!(t.share, "0.5%");
    let last = t.rows.last().expect("rows");
    assert_eq!(
        (last.component.as_str(), last.under),
        (format!("i{}", n - 1).as_str(), Some(n - 2))
    );
    // Each row names its assembly and the row above, not the whole path:
    // the text grows with the facts (it was 390 MB for a 10 000-deep chain).
    assert!(text.len() < n * 400, "{} bytes", text.len());
}

#[test]
fn a_bill_of_materials_10000_deep_is_explained_on_a_small_stack_one_row_a_line() {
    deep_bill_explained(10_000);
}

#[test]
#[ignore = "100 000 deep: minutes in a debug build; .ci/run runs it with --ignored"]
fn a_bill_of_materials_100000_deep_is_explained_on_a_small_stack_one_row_a_line() {
    deep_bill_explained(100_000);
}

#[test]
fn the_table_grows_linearly_with_the_depth_of_the_bill() {
    let (_, small, _) = explained(bom_chain(2_000));
    let (_, large, _) = explained(bom_chain(4_000));
    assert!(
        large.len() < small.len() * 5 / 2,
        "twice the depth, {} → {} bytes",
        small.len(),
        large.len()
    );
}

/// Assemblies `a0` … `a{levels-1}`, each using the next twice (two lines),
/// the last using CN metal worth 1: 2^levels paths to the metal.
fn doubling(levels: usize) -> String {
    let mut items = Vec::new();
    for i in 0..levels {
        let next = if i + 1 < levels {
            format!("a{}", i + 1)
        } else {
            "dy".to_string()
        };
        items.push(format!(
            r#""a{i}": {{ "description": "d", "origin": "DE", "value": "1000000000000000", "components": [ {{ "item": "{next}", "quantity": 1 }}, {{ "item": "{next}", "quantity": 1 }} ] }}"#
        ));
    }
    items.push(r#""dy": { "description": "d", "origin": "CN", "value": "1", "classes": ["metal"] }"#.to_string());
    facts_with_items(&items.join(",\n"), "a0")
}

#[test]
fn a_bill_with_2_to_the_40_paths_is_one_row_per_line_with_quantities_in_all() {
    let (e, text, decisions) = explained(doubling(40));
    let t = table(&e);
    assert_eq!(t.rows.len(), 80, "two lines per assembly");
    // 2^40 units of metal in one shipped a0, worth 1 each, as eval counts.
    assert_eq!(t.content, "1099511627776.00");
    assert!(
        decisions.1.iter().any(|b| b.contains("1099511627776")),
        "{:?}",
        decisions.1
    );
    let metal = t.rows.iter().filter(|r| r.component == "dy").collect::<Vec<_>>();
    assert_eq!(metal.len(), 2);
    assert!(metal.iter().all(|r| r.in_all == "549755813888"), "{metal:?}");
    // The second use of each assembly refers to the first.
    let second = t.rows.iter().find(|r| r.see == Some(1)).expect("a1 used again");
    assert_eq!(
        (second.assembly.as_str(), second.component.as_str(), second.row),
        ("a0", "a1", 80)
    );
    assert!(
        second.why.ends_with("its components are examined at row 1"),
        "{}",
        second.why
    );
    assert!(text.len() < 40_000, "{} bytes", text.len());
}
