//! Syntax errors: the single place where their wording lives.

use super::expected::{describe, is_keyword, join};
use super::pairs::Internal;
use super::Rule;
use crate::source::{FileId, SourceMap, Span};
use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

/// A policy file that does not follow the grammar.
#[derive(Debug, Error, Diagnostic)]
pub enum SyntaxError {
    /// `rule x "Art. 1" requires licence`: a word the grammar does not allow there.
    #[error("unexpected {found}; expected {expected}")]
    #[diagnostic(code("edict::syntax"))]
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
        /// A likely fix.
        #[help]
        help: Option<String>,
        /// Sort key.
        #[doc(hidden)]
        at: Span,
    },
    /// A file whose first line is not `policy <id>`.
    #[error("a policy file must start with `policy <id>`")]
    #[diagnostic(
        code("edict::missing-header"),
        help(
            "start the file with a line such as `policy cn-mofcom-2025-61`, then its title, authority and issued date"
        )
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
    /// `is at least 123456789012345678901234567890`: more digits than a
    /// decimal holds.
    #[error("the number `{text}` has too many digits")]
    #[diagnostic(
        code("edict::syntax"),
        help("numbers and percentages hold at most 28 significant digits")
    )]
    Number {
        /// The number as written.
        text: String,
        /// The file.
        #[source_code]
        src: crate::source::SourceText,
        /// The number.
        #[label("too many digits")]
        span: SourceSpan,
        /// Sort key.
        #[doc(hidden)]
        at: Span,
    },
    /// `when ((((…` nested deeper than [`super::MAX_DEPTH`]: refused before
    /// parsing, which would recurse once per level.
    #[error("this condition is nested more than {limit} parentheses deep")]
    #[diagnostic(
        code("edict::nesting-too-deep"),
        help("split the condition into rules or categories of their own, or remove redundant parentheses")
    )]
    TooDeep {
        /// The limit.
        limit: usize,
        /// The level the first `(` beyond the limit opens (`limit + 1`).
        level: usize,
        /// The file.
        #[source_code]
        src: crate::source::SourceText,
        /// The first `(` beyond the limit.
        #[label("this `(` opens level {level}")]
        span: SourceSpan,
        /// Sort key.
        #[doc(hidden)]
        at: Span,
    },
    /// A parse tree edict did not expect: a bug in edict.
    #[error("internal error: the parser produced an unexpected shape ({what})")]
    #[diagnostic(
        code("edict::internal"),
        help("this is a bug in edict; please report it with this file")
    )]
    Internal {
        /// What was expected.
        what: String,
        /// The file.
        #[source_code]
        src: crate::source::SourceText,
        /// Where.
        #[label("here")]
        span: SourceSpan,
        /// Sort key.
        #[doc(hidden)]
        at: Span,
    },
}

impl SyntaxError {
    /// Where the error is, for sorting.
    pub fn at(&self) -> Span {
        match self {
            SyntaxError::Unexpected { at, .. }
            | SyntaxError::MissingHeader { at, .. }
            | SyntaxError::Number { at, .. }
            | SyntaxError::TooDeep { at, .. }
            | SyntaxError::Internal { at, .. } => *at,
        }
    }

    pub(super) fn internal(sources: &SourceMap, file: FileId, internal: Internal) -> SyntaxError {
        if internal.too_many_digits {
            return SyntaxError::Number {
                text: internal.what,
                src: sources.named_source(file),
                span: internal.span.into(),
                at: internal.span,
            };
        }
        SyntaxError::Internal {
            what: internal.what,
            src: sources.named_source(file),
            span: internal.span.into(),
            at: internal.span,
        }
    }

    pub(super) fn too_deep(sources: &SourceMap, file: FileId, offset: usize) -> SyntaxError {
        let at = Span::new(file, offset, offset + 1);
        SyntaxError::TooDeep {
            limit: super::MAX_DEPTH,
            level: super::MAX_DEPTH + 1,
            src: sources.named_source(file),
            span: at.into(),
            at,
        }
    }

    pub(super) fn missing_header(sources: &SourceMap, file: FileId) -> SyntaxError {
        let at = Span::new(file, 0, 0);
        SyntaxError::MissingHeader {
            src: sources.named_source(file),
            span: at.into(),
            at,
        }
    }
}

/// Converts pest's error for the piece starting at `offset`.
pub(super) fn from_pest(
    sources: &SourceMap,
    file: FileId,
    offset: usize,
    piece: &str,
    is_header: bool,
    error: pest::error::Error<Rule>,
) -> SyntaxError {
    let pos = match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let rest = piece.get(pos..).unwrap_or("");
    let at_end = rest.trim().is_empty();
    // At the end of an item, point just after its last word rather than at
    // the first letter of the next item.
    let pos = if at_end { piece.trim_end().len().min(pos) } else { pos };
    let word_len = if at_end { 0 } else { word_at(rest) };
    let found = if at_end {
        "end of the item".to_string()
    } else {
        format!("`{}`", rest.get(..word_len).unwrap_or(rest))
    };
    let mut expected_words: Vec<&'static str> = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().filter_map(|r| describe(*r)).collect()
        }
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };
    if is_header {
        expected_words.retain(|w| *w != "the end of the item");
    }
    let expected = if expected_words.is_empty() {
        "something else".to_string()
    } else {
        join(expected_words)
    };
    let len = if at_end { 0 } else { word_len.max(1).min(rest.len()) };
    let at = Span::new(file, offset + pos, offset + pos + len);
    let before = piece.get(..pos).unwrap_or("");
    let unclosed = unclosed_parenthesis(before).map(|i| sources.line_col(Span::new(file, offset + i, offset + i)).0);
    let help = hint(&Context {
        word: rest.get(..word_len).unwrap_or(""),
        rest,
        before,
        expected: &expected,
        unclosed,
    });
    SyntaxError::Unexpected {
        found,
        expected,
        src: sources.named_source(file),
        span: at.into(),
        help,
        at,
    }
}

/// The length of the word (or single symbol) at the start of `rest`.
fn word_at(rest: &str) -> usize {
    let word: usize = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '\'' | '%'))
        .map(char::len_utf8)
        .sum();
    if word > 0 {
        word
    } else {
        rest.chars().next().map_or(0, char::len_utf8)
    }
}

/// What the parser saw around an unexpected word, for [`hint`].
struct Context<'a> {
    /// The unexpected word (empty at the end of an item).
    word: &'a str,
    /// The text from the unexpected word on.
    rest: &'a str,
    /// The text of the item before the unexpected word.
    before: &'a str,
    /// What was expected, in words.
    expected: &'a str,
    /// The line of a `(` left open before the word.
    unclosed: Option<usize>,
}

/// Catches for common slips.
fn hint(cx: &Context<'_>) -> Option<String> {
    let word = cx.word;
    let expected = cx.expected;
    let lower = word.to_ascii_lowercase();
    let token = cx.rest.split_whitespace().next().unwrap_or("");
    Some(match lower.as_str() {
        "requires" | "require" => "write the effect as `outcome licence-required`".to_string(),
        "license" | "licence" => "write the effect as `outcome licence-required`".to_string(),
        "=" | "==" => "write `is` instead of `=`".to_string(),
        "if" => "conditions start with `when`".to_string(),
        "&&" | "&" => "write `and`".to_string(),
        "||" | "|" => "write `or`".to_string(),
        "!" => "write `not`".to_string(),
        "unless" => "write the exception as a rule that `exempts` this one, or use `when not (…)`".to_string(),
        "policy" => "each file holds one policy: move this header and what follows it to a file of its own".to_string(),
        "\"" if expected.contains("quoted text") => "this text is never closed: end it with `\"`".to_string(),
        _ if cx.before.ends_with('"') && !word.is_empty() => {
            "a quoted text ends just before this word; is a closing `\"` missing earlier?".to_string()
        }
        _ if expected.contains("`and`") && cx.unclosed.is_some() => format!(
            "the `(` on line {} is not closed; add `)` where the group ends",
            cx.unclosed.unwrap_or_default()
        ),
        _ if expected == "a name" && is_keyword(&lower) => {
            format!("`{word}` is a keyword of the language and cannot be used as a name")
        }
        _ if word.starts_with("Art") && expected.contains("quoted text") => {
            "put the citation in double quotes: \"Art. 1(1)\"".to_string()
        }
        _ if expected.contains("date") && token.contains('/') => "write dates as YYYY-MM-DD".to_string(),
        _ if expected.contains("percentage") && word.chars().all(|c| c.is_ascii_digit() || c == '.') => {
            format!("write the threshold as a percentage: `{word}%`")
        }
        _ if !word.is_ascii() => "names are written with ASCII letters, digits, `-` and `_`".to_string(),
        _ if expected == "a quoted text" && !word.starts_with('"') && !word.is_empty() => {
            "texts are written in double quotes".to_string()
        }
        _ => return None,
    })
}

/// The byte offset of the first `(` that `text` leaves open, ignoring
/// quoted texts and comments.
fn unclosed_parenthesis(text: &str) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '(' => open.push(i),
            ')' => {
                open.pop();
            }
            '#' => {
                let _ = chars.by_ref().find(|(_, c)| *c == '\n');
            }
            '"' => {
                while let Some((_, c)) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            chars.next();
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    open.first().copied()
}
