//! Source files and spans: every AST node and diagnostic points back here.

use miette::{Diagnostic, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::sync::{Arc, OnceLock};
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
    /// Each file as diagnostics point into it, sharing one line index.
    texts: Vec<SourceText>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        let id = FileId(self.files.len() as u32);
        let (name, text) = (name.into(), text.into());
        self.texts
            .push(SourceText::new(name.clone(), Shared::Str(Arc::clone(&text))));
        self.files.push(SourceFile { name, text });
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

    /// The file as miette source code, cheap to clone; every diagnostic
    /// about the file shares one line index.
    pub fn named_source(&self, id: FileId) -> SourceText {
        match self.texts.get(id.0 as usize) {
            Some(t) => t.clone(),
            None => SourceText::new("<unknown>".to_string(), Shared::Str(Arc::from(""))),
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, span: Span) -> (usize, usize) {
        let Some(text) = self.texts.get(span.file.0 as usize) else {
            return (1, 1);
        };
        let (line, start) = text.line_of(span.start);
        let col = text
            .text()
            .get(start..span.start.min(text.len()))
            .map_or(0, |l| l.chars().count());
        (line + 1, col + 1)
    }
}

/// The text a [`SourceText`] shares: a policy file's `Arc<str>` or a facts
/// file's `Arc<String>` (kept as read, not copied).
#[derive(Clone)]
pub enum Shared {
    /// A policy file's text.
    Str(Arc<str>),
    /// A facts file's text.
    String(Arc<String>),
}

impl Shared {
    fn as_str(&self) -> &str {
        match self {
            Shared::Str(s) => s,
            Shared::String(s) => s,
        }
    }
}

/// A named file as diagnostics point into it: the miette source code of
/// every diagnostic edict makes. Cheap to clone; the clones share the text
/// and an index of line starts, computed once, on the first question
/// about a line. With it, reading a span costs a binary search, not a
/// scan of the file from its first byte (miette's own sources do that for
/// every label, which made ten thousand diagnostics quadratic).
#[derive(Clone)]
pub struct SourceText(Arc<TextInner>);

struct TextInner {
    name: String,
    text: Shared,
    /// The byte offset at which each line starts; line 0 starts at 0.
    lines: OnceLock<Vec<usize>>,
    /// How many lines of the file come before the text: a stretch of a
    /// larger file (a batch of a shipment stream) shows the file's own line
    /// numbers in diagnostics.
    first_line: usize,
}

impl std::fmt::Debug for SourceText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The text itself can run to megabytes.
        write!(f, "SourceText({:?}, {} bytes)", self.0.name, self.len())
    }
}

impl SourceText {
    /// The file `name` holding `text`.
    pub fn new(name: String, text: Shared) -> SourceText {
        SourceText::stretch(name, text, 0)
    }

    /// A stretch of file `name` that starts at its 0-based line
    /// `first_line`: diagnostics count lines from there.
    pub fn stretch(name: String, text: Shared, first_line: usize) -> SourceText {
        SourceText(Arc::new(TextInner {
            name,
            text,
            lines: OnceLock::new(),
            first_line,
        }))
    }

    /// How many lines of the file come before this text (0 for a whole file).
    pub fn first_line(&self) -> usize {
        self.0.first_line
    }

    /// The name diagnostics show.
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        self.0.text.as_str()
    }

    /// The length of the text in bytes.
    pub fn len(&self) -> usize {
        self.text().len()
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }

    fn line_starts(&self) -> &[usize] {
        self.0.lines.get_or_init(|| {
            let bytes = self.text().as_bytes();
            let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
            starts.push(0);
            starts.extend(
                bytes
                    .iter()
                    .enumerate()
                    .filter(|(_, &b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            );
            starts
        })
    }

    /// The 0-based line of a byte offset (clamped to the text) and the
    /// offset at which that line starts. A line's `\n` belongs to it.
    pub fn line_of(&self, offset: usize) -> (usize, usize) {
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        (line, starts.get(line).copied().unwrap_or(0))
    }

    /// Where line `line` (0-based) starts and where the next one does (or
    /// the end of the text).
    pub fn line_range(&self, line: usize) -> (usize, usize) {
        let starts = self.line_starts();
        let start = starts.get(line).copied().unwrap_or(self.len());
        let end = starts.get(line + 1).copied().unwrap_or(self.len());
        (start, end)
    }
}

impl SourceCode for SourceText {
    /// The bytes of `span` (clamped to the text) with `before` whole lines
    /// before it and `after` after it. With no lines before, the contents
    /// start at the span and name its 0-based line and byte column, as
    /// miette's own sources do; with no lines after, they end with the span.
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let len = self.len();
        let start = span.offset().min(len);
        let end = start.saturating_add(span.len()).min(len);
        let (line, line_start) = self.line_of(start);
        let (last, _) = self.line_of(if end > start { end - 1 } else { start });
        let first = line.saturating_sub(before);
        let last = last
            .saturating_add(after)
            .min(self.line_starts().len().saturating_sub(1));
        let (from, column, shown_line) = if before == 0 {
            (start, start - line_start, line)
        } else {
            (self.line_range(first).0, 0, first)
        };
        let to = if after == 0 { end } else { self.line_range(last).1 };
        let data = self.text().as_bytes().get(from..to).ok_or(MietteError::OutOfBounds)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name().to_string(),
            data,
            SourceSpan::new(from.into(), to - from),
            shown_line.saturating_add(self.0.first_line),
            column,
            last + 1 - shown_line.min(last),
        )))
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
    pub src: SourceText,
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
            src: SourceText::new(name.to_string(), Shared::Str(shown)),
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
