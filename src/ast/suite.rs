//! The AST of a test file (`*.test.edict`), with a span on every node.
//!
//! ```text
//! tests "Dysprosium trader across the law's dates"
//!
//! test no18-first-day "The first day of Announcement No. 18"
//!   because "MOFCOM Announcement No. 18 (2025), Art. 1"
//!   facts "facts/dysprosium-trader.json"
//!   as of 2025-04-04
//!   expect R-2025-1015-CHAIN licence-required under cn-mofcom-2025-18 by part-1
//! ```

use super::{Comment, DateLit, Ident, Reference, Text};
use crate::source::{FileId, Span};

/// A whole test file: its header, its tests and its comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestFile {
    /// The file.
    pub file: FileId,
    /// `tests "<title>"`, when the file has one.
    pub title: Option<Text>,
    /// The tests, in file order.
    pub tests: Vec<Test>,
    /// Every `# comment`, for the formatter.
    pub comments: Vec<Comment>,
}

/// `test <id> "<title>"` and its clauses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Test {
    /// The test's id, unique in its file.
    pub id: Ident,
    /// What the test shows, in words.
    pub title: Text,
    /// `because "…"`: the articles relied on (several allowed).
    pub because: Vec<Text>,
    /// `facts "…"` or `facts { … }`; exactly one is required.
    pub facts: Vec<FactsSource>,
    /// `as of 2025-04-04`: the day every shipment is decided on.
    pub as_of: Vec<DateLit>,
    /// `with "draft.edict"`: drafts layered over the policies, in order.
    pub with: Vec<Text>,
    /// `under reading TAG alternative`: readings whose alternatives the test
    /// decides under, in order.
    pub readings: Vec<Ident>,
    /// `expect …` lines, in order.
    pub expects: Vec<Expect>,
    /// The whole test, from `test` to its last clause.
    pub span: Span,
}

/// Where a test's facts come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactsSource {
    /// `facts "facts.json"`: a file, relative to the test file.
    File(Text),
    /// `facts { "version": 1, … }`: JSON written in the test; `json` is the
    /// text from `{` to `}`, as written.
    Inline {
        /// The JSON text.
        json: String,
        /// Where it is, braces included.
        span: Span,
    },
}

impl FactsSource {
    /// Where the clause's value is.
    pub fn span(&self) -> Span {
        match self {
            FactsSource::File(t) => t.span,
            FactsSource::Inline { span, .. } => *span,
        }
    }
}

/// `expect S-1 licence-required under cn-mofcom-2025-18 by part-1 finding "…"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expect {
    /// The shipment id (as the facts file writes it).
    pub shipment: Text,
    /// Whether the id was quoted in the test file.
    pub quoted: bool,
    /// The expected outcome word, checked against the ladder.
    pub outcome: Ident,
    /// `under <policy>`: the policy's outcome rather than the overall one.
    pub under: Option<Ident>,
    /// `by <rule>`: a rule that decides the outcome.
    pub by: Option<Reference>,
    /// `finding "…"`: words that a reason of the decision contains.
    pub finding: Option<Text>,
    /// The whole line.
    pub span: Span,
}
