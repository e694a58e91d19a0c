//! `edict check`

use super::io::load_policies;
use super::EXIT_OK;
use std::path::PathBuf;

/// Checks the policies, with drafts layered over them, and the policies
/// under each executable alternative of a reading; prints a summary on success.
pub fn run(paths: &[PathBuf], with: &[PathBuf]) -> u8 {
    match load_policies(paths, with) {
        Ok(set) => {
            let alternatives = super::report::timed("check alternatives", || crate::readings::check_alternatives(&set));
            if !alternatives.is_empty() {
                super::io::print_all(&alternatives);
                return super::EXIT_INVALID;
            }
            let rules: usize = set.policies.iter().map(|p| p.rules.len()).sum();
            let summary = format!(
                "ok: {}, {}, {}",
                count(set.policies.len(), "policy", "policies"),
                count(rules, "rule", "rules"),
                count(set.categories.len(), "category", "categories")
            );
            if super::report::quiet() {
                return EXIT_OK;
            }
            super::out::print_line(&summary, EXIT_OK)
        }
        Err(code) => code,
    }
}

/// `1 rule`, `2 rules`.
pub(super) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
