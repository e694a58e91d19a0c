//! Test files (`*.test.edict`): text → pest parse tree → [`TestFile`].
//!
//! A test file is split at every line that starts (in column 0) with
//! `test`, and each piece is parsed on its own, so that one broken test
//! does not hide the next. Inline facts (`facts { … }`) are blanked before
//! pest sees them by [`mask_inline_facts`], a linear scan; the JSON is then
//! read from the original text.

use crate::ast::suite::{Expect, FactsSource, Test, TestFile};
use crate::ast::{Comment, DateLit, Ident, Reference, Text};
use crate::source::{FileId, SourceMap, Span};
use miette::{Diagnostic, SourceSpan};
use pest::iterators::Pair;
use pest::Parser;
use thiserror::Error;

#[allow(missing_docs)]
mod generated {
    /// The parser generated from `grammar/suite.pest`.
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/suite.pest"]
    pub struct SuiteParser;
}
use generated::{Rule, SuiteParser};

/// A UTF-8 byte-order mark, which some editors put at the start of a file.
const BOM: &str = "\u{feff}";

/// A test file that does not follow the grammar.
#[derive(Debug, Error, Diagnostic)]
pub enum SuiteSyntaxError {
    /// `test t "T"\n  expect S-1`: a word the grammar does not allow there.
    #[error("unexpected {found}; expected {expected}")]
    #[diagnostic(code("edict::test::syntax"))]
    Unexpected {
        /// What was found, in words.
        found: String,
        /// What would have been accepted, in words.
        expected: String,
        /// The file.
        #[source_code]
        src: crate::source::SourceText,
        /// The offending word.
        #[label("not expected here")]
        span: SourceSpan,
        /// Sort key.
        #[doc(hidden)]
        at: Span,
    },
    /// A file whose first line is not `tests "<title>"`.
    #[error("a test file must start with `tests \"<title>\"`")]
    #[diagnostic(
        code("edict::test::missing-header"),
        help("start the file with a line such as `tests \"The dysprosium trader across the law's dates\"`")
    )]
    MissingHeader {
        /// The file.
        #[source_code]
        src: crate::source::SourceText,
        /// The start of the file.
        #[label("the header should be here")]
        span: SourceSpan,
        /// Sort key.
        #[doc(hidden)]
        at: Span,
    },
    /// `facts { "version": 1,` with no closing brace.
    #[error("the inline facts are not closed")]
    #[diagnostic(
        code("edict::test::unclosed-facts"),
        help("close the JSON object with `}}`; every `{{` and `[` of it needs its closing bracket")
    )]
    UnclosedFacts {
        /// The file.
        #[source_code]
        src: crate::source::SourceText,
        /// The opening brace.
        #[label("this `{{` is never closed")]
        span: SourceSpan,
        /// Sort key.
        #[doc(hidden)]
        at: Span,
    },
}

impl SuiteSyntaxError {
    /// Where the error is, for sorting.
    pub fn at(&self) -> Span {
        match self {
            SuiteSyntaxError::Unexpected { at, .. }
            | SuiteSyntaxError::MissingHeader { at, .. }
            | SuiteSyntaxError::UnclosedFacts { at, .. } => *at,
        }
    }
}

/// Whether a line opens a test (`test` in column 0, then a blank).
fn opens_test(line: &str) -> bool {
    line.strip_prefix("test")
        .is_some_and(|rest| rest.starts_with([' ', '\t', '\n', '\r']) || rest.is_empty())
}

/// The byte ranges of the header and of each test.
fn split_tests(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut starts = vec![0];
    let mut offset = 0;
    let mut in_json = 0usize;
    for line in text.split_inclusive('\n') {
        if offset > 0 && in_json == 0 && opens_test(line) {
            starts.push(offset);
        }
        in_json = json_depth_after(line, in_json);
        offset += line.len();
    }
    let mut ranges = Vec::with_capacity(starts.len());
    for (i, &s) in starts.iter().enumerate() {
        let e = starts.get(i + 1).copied().unwrap_or(text.len());
        ranges.push(s..e);
    }
    ranges
}

/// A rough brace depth after a line, so that a JSON line starting with
/// `test` inside inline facts does not split a test (strings are skipped).
fn json_depth_after(line: &str, mut depth: usize) -> usize {
    let mut in_string = false;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '#' if !in_string && depth == 0 => break,
            '{' | '[' if !in_string && depth > 0 => depth += 1,
            '{' if !in_string => depth = 1,
            '}' | ']' if !in_string && depth > 0 => depth -= 1,
            _ => {}
        }
    }
    depth
}

/// The text with the inside of every `{ … }` group blanked: each byte
/// between the braces becomes a space, except line breaks, so that offsets
/// and line numbers stay those of the original. Brackets inside JSON strings
/// do not count. Linear, with a counter (no recursion). `Err` is the offset
/// of a `{` that is never closed.
pub fn mask_inline_facts(text: &str) -> Result<String, usize> {
    let mut out = text.as_bytes().to_vec();
    let mut depth = 0usize;
    let mut opened = 0;
    let mut in_string = false;
    let mut escaped = false;
    let mut in_comment = false;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if depth == 0 {
            match b {
                b'\n' => in_comment = false,
                _ if in_comment => {}
                _ if escaped => escaped = false,
                b'\\' if in_string => escaped = true,
                b'"' => in_string = !in_string,
                b'#' if !in_string => in_comment = true,
                b'{' if !in_string => {
                    depth = 1;
                    opened = i;
                }
                _ => {}
            }
            continue;
        }
        let closes = match b {
            _ if escaped => {
                escaped = false;
                false
            }
            b'\\' if in_string => {
                escaped = true;
                false
            }
            b'"' => {
                in_string = !in_string;
                false
            }
            b'{' | b'[' if !in_string => {
                depth += 1;
                false
            }
            b'}' | b']' if !in_string => {
                depth -= 1;
                depth == 0
            }
            _ => false,
        };
        if !closes && b != b'\n' && b != b'\r' {
            if let Some(slot) = out.get_mut(i) {
                *slot = b' ';
            }
        }
    }
    if depth > 0 {
        return Err(opened);
    }
    // Every byte changed became an ASCII space, and each change replaced
    // every byte of its character (all bytes of a group's inside are
    // replaced), so the text is still UTF-8.
    String::from_utf8(out).map_err(|_| opened)
}

/// Parses one test file. Always returns as much AST as could be built,
/// together with every syntax error found. A byte-order mark at the start
/// is skipped (spans still count its three bytes).
pub fn parse_suite(sources: &SourceMap, file: FileId) -> (TestFile, Vec<SuiteSyntaxError>) {
    let whole = sources.file(file).map(|f| f.text.clone()).unwrap_or_else(|| "".into());
    let base = if whole.starts_with(BOM) { BOM.len() } else { 0 };
    let text = whole.get(base..).unwrap_or("");
    let mut out = TestFile {
        file,
        title: None,
        tests: Vec::new(),
        comments: Vec::new(),
    };
    let mut errors = Vec::new();
    for (index, range) in split_tests(text).into_iter().enumerate() {
        let original = text.get(range.clone()).unwrap_or("");
        let offset = base + range.start;
        let at = |start: usize, end: usize| Span::new(file, offset + start, offset + end);
        let is_header = index == 0;
        if is_header && !has_code(original) {
            errors.push(missing_header(sources, file, base));
            continue;
        }
        let masked = match mask_inline_facts(original) {
            Ok(m) => m,
            Err(open) => {
                let span = at(open, open + 1);
                errors.push(SuiteSyntaxError::UnclosedFacts {
                    src: sources.named_source(file),
                    span: span.into(),
                    at: span,
                });
                continue;
            }
        };
        let rule = if is_header { Rule::suite_header } else { Rule::test };
        match SuiteParser::parse(rule, &masked) {
            Ok(mut pairs) => {
                let Some(top) = pairs.next() else { continue };
                out.comments.extend(
                    top.clone()
                        .into_inner()
                        .flatten()
                        .filter(|p| p.as_rule() == Rule::COMMENT)
                        .map(|p| Comment {
                            text: p.as_str().trim_start_matches('#').trim_end().to_string(),
                            span: span(&p, &at),
                        }),
                );
                if is_header {
                    out.title = top
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::string)
                        .map(|p| text_of(&p, &at));
                } else {
                    out.tests.push(build_test(top, original, &at));
                }
            }
            Err(e) => {
                if is_header && !starts_with_tests(original) {
                    errors.push(missing_header(sources, file, base));
                } else {
                    errors.push(from_pest(sources, file, offset, original, &e));
                }
            }
        }
    }
    if text.trim().is_empty() {
        errors.push(missing_header(sources, file, base));
    }
    (out, errors)
}

/// Whether a piece holds anything but blank lines and comments.
fn has_code(piece: &str) -> bool {
    piece
        .lines()
        .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// Whether the first line of code of a piece opens with `tests`.
fn starts_with_tests(piece: &str) -> bool {
    piece
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .is_some_and(|l| l.trim_start().starts_with("tests"))
}

fn missing_header(sources: &SourceMap, file: FileId, base: usize) -> SuiteSyntaxError {
    let span = Span::new(file, base, base);
    SuiteSyntaxError::MissingHeader {
        src: sources.named_source(file),
        span: span.into(),
        at: span,
    }
}

/// The span of a pair without trailing blanks and comments.
fn span(pair: &Pair<'_, Rule>, at: &impl Fn(usize, usize) -> Span) -> Span {
    let s = pair.as_span();
    let text = pair.as_str();
    let mut len = text.trim_end().len();
    // A clause's implicit whitespace may swallow trailing comment lines.
    if pair.as_rule() != Rule::COMMENT {
        if let Some(last) = pair
            .clone()
            .into_inner()
            .filter(|p| p.as_rule() != Rule::COMMENT)
            .last()
        {
            len = len.min(last.as_span().end() - s.start());
        }
    }
    at(s.start(), s.start() + len)
}

fn ident_of(pair: &Pair<'_, Rule>, at: &impl Fn(usize, usize) -> Span) -> Ident {
    Ident {
        name: pair.as_str().to_string(),
        span: span(pair, at),
    }
}

fn text_of(pair: &Pair<'_, Rule>, at: &impl Fn(usize, usize) -> Span) -> Text {
    let value = super::pairs::unescape(pair.as_str());
    Text {
        value,
        span: span(pair, at),
    }
}

/// Builds a test from its pair; `original` is the unmasked piece, from
/// which inline facts are read.
fn first_string<'i>(p: Pair<'i, Rule>) -> Option<Pair<'i, Rule>> {
    p.into_inner().find(|c| c.as_rule() == Rule::string)
}

fn build_test(pair: Pair<'_, Rule>, original: &str, at: &impl Fn(usize, usize) -> Span) -> Test {
    let whole = span(&pair, at);
    let mut test = Test {
        id: Ident {
            name: String::new(),
            span: whole,
        },
        title: Text {
            value: String::new(),
            span: whole,
        },
        because: Vec::new(),
        facts: Vec::new(),
        as_of: Vec::new(),
        with: Vec::new(),
        readings: Vec::new(),
        expects: Vec::new(),
        span: whole,
    };
    for child in pair.into_inner() {
        match child.as_rule() {
            Rule::name => test.id = ident_of(&child, at),
            Rule::string => test.title = text_of(&child, at),
            Rule::because => test.because.extend(first_string(child).map(|s| text_of(&s, at))),
            Rule::facts_file => test
                .facts
                .extend(first_string(child).map(|s| FactsSource::File(text_of(&s, at)))),
            Rule::facts_inline => {
                if let Some(inline) = child.into_inner().find(|c| c.as_rule() == Rule::inline_facts) {
                    let s = inline.as_span();
                    test.facts.push(FactsSource::Inline {
                        json: original.get(s.start()..s.end()).unwrap_or("").to_string(),
                        span: at(s.start(), s.end()),
                    });
                }
            }
            Rule::as_of => test
                .as_of
                .extend(child.into_inner().find(|c| c.as_rule() == Rule::date).map(|d| DateLit {
                    text: d.as_str().to_string(),
                    span: span(&d, at),
                })),
            Rule::with_draft => test.with.extend(first_string(child).map(|s| text_of(&s, at))),
            Rule::under_reading => test.readings.extend(
                child
                    .into_inner()
                    .find(|c| c.as_rule() == Rule::reading_tag)
                    .map(|t| ident_of(&t, at)),
            ),
            Rule::expect => test.expects.push(build_expect(child, at)),
            _ => {}
        }
    }
    test
}

fn build_expect(pair: Pair<'_, Rule>, at: &impl Fn(usize, usize) -> Span) -> Expect {
    let whole = span(&pair, at);
    let mut expect = Expect {
        shipment: Text {
            value: String::new(),
            span: whole,
        },
        quoted: false,
        outcome: Ident {
            name: String::new(),
            span: whole,
        },
        under: None,
        by: None,
        finding: None,
        span: whole,
    };
    for child in pair.into_inner() {
        match child.as_rule() {
            Rule::shipment => {
                expect.shipment = Text {
                    value: child.as_str().to_string(),
                    span: span(&child, at),
                }
            }
            Rule::string => {
                expect.shipment = text_of(&child, at);
                expect.quoted = true;
            }
            Rule::name => expect.outcome = ident_of(&child, at),
            Rule::expect_under => {
                expect.under = child
                    .into_inner()
                    .find(|c| c.as_rule() == Rule::name)
                    .map(|n| ident_of(&n, at))
            }
            Rule::expect_by => {
                expect.by = child.into_inner().find(|c| c.as_rule() == Rule::rule_ref).map(|r| {
                    let whole = span(&r, at);
                    let names: Vec<Ident> = r.into_inner().map(|n| ident_of(&n, at)).collect();
                    match names.as_slice() {
                        [policy, name] => Reference {
                            policy: Some(policy.clone()),
                            name: name.clone(),
                            span: whole,
                        },
                        [name, ..] => Reference {
                            policy: None,
                            name: name.clone(),
                            span: whole,
                        },
                        [] => Reference {
                            policy: None,
                            name: Ident {
                                name: String::new(),
                                span: whole,
                            },
                            span: whole,
                        },
                    }
                })
            }
            Rule::expect_finding => {
                expect.finding = child
                    .into_inner()
                    .find(|c| c.as_rule() == Rule::string)
                    .map(|s| text_of(&s, at))
            }
            _ => {}
        }
    }
    expect
}

/// The words a reader sees for a rule in "expected …".
fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::name => "a name",
        Rule::rule_ref => "a rule",
        Rule::shipment => "a shipment id",
        Rule::date => "a date (YYYY-MM-DD)",
        Rule::string | Rule::string_inner => "a quoted text",
        Rule::inline_facts => "`{`",
        Rule::because => "`because`",
        Rule::facts_file | Rule::facts_inline => "`facts`",
        Rule::as_of => "`as of`",
        Rule::with_draft => "`with`",
        Rule::under_reading => "`under reading`",
        Rule::reading_tag => "a reading's tag",
        Rule::reading_word => "`reading`",
        Rule::alternative_word => "`alternative`",
        Rule::expect => "`expect`",
        Rule::expect_under => "`under`",
        Rule::expect_by => "`by`",
        Rule::expect_finding => "`finding`",
        Rule::test => "`test`",
        Rule::suite_header => "`tests`",
        Rule::EOI => "the end of the test",
        _ => return None,
    })
}

/// A pest error in words: what was found and what the grammar allows there.
fn from_pest(
    sources: &SourceMap,
    file: FileId,
    offset: usize,
    piece: &str,
    error: &pest::error::Error<Rule>,
) -> SuiteSyntaxError {
    let pos = match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let rest = piece.get(pos..).unwrap_or("");
    let len = rest
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(rest.len(), |(i, _)| i);
    let found = match rest.get(..len) {
        Some("") | None => "the end of the test".to_string(),
        Some(word) => format!("`{word}`"),
    };
    let mut words: Vec<&str> = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().filter_map(|r| describe(*r)).collect()
        }
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };
    words.sort_unstable();
    words.dedup();
    let expected = match words.as_slice() {
        [] => "a clause of a test".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    let span = Span::new(file, offset + pos, offset + pos + len);
    SuiteSyntaxError::Unexpected {
        found,
        expected,
        src: sources.named_source(file),
        span: span.into(),
        at: span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_offsets_and_lines() {
        let text = "facts { \"a\": \"}{é\", \"b\": [1, {\"c\": 2}] }\n  as of";
        let masked = mask_inline_facts(text).unwrap_or_default();
        assert_eq!(masked.len(), text.len());
        assert!(masked.starts_with("facts {"));
        assert_eq!(
            masked.trim_end_matches("\n  as of").trim_end().chars().last(),
            Some('}')
        );
        assert!(!masked.contains('"'));
        assert_eq!(mask_inline_facts("facts { \"a\": [ }"), Err(6));
    }

    #[test]
    fn a_test_line_inside_json_does_not_split() {
        let text = "tests \"t\"\ntest a \"A\"\n  facts {\ntest\n  }\n";
        assert_eq!(split_tests(text).len(), 2);
    }
}
