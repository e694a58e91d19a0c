//! Why a reading's alternative cannot be taken.

use crate::load::AnyDiagnostic;
use miette::Diagnostic;
use thiserror::Error;

/// A `--reading` that cannot be evaluated, or an alternative that does not check.
#[derive(Debug, Error, Diagnostic)]
pub enum ReadingError {
    /// No reading of the policies has this tag.
    #[error("no reading of the policies is tagged `{tag}`")]
    #[diagnostic(
        code("edict::reading::unknown"),
        help("{}", match suggestion {
            Some(s) => format!("did you mean `{s}`? (`edict readings --facts F` lists the readings)"),
            None => "`edict readings --facts F` lists the readings; tags are written as in the policies".into(),
        })
    )]
    Unknown {
        /// The tag as given.
        tag: String,
        /// A tag it is probably a typo of.
        suggestion: Option<String>,
    },
    /// The reading's alternative is prose only.
    #[error("the alternative of reading `{tag}` is prose only: it cannot be evaluated")]
    #[diagnostic(
        code("edict::reading::not-executable"),
        help(
            "give the reading (at {places}) its alternative as edict: `for \"…\" read \"…\"` after `alternative \"…\"`"
        )
    )]
    NotExecutable {
        /// The tag.
        tag: String,
        /// Where the reading is.
        places: String,
    },
    /// Two alternatives rewrite the same text.
    #[error("the alternatives of readings `{first}` and `{second}` rewrite the same text")]
    #[diagnostic(
        code("edict::reading::overlap"),
        help("take one of them at a time, or write the alternatives so that they replace different words")
    )]
    Overlap {
        /// One reading.
        first: String,
        /// The other.
        second: String,
    },
}

/// The policies under an alternative do not parse or check.
#[derive(Debug, Error, Diagnostic)]
#[error("the policies under the alternative of {tags} do not check ({} problem{})", problems.len(), if problems.len() == 1 { "" } else { "s" })]
#[diagnostic(
    code("edict::reading::alternative-invalid"),
    help("each `for \"…\" read \"…\"` must leave the item valid edict; the problems below are in the rewritten text")
)]
pub struct AlternativeInvalid {
    /// The readings taken.
    pub tags: String,
    /// What the rewritten policies do not check for.
    #[related]
    pub problems: Vec<AnyDiagnostic>,
}
