//! `edict fmt`

use super::io::{print_one, usage};
use super::replace::{not_a_regular_file, replace};
use super::{EXIT_INVALID, EXIT_OK};
use crate::source::{FileId, SourceMap, SourceText};
use std::path::{Path, PathBuf};

/// What `edict fmt` does with a file that is not formatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Rewrite it.
    Write,
    /// Name it on stdout.
    Check,
    /// Print a unified diff of the change on stdout.
    Diff,
}

/// What happened to one file.
enum Outcome {
    Unchanged,
    Changed,
    Invalid,
}

/// Formats the policy files named (files, or folders searched for
/// `*.edict`): rewrites those that change, or (check, diff) only shows
/// them. A file with syntax errors is reported and left alone. A path that
/// names a device, FIFO or socket is a usage error, before anything is read.
pub fn run(paths: &[PathBuf], mode: Mode) -> u8 {
    for path in paths {
        if let Some(kind) = not_a_regular_file(path) {
            return usage(&format!(
                "cannot format {}: it is {kind}, and fmt reads and rewrites files",
                path.display()
            ));
        }
    }
    let files = match super::io::collect_all(paths) {
        Ok(f) if f.is_empty() => {
            let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            return usage(&format!("{} contains no .edict files", names.join(", ")));
        }
        Ok(f) => f,
        Err(code) => return code,
    };
    let sources = match super::io::read_sources(&files) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut status = EXIT_OK;
    for (id, file) in sources.files() {
        match format_one(&sources, id, Path::new(&file.name), mode) {
            Outcome::Unchanged => {}
            Outcome::Changed if mode == Mode::Write => {}
            Outcome::Changed | Outcome::Invalid => status = EXIT_INVALID,
        }
    }
    status
}

fn format_one(sources: &SourceMap, id: FileId, path: &Path, mode: Mode) -> Outcome {
    if super::io::is_test_path(path) {
        return format_test_file(sources, id, path, mode);
    }
    let (file, errors) = crate::syntax::parse(sources, id);
    let refused = crate::format::check(&file, sources);
    if !errors.is_empty() || !refused.is_empty() {
        errors.iter().for_each(|e| print_one(e));
        refused.iter().for_each(|e| print_one(e));
        return Outcome::Invalid;
    }
    let original = sources.file(id).map(|f| f.text.clone()).unwrap_or_default();
    let formatted = crate::format::format_file(&file, sources);
    if *original == *formatted {
        return Outcome::Unchanged;
    }
    // A formatter bug must not turn a valid file into an invalid or
    // different one: prove the output before using it.
    if let Err(e) = crate::format::verify(&file, sources, &formatted) {
        print_one(&e);
        return Outcome::Invalid;
    }
    write(path, sources.named_source(id), &original, &formatted, mode)
}

/// Formats a test file (`*.test.edict`) the same way.
fn format_test_file(sources: &SourceMap, id: FileId, path: &Path, mode: Mode) -> Outcome {
    let (file, errors) = crate::syntax::suite::parse_suite(sources, id);
    if !errors.is_empty() {
        errors.iter().for_each(|e| print_one(e));
        return Outcome::Invalid;
    }
    let original = sources.file(id).map(|f| f.text.clone()).unwrap_or_default();
    let formatted = crate::format::suite::format_suite(&file, sources);
    if *original == *formatted {
        return Outcome::Unchanged;
    }
    if let Err(e) = crate::format::suite::verify_suite(&file, sources, &formatted) {
        print_one(&e);
        return Outcome::Invalid;
    }
    write(path, sources.named_source(id), &original, &formatted, mode)
}

/// Shows or writes a file's formatted text.
fn write(path: &Path, src: SourceText, original: &str, formatted: &str, mode: Mode) -> Outcome {
    let name = path.display().to_string();
    match mode {
        Mode::Check => {
            if super::report::json() {
                print_one(&crate::format::FormatError::would_reformat(src, original, formatted));
            }
            if super::out::stdout(&[name.as_bytes(), b"\n"]).is_err() {
                return Outcome::Invalid;
            }
        }
        Mode::Diff => {
            if super::out::stdout(&[unified_diff(&name, original, formatted).as_bytes()]).is_err() {
                return Outcome::Invalid;
            }
        }
        Mode::Write => {
            if let Err(e) = replace(path, formatted) {
                super::out::stderr_line(&format!("error: cannot write {name}: {e}"));
                return Outcome::Invalid;
            }
        }
    }
    Outcome::Changed
}

/// The change as a unified diff (`--- name`, `+++ name`, hunks with three
/// lines of context), which `patch -p0` applies.
fn unified_diff(name: &str, original: &str, formatted: &str) -> String {
    similar::TextDiff::from_lines(original, formatted)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .missing_newline_hint(true)
        .to_string()
}
