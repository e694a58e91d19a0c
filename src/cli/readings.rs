//! `edict readings`

use super::io::{load_policies_and_facts, print_one};
use super::{ReadingsFormat, EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::analysis::readings::{analyse, Problem};
use crate::eval::{evaluate, EvalOptions};
use std::path::PathBuf;

/// Decides the facts under the readings chosen and under each alternative;
/// prints which readings the outcomes depend on.
pub fn run(
    paths: &[PathBuf],
    with: &[PathBuf],
    facts_path: &[PathBuf],
    as_of: Option<jiff::civil::Date>,
    format: ReadingsFormat,
) -> u8 {
    let (set, facts, source) = match load_policies_and_facts(paths, with, &[], facts_path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let options = EvalOptions {
        as_of,
        threads: std::thread::available_parallelism().map_or(1, usize::from),
    };
    let started = std::time::Instant::now();
    let analysed = evaluate(&set, &facts, &source, &options)
        .map_err(Problem::Facts)
        .and_then(|chosen| analyse(&set, &chosen, &facts, &source, &options));
    super::report::phase("evaluate", started.elapsed());
    let report = match analysed {
        Ok(r) => r,
        Err(Problem::Facts(errors)) => {
            for e in &errors {
                print_one(e);
            }
            return EXIT_INVALID;
        }
        Err(Problem::Policies(diagnostics)) => {
            super::io::print_all(&diagnostics);
            return EXIT_USAGE;
        }
    };
    let out = match format {
        ReadingsFormat::Text => crate::report::readings::text(&report),
        ReadingsFormat::Markdown => crate::report::readings::markdown(&report),
        ReadingsFormat::Json => serde_json::to_string_pretty(&report).unwrap_or_default(),
    };
    std::mem::forget(facts);
    super::out::print_line(&out, EXIT_OK)
}
