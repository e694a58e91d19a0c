//! End to end with a real editor: headless Neovim, its built-in LSP client
//! attached to `edict lsp`, opens a policy with a typo and reads back the
//! checker's diagnostic and a hover (`tests/neovim/e2e.lua`).
//!
//! It needs `nvim` (Debian's `neovim`, which `.ci/run` installs), so it is
//! ignored by plain `cargo test` and run by `.ci/run` with `--ignored`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::Path;
use std::process::Command;

const DRAFT: &str = "policy draft-holmium
  title \"Draft\"
  authority \"Test\"
  issued 2026-01-01

rule holmium \"Art. 1\"
  outcome licence-required
  when the item is in cn-mofcom-2025-61.part-l
   and the destination is outside CN

rule dysprosium \"Art. 2\"
  outcome licence-required
  when the item is in cn-mofcom-2025-61.part-1
";

#[test]
#[ignore = "needs nvim (Debian's neovim): .ci/run installs it and runs this with --ignored"]
fn neovim_shows_the_diagnostic_and_the_hover() {
    let dir = std::env::temp_dir().join(format!("edict-nvim-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("draft.edict");
    std::fs::write(&file, DRAFT).unwrap();
    let out = dir.join("out.txt");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/neovim/e2e.lua");
    let status = Command::new("nvim")
        .args(["--headless", "-n", "-i", "NONE", "-u", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("EDICT_BIN", env!("CARGO_BIN_EXE_edict"))
        .env("EDICT_FILE", &file)
        .env("EDICT_OUT", &out)
        .env("EDICT_HOVER_LINE", "10")
        .env("EDICT_HOVER_COL", "7")
        .env("XDG_STATE_HOME", &dir)
        .env("XDG_CACHE_HOME", &dir)
        .status()
        .expect("nvim runs: install Debian's neovim");
    assert!(status.success(), "nvim exited with {status}");
    let said = std::fs::read_to_string(&out).expect("the script wrote its findings");
    assert!(said.contains("diagnostics true"), "{said}");
    // The checker's diagnostic, at the typo (line 7, column 22, 0-based), with its help.
    assert!(
        said.contains("diagnostic 7:22 edict::unknown-category unknown category `cn-mofcom-2025-61.part-l`"),
        "{said}"
    );
    assert!(
        said.contains("help: did you mean `cn-mofcom-2025-61.part-1`?"),
        "{said}"
    );
    // The hover on the other rule: render's sentence, with the bundled category's title.
    assert!(said.contains("hover ### Art. 2 — `dysprosium`"), "{said}");
    assert!(
        said.contains("A licence is required to export an item when the item is listed in Annex 1, Part 1"),
        "{said}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The README's shell lines that install the tree-sitter parser for Neovim.
fn readme_neovim_tree_sitter_commands() -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let from = readme
        .find("For highlighting and folding in Neovim")
        .expect("the README's Neovim tree-sitter paragraph");
    let rest = &readme[from..];
    let start = rest.find("```sh\n").expect("its sh block") + "```sh\n".len();
    let end = rest[start..].find("```").unwrap();
    rest[start..start + end].to_string()
}

#[test]
#[ignore = "needs nvim (Debian's neovim): .ci/run installs it and runs this with --ignored"]
fn neovim_highlights_a_policy_with_the_tree_sitter_grammar_as_the_readme_installs_it() {
    let dir = std::env::temp_dir().join(format!("edict-nvim-ts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("data");
    let status = Command::new("bash")
        .args(["-euo", "pipefail", "-c", &readme_neovim_tree_sitter_commands()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_DATA_HOME", &data)
        .status()
        .unwrap();
    assert!(status.success(), "the README's commands failed: {status}");
    assert!(data.join("nvim/site/parser/edict.so").is_file());
    assert!(data.join("nvim/site/queries/edict/highlights.scm").is_file());
    let file = dir.join("draft.edict");
    std::fs::write(&file, DRAFT).unwrap();
    let out = dir.join("out.txt");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/neovim/highlight.lua");
    let status = Command::new("nvim")
        .args(["--headless", "-n", "-i", "NONE", "-u", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("EDICT_FILE", &file)
        .env("EDICT_OUT", &out)
        .env("XDG_DATA_HOME", &data)
        .env("XDG_STATE_HOME", &dir)
        .env("XDG_CACHE_HOME", &dir)
        .status()
        .expect("nvim runs: install Debian's neovim");
    assert!(status.success(), "nvim exited with {status}");
    let said = std::fs::read_to_string(&out).expect("the script wrote its findings");
    assert!(!said.contains("\nerror "), "{said}");
    assert!(said.contains("has_error false"), "{said}");
    // Rows and columns from 0, in DRAFT.
    for capture in [
        "capture 0:0 keyword.storage.type policy",
        "capture 0:7 namespace draft-holmium",
        "capture 1:8 string \"Draft\"",
        "capture 3:9 constant.numeric 2026-01-01",
        "capture 5:5 function holmium",
        "capture 6:10 constant.builtin licence-required",
        "capture 7:22 namespace cn-mofcom-2025-61",
        "capture 7:39 punctuation.delimiter .",
        "capture 7:40 variable part-l",
        "capture 8:3 keyword.operator and",
        "capture 8:7 keyword.other the",
    ] {
        assert!(said.contains(capture), "no `{capture}` in:\n{said}");
    }
    assert!(said.contains("folds true"), "{said}");
    assert!(said.contains("highlighting started"), "{said}");
    let _ = std::fs::remove_dir_all(&dir);
}
