//! `edict fmt`

use super::io::{print_one, read_policies};
use super::{EXIT_INVALID, EXIT_OK};
use crate::source::FileId;
use std::path::{Path, PathBuf};

/// What happened to one file.
enum Outcome {
    Unchanged,
    Changed,
    Invalid,
}

/// Formats the policy files named (files, or folders searched for
/// `*.edict`): rewrites those that change, or with `check` only names them.
/// A file with syntax errors is reported and left alone.
pub fn run(paths: &[PathBuf], check: bool) -> u8 {
    let sources = match read_policies(paths, &[]) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut status = EXIT_OK;
    for (id, file) in sources.files() {
        match format_one(&sources, id, Path::new(&file.name), check) {
            Outcome::Unchanged => {}
            Outcome::Changed if check => {
                println!("{}", file.name);
                status = EXIT_INVALID;
            }
            Outcome::Changed => {}
            Outcome::Invalid => status = EXIT_INVALID,
        }
    }
    status
}

fn format_one(sources: &crate::source::SourceMap, id: FileId, path: &Path, check: bool) -> Outcome {
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
    if check {
        return Outcome::Changed;
    }
    match write_atomically(path, &formatted) {
        Ok(()) => Outcome::Changed,
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            Outcome::Invalid
        }
    }
}

/// Writes a temporary file beside `path`, then renames it over `path`, so
/// that a failure never leaves a half-written policy.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.fmt-{}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, text)
        .and_then(|()| std::fs::metadata(path))
        .and_then(|meta| std::fs::set_permissions(&tmp, meta.permissions()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
