//! Why a file is not formatted. Formatting never loses what a file says: a
//! file whose AST would lose text is reported instead of rewritten.

use crate::ast::{Item, PolicyFile};
use crate::source::SourceMap;
use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

/// A file that formatting would change in meaning or lose text of.
#[derive(Debug, Error, Diagnostic)]
pub enum FormatError {
    /// `title "a"` and `title "b"` in one header: the AST keeps the last only.
    #[error("`{keyword}` is given twice in the header; formatting would drop the first")]
    #[diagnostic(
        code("edict::fmt-repeated-property"),
        help("keep one `{keyword}`, then format again")
    )]
    RepeatedProperty {
        /// The property's keyword.
        keyword: &'static str,
        /// The file.
        #[source_code]
        src: crate::source::SourceText,
        /// The second occurrence.
        #[label("given again here")]
        span: SourceSpan,
    },
    /// `threshold 1%` twice in one amendment: the AST keeps the last only.
    #[error("`{keyword}` is given twice in amendment `{amendment}`; formatting would drop the first")]
    #[diagnostic(code("edict::fmt-repeated-clause"), help("keep one `{keyword}`, then format again"))]
    RepeatedClause {
        /// The clause's keyword.
        keyword: &'static str,
        /// The amendment's id.
        amendment: String,
        /// The file.
        #[source_code]
        src: crate::source::SourceText,
        /// The amendment.
        #[label("in this amendment")]
        span: SourceSpan,
    },
    /// The formatted text failed `verify`: a bug in the formatter.
    #[error("internal error: {problem}; the file was not changed")]
    #[diagnostic(
        code("edict::fmt-internal"),
        help("this is a bug in edict's formatter; please report it with this file")
    )]
    Unsound {
        /// What went wrong.
        problem: &'static str,
        /// The file.
        #[source_code]
        src: crate::source::SourceText,
        /// The first item formatted wrongly.
        #[label("formatted wrongly")]
        span: SourceSpan,
    },
    /// `fmt --check` of a file not in the canonical layout (reported as a
    /// diagnostic with `--message-format json`).
    #[error("{name} is not formatted")]
    #[diagnostic(code("edict::fmt::would-reformat"), help("run `edict fmt {name}` to rewrite it"))]
    WouldReformat {
        /// The file's name.
        name: String,
        /// The file.
        #[source_code]
        src: crate::source::SourceText,
        /// The first line formatting changes.
        #[label("formatting changes this line first")]
        span: SourceSpan,
    },
}

impl FormatError {
    /// The diagnostic for a file `original` that formats to `formatted`.
    pub fn would_reformat(src: crate::source::SourceText, original: &str, formatted: &str) -> FormatError {
        let same = original
            .bytes()
            .zip(formatted.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let start = original.get(..same).and_then(|s| s.rfind('\n')).map_or(0, |i| i + 1);
        let end = original
            .get(start..)
            .and_then(|s| s.find('\n'))
            .map_or(original.len(), |i| start + i);
        FormatError::WouldReformat {
            name: src.name().to_string(),
            src,
            span: SourceSpan::new(start.into(), end - start),
        }
    }
}

/// Clauses an amendment may give once, which the AST keeps one of.
const SINGLE_CLAUSES: [&str; 3] = ["threshold", "ownership threshold", "new window"];

/// The clauses of `SINGLE_CLAUSES` that start more than one line of `text`.
fn repeated_clauses(text: &str) -> Vec<&'static str> {
    SINGLE_CLAUSES
        .into_iter()
        .filter(|k| {
            let starts = |l: &&str| {
                l.trim_start()
                    .strip_prefix(k)
                    .is_some_and(|rest| rest.starts_with(char::is_whitespace))
            };
            text.lines().filter(starts).count() > 1
        })
        .collect()
}

/// Every reason not to format `file`.
pub fn check(file: &PolicyFile, sources: &SourceMap) -> Vec<FormatError> {
    let mut errors: Vec<FormatError> = file
        .header
        .iter()
        .flat_map(|h| &h.repeated)
        .map(|(keyword, span)| FormatError::RepeatedProperty {
            keyword,
            src: sources.named_source(file.file),
            span: (*span).into(),
        })
        .collect();
    // The parser keeps the last of a repeated amendment clause and says
    // nothing; look for repeats in the amendment's text.
    for item in &file.items {
        let Item::Amendment(a) = item else { continue };
        for keyword in repeated_clauses(sources.slice(a.span)) {
            errors.push(FormatError::RepeatedClause {
                keyword,
                amendment: a.id.name.clone(),
                src: sources.named_source(file.file),
                span: a.span.into(),
            });
        }
    }
    errors
}
