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
