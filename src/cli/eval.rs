//! `edict eval`

use super::io::{load_facts, load_policies, print_one, usage};
use super::{Format, EXIT_INVALID, EXIT_OK};
use crate::report::table;
use crate::eval::{evaluate, vocabulary_warnings, EvalOptions};
use std::path::{Path, PathBuf};

/// Evaluates the facts; prints decisions to stdout only when all went well.
pub fn run(paths: &[PathBuf], with: &[PathBuf], facts_path: &Path, as_of: Option<jiff::civil::Date>, format: Format) -> u8 {
    let set = match load_policies(paths, with) {
        Ok(set) => set,
        Err(code) => return code,
    };
    let (facts, source) = match load_facts(facts_path) {
        Ok(f) => f,
        Err(code) => return code,
    };
    for w in vocabulary_warnings(&set, &facts, &source) {
        print_one(&w);
    }
    let decisions = match evaluate(&set, &facts, &source, &EvalOptions { as_of }) {
        Ok(d) => d,
        Err(errors) => {
            for e in &errors {
                print_one(e);
            }
            return EXIT_INVALID;
        }
    };
    let out = match format {
        Format::Json => match serde_json::to_string_pretty(&decisions) {
            Ok(json) => json,
            Err(e) => return usage(&format!("cannot write JSON: {e}")),
        },
        Format::Text => table::render(&decisions),
    };
    println!("{out}");
    EXIT_OK
}
