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
