//! `edict render`

use super::io::{load_policies, usage};
use super::EXIT_OK;
use clap::ValueEnum;
use std::path::{Path, PathBuf};

/// What `edict render` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    /// One Markdown document per policy.
    Markdown,
    /// One self-contained HTML page for the whole set.
    Html,
}

/// Renders the policies, with drafts layered over them; to stdout, or into
/// `out` (created if needed).
pub fn run(paths: &[PathBuf], with: &[PathBuf], format: RenderFormat, out: Option<&Path>) -> u8 {
    let set = match load_policies(paths, with) {
        Ok(set) => set,
        Err(code) => return code,
    };
    let files = match format {
        RenderFormat::Markdown if out.is_some() => crate::render::markdown_files(&set),
        RenderFormat::Markdown => return print(&crate::render::markdown(&set)),
        RenderFormat::Html if out.is_some() => vec![("index.html".to_string(), crate::render::html(&set))],
        RenderFormat::Html => return print(&crate::render::html(&set)),
    };
    let Some(dir) = out else { return EXIT_OK };
    if let Err(e) = std::fs::create_dir_all(dir) {
        return usage(&format!("cannot create {}: {e}", dir.display()));
    }
    for (name, text) in files {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            return usage(&format!("cannot write {}: {e}", path.display()));
        }
    }
    EXIT_OK
}

fn print(text: &str) -> u8 {
    super::out::print(text, EXIT_OK)
}
