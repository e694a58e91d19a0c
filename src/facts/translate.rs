//! Facts read from another form (a folder of CSV tables) are written as the
//! facts JSON and loaded by the one loader, so that every check is the same.
//! A [`Translation`] remembers where each piece of that JSON came from, and
//! turns a diagnostic about the JSON into one about the file, row and column
//! the user wrote.
//!
//! Where the pieces came from is worked out only when a diagnostic needs it
//! (the tables are written again, this time noting every piece): a world
//! that loads cleanly pays nothing for it.

use std::sync::OnceLock;

use miette::{Diagnostic, LabeledSpan, Severity, SourceSpan};
use thiserror::Error;

use super::errors::{FactsError, Src};
use super::source::FactsSource;

/// Where a stretch of the written JSON came from: a row of a table, or one
/// cell of it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Piece {
    /// The stretch of JSON, `start..end`.
    pub json: (usize, usize),
    /// The table, by index in [`Translation::files`].
    pub file: u32,
    /// Where the row starts in the table's text.
    pub row_start: usize,
    /// The 1-based line of the row.
    pub line: u32,
    /// The column, by index in the header; `None` for the whole row.
    pub column: Option<u32>,
    /// The piece this one lies in (a cell's row), if any.
    pub parent: Option<u32>,
}

/// The tables a facts document was written from, and how to find again where
/// each piece of it came from.
pub(crate) struct Translation {
    /// The tables, as diagnostics show them.
    pub files: Vec<Src>,
    /// Each table's column names, in header order.
    pub headers: Vec<Vec<String>>,
    /// The pieces, sorted by where they start; written on first need.
    pieces: OnceLock<Vec<Piece>>,
    /// Writes the document again, noting its pieces.
    trace: fn(&Translation) -> Vec<Piece>,
}

impl std::fmt::Debug for Translation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Translation").field("files", &self.files.len()).finish()
    }
}

impl Translation {
    /// The translation of a document written from `files`, whose pieces
    /// `trace` finds again.
    pub fn new(files: Vec<Src>, headers: Vec<Vec<String>>, trace: fn(&Translation) -> Vec<Piece>) -> Self {
        Translation {
            files,
            headers,
            pieces: OnceLock::new(),
            trace,
        }
    }

    fn pieces(&self) -> &[Piece] {
        self.pieces.get_or_init(|| (self.trace)(self))
    }

    /// The innermost piece holding JSON offset `at`.
    fn piece_at(&self, at: usize) -> Option<Piece> {
        let pieces = self.pieces();
        let after = pieces.partition_point(|p| p.json.0 <= at);
        let mut candidate = pieces.get(after.checked_sub(1)?).copied();
        // The last piece starting before `at` lies in the innermost piece
        // holding it (pieces nest or are apart): climb to that one.
        while let Some(p) = candidate {
            if at < p.json.1 || (p.json.0 == p.json.1 && at == p.json.0) {
                return Some(p);
            }
            candidate = p.parent.and_then(|i| pieces.get(i as usize).copied());
        }
        None
    }

    /// The span of `piece` in its table: the cell's text, or the row's first
    /// line.
    fn span_of(&self, piece: &Piece) -> SourceSpan {
        let text = self.files.get(piece.file as usize).map_or("", |f| f.text());
        let (start, end) = match piece.column {
            Some(c) => cell_span(text, piece.row_start, c as usize),
            None => {
                let rest = text.get(piece.row_start..).unwrap_or("");
                let len = rest.find(['\n', '\r']).unwrap_or(rest.len());
                (piece.row_start, piece.row_start + len.max(1).min(rest.len()))
            }
        };
        SourceSpan::new(start.into(), end.saturating_sub(start))
    }

    /// How a message names `piece`: `shipments.csv row 3, column `item``.
    fn place(&self, piece: &Piece) -> String {
        let file = self.files.get(piece.file as usize).map_or("", |f| f.name());
        let column = piece
            .column
            .and_then(|c| self.headers.get(piece.file as usize).and_then(|h| h.get(c as usize)));
        match column {
            Some(name) => format!("{file} row {}, column `{name}`,", piece.line),
            None => format!("{file} row {}", piece.line),
        }
    }

    /// The diagnostic `error` about the written JSON `json`, said of the
    /// tables instead.
    pub fn translate(&self, json: &FactsSource, error: &FactsError) -> FactsError {
        let labels: Vec<LabeledSpan> = error.labels().into_iter().flatten().collect();
        let primary = labels.iter().find(|l| l.primary()).or(labels.first());
        let home = primary.and_then(|l| self.piece_at(l.offset()));
        let file = home.map_or(0, |p| p.file);
        let pieces = labels.iter().filter_map(|label| {
            let piece = self.piece_at(label.offset())?;
            Some((piece.file, relabel(label, self.span_of(&piece))))
        });
        let mut groups = by_file(file, pieces).into_iter();
        let moved = groups.next().map(|(_, labels)| labels).unwrap_or_default();
        let code = error.code().map(|c| c.to_string()).unwrap_or_default();
        let key = missing_key(error);
        let help = match (code.as_str(), key) {
            ("edict::facts::missing-key", Some(key)) => Some(format!("fill in the `{key}` column of this row")),
            ("edict::facts::duplicate-key", _) => Some("each row needs its own id; remove or rename one".to_string()),
            _ => error.help().map(|h| h.to_string()),
        };
        let src = match self.files.get(file as usize) {
            Some(f) if home.is_some() => f.clone(),
            _ => json.named_source(),
        };
        let severity = error.severity().unwrap_or(Severity::Error);
        // Places in the folder's other tables: each table's as a related
        // diagnostic of its own.
        let related = groups
            .filter_map(|(f, labels)| {
                let src = self.files.get(f as usize)?;
                Some(FactsError::Translated(Box::new(Translated {
                    code: code.clone(),
                    message: format!("and in {}", src.name()),
                    help: None,
                    severity,
                    src: src.clone(),
                    labels,
                    missing_key: None,
                    related: Vec::new(),
                })))
            })
            .collect();
        FactsError::Translated(Box::new(Translated {
            code,
            message: self.message(json, &error.to_string()),
            help,
            severity,
            src,
            labels: moved,
            missing_key: key,
            related,
        }))
    }

    /// `message` with each `` `path` `` into the JSON replaced by the row and
    /// column it came from.
    fn message(&self, json: &FactsSource, message: &str) -> String {
        rewrite_paths(message, |inner| {
            (inner.contains('[') || inner.contains('.'))
                .then(|| json.locate(inner))
                .flatten()
                .and_then(|span| self.piece_at(span.offset()))
                .map(|piece| self.place(&piece).trim_end_matches(',').to_string())
        })
    }
}

/// `label` (its text, and whether it is the primary one) at `span`.
pub(crate) fn relabel(label: &LabeledSpan, span: SourceSpan) -> LabeledSpan {
    let text = label.label().map(str::to_string);
    if label.primary() {
        LabeledSpan::new_primary_with_span(text, span)
    } else {
        LabeledSpan::new_with_span(text, span)
    }
}

/// Labels, each with the file it falls in, grouped by file in the order
/// the files first come, `home`'s first (empty when none falls in it).
pub(crate) fn by_file<K: PartialEq>(
    home: K,
    labels: impl IntoIterator<Item = (K, LabeledSpan)>,
) -> Vec<(K, Vec<LabeledSpan>)> {
    let mut groups = vec![(home, Vec::new())];
    for (file, label) in labels {
        match groups.iter_mut().find(|(f, _)| *f == file) {
            Some((_, group)) => group.push(label),
            None => groups.push((file, vec![label])),
        }
    }
    groups
}

/// `message` with each `` `path` `` (backticks included) replaced by what
/// `replace` makes of the text between the backticks; one it makes nothing
/// of (`None`) is kept as it is. A lone backtick is kept too.
pub(crate) fn rewrite_paths(message: &str, mut replace: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find('`') {
        let Some(close) = rest.get(open + 1..).and_then(|r| r.find('`')) else {
            break;
        };
        let inner = rest.get(open + 1..open + 1 + close).unwrap_or("");
        out.push_str(rest.get(..open).unwrap_or(""));
        match replace(inner) {
            Some(replaced) => out.push_str(&replaced),
            None => {
                out.push('`');
                out.push_str(inner);
                out.push('`');
            }
        }
        rest = rest.get(open + close + 2..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// The span of column `column` of the CSV row starting at `row_start` of
/// `text` (quotes included); the row's end if it has fewer columns.
pub(crate) fn cell_span(text: &str, row_start: usize, column: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut at = row_start;
    let mut index = 0;
    loop {
        let start = at;
        let mut quoted = false;
        while let Some(&b) = bytes.get(at) {
            match b {
                b'"' => quoted = !quoted,
                b',' | b'\n' | b'\r' if !quoted => break,
                _ => {}
            }
            at += 1;
        }
        if index == column {
            return (start, at);
        }
        if bytes.get(at) != Some(&b',') {
            return (at, at);
        }
        at += 1;
        index += 1;
    }
}

/// A diagnostic about a table of facts (a CSV file): the loader's diagnostic
/// moved to the row and column it is about, or one of the table's own.
#[derive(Debug, Error)]
#[error("{message}")]
pub struct Translated {
    code: String,
    message: String,
    help: Option<String>,
    severity: Severity,
    src: Src,
    labels: Vec<LabeledSpan>,
    /// For a `missing-key` diagnostic, the key (so that a table's help can
    /// name its column).
    missing_key: Option<&'static str>,
    /// Other places the diagnostic is about, each in its own file (the
    /// first of two records with one id, in another source).
    related: Vec<FactsError>,
}

impl Translated {
    /// A diagnostic of the tables themselves (a column or row the loader
    /// never sees), as an error.
    pub(crate) fn table_error(
        code: &str,
        message: String,
        help: Option<String>,
        src: Src,
        label: LabeledSpan,
    ) -> FactsError {
        Translated::diagnostic(code, message, help, Severity::Error, src, Some(label))
    }

    /// Replaces the labels (several spans of one file).
    pub(crate) fn set_labels(&mut self, labels: Vec<LabeledSpan>) {
        self.labels = labels;
    }

    /// A diagnostic of a table or list file, of any severity.
    pub(crate) fn diagnostic(
        code: &str,
        message: String,
        help: Option<String>,
        severity: Severity,
        src: Src,
        label: Option<LabeledSpan>,
    ) -> FactsError {
        FactsError::Translated(Box::new(Translated {
            code: code.to_string(),
            message,
            help,
            severity,
            src,
            labels: label.into_iter().collect(),
            missing_key: None,
            related: Vec::new(),
        }))
    }

    /// `error` said of `src` instead, with `labels` (already moved there)
    /// and `message`.
    pub(crate) fn moved(error: &FactsError, message: String, src: Src, labels: Vec<LabeledSpan>) -> Self {
        Translated {
            code: error.code().map(|c| c.to_string()).unwrap_or_default(),
            message,
            help: error.help().map(|h| h.to_string()),
            severity: error.severity().unwrap_or(Severity::Error),
            src,
            labels,
            missing_key: missing_key(error),
            related: Vec::new(),
        }
    }

    /// Adds another place the diagnostic is about.
    pub(crate) fn relate(&mut self, other: FactsError) {
        self.related.push(other);
    }

    /// Removes the help (said once, by the diagnostic a related one
    /// belongs to).
    pub(crate) fn drop_help(&mut self) {
        self.help = None;
    }
}

/// The key of a `missing-key` diagnostic, however it was moved.
fn missing_key(error: &FactsError) -> Option<&'static str> {
    match error {
        FactsError::MissingKey { key, .. } => Some(*key),
        FactsError::Translated(t) => t.missing_key,
        _ => None,
    }
}

impl Diagnostic for Translated {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}

/// Where a facts document that is not a file of its own came from: tables
/// (CSV), or several sources merged.
#[derive(Debug)]
pub(crate) enum Origin {
    /// Written from a folder of tables.
    Tables(Translation),
    /// Several sources written as one document.
    Merged(super::merge::Merge),
}

impl Origin {
    /// The diagnostic `error` about the written JSON `json`, said of where
    /// its text came from.
    pub fn translate(&self, json: &FactsSource, error: &FactsError) -> FactsError {
        match self {
            Origin::Tables(t) => t.translate(json, error),
            Origin::Merged(m) => m.translate(json, error),
        }
    }

    /// Whether the document was written from tables.
    pub fn is_tables(&self) -> bool {
        matches!(self, Origin::Tables(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_found_with_their_quotes() {
        let text = "id,name\nacme,\"Acme, Inc.\"\nrobo\n";
        let row = text.find("acme").unwrap_or(0);
        let (s, e) = cell_span(text, row, 1);
        assert_eq!(text.get(s..e), Some("\"Acme, Inc.\""));
        let (s, e) = cell_span(text, row, 0);
        assert_eq!(text.get(s..e), Some("acme"));
        let short = text.find("robo").unwrap_or(0);
        let (s, e) = cell_span(text, short, 3);
        assert_eq!((s, e), (short + 4, short + 4));
    }

    #[test]
    fn each_path_in_backticks_is_rewritten_or_kept() {
        let message = "`shipments[3].item` names `pump`, see `x` and an open ` tick";
        let rewritten = rewrite_paths(message, |inner| {
            inner
                .starts_with("shipments")
                .then(|| "shipments.csv row 4".to_string())
        });
        assert_eq!(
            rewritten,
            "shipments.csv row 4 names `pump`, see `x` and an open ` tick"
        );
        assert_eq!(rewrite_paths("no paths", |_| Some(String::new())), "no paths");
        assert_eq!(rewrite_paths("``", |inner| Some(format!("<{inner}>"))), "<>");
    }
}
