//! edict's integration tests, as one test binary.
//!
//! Each module was once its own file-per-binary test crate; together they
//! link the library once instead of forty times, which is most of what the
//! first `cargo test` on a fresh clone costs (issue #13, time to first
//! result). A new test file is a module here: add `mod NAME;` below.
//! Run one module with `cargo test --test integration NAME::`.

mod analysis;
mod bounds;
mod build_sharing;
mod check;
mod cli;
mod conventions;
mod coverage_exceptions;
mod coverage_ownership;
mod coverage_page;
mod diagnostics;
mod docs;
mod engine;
mod eval_output;
mod explain;
mod explain_bounds;
mod facts;
mod facts_csv;
mod fmt;
/// The benchmarks' seeded facts generator (used by `threads`, `serve`).
#[path = "../benches/generator/mod.rs"]
#[allow(dead_code, reason = "the benchmarks use more of it")]
mod generator;
mod help_examples;
mod library;
mod linking;
mod lists;
mod lsp;
/// The JSON-RPC client that speaks to `edict lsp` (used by `lsp`, `lsp_fuzz`).
mod lsp_client;
mod lsp_fuzz;
mod mutants_lines;
mod neovim;
mod pipes;
mod readings;
mod render;
mod reporting;
mod semantics;
mod serve;
mod stream;
mod syntax;
mod test_runner;
mod textmate;
mod threads;
mod thresholds;
mod timeline_stream;
#[path = "tree_sitter.rs"]
mod tree_sitter_grammar;
mod unknowns;

/// With `autotests = false`, a file in `tests/` that no `mod` line names is
/// never compiled, and its tests silently never run: name every one here.
#[test]
fn every_test_file_is_a_module_of_this_binary() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let main = std::fs::read_to_string(root.join("main.rs")).unwrap_or_default();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let module = if path.is_dir() && path.join("mod.rs").is_file() {
            name
        } else if let Some(stem) = name.strip_suffix(".rs") {
            stem.to_owned()
        } else {
            continue;
        };
        if module == "main" {
            continue;
        }
        let declared = main.contains(&format!("mod {module};")) || main.contains(&format!("#[path = \"{module}.rs\"]"));
        if !declared {
            missing.push(module);
        }
    }
    assert!(
        missing.is_empty(),
        "tests/ files not declared in tests/main.rs (they would never run): {missing:?}"
    );
}
