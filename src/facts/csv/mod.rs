//! Facts as a folder of CSV tables, the form an ERP exports: one file per
//! section (`parties.csv`, `items.csv`, `components.csv`, `made_with.csv`,
//! `ownership.csv`, `listings.csv`, `shipments.csv`, and `facts.csv` for the
//! currency), one row per record, columns named as the facts contract names
//! the keys. `docs/facts.md` documents the form.
//!
//! The tables are written as one facts document and read by the one loader,
//! so that every check is the loader's; its diagnostics are moved to the
//! file, row and column they are about.
//!
//! ```
//! use edict::facts::csv::{load_tables, TableFile};
//!
//! let tables = vec![
//!     TableFile::new("w/parties.csv", "id,name,country\nacme,Acme,DE\nrobo,Robo,US\n"),
//!     TableFile::new("w/items.csv", "id,origin,value\nmotor,DE,480.00\n"),
//!     TableFile::new(
//!         "w/shipments.csv",
//!         "id,date,item,exporter,from,to,end_user\nS-1,2025-12-15,motor,acme,DE,US,robo\n",
//!     ),
//! ];
//! let (_, facts) = load_tables("w", tables);
//! assert_eq!(facts.map(|f| f.shipments.len()).ok(), Some(1));
//! ```

mod read;
mod tables;
mod write;

use super::errors::{FactsError, Src};
use super::source::FactsSource;
use super::translate::{Piece, Translation};
use super::Facts;
use crate::source::{Shared, SourceText};
use std::sync::Arc;

pub(crate) use write::{percent, written_version};
pub use write::{to_tables, ConvertError};

/// One CSV file of a facts folder: its name as diagnostics show it (the
/// last part of the path says which table it is) and its text.
#[derive(Clone, Debug)]
pub struct TableFile {
    /// The path, as diagnostics show it (`world/parties.csv`).
    pub name: String,
    /// The text.
    pub text: String,
}

impl TableFile {
    /// The file `name` holding `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        TableFile {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// The file names of the tables a facts folder may hold.
pub fn table_names() -> impl Iterator<Item = &'static str> {
    tables::TABLES.iter().map(|t| t.file)
}

/// Whether a file of this name is a table of a facts folder.
pub fn is_table(name: &str) -> bool {
    read::table_of(name).is_some()
}

/// Reads a folder of facts tables (named `folder` in messages) and loads
/// them as a facts file is loaded. Every problem found is returned, each
/// pointing at its file, row and column. The source is the facts document
/// the tables were written as; later stages point into the tables through
/// it.
pub fn load_tables(folder: &str, files: Vec<TableFile>) -> (FactsSource, Result<Facts, Vec<FactsError>>) {
    let (source, mut errors, complete) = document(folder, files);
    if !complete {
        return (source, Err(errors));
    }
    match (super::load(&source), errors.is_empty()) {
        (Ok(facts), true) => (source, Ok(facts)),
        (Ok(_), false) => (source, Err(errors)),
        (Err(more), _) => {
            errors.extend(more);
            (source, Err(errors))
        }
    }
}

/// The facts document a folder of tables is written as, the tables' own
/// problems, and whether the document is worth loading (`false` when a
/// header problem or an unknown file means the rest would only be noise).
pub(crate) fn document(folder: &str, files: Vec<TableFile>) -> (FactsSource, Vec<FactsError>, bool) {
    let srcs: Vec<Src> = files
        .into_iter()
        .map(|f| SourceText::new(f.name, Shared::String(Arc::new(f.text))))
        .collect();
    let mut errors = Vec::new();
    let (parsed, complete) = parse_all(&srcs, &mut errors);
    let len = srcs.iter().map(SourceText::len).sum::<usize>() * 2;
    let mut out = read::Out::new(len, false);
    read::write(&parsed, &mut out, &srcs, &mut errors);
    let headers = parsed_headers(&srcs, &parsed);
    let translation = Translation::new(srcs, headers, trace);
    (FactsSource::translated(folder, out.json, translation), errors, complete)
}

/// Reads every table; `false` when a header problem (or an unknown file)
/// means the rest would only be noise.
fn parse_all(srcs: &[Src], errors: &mut Vec<FactsError>) -> (Vec<read::Parsed>, bool) {
    let mut parsed: Vec<read::Parsed> = Vec::new();
    let mut complete = true;
    for (i, src) in srcs.iter().enumerate() {
        let file = u32::try_from(i).unwrap_or(u32::MAX);
        let Some(table) = read::table_of(src.name()) else {
            let base = std::path::Path::new(src.name())
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("");
            let help = match super::errors::closest(base, table_names()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("the tables are {}", table_names().collect::<Vec<_>>().join(", ")),
            };
            let message = format!("{} is not a table of a facts folder", src.name());
            errors.push(read::table_error(
                src,
                "edict::facts::unknown-table",
                message,
                Some(help),
                (0, 0),
                "this file",
            ));
            complete = false;
            continue;
        };
        if parsed.iter().any(|p| p.table.section == table.section) {
            let message = format!("{} is a second `{}` table", src.name(), table.file);
            errors.push(read::table_error(
                src,
                "edict::facts::duplicate-table",
                message,
                None,
                (0, 0),
                "this file",
            ));
            complete = false;
            continue;
        }
        match read::parse(file, table, src, errors) {
            Some(p) => parsed.push(p),
            None => complete = false,
        }
    }
    // The document is written section by section, whatever order the files
    // came in.
    parsed.sort_by_key(|p| tables::TABLES.iter().position(|t| t.section == p.table.section));
    (parsed, complete)
}

fn parsed_headers(srcs: &[Src], parsed: &[read::Parsed]) -> Vec<Vec<String>> {
    let mut headers = vec![Vec::new(); srcs.len()];
    for p in parsed {
        if let Some(h) = headers.get_mut(p.file as usize) {
            h.clone_from(&p.header);
        }
    }
    headers
}

/// Writes the document again from the tables, noting its pieces.
fn trace(translation: &Translation) -> Vec<Piece> {
    let mut ignored = Vec::new();
    let (parsed, _) = parse_all(&translation.files, &mut ignored);
    let mut out = read::Out::new(0, true);
    read::write(&parsed, &mut out, &translation.files, &mut ignored);
    out.pieces.unwrap_or_default()
}
