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
    (paths, with): (&[PathBuf], &[PathBuf]),
    filter: Option<String>,
    as_of: Option<jiff::civil::Date>,
    (format, dir): (TestFormat, Option<&Path>),
    coverage_min: Option<Option<rust_decimal::Decimal>>,
    (mutants, readings): (bool, &[crate::readings::Choice]),
) -> u8 {
    if dir.is_some() && !matches!(format, TestFormat::Html | TestFormat::Markdown) {
        return usage("--out writes the coverage page: use it with --format html or --format markdown");
    }
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
    let mut policy_sources = policy_sources;
    let drafts = match read_sources(with) {
        Ok(s) => s,
        Err(_) => return EXIT_USAGE,
    };
    for (_, f) in drafts.files() {
        policy_sources.add(f.name.clone(), f.text.clone());
    }
    let with: Vec<String> = drafts.files().map(|(_, f)| f.name.clone()).collect();
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
            with,
        },
    );
    if !outcome.diagnostics.is_empty() {
        print_all(&outcome.diagnostics);
        return EXIT_USAGE;
    }
    let mut out = match format {
        TestFormat::Text | TestFormat::Html | TestFormat::Markdown => crate::report::test_run::text(&outcome),
        TestFormat::Json => crate::report::test_run::json(&outcome),
        TestFormat::Junit => crate::report::test_run::junit(&outcome),
    };
    let mut status = if outcome.failed() > 0 { EXIT_FAILED } else { EXIT_OK };
    if let Some(coverage) = &outcome.coverage {
        let policies = &coverage.policies;
        match format {
            TestFormat::Text => out = format!("{}\n{out}", crate::report::coverage::text(policies)),
            TestFormat::Junit => super::out::stderr_line(&crate::report::coverage::text(policies)),
            TestFormat::Json => {
                if let Ok(mut doc) = serde_json::from_str::<serde_json::Value>(&out) {
                    doc["coverage"] = crate::report::coverage::json(policies);
                    out = serde_json::to_string_pretty(&doc).unwrap_or(out);
                }
            }
            // The page is the output; the run's own lines go to stderr below.
            TestFormat::Html | TestFormat::Markdown => {}
        }
    }
    if let Some(report) = &outcome.mutants {
        let sources = &report.sources;
        match format {
            TestFormat::Text => out = format!("{}\n{out}", crate::report::mutants::text(report, sources)),
            TestFormat::Junit | TestFormat::Html | TestFormat::Markdown => {
                super::out::stderr_line(&crate::report::mutants::text(report, sources))
            }
            TestFormat::Json => {
                if let Ok(mut doc) = serde_json::from_str::<serde_json::Value>(&out) {
                    doc["mutants"] = crate::report::mutants::json(report, sources);
                    out = serde_json::to_string_pretty(&doc).unwrap_or(out);
                }
            }
        }
    }
    if let (TestFormat::Html | TestFormat::Markdown, Some(coverage)) = (format, &outcome.coverage) {
        super::out::stderr_line(out.trim_end());
        let (passed, failed) = (outcome.passed(), outcome.failed());
        let (name, page) = if format == TestFormat::Html {
            (
                "index.html",
                crate::report::coverage_html::page(coverage, passed, failed),
            )
        } else {
            (
                "coverage.md",
                crate::report::coverage_markdown::write(coverage, passed, failed),
            )
        };
        match dir {
            Some(dir) => {
                if let Err(code) = write_into(dir, name, &page) {
                    return code;
                }
                out = String::new();
            }
            None => out = page,
        }
    }
    if let Some(coverage) = &outcome.coverage {
        let reached = crate::report::coverage::percent(crate::report::coverage::total(&coverage.policies));
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

/// Writes `text` as `dir/name` (the folder created if needed), whole or not
/// at all: into a temporary file first, renamed over the name at the end.
fn write_into(dir: &Path, name: &str, text: &str) -> Result<(), u8> {
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Err(usage(&format!("cannot create {}: {e}", dir.display())));
    }
    let path = dir.join(name);
    let partial = dir.join(format!(".{name}.partial"));
    let written = std::fs::write(&partial, text).and_then(|()| std::fs::rename(&partial, &path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(usage(&format!("cannot write {}: {e}", path.display())));
    }
    Ok(())
}
