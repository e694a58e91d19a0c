//! Reading policy paths and facts files; printing diagnostics.

use super::{EXIT_INVALID, EXIT_USAGE};
use crate::load::AnyDiagnostic;
use crate::policy::PolicySet;
use crate::source::SourceMap;
use miette::Diagnostic;
use std::path::{Path, PathBuf};

/// Reads the policy files named (files, or folders searched for `*.edict`),
/// or the bundled library when none are named, then the drafts layered over them.
pub fn read_policies(paths: &[PathBuf], drafts: &[PathBuf]) -> Result<SourceMap, u8> {
    let mut map = if paths.is_empty() {
        crate::bundled::sources()
    } else {
        read_files(paths)?
    };
    add_sources(&mut map, drafts)?;
    Ok(map)
}

fn read_files(paths: &[PathBuf]) -> Result<SourceMap, u8> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = files.len();
            collect_dir(path, &mut files).map_err(|e| usage(&format!("cannot read {}: {e}", path.display())))?;
            if files.len() == before {
                return Err(usage(&format!("{} contains no .edict files", path.display())));
            }
        } else {
            files.push(path.clone());
        }
    }
    read_sources(&files)
}

/// Reads a file as UTF-8 text. A file that cannot be read is a usage error
/// (`Err`); one that is not UTF-8 is invalid input, reported here (`None`).
fn read_text(path: &Path) -> Result<Option<String>, u8> {
    decoded(&path.display().to_string(), std::fs::read(path))
}

/// The text of the file `name` read as `bytes`, as [`read_text`] gives it.
fn decoded(name: &str, bytes: std::io::Result<Vec<u8>>) -> Result<Option<String>, u8> {
    let bytes = bytes.map_err(|e| usage(&format!("cannot read {name}: {e}")))?;
    match crate::source::decode(name, bytes) {
        Ok(text) => Ok(Some(text)),
        Err(e) => {
            print_one(e.as_ref());
            Ok(None)
        }
    }
}

fn collect_dir(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_dir(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "edict") && !is_test_path(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// Whether a path names a test file (`*.test.edict`), which a folder of
/// policies may hold beside them and which is not a policy.
pub fn is_test_path(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(crate::testing::is_test_file)
}

/// Every `*.edict` file under the paths (files as named, folders searched),
/// test files included, in a stable order.
pub fn collect_all(paths: &[PathBuf]) -> Result<Vec<PathBuf>, u8> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect_every(path, &mut out).map_err(|e| usage(&format!("cannot read {}: {e}", path.display())))?;
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn collect_every(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_every(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "edict") {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads files as UTF-8 text into a source map: `Err` is the exit status
/// (a usage error, or invalid input already reported).
pub fn read_sources(files: &[PathBuf]) -> Result<SourceMap, u8> {
    let mut map = SourceMap::new();
    add_sources(&mut map, files)?;
    Ok(map)
}

/// Adds `files` to `map`, each read as UTF-8 text; every file that is not
/// UTF-8 is reported before the invalid-input status is returned.
fn add_sources(map: &mut SourceMap, files: &[PathBuf]) -> Result<(), u8> {
    let mut invalid = false;
    for f in files {
        match read_text(f)? {
            Some(text) => {
                map.add(f.display().to_string(), text);
            }
            None => invalid = true,
        }
    }
    if invalid {
        return Err(EXIT_INVALID);
    }
    Ok(())
}

/// Prints a usage problem; returns the usage exit status.
pub fn usage(message: &str) -> u8 {
    super::report::usage(message);
    EXIT_USAGE
}

/// Loads and checks policies (with drafts layered over them), printing every diagnostic.
pub fn load_policies(paths: &[PathBuf], drafts: &[PathBuf]) -> Result<PolicySet, u8> {
    let sources = super::report::timed("read", || read_policies(paths, drafts))?;
    let loaded = crate::load::load_phases(sources, &mut super::report::phase);
    print_all(&loaded.diagnostics);
    loaded.set.ok_or(EXIT_INVALID)
}

/// Loads and checks policies (with drafts), then takes the alternatives of
/// the readings chosen (`--reading TAG=alternative`): the set is loaded
/// again from its rewritten text. Nothing more is done when none is chosen.
pub fn load_policies_reading(
    paths: &[PathBuf],
    drafts: &[PathBuf],
    readings: &[crate::readings::Choice],
) -> Result<PolicySet, u8> {
    let set = load_policies(paths, drafts)?;
    under_readings(set, readings)
}

/// `set` under the alternatives of the readings chosen; a reading that
/// cannot be taken is a usage error, an alternative that does not check
/// invalid input.
pub fn under_readings(set: PolicySet, readings: &[crate::readings::Choice]) -> Result<PolicySet, u8> {
    let tags = crate::readings::taken(readings);
    if tags.is_empty() {
        return Ok(set);
    }
    let sources = match crate::readings::rewrite(&set, &tags) {
        Ok(s) => s,
        Err(problems) => {
            for p in &problems {
                print_one(p);
            }
            return Err(EXIT_USAGE);
        }
    };
    let loaded = crate::load::load(sources);
    match loaded.set {
        Some(s) => {
            print_all(&loaded.diagnostics);
            Ok(s)
        }
        None => {
            print_one(&crate::readings::AlternativeInvalid {
                tags: tags.join(", "),
                problems: loaded.diagnostics,
            });
            Err(EXIT_INVALID)
        }
    }
}

/// Loads the policies (with drafts, under the readings chosen), then the
/// facts file, printing every diagnostic.
pub fn load_policies_and_facts(
    paths: &[PathBuf],
    drafts: &[PathBuf],
    readings: &[crate::readings::Choice],
    facts: &[PathBuf],
) -> Result<(PolicySet, crate::facts::Facts, crate::facts::FactsSource), u8> {
    let set = load_policies_reading(paths, drafts, readings)?;
    let (facts, source) = load_facts(facts)?;
    Ok((set, facts, source))
}

/// The screening-list files (`--lists`) of this run, read with its facts.
static LISTS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Sets the screening-list files (`--lists`) that every facts load of this
/// run adds listings from.
pub fn use_lists(lists: Vec<PathBuf>) {
    *LISTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = lists;
}

/// The screening-list files of this run.
pub fn lists() -> Vec<PathBuf> {
    LISTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
}

/// Reads and validates the facts: facts files (`-`: standard input) and
/// folders of facts tables (CSV), merged into one world when there are
/// several; then adds the listings of the `--lists` files, printing every
/// diagnostic.
pub fn load_facts(paths: &[PathBuf]) -> Result<(crate::facts::Facts, crate::facts::FactsSource), u8> {
    let (mut facts, source) = load_facts_only(paths)?;
    let lists = lists();
    if !lists.is_empty() {
        let files = read_list_files(&lists)?;
        let read = super::report::timed("load lists", || {
            crate::facts::link::add_lists(&mut facts, &source, files)
        });
        let (Ok(notes) | Err(notes)) = &read;
        for n in notes {
            print_one(n);
        }
        if read.is_err() {
            return Err(EXIT_INVALID);
        }
    }
    Ok((facts, source))
}

/// Reads the `--lists` files (a file that is not UTF-8 is reported).
pub fn read_list_files(paths: &[PathBuf]) -> Result<Vec<crate::facts::link::ListFile>, u8> {
    let mut files = Vec::with_capacity(paths.len());
    let mut invalid = false;
    for p in paths {
        match read_text(p)? {
            Some(text) => files.push(crate::facts::link::ListFile {
                name: p.display().to_string(),
                text,
            }),
            None => invalid = true,
        }
    }
    if invalid {
        return Err(EXIT_INVALID);
    }
    Ok(files)
}

/// Reads and validates facts files and folders of tables (merged when
/// there are several), without lists.
fn load_facts_only(paths: &[PathBuf]) -> Result<(crate::facts::Facts, crate::facts::FactsSource), u8> {
    if paths.iter().filter(|p| is_stdin(p)).count() > 1 {
        return Err(usage("`--facts -` can be given once: standard input is read once"));
    }
    let mut inputs = Vec::with_capacity(paths.len());
    let mut invalid = false;
    super::report::timed("read facts", || -> Result<(), u8> {
        for path in paths {
            if path.is_dir() {
                let files = read_tables(path)?;
                inputs.push(crate::facts::FactsInput::Tables {
                    folder: path.display().to_string(),
                    files,
                });
                continue;
            }
            match decoded(&facts_name(path), read_facts_bytes(path))? {
                Some(text) => inputs.push(crate::facts::FactsInput::File(crate::facts::FactsSource::new(
                    &facts_name(path),
                    text,
                ))),
                None => invalid = true,
            }
        }
        Ok(())
    })?;
    if invalid {
        return Err(EXIT_INVALID);
    }
    let (source, loaded) = super::report::timed("load facts", || crate::facts::load_all(inputs));
    match loaded {
        Ok(f) => Ok((f, source)),
        Err(errors) => {
            for e in &errors {
                print_one(e);
            }
            Err(EXIT_INVALID)
        }
    }
}

/// The `*.csv` files of a facts folder, in name order. A folder without
/// `shipments.csv` is a usage error.
pub fn read_tables(dir: &Path) -> Result<Vec<crate::facts::csv::TableFile>, u8> {
    let cannot = |e: std::io::Error| usage(&format!("cannot read {}: {e}", dir.display()));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(cannot)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    paths.sort();
    if !paths
        .iter()
        .any(|p| p.file_name().is_some_and(|n| n == "shipments.csv"))
    {
        return Err(usage(&format!(
            "{} is not a facts file or a folder of facts tables (it has no shipments.csv)",
            dir.display()
        )));
    }
    let mut tables = Vec::with_capacity(paths.len());
    let mut invalid = false;
    for p in paths {
        match read_text(&p)? {
            Some(text) => tables.push(crate::facts::csv::TableFile::new(p.display().to_string(), text)),
            None => invalid = true,
        }
    }
    if invalid {
        return Err(EXIT_INVALID);
    }
    Ok(tables)
}

/// Whether a `--facts` argument means standard input, as `-` does for most tools.
fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// How messages name the facts sources: their names, joined by ` + `.
pub fn facts_names(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| facts_name(p)).collect::<Vec<_>>().join(" + ")
}

/// How diagnostics and messages name a facts file.
pub fn facts_name(path: &Path) -> String {
    if is_stdin(path) {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

fn read_facts_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    if is_stdin(path) {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(path)
    }
}

/// Prints diagnostics to stderr.
pub fn print_all(diagnostics: &[AnyDiagnostic]) {
    for d in diagnostics {
        print_one(d.as_ref());
    }
}

/// Reports one diagnostic on stderr (see [`super::report`]).
pub fn print_one(d: &dyn Diagnostic) {
    super::report::diagnostic(d);
}
