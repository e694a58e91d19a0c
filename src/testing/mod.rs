//! The test runner behind `edict test`: runs the tests of `*.test.edict`
//! files against a policy set and says which expectations the law, as
//! encoded, does not meet.
//!
//! ```text
//!  test files ──syntax::suite::parse_suite──▶ ast::suite::TestFile
//!                                              │ check::suite::check_file
//!  policies (+ each test's drafts) ──load──▶ PolicySet
//!  each test's facts ──facts::load──▶ Facts │ check::suite::check_names
//!                                     └──eval::evaluate──▶ TestResult
//! ```
//!
//! The runner does no IO of its own: the caller gives the texts of the test
//! files and a [`Files`] reader for the facts and drafts they name. Tests
//! run on as many threads as the machine has cores; results come back in
//! file order whatever the threads' timing.

pub mod coverage;
pub mod mutants;
mod run;

pub use run::{run, Expectation, Failure, Files, ReadProblem, RunOptions, Status, TestResult, TestRun};

/// Whether a file name is a test file's (`*.test.edict`).
pub fn is_test_file(name: &str) -> bool {
    name.ends_with(".test.edict")
}

/// The span of a policy's `policy` line: a policy's span starts with the
/// comments before its header, which are not the provision a report names.
pub(crate) fn header_span(set: &crate::policy::PolicySet, policy: &crate::policy::Policy) -> crate::source::Span {
    let span = policy.span;
    let Some(text) = set.sources.file(span.file).map(|f| f.text.clone()) else {
        return span;
    };
    let mut offset = span.start;
    for line in text.get(span.start..).unwrap_or("").split_inclusive('\n') {
        if line.starts_with("policy") {
            return crate::source::Span::new(span.file, offset, offset + line.trim_end().len());
        }
        offset += line.len();
    }
    span
}
