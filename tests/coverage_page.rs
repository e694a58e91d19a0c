//! `edict test --coverage --format html|markdown`: the coverage as a page
//! in the style of `edict render`, on a copy of `examples/policy-tests/`
//! run with only its threshold test, whose gaps are known by hand (see
//! `tests/test_runner.rs`, `coverage_of_the_example_…`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch folder holding `suite/`, a copy of examples/policy-tests.
fn scratch(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/policy-tests");
    let dir = std::env::temp_dir().join(format!("edict-coverage-page-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let suite = dir.join("suite");
    std::fs::create_dir_all(&suite).unwrap();
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, suite.join(path.file_name().unwrap())).unwrap();
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

const THRESHOLD_ONLY: [&str; 5] = ["test", "suite", "--coverage", "--filter", "content-at-threshold"];

/// The row of the policy text for line `n`.
fn line(html: &str, n: usize) -> &str {
    let start = html
        .find(&format!("<tr id=\"f0-l{n}\""))
        .unwrap_or_else(|| panic!("line {n}"));
    let rest = &html[start..];
    &rest[..rest.find("</tr>").unwrap()]
}

#[test]
fn the_html_page_marks_each_provision_in_the_policy_text() {
    let dir = scratch("html");
    let out = edict(
        &dir,
        &[&THRESHOLD_ONLY[..], &["--format", "html", "-o", "review"]].concat(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "the page is written into the folder");
    // The run's own report goes to stderr, as with --format junit.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 passed, 0 failed"), "{stderr}");
    let html = std::fs::read_to_string(dir.join("review/index.html")).unwrap();
    // render's style sheet, so the two pages read alike.
    assert!(html.contains("--accent: #1f4e79;"), "render's style");
    // Worked out by hand (the threshold test alone, 2026-04-01): the
    // policy's start is never tested on either side (line 3, ✗); Art. 1 is
    // seen not applying only (line 20, ◐), its Annex operand failing but
    // never holding while the other held (line 22, ◐) and its "outside
    // China" operand never deciding (line 23, ✗); Art. 1(2) is covered
    // whole (lines 25, 27 and 28, ✓: G-3 at 25%, G-4 below, G-7 above,
    // G-6 to China); Art. 2 is seen not applying only and never raises
    // (line 30, ◐), its alternatives never decide alone (lines 32-33, ✗).
    for (n, class) in [
        (3, "uncovered"),
        (20, "partly"),
        (22, "partly"),
        (23, "uncovered"),
        (25, "covered"),
        (27, "covered"),
        (28, "covered"),
        (30, "partly"),
        (32, "uncovered"),
        (33, "uncovered"),
    ] {
        assert!(
            line(&html, n).contains(&format!("class=\"{class}\"")),
            "line {n} should be {class}: {}",
            line(&html, n)
        );
    }
    // A line with no provision is not marked.
    assert!(
        line(&html, 16).starts_with("<tr id=\"f0-l16\"><td"),
        "{}",
        line(&html, 16)
    );
    // Each provision not covered is named with its span, linked to its line.
    assert!(
        html.contains("<a href=\"#f0-l23\"><code>suite/gallium.edict:23:8–23:37</code></a>"),
        "{html}"
    );
    // The page without the style sheet (checked above) is the snapshot.
    let body = html.split("</style>").nth(1).unwrap();
    insta::assert_snapshot!("coverage_html", body);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_markdown_report_names_each_gap_with_its_span() {
    let dir = scratch("markdown");
    let out = edict(&dir, &[&THRESHOLD_ONLY[..], &["--format", "markdown"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with("# Provision coverage\n\n1 passed, 0 failed; coverage 54.5% (12 of 22 aspects)."),
        "{md}"
    );
    insta::assert_snapshot!("coverage_markdown", md);
    // --format markdown implies --coverage, and -o writes coverage.md.
    let out = edict(&dir, &["test", "suite", "--format", "markdown", "--out", "review"]);
    assert_eq!(out.status.code(), Some(0));
    let whole = std::fs::read_to_string(dir.join("review/coverage.md")).unwrap();
    assert!(
        whole.contains("## `example-gallium`\n\nEvery provision is covered.\n"),
        "{whole}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn out_is_only_for_a_page() {
    let dir = scratch("out");
    let out = edict(&dir, &["test", "suite", "--coverage", "-o", "review"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("use it with --format html or --format markdown"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.join("review").exists(), "nothing is written");
    let _ = std::fs::remove_dir_all(&dir);
}
