//! Syntax errors: the single place where their wording lives.

use super::expected::{describe, join};
use super::pairs::Internal;
use super::Rule;
use crate::source::{FileId, SourceMap, Span};
use miette::{Diagnostic, NamedSource, SourceSpan};
use std::sync::Arc;
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
        src: NamedSource<Arc<str>>,
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
        help("start the file with a line such as `policy cn-mofcom-2025-61`, then its title, authority and issued date")
    )]
    MissingHeader {
        /// The file.
        #[source_code]
        src: NamedSource<Arc<str>>,
        /// The start of the file.
        #[label("the header should be here")]
        span: SourceSpan,
        /// Sort key.
        #[doc(hidden)]
        at: Span,
    },
    /// A parse tree edict did not expect: a bug in edict.
    #[error("internal error: the parser produced an unexpected shape ({what})")]
    #[diagnostic(code("edict::internal"), help("this is a bug in edict; please report it with this file"))]
    Internal {
        /// What was expected.
        what: String,
        /// The file.
        #[source_code]
        src: NamedSource<Arc<str>>,
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
            SyntaxError::Unexpected { at, .. } | SyntaxError::MissingHeader { at, .. } | SyntaxError::Internal { at, .. } => *at,
        }
    }

    pub(super) fn internal(sources: &SourceMap, file: FileId, internal: Internal) -> SyntaxError {
        SyntaxError::Internal {
            what: internal.what,
            src: sources.named_source(file),
            span: internal.span.into(),
            at: internal.span,
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
    let word_len = word_at(rest);
    let found = if rest.trim().is_empty() {
        "end of the item".to_string()
    } else {
        format!("`{}`", rest.get(..word_len).unwrap_or(rest))
    };
    let mut expected_words: Vec<&'static str> = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => positives.iter().filter_map(|r| describe(*r)).collect(),
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
    let at = Span::new(file, offset + pos, offset + pos + word_len.max(1).min(rest.len().max(1)));
    let help = hint(rest.get(..word_len).unwrap_or(""), &expected);
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

/// Catches for common slips.
fn hint(word: &str, expected: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    Some(match lower.as_str() {
        "requires" | "require" => "write the effect as `outcome licence-required`".to_string(),
        "license" | "licence" => "write the effect as `outcome licence-required`".to_string(),
        "=" | "==" => "write `is` instead of `=`".to_string(),
        "if" => "conditions start with `when`".to_string(),
        "&&" | "&" => "write `and`".to_string(),
        "||" | "|" => "write `or`".to_string(),
        "!" => "write `not`".to_string(),
        "unless" => "write the exception as a rule that `exempts` this one, or use `when not (…)`".to_string(),
        _ if word.starts_with("Art") && expected.contains("quoted text") => {
            "put the citation in double quotes: \"Art. 1(1)\"".to_string()
        }
        _ if expected.contains("date") && word.contains('/') => "write dates as YYYY-MM-DD".to_string(),
        _ if expected.contains("percentage") && word.chars().all(|c| c.is_ascii_digit() || c == '.') => {
            format!("write the threshold as a percentage: `{word}%`")
        }
        _ if expected.contains("quoted text") && !word.starts_with('"') && !word.is_empty() => {
            "texts are written in double quotes".to_string()
        }
        _ => return None,
    })
}
