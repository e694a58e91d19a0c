//! `edict test` output: text (one line per failure and a closing count),
//! JSON and JUnit XML.

use crate::report::explain;
use crate::testing::{Failure, Status, TestRun};
use serde_json::{json, Value};

/// The one line that says what a failure expected and got:
/// `file:line: test: S-1 on 2025-04-04: expected licence-required, got not-controlled [p.r]`.
pub fn failure_line(file: &str, test: &str, f: &Failure) -> String {
    let e = &f.expected;
    let mut wanted = e.outcome.to_string();
    if let Some(r) = &e.rule {
        wanted.push_str(&format!(" by {r}"));
    }
    if let Some(words) = &e.finding {
        wanted.push_str(&format!(" finding {words:?}"));
    }
    let under = e.policy.as_ref().map(|p| format!(" under {p}")).unwrap_or_default();
    let deciding = match f.deciding.as_slice() {
        [] => "no rule applies".to_string(),
        rules => format!("decided by {}", rules.join(", ")),
    };
    format!(
        "{file}:{}: {test}: {} on {}{under}: expected {wanted}, got {} ({deciding})",
        e.line, e.shipment, f.date, f.actual
    )
}

/// Text: `FAIL` and one line per failed expectation, the explanation of the
/// shipment below it (indented), then `N passed, N failed`.
pub fn text(run: &TestRun) -> String {
    let mut out = String::new();
    for r in &run.results {
        let Status::Failed(failures) = &r.status else { continue };
        out.push_str(&format!("FAIL {} ({}:{}) {}\n", r.id, r.file, r.line, r.title));
        for b in &r.because {
            out.push_str(&format!("  because {b}\n"));
        }
        for f in failures {
            out.push_str(&format!("  {}\n", failure_line(&r.file, &r.id, f)));
            if let Some(e) = &f.explanation {
                for line in explain::text(e).lines() {
                    out.push_str(format!("    | {line}").trim_end());
                    out.push('\n');
                }
            }
        }
        out.push('\n');
    }
    out.push_str(&format!("{} passed, {} failed\n", run.passed(), run.failed()));
    out
}

/// JSON: `{"passed", "failed", "tests": [{file, line, id, title, because,
/// status, failures: [{line, shipment, date, policy, expected, rule,
/// finding, actual, deciding, mismatch, explanation}]}]}`.
pub fn json(run: &TestRun) -> String {
    let tests: Vec<Value> = run
        .results
        .iter()
        .map(|r| {
            let failures: Vec<Value> = match &r.status {
                Status::Passed => Vec::new(),
                Status::Failed(fs) => fs
                    .iter()
                    .map(|f| {
                        let e = &f.expected;
                        json!({
                            "line": e.line,
                            "shipment": e.shipment,
                            "date": f.date,
                            "policy": e.policy,
                            "expected": e.outcome,
                            "rule": e.rule,
                            "finding": e.finding,
                            "actual": f.actual,
                            "deciding": f.deciding,
                            "mismatch": f.what,
                            "explanation": f.explanation,
                        })
                    })
                    .collect(),
            };
            json!({
                "file": r.file,
                "line": r.line,
                "id": r.id,
                "title": r.title,
                "because": r.because,
                "status": if failures.is_empty() { "passed" } else { "failed" },
                "expectations": r.expectations,
                "failures": failures,
            })
        })
        .collect();
    let doc = json!({ "passed": run.passed(), "failed": run.failed(), "tests": tests });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// Text made safe for XML: markup characters escaped, and characters XML
/// 1.0 cannot hold replaced by U+FFFD.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one `testsuite` per test file, one `testcase` per test; a
/// failed test has a `failure` whose message is the failure line and whose
/// body is the explanation.
pub fn junit(run: &TestRun) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"edict test\" tests=\"{}\" failures=\"{}\">\n",
        run.results.len(),
        run.failed()
    ));
    let mut start = 0;
    while let Some(first) = run.results.get(start) {
        let end = run
            .results
            .iter()
            .skip(start)
            .position(|r| r.file != first.file)
            .map_or(run.results.len(), |n| start + n);
        let group = run.results.get(start..end).unwrap_or_default();
        let failed = group.iter().filter(|r| r.status != Status::Passed).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\">\n",
            xml(&first.file),
            group.len()
        ));
        for r in group {
            let head = format!(
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\"",
                xml(&first.file),
                xml(&format!("{}: {}", r.id, r.title)),
                xml(&r.file),
                r.line
            );
            match &r.status {
                Status::Passed => out.push_str(&format!("{head}/>\n")),
                Status::Failed(fs) => {
                    out.push_str(&format!("{head}>\n"));
                    for f in fs {
                        let body = f.explanation.as_ref().map(explain::text).unwrap_or_default();
                        out.push_str(&format!(
                            "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                            f.what,
                            xml(&failure_line(&r.file, &r.id, f)),
                            xml(&body)
                        ));
                    }
                    out.push_str("    </testcase>\n");
                }
            }
        }
        out.push_str("  </testsuite>\n");
        start = end;
    }
    out.push_str("</testsuites>\n");
    out
}
