//! What a diagnostic shows of its file: a window of each line around each
//! label, never a whole long line.
//!
//! miette's graphical renderer prints every line a label touches in full,
//! with a line before and after, and pads the underline with `{:width$}`:
//! a label past display column 65 535 (a warning in a minified facts file
//! of 64 kB, or a shorter line of tabs or CJK text) panics inside it, and a
//! 100 MB line is printed whole. [`windowed`] wraps a diagnostic so that
//! miette sees a small synthetic source instead: for each line it shows,
//! the line whole when it is short, else windows around the ends of the
//! labels on it, joined by `…`, with the labels moved to match. Line
//! numbers and the `file:line:column` of the header are the real ones.
//!
//! The wrapper reads the original source only through
//! [`SourceCode::read_span`]: the line and column of an offset, and a few
//! bounded byte ranges. With [`crate::source::SourceText`] each is a binary
//! search, so rendering a diagnostic costs the same in a 100 MB file as in
//! a small one.

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, Severity, SourceCode, SourceSpan, SpanContents,
};
use std::collections::BTreeMap;
use std::fmt;

/// Lines up to this many bytes are shown whole.
pub const WHOLE_LINE: usize = 160;
/// In a longer line, how many bytes are shown on either side of each end
/// of a label.
pub const WINDOW: usize = 48;
/// Labels of one diagnostic shown at most (edict's have one to three).
const MAX_LABELS: usize = 16;
/// Related diagnostics shown at most, and how deeply they nest.
const MAX_RELATED: usize = 16;
const MAX_DEPTH: usize = 4;
/// A label over more lines or bytes than this is shown on its first line.
const LONG_LABEL_LINES: usize = 12;
const LONG_LABEL_BYTES: usize = 4096;
/// Two groups of lines this close are shown as one snippet, with the lines
/// between them.
const MERGE_GAP: usize = 3;
/// What stands for the text left out.
const ELLIPSIS: &str = "…";

/// A diagnostic as it is rendered: the same message, code, help and
/// severity, with its source replaced by windows of the lines its labels
/// are on (see the module documentation).
pub struct Windowed<'d> {
    inner: &'d dyn Diagnostic,
    snippet: Option<Snippet>,
    labels: Vec<LabeledSpan>,
    related: Vec<Windowed<'d>>,
    cause: Option<Box<Windowed<'d>>>,
}

/// Wraps `diagnostic` (and its related diagnostics) for rendering.
pub fn windowed(diagnostic: &dyn Diagnostic) -> Windowed<'_> {
    build(diagnostic, 0)
}

fn build(inner: &dyn Diagnostic, depth: usize) -> Windowed<'_> {
    let nested = depth < MAX_DEPTH;
    let related = match inner.related() {
        Some(related) if nested => related.take(MAX_RELATED).map(|r| build(r, depth + 1)).collect(),
        _ => Vec::new(),
    };
    let cause = inner
        .diagnostic_source()
        .filter(|_| nested)
        .map(|c| Box::new(build(c, depth + 1)));
    let labels: Vec<LabeledSpan> = inner.labels().map(|l| l.take(MAX_LABELS).collect()).unwrap_or_default();
    let (snippet, labels) = match inner.source_code() {
        Some(source) if !labels.is_empty() => match Snippet::build(source, &labels) {
            Some((snippet, labels)) => (Some(snippet), labels),
            // The source cannot be read where the labels point: show the
            // message without a snippet rather than fail.
            None => (None, Vec::new()),
        },
        _ => (None, labels),
    };
    Windowed {
        inner,
        snippet,
        labels,
        related,
        cause,
    }
}

impl fmt::Display for Windowed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.inner, f)
    }
}

impl fmt::Debug for Windowed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Windowed({})", self.inner)
    }
}

impl std::error::Error for Windowed<'_> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.source()
    }
}

impl Diagnostic for Windowed<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner.code()
    }

    fn severity(&self) -> Option<Severity> {
        self.inner.severity()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner.help()
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner.url()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.snippet.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
        }
    }

    fn diagnostic_source(&self) -> Option<&dyn Diagnostic> {
        self.cause.as_deref().map(|c| c as &dyn Diagnostic)
    }
}

/// The 0-based line, byte column and file name of `offset` in `source`.
pub(crate) fn locate(source: &dyn SourceCode, offset: usize) -> Option<(usize, usize, Option<String>)> {
    let contents = source.read_span(&SourceSpan::new(offset.into(), 0), 0, 0).ok()?;
    Some((contents.line(), contents.column(), contents.name().map(str::to_string)))
}

/// The bytes `from..to` of `source` (fewer at the end of the text).
fn read(source: &dyn SourceCode, from: usize, to: usize) -> Option<Vec<u8>> {
    let contents = source
        .read_span(&SourceSpan::new(from.into(), to.saturating_sub(from)), 0, 0)
        .ok()?;
    if contents.span().offset() != from {
        return None;
    }
    let data = contents.data();
    Some(data.get(..to.saturating_sub(from).min(data.len()))?.to_vec())
}

fn is_continuation(byte: u8) -> bool {
    byte & 0b1100_0000 == 0b1000_0000
}

/// One line of the original text, as far as it is known.
#[derive(Debug, Default)]
struct Line {
    /// Where it starts.
    start: usize,
    /// Where its text ends (before `\r\n` or `\n`), once known.
    end: Option<usize>,
    /// The length of its line break (0 at the end of the text).
    newline: usize,
    /// The ends of labels on it.
    points: Vec<usize>,
    /// What is shown: byte ranges, and whether text is left out before
    /// the first and after the last.
    pieces: Vec<(usize, String)>,
    cut_before: bool,
    cut_after: bool,
}

impl Line {
    fn at(start: usize) -> Line {
        Line {
            start,
            ..Line::default()
        }
    }

    /// Notes where the line ends, if `bytes` (read from `from`) has its break.
    fn find_end(&mut self, from: usize, bytes: &[u8]) -> bool {
        match bytes.iter().position(|&b| b == b'\n') {
            Some(i) => {
                let cr = i > 0 && bytes.get(i - 1) == Some(&b'\r');
                self.end = Some(from + i - usize::from(cr));
                self.newline = 1 + usize::from(cr);
                true
            }
            None => false,
        }
    }

    /// Reads what is shown of the line.
    fn resolve(&mut self, source: &dyn SourceCode) -> Option<()> {
        if self.end.is_none() {
            let want = WHOLE_LINE + 2;
            let bytes = read(source, self.start, self.start + want)?;
            if !self.find_end(self.start, &bytes) && bytes.len() < want {
                self.end = Some(self.start + bytes.len());
            }
        }
        if let Some(end) = self.end.filter(|&end| end - self.start <= WHOLE_LINE) {
            let bytes = read(source, self.start, end)?;
            self.pieces = vec![(self.start, String::from_utf8_lossy(&bytes).into_owned())];
            return Some(());
        }
        // A long line: windows around the points, merged where they meet.
        let mut points = self.points.clone();
        if points.is_empty() {
            points.push(self.start + WINDOW);
        }
        points.sort_unstable();
        let mut windows: Vec<(usize, usize)> = Vec::new();
        for p in points {
            let from = p.saturating_sub(WINDOW).max(self.start);
            let to = p + WINDOW;
            match windows.last_mut() {
                Some(last) if from <= last.1 + WINDOW / 2 => last.1 = last.1.max(to),
                _ => windows.push((from, to)),
            }
        }
        for (from, to) in windows {
            let to = self.end.map_or(to, |end| to.min(end));
            if from >= to {
                break;
            }
            let mut bytes = read(source, from, to)?;
            let short = bytes.len() < to - from;
            let mut to = from + bytes.len();
            if self.end.is_none() {
                if self.find_end(from, &bytes) {
                    to = self.end.unwrap_or(to);
                    bytes.truncate(to - from);
                } else if short {
                    self.end = Some(to);
                }
            }
            // Whole characters only.
            let skip = bytes.iter().take_while(|&&b| is_continuation(b)).count();
            let text = match std::str::from_utf8(bytes.get(skip..).unwrap_or(&[])) {
                Ok(text) => text.to_string(),
                Err(e) => String::from_utf8_lossy(bytes.get(skip..skip + e.valid_up_to()).unwrap_or(&[])).into_owned(),
            };
            let from = from + skip;
            if to <= from {
                continue;
            }
            self.pieces.push((from, text));
            if self.end.is_some_and(|end| to >= end) {
                break;
            }
        }
        let first = self.pieces.first().map_or(self.start, |p| p.0);
        let last = self.pieces.last().map_or(self.start, |p| p.0 + p.1.len());
        self.cut_before = first > self.start;
        self.cut_after = self.end.is_none_or(|end| last < end);
        Some(())
    }
}

/// A line of the synthetic text.
#[derive(Debug)]
struct Shown {
    /// The line's number in the file (0-based).
    number: usize,
    /// Where it starts in the file.
    real_start: usize,
    /// Where it starts in the synthetic text, where its text ends there,
    /// and where the next line starts.
    start: usize,
    text_end: usize,
    next: usize,
    /// Lines of one block are consecutive in the file.
    block: usize,
    /// The pieces: offset in the synthetic text, offset in the file, length.
    pieces: Vec<(usize, usize, usize)>,
    /// The length of the file's line break after the text.
    newline: usize,
}

impl Shown {
    /// The synthetic offset of file offset `real` on this line.
    fn synthetic(&self, real: usize) -> usize {
        for &(syn, at, len) in &self.pieces {
            if (at..=at + len).contains(&real) {
                return syn + (real - at);
            }
        }
        match self.pieces.last() {
            Some(&(_, at, len)) if real > at + len && real <= at + len + self.newline && self.next > self.text_end => {
                self.text_end + 1
            }
            _ => self.text_end,
        }
    }

    /// The file offset of synthetic offset `syn` on this line.
    fn real(&self, syn: usize) -> usize {
        let mut best = self.real_start;
        for &(at_syn, at, len) in &self.pieces {
            if syn < at_syn {
                return if best == self.real_start { at } else { best };
            }
            best = at + (syn - at_syn).min(len);
        }
        best
    }
}

/// The synthetic source a [`Windowed`] diagnostic hands to miette.
#[derive(Debug)]
struct Snippet {
    name: Option<String>,
    text: String,
    lines: Vec<Shown>,
}

impl Snippet {
    /// The snippet for `labels` in `source`, and the labels moved into it.
    fn build(source: &dyn SourceCode, labels: &[LabeledSpan]) -> Option<(Snippet, Vec<LabeledSpan>)> {
        let mut lines: BTreeMap<usize, Line> = BTreeMap::new();
        let mut name = None;
        // (label, start line, start, end line, end)
        let mut placed = Vec::with_capacity(labels.len());
        for label in labels {
            let mut start = label.offset();
            let mut end = start + label.len();
            // Past the last line break there is no line to show: a label
            // there goes at the end of the last line.
            if start > 0 && read(source, start, start + 1)?.is_empty() {
                let tail = read(source, start.saturating_sub(2), start)?;
                let breaks = tail.iter().rev().take_while(|&&b| b == b'\n' || b == b'\r').count();
                start -= breaks.min(if tail.ends_with(b"\r\n") { 2 } else { 1 }).min(start);
                end = start;
            }
            let (first, column, file) = locate(source, start)?;
            name = name.or(file);
            let line_start = start.checked_sub(column)?;
            lines
                .entry(first)
                .or_insert_with(|| Line::at(line_start))
                .points
                .push(start);
            let mut last = if end > start { locate(source, end - 1)?.0 } else { first };
            if last > first {
                let bytes = if last - first <= LONG_LABEL_LINES && end - start <= LONG_LABEL_BYTES {
                    read(source, start, end)
                } else {
                    None
                };
                match bytes {
                    Some(bytes) => {
                        let mut line = first;
                        for (i, _) in bytes.iter().enumerate().filter(|(_, &b)| b == b'\n') {
                            if let Some(l) = lines.get_mut(&line) {
                                let cr = i > 0 && bytes.get(i - 1) == Some(&b'\r');
                                l.end = Some(start + i - usize::from(cr));
                                l.newline = 1 + usize::from(cr);
                            }
                            line += 1;
                            lines.entry(line).or_insert_with(|| Line::at(start + i + 1));
                        }
                        last = last.min(line);
                    }
                    None => {
                        // Shown on its first line only.
                        let bytes = read(source, start, start + WINDOW)?;
                        let cut = bytes.iter().position(|&b| b == b'\n').unwrap_or(bytes.len());
                        let mut cut = start + cut;
                        while cut > start && bytes.get(cut - start).is_some_and(|&b| is_continuation(b)) {
                            cut -= 1;
                        }
                        end = cut;
                        last = first;
                    }
                }
            }
            lines
                .entry(last)
                .or_insert_with(|| Line::at(line_start))
                .points
                .push(end);
            placed.push((label, first, start, last, end));
        }
        // The lines of the labels first: the line after one is found from its end.
        let labelled: Vec<usize> = lines.keys().copied().collect();
        for number in &labelled {
            lines.get_mut(number)?.resolve(source)?;
        }
        for &number in &labelled {
            let (start, after) = {
                let line = lines.get(&number)?;
                (
                    line.start,
                    line.end.filter(|_| line.newline > 0).map(|e| e + line.newline),
                )
            };
            if number > 0 && !lines.contains_key(&(number - 1)) && start > 0 {
                let (before, column, _) = locate(source, start - 1)?;
                let mut line = Line::at((start - 1).checked_sub(column)?);
                let cr = start >= 2 && read(source, start - 2, start - 1)?.first() == Some(&b'\r');
                line.end = Some(start - 1 - usize::from(cr));
                line.newline = 1 + usize::from(cr);
                line.resolve(source)?;
                lines.insert(before, line);
            }
            if let Some(next) = after.filter(|_| !lines.contains_key(&(number + 1))) {
                // At the end of the text there is no line after the last break.
                if !read(source, next, next + 1)?.is_empty() {
                    let mut line = Line::at(next);
                    line.resolve(source)?;
                    lines.insert(number + 1, line);
                }
            }
        }
        // A gap of a few short lines between two groups is shown, so that
        // they read as one snippet.
        let numbers: Vec<usize> = lines.keys().copied().collect();
        for pair in numbers.windows(2) {
            let (&[a, b], Some(above), Some(below)) = (pair, lines.get(&pair[0]), lines.get(&pair[1])) else {
                continue;
            };
            let Some(from) = above.end.filter(|_| above.newline > 0).map(|e| e + above.newline) else {
                continue;
            };
            if b - a < 2 || b - a > MERGE_GAP + 1 || below.start < from || below.start - from > MERGE_GAP * WHOLE_LINE {
                continue;
            }
            let bytes = read(source, from, below.start)?;
            let mut start = from;
            for (k, chunk) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
                let mut line = Line::at(start);
                line.find_end(start, chunk);
                start += chunk.len();
                lines.insert(a + 1 + k, line);
            }
        }
        for line in lines.values_mut().filter(|l| l.pieces.is_empty()) {
            line.resolve(source)?;
        }
        let mut text = String::new();
        let mut shown: Vec<Shown> = Vec::with_capacity(lines.len());
        let mut block = 0;
        let count = lines.len();
        for (i, (&number, line)) in lines.iter().enumerate() {
            if shown.last().is_some_and(|s| s.number + 1 != number) {
                block += 1;
            }
            let start = text.len();
            if line.cut_before {
                text.push_str(ELLIPSIS);
            }
            let mut pieces = Vec::with_capacity(line.pieces.len());
            for (k, (at, piece)) in line.pieces.iter().enumerate() {
                if k > 0 {
                    text.push_str(ELLIPSIS);
                }
                pieces.push((text.len(), *at, piece.len()));
                text.push_str(piece);
            }
            if line.cut_after {
                text.push_str(ELLIPSIS);
            }
            let text_end = text.len();
            if line.newline > 0 || line.end.is_none() || i + 1 < count {
                text.push('\n');
            }
            shown.push(Shown {
                number,
                real_start: line.start,
                start,
                text_end,
                next: text.len(),
                block,
                pieces,
                newline: line.newline,
            });
        }
        let snippet = Snippet {
            name,
            text,
            lines: shown,
        };
        let moved = placed
            .into_iter()
            .map(|(label, first, start, last, end)| {
                let from = snippet.shown(first).map_or(0, |l| l.synthetic(start));
                let to = snippet.shown(last).map_or(from, |l| l.synthetic(end)).max(from);
                let text = label.label().map(str::to_string);
                if label.primary() {
                    LabeledSpan::new_primary_with_span(text, SourceSpan::new(from.into(), to - from))
                } else {
                    LabeledSpan::new_with_span(text, SourceSpan::new(from.into(), to - from))
                }
            })
            .collect();
        Some((snippet, moved))
    }

    fn shown(&self, number: usize) -> Option<&Shown> {
        self.lines
            .binary_search_by_key(&number, |l| l.number)
            .ok()
            .and_then(|i| self.lines.get(i))
    }

    /// The index of the line holding synthetic offset `offset`.
    fn line_at(&self, offset: usize) -> usize {
        self.lines.partition_point(|l| l.start <= offset).saturating_sub(1)
    }
}

impl SourceCode for Snippet {
    /// As [`crate::source::SourceText`] reads a span, with context lines
    /// taken only from the span's block: the lines around it in the file.
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let len = self.text.len();
        let start = span.offset().min(len);
        let end = start.saturating_add(span.len()).min(len);
        let i = self.line_at(start);
        let mut j = self.line_at(if end > start { end - 1 } else { start });
        let line = self.lines.get(i).ok_or(MietteError::OutOfBounds)?;
        let same_block = |k: usize| self.lines.get(k).is_some_and(|l| l.block == line.block);
        while j > i && !same_block(j) {
            j -= 1;
        }
        let mut first = i;
        while first > 0 && i - first < before && same_block(first - 1) {
            first -= 1;
        }
        let mut last = j;
        while last - j < after && same_block(last + 1) {
            last += 1;
        }
        let (from, shown, column) = if before == 0 {
            (start, line, line.real(start) - line.real_start)
        } else {
            let shown = self.lines.get(first).ok_or(MietteError::OutOfBounds)?;
            (shown.start, shown, 0)
        };
        let to = if after == 0 {
            end
        } else {
            self.lines.get(last).map_or(len, |l| l.next)
        };
        let data = self.text.as_bytes().get(from..to).ok_or(MietteError::OutOfBounds)?;
        // miette shows two labels in one snippet when the first one's line
        // and line count reach the second one's line: so that it does for
        // the labels of a block, and only for those, the count runs to the
        // end of the block.
        let mut block_end = last;
        while same_block(block_end + 1) {
            block_end += 1;
        }
        let count = block_end + 1 - if before == 0 { i } else { first };
        let span = SourceSpan::new(from.into(), to - from);
        Ok(Box::new(match &self.name {
            Some(name) => MietteSpanContents::new_named(name.clone(), data, span, shown.number, column, count),
            None => MietteSpanContents::new(data, span, shown.number, column, count),
        }))
    }
}

#[cfg(test)]
mod tests {
    use crate::source::{Shared, SourceText};
    use miette::{LabeledSpan, MietteDiagnostic, Report};
    use std::sync::Arc;

    fn render(text: &str, labels: Vec<LabeledSpan>) -> String {
        let source = SourceText::new("f".into(), Shared::Str(Arc::from(text)));
        let report = Report::new(MietteDiagnostic::new("m").with_labels(labels)).with_source_code(source);
        crate::diagnostics::render_plain(report.as_ref())
    }

    #[test]
    fn two_labels_far_apart_on_one_line_get_two_windows() {
        let text = format!("a{}b{}c\nnext", "x".repeat(10_000), "y".repeat(10_000));
        let b = 10_001;
        let c = 20_002;
        let out = render(
            &text,
            vec![LabeledSpan::at(b..b + 1, "bee"), LabeledSpan::at(c..c + 1, "sea")],
        );
        assert!(out.contains("xxb") && out.contains("yyc"), "{out}");
        assert!(out.contains("yyy…yyy"), "{out}");
        assert!(out.contains(" 2 │ next"), "{out}");
        assert!(out.contains("bee") && out.contains("sea"), "{out}");
        assert!(out.len() < 1_500, "{out}");
    }

    #[test]
    fn labels_at_the_end_and_over_many_lines_and_crlf() {
        let text = "one\r\ntwo\r\nthree\r\n";
        let out = render(text, vec![LabeledSpan::at(5..8, "two")]);
        assert!(
            out.contains(" 2 │ two\n") && out.contains(" 1 │ one\n") && out.contains(" 3 │ three\n"),
            "{out}"
        );
        let end = render(text, vec![LabeledSpan::at(text.len()..text.len(), "end")]);
        assert!(end.contains("end"), "{end}");
        let many: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let out = render(&many, vec![LabeledSpan::at(0..many.len(), "all")]);
        assert!(out.contains(" 1 │ line 0") && !out.contains("line 50"), "{out}");
    }
}
