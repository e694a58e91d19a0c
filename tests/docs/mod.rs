//! The documentation in `docs/` against the code, so that it cannot drift:
//! the JSON Schemas against the examples, fixtures and decisions
//! (`schema`), the language reference against the grammar and the checker
//! (`language`), the facts contract and the vocabulary against the code and
//! the bundled library (`contract`), and the tutorial's commands against the
//! binary (`tutorial`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod contract;
mod language;
mod schema;
mod tutorial;

use std::path::PathBuf;

/// The repository's root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the repository, as text.
fn read(path: &str) -> String {
    let path = root().join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
