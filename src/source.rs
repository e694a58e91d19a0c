//! Source files and spans: every AST node and diagnostic points back here.

use miette::{Diagnostic, NamedSource, SourceSpan};
use std::sync::Arc;
use thiserror::Error;

/// The index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span over `start..end` of `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span { file, start, end }
    }

    /// The span from the start of `self` to the end of `other`.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.file, self.start.min(other.start), self.end.max(other.end))
    }
}

impl From<Span> for SourceSpan {
    fn from(span: Span) -> SourceSpan {
        SourceSpan::new(span.start.into(), span.end.saturating_sub(span.start))
    }
}

/// A policy file's name (as the user gave it) and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics, e.g. `policies/cn-mofcom-2025-61.edict`.
    pub name: String,
    /// The whole text.
    pub text: Arc<str>,
}

/// All policy files of a load, addressed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile {
            name: name.into(),
            text: text.into(),
        });
        id
    }

    /// The file with this id.
    pub fn file(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// Every file with its id, in the order added.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }

    /// The text under a span (empty if the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.file(span.file)
            .and_then(|f| f.text.get(span.start..span.end))
            .unwrap_or("")
    }

    /// The file as miette source code, cheap to clone.
    pub fn named_source(&self, id: FileId) -> NamedSource<Arc<str>> {
        match self.file(id) {
            Some(f) => NamedSource::new(f.name.clone(), f.text.clone()),
            None => NamedSource::new("<unknown>", Arc::from("")),
        }
    }

    /// The 1-based line and column of a byte offset.
    pub fn line_col(&self, span: Span) -> (usize, usize) {
        let text = self.file(span.file).map(|f| &*f.text).unwrap_or("");
        let before = text.get(..span.start).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }
}

/// A policy or facts file that is not UTF-8.
#[derive(Debug, Error, Diagnostic)]
#[error("{name} is not valid UTF-8: the bytes at offset {offset} do not encode a character")]
#[diagnostic(
    code("edict::invalid-utf8"),
    help("policy and facts files are read as UTF-8; save the file in that encoding")
)]
pub struct InvalidUtf8 {
    /// The file's name.
    pub name: String,
    /// The byte offset of the first invalid sequence.
    pub offset: usize,
    /// The file, with each invalid sequence shown as U+FFFD.
    #[source_code]
    pub src: NamedSource<Arc<str>>,
    /// The first invalid sequence.
    #[label("byte {offset}")]
    pub span: SourceSpan,
}

/// The text of a file read as `bytes`, or where it stops being UTF-8.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String, Box<InvalidUtf8>> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        // The lossy text is byte for byte the same up to `offset`, where
        // it has U+FFFD (three bytes) in place of the invalid sequence.
        let shown: Arc<str> = String::from_utf8_lossy(e.as_bytes()).into();
        Box::new(InvalidUtf8 {
            name: name.to_string(),
            offset,
            src: NamedSource::new(name, shown),
            span: SourceSpan::new(offset.into(), '\u{fffd}'.len_utf8()),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_names_the_offset_of_the_first_invalid_sequence() {
        assert_eq!(decode("a", b"policy p".to_vec()).ok().as_deref(), Some("policy p"));
        let e = decode("a", b"policy \xc3\x28 \xff".to_vec()).err().map(|e| e.offset);
        assert_eq!(e, Some(7));
        let truncated = decode("a", "p \u{e9}".as_bytes()[..3].to_vec()).err().map(|e| e.offset);
        assert_eq!(truncated, Some(2));
    }
}
