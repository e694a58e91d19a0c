//! `edict test`

use super::io::{collect_all, is_test_path, print_all, read_sources, usage};
use super::{TestFormat, EXIT_OK, EXIT_USAGE};
use crate::source::SourceMap;
use crate::testing::{run, Files, ReadProblem, RunOptions};
use std::path::{Path, PathBuf};

/// Exit status of `edict test`: a test failed.
const EXIT_FAILED: u8 = 1;

/// Reads the facts and drafts tests name from the file system.
struct Disk;

impl Files for Disk {
    fn read(&self, path: &Path) -> Result<String, ReadProblem> {
        let bytes = std::fs::read(path).map_err(|e| ReadProblem::Io(e.to_string()))?;
        crate::source::decode(&path.display().to_string(), bytes).map_err(ReadProblem::NotUtf8)
    }
}

/// The policies' sources under the alternatives of the readings chosen (the
/// sources as they are when none is, or when they do not check: the run
/// reports that).
fn under_readings(sources: SourceMap, readings: &[crate::readings::Choice]) -> Result<SourceMap, u8> {
    let tags = crate::readings::taken(readings);
    if tags.is_empty() {
        return Ok(sources);
    }
    let Some(set) = crate::load::load(sources.clone()).set else {
        return Ok(sources);
    };
    crate::readings::rewrite(&set, &tags).map_err(|problems| {
        for p in &problems {
            super::io::print_one(p);
        }
        EXIT_USAGE
    })
}

/// Runs the tests found under `paths` (default `policies/`) against the
/// policies found there (or the bundled library when there are none).
pub fn run_tests(
    paths: &[PathBuf],
    filter: Option<String>,
    as_of: Option<jiff::civil::Date>,
    format: TestFormat,
    coverage_min: Option<Option<rust_decimal::Decimal>>,
    (mutants, readings): (bool, &[crate::readings::Choice]),
) -> u8 {
    let default = [PathBuf::from("policies")];
    let paths = if paths.is_empty() {
        if !default[0].is_dir() {
            return usage("no PATHS given and no policies/ folder here: name the folders or files of the tests");
        }
        &default[..]
    } else {
        paths
    };
    let files = match collect_all(paths) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let (tests, policies): (Vec<PathBuf>, Vec<PathBuf>) = files.into_iter().partition(|p| is_test_path(p));
    if tests.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return usage(&format!("no test files (*.test.edict) in {}", names.join(", ")));
    }
    let policy_sources = if policies.is_empty() {
        crate::bundled::sources()
    } else {
        match read_sources(&policies) {
            Ok(s) => s,
            Err(_) => return EXIT_USAGE,
        }
    };
    let policy_sources = match under_readings(policy_sources, readings) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let test_sources = match read_sources(&tests) {
        Ok(s) => s,
        Err(_) => return EXIT_USAGE,
    };
    let outcome = run(
        &policy_sources,
        &test_sources,
        &Disk,
        &RunOptions {
            filter,
            as_of,
            coverage: coverage_min.is_some(),
            mutants,
        },
    );
    if !outcome.diagnostics.is_empty() {
        print_all(&outcome.diagnostics);
        return EXIT_USAGE;
    }
    let mut out = match format {
        TestFormat::Text => crate::report::test_run::text(&outcome),
        TestFormat::Json => crate::report::test_run::json(&outcome),
        TestFormat::Junit => crate::report::test_run::junit(&outcome),
    };
    let mut status = if outcome.failed() > 0 { EXIT_FAILED } else { EXIT_OK };
    if let Some(policies) = &outcome.coverage {
        match format {
            TestFormat::Text | TestFormat::Junit => {
                let report = crate::report::coverage::text(policies);
                if format == TestFormat::Text {
                    out = format!("{report}\n{out}");
                } else {
                    super::out::stderr_line(&report);
                }
            }
            TestFormat::Json => {
                if let Ok(mut doc) = serde_json::from_str::<serde_json::Value>(&out) {
                    doc["coverage"] = crate::report::coverage::json(policies);
                    out = serde_json::to_string_pretty(&doc).unwrap_or(out);
                }
            }
        }
    }
    if let Some(report) = &outcome.mutants {
        let sources = &report.sources;
        match format {
            TestFormat::Text => out = format!("{}\n{out}", crate::report::mutants::text(report, sources)),
            TestFormat::Junit => super::out::stderr_line(&crate::report::mutants::text(report, sources)),
            TestFormat::Json => {
                if let Ok(mut doc) = serde_json::from_str::<serde_json::Value>(&out) {
                    doc["mutants"] = crate::report::mutants::json(report, sources);
                    out = serde_json::to_string_pretty(&doc).unwrap_or(out);
                }
            }
        }
    }
    if let Some(policies) = &outcome.coverage {
        let reached = crate::report::coverage::percent(crate::report::coverage::total(policies));
        if let Some(Some(min)) = coverage_min {
            if reached < min {
                super::out::stderr_line(&format!(
                    "coverage {reached}% is below the minimum of {min}% (--coverage-min)"
                ));
                status = EXIT_FAILED;
            }
        }
    }
    let end: &[u8] = if format == TestFormat::Json { b"\n" } else { b"" };
    super::out::status(super::out::stdout(&[out.as_bytes(), end]), status)
}
