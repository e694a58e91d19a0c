//! `edict eval`

use super::io::{load_policies, print_one, usage};
use super::{table, Format, EXIT_INVALID, EXIT_OK};
use crate::eval::{evaluate, vocabulary_warnings, EvalOptions};
use crate::facts::{load, FactsSource};
use std::path::{Path, PathBuf};

/// Evaluates the facts; prints decisions to stdout only when all went well.
pub fn run(paths: &[PathBuf], facts_path: &Path, as_of: Option<jiff::civil::Date>, format: Format) -> u8 {
    let set = match load_policies(paths) {
        Ok(set) => set,
        Err(code) => return code,
    };
    let text = match std::fs::read_to_string(facts_path) {
        Ok(t) => t,
        Err(e) => return usage(&format!("cannot read {}: {e}", facts_path.display())),
    };
    let source = FactsSource::new(&facts_path.display().to_string(), text);
    let facts = match load(&source) {
        Ok(f) => f,
        Err(errors) => {
            for e in &errors {
                print_one(e);
            }
            return EXIT_INVALID;
        }
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
