//! `edict fmt` for test files: one canonical layout, printed from the AST.
//!
//! ```text
//! tests "<title>"
//!
//! test <id> "<title>"
//!   because "…"
//!   facts "…"            (or facts { … }, the JSON kept as written)
//!   as of YYYY-MM-DD
//!   with "…"
//!   expect <shipment> <outcome> under <policy> by <rule> finding "…"
//! ```
//!
//! One empty line between tests; clauses in the order above. Every comment
//! is kept: at the end of the line of the code it followed on the same line,
//! or on its own line before what it preceded. A byte-order mark is dropped.

use super::errors::FormatError;
use super::words::quoted;
use crate::ast::suite::{Expect, FactsSource, Test, TestFile};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::suite::parse_suite;

/// One output line and where its code was in the source.
struct Line {
    /// The source position the line's code starts at (comments before it
    /// are written before it); `None` for blank lines.
    anchor: Option<(usize, usize)>,
    text: String,
}

fn expect_line(e: &Expect) -> String {
    let mut s = format!(
        "  expect {} {}",
        if e.quoted || e.shipment.value.is_empty() {
            quoted(&e.shipment.value)
        } else {
            e.shipment.value.clone()
        },
        e.outcome.name
    );
    if let Some(p) = &e.under {
        s.push_str(&format!(" under {}", p.name));
    }
    if let Some(r) = &e.by {
        s.push_str(&format!(" by {}", r.display()));
    }
    if let Some(f) = &e.finding {
        s.push_str(&format!(" finding {}", quoted(&f.value)));
    }
    s
}

fn test_lines(t: &Test, out: &mut Vec<Line>) {
    let at = |s: Span| Some((s.start, s.end));
    out.push(Line {
        anchor: Some((t.span.start, t.title.span.end)),
        text: format!("test {} {}", t.id.name, quoted(&t.title.value)),
    });
    for b in &t.because {
        out.push(Line {
            anchor: at(b.span),
            text: format!("  because {}", quoted(&b.value)),
        });
    }
    for f in &t.facts {
        let text = match f {
            FactsSource::File(path) => format!("  facts {}", quoted(&path.value)),
            FactsSource::Inline { json, .. } => format!("  facts {json}"),
        };
        out.push(Line {
            anchor: at(f.span()),
            text,
        });
    }
    for d in &t.as_of {
        out.push(Line {
            anchor: at(d.span),
            text: format!("  as of {}", d.text),
        });
    }
    for w in &t.with {
        out.push(Line {
            anchor: at(w.span),
            text: format!("  with {}", quoted(&w.value)),
        });
    }
    for r in &t.readings {
        out.push(Line {
            anchor: at(r.span),
            text: format!("  under reading {} alternative", r.name),
        });
    }
    for e in &t.expects {
        out.push(Line {
            anchor: at(e.span),
            text: expect_line(e),
        });
    }
}

/// The canonical text of a parsed test file; `sources` holds its text,
/// which places the comments.
pub fn format_suite(file: &TestFile, sources: &SourceMap) -> String {
    let text = sources.file(file.file).map(|f| f.text.clone()).unwrap_or_default();
    let mut lines = Vec::new();
    if let Some(t) = &file.title {
        lines.push(Line {
            anchor: Some((t.span.start, t.span.end)),
            text: format!("tests {}", quoted(&t.value)),
        });
    }
    for test in &file.tests {
        lines.push(Line {
            anchor: None,
            text: String::new(),
        });
        test_lines(test, &mut lines);
    }
    place_comments(&text, file, lines)
}

/// The line number (0-based) of each byte offset, by binary search over
/// the line starts.
fn line_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset).saturating_sub(1)
}

/// Writes the lines with each comment placed: after the code it shares a
/// source line with (the code that ends on that line), else on its own
/// line before the code that follows it in the source, indented like it.
fn place_comments(text: &str, file: &TestFile, lines: Vec<Line>) -> String {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    // Code lines in source order: (start, end line, output index).
    let mut code: Vec<(usize, usize, usize)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.anchor.map(|(s, e)| (s, line_of(&starts, e), i)))
        .collect();
    code.sort_unstable();
    let mut before: Vec<Vec<String>> = vec![Vec::new(); lines.len() + 1];
    let mut after: Vec<Vec<String>> = vec![Vec::new(); lines.len()];
    let mut comments: Vec<_> = file.comments.iter().collect();
    comments.sort_by_key(|c| c.span.start);
    for c in comments {
        let written = format!("#{}", c.text);
        let next = code.partition_point(|&(s, _, _)| s < c.span.start);
        let trailing = next
            .checked_sub(1)
            .and_then(|k| code.get(k))
            .filter(|&&(_, end_line, _)| end_line == line_of(&starts, c.span.start));
        let slot = match (trailing, code.get(next)) {
            (Some(&(_, _, i)), _) => after.get_mut(i),
            (None, Some(&(_, _, i))) => before.get_mut(i),
            (None, None) => before.last_mut(),
        };
        if let Some(slot) = slot {
            slot.push(written);
        }
    }
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let indent = if line.text.starts_with("  ") { "  " } else { "" };
        for c in before.get(i).into_iter().flatten() {
            out.push_str(indent);
            out.push_str(c);
            out.push('\n');
        }
        out.push_str(&line.text);
        for c in after.get(i).into_iter().flatten() {
            out.push(' ');
            out.push_str(c);
        }
        out.push('\n');
    }
    let tail = before.last().map(Vec::as_slice).unwrap_or_default();
    if !tail.is_empty() && !out.is_empty() {
        out.push('\n');
    }
    for c in tail {
        out.push_str(c);
        out.push('\n');
    }
    // The header line follows leading comments; a file that opens with a
    // test after its comments keeps no leading blank line.
    out.strip_prefix('\n').map(str::to_string).unwrap_or(out)
}

/// A test file's meaning without spans or comments, for comparing.
fn shape(file: &TestFile) -> String {
    let mut out = format!("{:?}\n", file.title.as_ref().map(|t| &t.value));
    for t in &file.tests {
        out.push_str(&format!(
            "{} {:?} {:?} {:?} {:?} {:?} {:?}\n",
            t.id.name,
            t.title.value,
            t.because.iter().map(|b| &b.value).collect::<Vec<_>>(),
            t.facts
                .iter()
                .map(|f| match f {
                    FactsSource::File(p) => p.value.clone(),
                    FactsSource::Inline { json, .. } => json.clone(),
                })
                .collect::<Vec<_>>(),
            t.as_of.iter().map(|d| &d.text).collect::<Vec<_>>(),
            t.with.iter().map(|w| &w.value).collect::<Vec<_>>(),
            t.readings.iter().map(|r| &r.name).collect::<Vec<_>>(),
        ));
        for e in &t.expects {
            out.push_str(&format!("  {}\n", expect_line(e)));
        }
    }
    out
}

/// Checks that `formatted`, the formatting of `original`, parses to the
/// same tests and keeps every comment.
pub fn verify_suite(original: &TestFile, sources: &SourceMap, formatted: &str) -> Result<(), FormatError> {
    let name = sources.file(original.file).map(|f| f.name.clone()).unwrap_or_default();
    let mut again = SourceMap::new();
    let id = again.add(name, formatted);
    let (reparsed, errors) = parse_suite(&again, id);
    let texts = |f: &TestFile| {
        let mut t: Vec<String> = f.comments.iter().map(|c| c.text.clone()).collect();
        t.sort_unstable();
        t
    };
    let problem = if !errors.is_empty() {
        "the formatted text does not parse"
    } else if shape(original) != shape(&reparsed) {
        "the formatted text parses to different tests"
    } else if texts(original) != texts(&reparsed) {
        "the formatted text does not keep every comment"
    } else {
        return Ok(());
    };
    Err(FormatError::Unsound {
        problem,
        src: sources.named_source(original.file),
        span: Span::new(FileId(0), 0, 0).into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formatted(text: &str) -> String {
        let mut sources = SourceMap::new();
        let id = sources.add("a.test.edict", text);
        let (file, errors) = parse_suite(&sources, id);
        assert!(errors.is_empty(), "{errors:?}");
        let out = format_suite(&file, &sources);
        assert!(verify_suite(&file, &sources, &out).is_ok(), "{out}");
        out
    }

    #[test]
    fn clauses_are_put_in_order_and_comments_kept() {
        let text = "# suite\ntests   \"T\"\ntest a \"A\"   # why\n    expect S-1 exempt   under p by q.r\n  # the day\n as of 2025-01-02\n facts \"f.json\"\n  because \"Art. 1\"\n# end\n";
        let want = "# suite\ntests \"T\"\n\ntest a \"A\" # why\n  because \"Art. 1\"\n  facts \"f.json\"\n  # the day\n  as of 2025-01-02\n  expect S-1 exempt under p by q.r\n\n# end\n";
        assert_eq!(formatted(text), want);
        assert_eq!(formatted(want), want);
    }

    #[test]
    fn inline_facts_are_kept_as_written() {
        let text = "tests \"T\"\ntest a \"A\"\n  facts {\n    \"version\": 1, \"x\": { \"#\": \"}\" }\n  }\n  expect \"odd id\" exempt finding \"a \\\"b\\\"\"\n";
        assert_eq!(formatted(text), text.replace("tests \"T\"\n", "tests \"T\"\n\n"));
    }
}
