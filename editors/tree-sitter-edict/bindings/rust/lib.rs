//! The edict policy language for [tree-sitter](https://tree-sitter.github.io/):
//! the grammar of `grammar.js` (generated into `src/parser.c`) and its
//! queries. Used by edict's own tests (`tests/tree_sitter.rs`); editors load
//! the same grammar from this folder (see the README, "Editor support").

use tree_sitter_language::LanguageFn;

extern "C" {
    fn tree_sitter_edict() -> *const ();
}

/// The tree-sitter language of edict policy files and test files.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_edict) };

/// The node types of the grammar (`src/node-types.json`).
pub const NODE_TYPES: &str = include_str!("../../src/node-types.json");

/// The syntax highlighting query (`queries/highlights.scm`).
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../queries/highlights.scm");

/// The folding query (`queries/folds.scm`).
pub const FOLDS_QUERY: &str = include_str!("../../queries/folds.scm");
