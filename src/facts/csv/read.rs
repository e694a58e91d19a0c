//! Reading a folder's tables and writing them as one facts document (JSON),
//! noting, when asked, where each piece of it came from.
//!
//! The tables' own mistakes (an unknown column, a row of the wrong length, a
//! bill-of-materials line for an item that does not exist) are reported
//! here; everything else is left to the loader, which reports it of the JSON
//! and has it moved back to the row and column (see `translate.rs`).

use csv::{ReaderBuilder, StringRecord};
use miette::{LabeledSpan, SourceSpan};
use rustc_hash::FxHashMap;

use super::tables::{self, Cell, Section, Table, ATTRIBUTE};
use crate::facts::errors::{closest, FactsError, Src};
use crate::facts::json::escape;
use crate::facts::translate::{cell_span, Piece, Translated};

/// One row of a table.
pub(crate) struct Row {
    /// Where it starts in the text.
    pub start: usize,
    /// Its 1-based line.
    pub line: u32,
    /// Its cells.
    pub record: StringRecord,
}

/// A table as read: which header column holds each of its columns.
pub(crate) struct Parsed {
    pub table: &'static Table,
    /// Its index among the files.
    pub file: u32,
    /// For each of the table's columns, its index in the header.
    pub at: Vec<Option<usize>>,
    /// The attribute columns: name and index in the header.
    pub attributes: Vec<(String, usize)>,
    /// The header's column names.
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

impl Parsed {
    /// The cell of column `name` in `row`, or "" if the table has none.
    pub fn cell<'r>(&self, row: &'r Row, name: &str) -> &'r str {
        let i = self.table.columns.iter().position(|c| c.name == name);
        i.and_then(|i| self.at.get(i).copied().flatten())
            .and_then(|h| row.record.get(h))
            .unwrap_or("")
    }
}

/// The table of a file named `name` (a path; its last part decides).
pub(crate) fn table_of(name: &str) -> Option<&'static Table> {
    let base = std::path::Path::new(name).file_name()?.to_str()?;
    tables::table(base)
}

/// An error of the table `src` itself, underlining `span`.
pub(crate) fn table_error(
    src: &Src,
    code: &str,
    message: String,
    help: Option<String>,
    span: (usize, usize),
    label: &str,
) -> FactsError {
    let span = SourceSpan::new(span.0.into(), span.1.saturating_sub(span.0));
    let label = LabeledSpan::new_primary_with_span(Some(label.to_string()), span);
    Translated::table_error(code, message, help, src.clone(), label)
}

/// Reads the table in `src` (file `file` of the folder); header problems
/// make it `None`. Problems go to `errors`.
pub(crate) fn parse(file: u32, table: &'static Table, src: &Src, errors: &mut Vec<FactsError>) -> Option<Parsed> {
    let text = src.text();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes().get(bom..).unwrap_or_default());
    let mut header = StringRecord::new();
    let has_header = matches!(reader.read_record(&mut header), Ok(true));
    if !has_header {
        let message = format!("{} has no header row", src.name());
        let help = Some(format!("the first row names the columns: {}", column_list(table)));
        errors.push(table_error(
            src,
            "edict::facts::no-header",
            message,
            help,
            (0, 0),
            "expected a header",
        ));
        return None;
    }
    let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let header_at = |i: usize| cell_span(text, bom, i);
    let mut parsed = Parsed {
        table,
        file,
        at: vec![None; table.columns.len()],
        attributes: Vec::new(),
        header: header.clone(),
        rows: Vec::new(),
    };
    let before = errors.len();
    for (i, name) in header.iter().enumerate() {
        let known = table.columns.iter().position(|c| c.name == name);
        let attribute = name.strip_prefix(ATTRIBUTE).filter(|_| table.attributes);
        let seen = match (known, attribute) {
            (Some(c), _) => parsed.at.get_mut(c).map(|slot| slot.replace(i).is_some()),
            (None, Some(a)) if !a.is_empty() => {
                let again = parsed.attributes.iter().any(|(n, _)| n == a);
                if !again {
                    parsed.attributes.push((a.to_string(), i));
                }
                Some(again)
            }
            _ => None,
        };
        match seen {
            Some(false) => {}
            Some(true) => {
                let message = format!("{} names the column `{name}` twice", src.name());
                errors.push(table_error(
                    src,
                    "edict::facts::duplicate-column",
                    message,
                    None,
                    header_at(i),
                    "given again here",
                ));
            }
            None => {
                let names = table.columns.iter().map(|c| c.name);
                let help = match closest(name, names) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("the columns of {} are {}", table.file, column_list(table)),
                };
                let message = format!("unknown column `{name}` in {}", src.name());
                errors.push(table_error(
                    src,
                    "edict::facts::unknown-column",
                    message,
                    Some(help),
                    header_at(i),
                    "not a column of this table",
                ));
            }
        }
    }
    for (column, at) in table.columns.iter().zip(&parsed.at) {
        if column.required && at.is_none() {
            let message = format!("{} has no `{}` column", src.name(), column.name);
            let help = Some(format!("the columns of {} are {}", table.file, column_list(table)));
            let end = text.find(['\n', '\r']).unwrap_or(text.len());
            errors.push(table_error(
                src,
                "edict::facts::missing-column",
                message,
                help,
                (bom, end),
                "this header",
            ));
        }
    }
    if errors.len() > before {
        return None;
    }
    let mut record = StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize + bom);
                let message = format!("{} is not valid CSV: {e}", src.name());
                errors.push(table_error(
                    src,
                    "edict::facts::invalid-csv",
                    message,
                    None,
                    (at, at),
                    "here",
                ));
                break;
            }
        }
        let start = record.position().map_or(0, |p| p.byte() as usize + bom);
        let line = record
            .position()
            .map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
        if record.len() == 1 && record.get(0).is_some_and(str::is_empty) {
            continue;
        }
        if record.len() != header.len() {
            let message = format!(
                "{} row {line} has {} cells, but the header names {} columns",
                src.name(),
                record.len(),
                header.len()
            );
            let help = Some("quote a cell that holds a comma: \"Acme, Inc.\"".to_string());
            let end = start + text.get(start..).map_or(0, |r| r.find(['\n', '\r']).unwrap_or(r.len()));
            errors.push(table_error(
                src,
                "edict::facts::row-length",
                message,
                help,
                (start, end),
                "this row",
            ));
            continue;
        }
        if table.section == Section::Header && !parsed.rows.is_empty() {
            let message = format!("{} has more than one row", src.name());
            let help = Some("facts.csv holds one row: the version and the currency".to_string());
            let end = start + text.get(start..).map_or(0, |r| r.find(['\n', '\r']).unwrap_or(r.len()));
            errors.push(table_error(
                src,
                "edict::facts::extra-row",
                message,
                help,
                (start, end),
                "a second row",
            ));
            continue;
        }
        parsed.rows.push(Row {
            start,
            line,
            record: std::mem::take(&mut record),
        });
    }
    Some(parsed)
}

fn column_list(table: &Table) -> String {
    let names: Vec<String> = table.columns.iter().map(|c| format!("`{}`", c.name)).collect();
    let more = if table.attributes {
        ", and `attributes.NAME` columns"
    } else {
        ""
    };
    format!("{}{more}", names.join(", "))
}

/// The facts document being written, and where its pieces came from.
pub(crate) struct Out {
    pub json: String,
    pub pieces: Option<Vec<Piece>>,
    open: Vec<u32>,
}

impl Out {
    /// A document of about `len` bytes; pieces noted when `trace`.
    pub fn new(len: usize, trace: bool) -> Out {
        Out {
            json: String::with_capacity(len),
            pieces: trace.then(Vec::new),
            open: Vec::new(),
        }
    }

    fn open(&mut self, file: u32, row: &Row, column: Option<usize>) {
        if let Some(pieces) = &mut self.pieces {
            let index = u32::try_from(pieces.len()).unwrap_or(u32::MAX);
            pieces.push(Piece {
                json: (self.json.len(), self.json.len()),
                file,
                row_start: row.start,
                line: row.line,
                column: column.and_then(|c| u32::try_from(c).ok()),
                parent: self.open.last().copied(),
            });
            self.open.push(index);
        }
    }

    fn close(&mut self) {
        if let Some(pieces) = &mut self.pieces {
            let end = self.json.len();
            if let Some(p) = self.open.pop().and_then(|i| pieces.get_mut(i as usize)) {
                p.json.1 = end;
            }
        }
    }

    fn string(&mut self, text: &str) {
        self.json.push('"');
        self.json.push_str(&escape(text));
        self.json.push('"');
    }

    fn key(&mut self, first: &mut bool, name: &str) {
        if !std::mem::take(first) {
            self.json.push(',');
        }
        self.string(name);
        self.json.push(':');
    }

    /// Writes one cell's value as its column reads it.
    fn value(&mut self, cell: Cell, text: &str) {
        match cell {
            Cell::Text => self.string(text),
            Cell::Ranged => match text.split_once(super::write::RANGE) {
                Some((at_least, at_most)) => {
                    self.json.push_str("{\"at least\":");
                    self.string(at_least.trim());
                    self.json.push_str(",\"at most\":");
                    self.string(at_most.trim());
                    self.json.push('}');
                }
                None => self.string(text),
            },
            Cell::Number if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => self.json.push_str(text),
            Cell::Number => self.string(text),
            Cell::Tags => {
                self.json.push('[');
                let mut first = true;
                for tag in text.split(';').map(str::trim).filter(|t| !t.is_empty()) {
                    if !std::mem::take(&mut first) {
                        self.json.push(',');
                    }
                    self.string(tag);
                }
                self.json.push(']');
            }
        }
    }

    /// Writes an attribute cell: `true`/`false` a boolean, a plain decimal a
    /// number, `'text` the text after the apostrophe, anything else text.
    fn attribute(&mut self, text: &str) {
        if let Some(quoted) = text.strip_prefix('\'') {
            self.string(quoted);
        } else if text == "true" || text == "false" || is_number(text) {
            self.json.push_str(text);
        } else {
            self.string(text);
        }
    }

    /// Writes the cells of `row` (all but `skip`) as members of an object
    /// already opened, then its attributes; `first` says whether a member
    /// has been written.
    fn members(&mut self, t: &Parsed, row: &Row, skip: &[&str], first: &mut bool) {
        for (column, at) in t.table.columns.iter().zip(&t.at) {
            let Some(at) = *at else { continue };
            let text = row.record.get(at).unwrap_or("");
            if text.is_empty() || skip.contains(&column.name) {
                continue;
            }
            self.key(first, column.name);
            self.open(t.file, row, Some(at));
            self.value(column.cell, text);
            self.close();
        }
        let mut any = false;
        for (name, at) in &t.attributes {
            let text = row.record.get(*at).unwrap_or("");
            if text.is_empty() {
                continue;
            }
            if !any {
                self.key(first, "attributes");
                self.json.push('{');
            }
            self.key(&mut !any, name);
            any = true;
            self.open(t.file, row, Some(*at));
            self.attribute(text);
            self.close();
        }
        if any {
            self.json.push('}');
        }
    }
}

/// Whether an attribute cell is a plain decimal, read as a number:
/// `-?(0|[1-9][0-9]*)(.[0-9]+)?`.
pub(crate) fn is_number(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && (whole == "0" || !whole.starts_with('0')) && fraction.is_none_or(digits)
}

/// Writes the facts document from the tables read. `errors` gets the
/// bill-of-materials lines and `made_with` rows whose item is not in
/// `items.csv`.
pub(crate) fn write(tables: &[Parsed], out: &mut Out, files: &[Src], errors: &mut Vec<FactsError>) {
    let of = |section| tables.iter().find(|t| t.table.section == section);
    out.json.push_str("{\"version\":");
    let header = of(Section::Header).and_then(|t| t.rows.first().map(|r| (t, r)));
    let mut first = false;
    match header {
        Some((t, row)) if !t.cell(row, "version").is_empty() => {
            let at = t.at.first().copied().flatten();
            out.open(t.file, row, at);
            out.value(Cell::Number, t.cell(row, "version"));
            out.close();
        }
        _ => out.json.push('1'),
    }
    if let Some((t, row)) = header {
        out.members(t, row, &["version"], &mut first);
    }
    keyed(out, of(Section::Parties), "parties", |_, _, _| {});
    listed(out, of(Section::Ownership), "ownership");
    listed(out, of(Section::Listings), "listings");
    let mut made_with = lines_by(of(Section::MadeWith), "item");
    let mut components = lines_by(of(Section::Components), "assembly");
    let (mw, co) = (of(Section::MadeWith), of(Section::Components));
    keyed(out, of(Section::Items), "items", |out, id, first| {
        for (lines, t, key, skip) in [
            (&mut made_with, mw, "made_with", "item"),
            (&mut components, co, "components", "assembly"),
        ] {
            let (Some(rows), Some(t)) = (lines.remove(id), t) else {
                continue;
            };
            out.key(first, key);
            out.json.push('[');
            for (n, &r) in rows.iter().enumerate() {
                let Some(row) = t.rows.get(r) else { continue };
                if n > 0 {
                    out.json.push(',');
                }
                out.open(t.file, row, None);
                out.json.push('{');
                out.members(t, row, &[skip], &mut true);
                out.json.push('}');
                out.close();
            }
            out.json.push(']');
        }
    });
    listed(out, of(Section::Shipments), "shipments");
    out.json.push('}');
    let items = of(Section::Items);
    for (lines, t, column) in [(made_with, mw, "item"), (components, co, "assembly")] {
        let Some(t) = t else { continue };
        let mut orphans: Vec<usize> = lines.into_values().flatten().collect();
        orphans.sort_unstable();
        for r in orphans {
            let Some(row) = t.rows.get(r) else { continue };
            errors.push(unknown_item(t, row, column, items, files));
        }
    }
}

/// For each item id, the rows of `t` whose `column` names it, in order.
fn lines_by<'t>(t: Option<&'t Parsed>, column: &str) -> FxHashMap<&'t str, Vec<usize>> {
    let mut by: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, row) in t.map(|t| t.rows.as_slice()).unwrap_or_default().iter().enumerate() {
        if let Some(t) = t {
            by.entry(t.cell(row, column)).or_default().push(i);
        }
    }
    by
}

fn unknown_item(t: &Parsed, row: &Row, column: &str, items: Option<&Parsed>, files: &[Src]) -> FactsError {
    let id = t.cell(row, column);
    let ids = items.into_iter().flat_map(|i| i.rows.iter().map(|r| i.cell(r, "id")));
    let help = closest(id, ids).map(|c| format!("did you mean `{c}`?"));
    let src = files
        .get(t.file as usize)
        .cloned()
        .unwrap_or_else(|| crate::facts::FactsSource::new("", "").named_source());
    let at = t
        .table
        .columns
        .iter()
        .position(|c| c.name == column)
        .and_then(|c| t.at.get(c).copied().flatten())
        .unwrap_or(0);
    let message = format!(
        "{} row {}, column `{column}` names item `{id}`, which is not in items.csv",
        src.name(),
        row.line
    );
    table_error(
        &src,
        "edict::facts::unknown-item",
        message,
        help,
        cell_span(src.text(), row.start, at),
        "no such item",
    )
}

/// Writes a section keyed by id (`parties`, `items`); `more` adds members
/// to each record after its cells.
fn keyed(out: &mut Out, t: Option<&Parsed>, name: &str, mut more: impl FnMut(&mut Out, &str, &mut bool)) {
    let Some(t) = t else { return };
    out.json.push_str(",\"");
    out.json.push_str(name);
    out.json.push_str("\":{");
    let id_at = t.at.first().copied().flatten();
    for (n, row) in t.rows.iter().enumerate() {
        if n > 0 {
            out.json.push(',');
        }
        out.open(t.file, row, None);
        let id = t.cell(row, "id");
        out.open(t.file, row, id_at);
        out.string(id);
        out.close();
        out.json.push_str(":{");
        let mut first = true;
        out.members(t, row, &["id"], &mut first);
        more(out, id, &mut first);
        out.json.push('}');
        out.close();
    }
    out.json.push('}');
}

/// Writes a section that is a list of records (`ownership`, `shipments`).
fn listed(out: &mut Out, t: Option<&Parsed>, name: &str) {
    let Some(t) = t else {
        if name == "shipments" {
            out.json.push_str(",\"shipments\":[]");
        }
        return;
    };
    out.json.push_str(",\"");
    out.json.push_str(name);
    out.json.push_str("\":[");
    for (n, row) in t.rows.iter().enumerate() {
        if n > 0 {
            out.json.push(',');
        }
        out.open(t.file, row, None);
        out.json.push('{');
        out.members(t, row, &[], &mut true);
        out.json.push('}');
        out.close();
    }
    out.json.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_plain_decimals() {
        for yes in ["0", "14", "-3", "1.50", "0.25"] {
            assert!(is_number(yes), "{yes}");
        }
        for no in ["", "007", ".5", "1.", "1e3", "-", "1,5", "+1"] {
            assert!(!is_number(no), "{no}");
        }
    }
}
