//! `edict test`: the runner's contract (exit statuses, what a failure
//! shows) and its output in each format, on a copy of
//! `examples/policy-tests/` with one threshold off by a basis point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch folder holding `suite/`, a copy of examples/policy-tests,
/// with `change` applied to the policy.
fn scratch(name: &str, change: impl Fn(&str) -> String) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/policy-tests");
    let dir = std::env::temp_dir().join(format!("edict-test-runner-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let suite = dir.join("suite");
    std::fs::create_dir_all(&suite).unwrap();
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let text = if path.ends_with("gallium.edict") {
            change(&text)
        } else {
            text
        };
        std::fs::write(suite.join(path.file_name().unwrap()), text).unwrap();
    }
    dir
}

fn edict(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("edict runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The policy with Art. 1(2)'s threshold one basis point too high.
fn off_by_a_basis_point(text: &str) -> String {
    let wrong = text.replace("at least 25%", "at least 25.01%");
    assert_ne!(wrong, text);
    wrong
}

#[test]
fn the_example_passes() {
    let out = Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(["test", "examples/policy-tests/"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout(&out), "7 passed, 0 failed\n");
}

#[test]
fn a_threshold_off_by_a_basis_point_fails_and_points_to_the_rule() {
    let dir = scratch("text", off_by_a_basis_point);
    let out = edict(&dir, &["test", "suite"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.ends_with("6 passed, 1 failed\n"), "{text}");
    assert!(
        text.contains("G-3 on 2026-04-01: expected licence-required by content, got not-controlled"),
        "{text}"
    );
    assert!(
        text.contains("rule content (Example Regulation No. 1, Art. 1(2)): did not apply"),
        "{text}"
    );
    insta::assert_snapshot!("text", text);
    let json = stdout(&edict(&dir, &["test", "suite", "--format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["failed"], 1);
    insta::assert_snapshot!("json", json);
    let junit = stdout(&edict(&dir, &["test", "suite", "--format", "junit"]));
    assert!(junit.contains("failures=\"1\""), "{junit}");
    insta::assert_snapshot!("junit", junit);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn filter_runs_only_the_tests_named() {
    let dir = scratch("filter", off_by_a_basis_point);
    let out = edict(&dir, &["test", "suite", "--filter", "GERMANY"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "1 passed, 0 failed\n");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Writes a test file beside the example policy and runs it.
fn run_tests(name: &str, tests: &str) -> (Option<i32>, String, String) {
    let dir = scratch(name, str::to_string);
    std::fs::write(dir.join("suite/gallium.test.edict"), tests).unwrap();
    let out = edict(&dir, &["test", "suite"]);
    let _ = std::fs::remove_dir_all(&dir);
    (
        out.status.code(),
        stdout(&out),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const HEAD: &str = "tests \"T\"\n\ntest t \"T\"\n  facts \"facts.json\"\n";

#[test]
fn unknown_names_are_invalid_input_with_a_suggestion() {
    let cases = [
        (
            "expect G-99 exempt",
            "edict::test::unknown-shipment",
            "did you mean `G-9`?",
        ),
        (
            "expect G-1 licence-requried",
            "edict::test::unknown-outcome",
            "did you mean `licence-required`?",
        ),
        (
            "expect G-1 exempt under example-galium",
            "edict::test::unknown-policy",
            "did you mean `example-gallium`?",
        ),
        (
            "expect G-1 exempt by licnce",
            "edict::test::unknown-rule",
            "did you mean `licence`?",
        ),
        (
            "expect G-1 exempt under example-gallium by denail",
            "edict::test::unknown-rule",
            "did you mean `denial`?",
        ),
        (
            "expect G-1 exempt by nope.licence",
            "edict::test::unknown-policy",
            "policy `nope`",
        ),
        ("expect G-1", "edict::test::syntax", "expected a name"),
        (
            "as of 2026-02-30\n  expect G-1 exempt",
            "edict::test::invalid-date",
            "2026-02-30",
        ),
    ];
    for (line, code, words) in cases {
        let (status, out, err) = run_tests("unknown", &format!("{HEAD}  {line}\n"));
        assert_eq!(status, Some(2), "{line}: {err}");
        assert!(out.is_empty(), "{line}: {out}");
        assert!(err.contains(code) && err.contains(words), "{line}:\n{err}");
    }
}

#[test]
fn a_test_file_needs_a_header_facts_and_expectations() {
    let cases = [
        ("test t \"T\"\n  facts \"facts.json\"\n  expect G-1 exempt\n", "edict::test::missing-header"),
        ("tests \"T\"\ntest t \"T\"\n  expect G-1 exempt\n", "edict::test::missing-facts"),
        ("tests \"T\"\ntest t \"T\"\n  facts \"facts.json\"\n", "edict::test::no-expectation"),
        ("tests \"T\"\ntest t \"T\"\n  facts {\n  \"version\": 1\n", "edict::test::unclosed-facts"),
        ("tests \"T\"\ntest t \"T\"\n  facts \"nothing.json\"\n  expect G-1 exempt\n", "edict::test::unreadable"),
        ("tests \"T\"\ntest t \"T\"\n  facts { \"version\": 2 }\n  expect G-1 exempt\n", "edict::facts"),
        (
            "tests \"T\"\ntest t \"T\"\n  facts \"facts.json\"\n  expect G-1 exempt\ntest t \"U\"\n  facts \"facts.json\"\n  expect G-1 exempt\n",
            "edict::test::duplicate-test",
        ),
    ];
    for (text, code) in cases {
        let (status, _, err) = run_tests("header", text);
        assert_eq!(status, Some(2), "{text}: {err}");
        assert!(err.contains(code), "{text}:\n{err}");
    }
}

#[test]
fn no_test_files_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(["test", "examples/tutorial"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no test files"));
}

#[test]
fn a_byte_order_mark_is_read() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/policy-tests/gallium.test.edict"))
            .unwrap();
    let (status, out, err) = run_tests("bom", &format!("\u{feff}{text}"));
    assert_eq!(status, Some(0), "{err}");
    assert_eq!(out, "7 passed, 0 failed\n");
}

#[test]
fn fmt_formats_test_files_and_check_does_not_read_them_as_policies() {
    let dir = scratch("fmt", str::to_string);
    let messy = "tests   \"T\"\ntest   t \"T\"   # why\n    expect G-1 licence-required\n facts \"facts.json\"\n";
    std::fs::write(dir.join("suite/gallium.test.edict"), messy).unwrap();
    let out = edict(&dir, &["fmt", "--check", "suite"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "suite/gallium.test.edict\n");
    assert_eq!(edict(&dir, &["fmt", "suite"]).status.code(), Some(0));
    let formatted = std::fs::read_to_string(dir.join("suite/gallium.test.edict")).unwrap();
    assert_eq!(
        formatted,
        "tests \"T\"\n\ntest t \"T\" # why\n  facts \"facts.json\"\n  expect G-1 licence-required\n"
    );
    assert_eq!(edict(&dir, &["fmt", "--check", "suite"]).status.code(), Some(0));
    let check = edict(&dir, &["check", "suite/gallium.edict", "suite"]);
    assert_eq!(
        check.status.code(),
        Some(1),
        "the draft and policy both load: duplicate"
    );
    let check = edict(&dir, &["check", "suite/gallium.edict"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn coverage_of_the_example_is_complete_and_a_filter_shows_what_is_missing() {
    let dir = scratch("coverage", str::to_string);
    let out = edict(&dir, &["test", "suite", "--coverage"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("all policies     6/6 100%  10/10 100%    3/3 100%    2/2 100%    1/1 100%  22/22 100%"),
        "{text}"
    );
    assert!(!text.contains("not covered"), "{text}");
    // Only the threshold test, whose shipments are all Annex assemblies
    // (G-3 at 25%, G-4 below, G-7 above, G-6 to China), on 2026-04-01.
    // What it leaves untested, worked out by hand: Art. 1 never applies
    // (no Annex item itself), so its first operand never holds and its
    // second is never seen deciding; Art. 2 never applies, so neither of its
    // alternatives is seen alone and its escalation never raises; no test
    // runs on 2026-02-28 or 2026-03-01. Art. 1(2) is covered whole: 4/6
    // rules aspects, 5/10 conditions, 3/3 thresholds, 0/2 date edges, 0/1
    // exceptions (12/22, 54.5%). The draft another test layers stays out.
    let partial = stdout(&edict(
        &dir,
        &["test", "suite", "--coverage", "--filter", "content-at-threshold"],
    ));
    insta::assert_snapshot!("coverage_text", partial);
    let json = stdout(&edict(
        &dir,
        &[
            "test",
            "suite",
            "--coverage",
            "--filter",
            "content-at-threshold",
            "--format",
            "json",
        ],
    ));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    insta::assert_json_snapshot!("coverage_json", value["coverage"]["total"]);
    assert_eq!(value["coverage"]["policies"][0]["policy"], "example-gallium");
    let below = edict(
        &dir,
        &[
            "test",
            "suite",
            "--filter",
            "content-at-threshold",
            "--coverage-min",
            "60",
        ],
    );
    assert_eq!(below.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&below.stderr).contains("coverage 54.5% is below the minimum of 60%"));
    let enough = edict(&dir, &["test", "suite", "--coverage-min", "100"]);
    assert_eq!(enough.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn mutants_the_tests_miss_are_listed() {
    let dir = scratch("mutants", str::to_string);
    let out = edict(&dir, &["test", "suite", "--mutants"]);
    assert_eq!(out.status.code(), Some(0));
    // The draft the draft-raises-threshold test layers is mutated too, and
    // scored under its own id: its 30% moved a basis point either way and
    // `at least` made `more than`, each caught by G-11 (exactly 30%) or
    // G-12 (just under 30%, above 29.99%).
    assert!(
        stdout(&out).starts_with(concat!(
            "mutants                    killed\n",
            "example-gallium        18/18 100%\n",
            "example-gallium-draft    3/3 100%\n",
            "all policies           21/21 100%\n",
        )),
        "{}",
        stdout(&out)
    );
    // The threshold test alone (shipments G-3, G-4, G-6, G-7 on 2026-04-01).
    // Survivors worked out by hand before the run: no shipment is decided on
    // 2026-02-28 or 2026-03-01, so the policy's start may move a day either
    // way; Art. 1 never applies (no Annex item itself is shipped), so removing
    // it, moving its outcome a step and dropping its 'outside China' operand
    // change nothing (dropping its Annex operand catches G-4); Art. 2 never
    // applies (no military end use, no denied party), so removing it or
    // either alternative changes nothing. Everything done to Art. 1(2) is
    // caught: G-3 sits at 25%, G-4 just under it, G-6 goes to China.
    let partial = edict(
        &dir,
        &["test", "suite", "--mutants", "--filter", "content-at-threshold"],
    );
    let text = stdout(&partial);
    let survivors: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("  suite/gallium.edict:"))
        .map(|l| l.split_once(": example-gallium: ").map_or(l, |(_, what)| what))
        .collect();
    assert_eq!(
        survivors,
        [
            "the policy in force from 2026-03-01 → from 2026-03-02",
            "the policy in force from 2026-03-01 → from 2026-02-28",
            "rule licence removed",
            "rule licence: outcome licence-required → case-by-case",
            "rule licence: outcome licence-required → exempt",
            "rule licence: `and` operand 2 dropped",
            "rule denial removed",
            "rule denial: `or` alternative 1 dropped",
            "rule denial: `or` alternative 2 dropped",
        ]
    );
    insta::assert_snapshot!("mutants_text", text);
    let json = stdout(&edict(
        &dir,
        &[
            "test",
            "suite",
            "--mutants",
            "--filter",
            "content-at-threshold",
            "--format",
            "json",
        ],
    ));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    insta::assert_json_snapshot!("mutants_json", value["mutants"]);
    // A failing test run reports no mutants: they would mean nothing.
    let failing = scratch("mutants-failing", off_by_a_basis_point);
    let out = edict(&failing, &["test", "suite", "--mutants"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!stdout(&out).contains("mutants"), "{}", stdout(&out));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&failing);
}

// ─────────────────────── tests under a reading's alternative ───────────────────────

const READING_POLICY: &str = r#"policy p
  title "t"
  authority "a"
  issued 2020-01-01

rule r "Art. 1"
  reading R-DEST "Exports to any destination." alternative "Exports to Russia only."
    for "the destination is outside DE" read "the destination is in RU"
  reading R-PROSE "A prose reading." alternative "Another."
  outcome licence-required
  when the destination is outside DE
"#;

const READING_FACTS: &str = r#"{ "version": 1, "parties": { "a": { "name": "a", "country": "DE" }, "u": { "name": "u", "country": "FR" } },
 "items": { "x": { "description": "x", "origin": "DE", "value": "10" } },
 "shipments": [ { "id": "S-1", "date": "2025-06-01", "item": "x", "exporter": "a", "from": "DE", "to": "FR", "end_user": "u" } ] }"#;

/// Runs `edict test` (with `args`) on the reading policy and `tests`.
fn run_reading_tests(name: &str, tests: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let dir = std::env::temp_dir().join(format!("edict-test-readings-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("p.edict"), READING_POLICY).unwrap();
    std::fs::write(dir.join("facts.json"), READING_FACTS).unwrap();
    std::fs::write(dir.join("r.test.edict"), tests).unwrap();
    let mut all = vec!["test", "."];
    all.extend_from_slice(args);
    let out = edict(&dir, &all);
    let _ = std::fs::remove_dir_all(&dir);
    (
        out.status.code(),
        stdout(&out),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const CHOSEN_AND_ALTERNATIVE: &str = "tests \"R\"\n\ntest chosen \"Chosen\"\n  facts \"facts.json\"\n  expect S-1 licence-required\n\ntest alternative \"Alternative\"\n  facts \"facts.json\"\n  under reading R-DEST alternative\n  expect S-1 not-controlled\n";

#[test]
fn a_test_under_a_reading_decides_under_its_alternative() {
    let (status, out, err) = run_reading_tests("pass", CHOSEN_AND_ALTERNATIVE, &[]);
    assert_eq!(status, Some(0), "{out}{err}");
    assert_eq!(out, "2 passed, 0 failed\n");
    // The clause matters: expecting the chosen reading's outcome under the
    // alternative fails, and names the outcome the alternative gives.
    let wrong = CHOSEN_AND_ALTERNATIVE.replace("expect S-1 not-controlled", "expect S-1 licence-required");
    let (status, out, _) = run_reading_tests("fail", &wrong, &[]);
    assert_eq!(status, Some(1), "{out}");
    assert!(out.contains("alternative") && out.contains("not-controlled"), "{out}");
}

#[test]
fn a_reading_a_test_names_must_exist_and_be_executable() {
    let head = "tests \"R\"\n\ntest t \"T\"\n  facts \"facts.json\"\n";
    let cases = [
        (
            "  under reading R-DST alternative\n",
            "edict::test::unknown-reading",
            "did you mean `R-DEST`?",
        ),
        (
            "  under reading R-PROSE alternative\n",
            "edict::test::reading-not-executable",
            "prose only",
        ),
        (
            "  under reading R-DEST alternative\n  under reading R-DEST alternative\n",
            "edict::test::repeated-clause",
            "`R-DEST` twice",
        ),
        ("  under reading R-DEST\n", "edict::test::syntax", "`alternative`"),
    ];
    for (lines, code, words) in cases {
        let tests = format!("{head}{lines}  expect S-1 not-controlled\n");
        let (status, out, err) = run_reading_tests("invalid", &tests, &[]);
        assert_eq!(status, Some(2), "{lines}: {out}{err}");
        assert!(out.is_empty(), "{lines}: {out}");
        assert!(err.contains(code) && err.contains(words), "{lines}:\n{err}");
    }
}

#[test]
fn fmt_keeps_a_tests_readings_in_their_place() {
    let dir = std::env::temp_dir().join(format!("edict-test-readings-fmt-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let messy = "tests \"R\"\n\ntest alternative \"Alternative\"\n    expect S-1 not-controlled\n  under   reading R-DEST   alternative\n   facts \"facts.json\"\n";
    std::fs::write(dir.join("r.test.edict"), messy).unwrap();
    let out = edict(&dir, &["fmt", "r.test.edict"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let formatted = std::fs::read_to_string(dir.join("r.test.edict")).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        formatted,
        "tests \"R\"\n\ntest alternative \"Alternative\"\n  facts \"facts.json\"\n  under reading R-DEST alternative\n  expect S-1 not-controlled\n"
    );
}
