//! Stage 1: the parser over the fixture folders `tests/cases/syntax/`.
//!
//! `ok/*.edict` must parse without error; the snapshot is the AST printed
//! by `edict::syntax::to_sexpr`. `err/*.edict` must not parse; the snapshot
//! is every diagnostic, rendered as a user sees it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edict::diagnostics::render_plain;
use edict::source::SourceMap;
use edict::syntax::{self, SyntaxError};
use miette::Diagnostic;
use std::path::Path;

/// Parses one fixture, named by its file name (no absolute paths in snapshots).
fn parse(path: &Path) -> (edict::ast::PolicyFile, Vec<SyntaxError>) {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut sources = SourceMap::new();
    let id = sources.add(name, text);
    syntax::parse(&sources, id)
}

fn render_all(errors: &[SyntaxError]) -> String {
    errors.iter().map(|e| render_plain(e)).collect::<Vec<_>>().join("\n")
}

#[test]
fn ok() {
    insta::glob!("cases/syntax/ok/*.edict", |path| {
        let (file, errors) = parse(path);
        assert!(
            errors.is_empty(),
            "{} should parse:\n{}",
            path.display(),
            render_all(&errors)
        );
        insta::assert_snapshot!(syntax::to_sexpr(&file));
    });
}

#[test]
fn err() {
    insta::glob!("cases/syntax/err/*.edict", |path| {
        let (_, errors) = parse(path);
        assert!(!errors.is_empty(), "{} should not parse", path.display());
        for e in &errors {
            let code = e.code().map(|c| c.to_string()).unwrap_or_default();
            assert_ne!(code, "edict::internal", "{}: {}", path.display(), render_plain(e));
        }
        insta::assert_snapshot!(render_all(&errors));
    });
}
