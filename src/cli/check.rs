//! `edict check`

use super::io::load_policies;
use super::EXIT_OK;
use std::path::PathBuf;

/// Checks the policies; prints a summary on success.
pub fn run(paths: &[PathBuf]) -> u8 {
    match load_policies(paths, &[]) {
        Ok(set) => {
            let rules: usize = set.policies.iter().map(|p| p.rules.len()).sum();
            println!(
                "ok: {} policies, {} rules, {} categories",
                set.policies.len(),
                rules,
                set.categories.len()
            );
            EXIT_OK
        }
        Err(code) => code,
    }
}
