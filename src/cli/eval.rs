//! `edict eval`

use super::io::{load_policies_and_facts, print_one};
use super::progress::Progress;
use super::report::{phase, quiet, timed};
use super::{Format, EXIT_INVALID, EXIT_OK};
use crate::eval::{evaluate_with_progress, vocabulary_warnings, EvalOptions};
use crate::report::table;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Evaluates the facts; prints decisions to stdout only when all went well.
/// With a stream of shipments (`--shipments`), decides and writes them a
/// batch at a time.
pub fn run(
    paths: &[PathBuf],
    with: &[PathBuf],
    readings: &[crate::readings::Choice],
    (facts_path, shipments): (&[PathBuf], Option<&Path>),
    as_of: Option<jiff::civil::Date>,
    (format, needed): (Option<Format>, bool),
    threads: Option<u16>,
) -> u8 {
    let threads = threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    if let Some(shipments) = shipments {
        if !crate::readings::taken(readings).is_empty() {
            return super::io::usage(
                "--reading is not available with --shipments: decide the stream under the chosen readings",
            );
        }
        return super::stream::run(&super::stream::StreamRun {
            paths,
            with,
            facts: facts_path,
            shipments,
            options: EvalOptions { as_of, threads },
            format: format.unwrap_or(Format::Jsonl),
        });
    }
    let format = format.unwrap_or(Format::Text);
    let (set, facts, source) = match load_policies_and_facts(paths, with, readings, facts_path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    for w in vocabulary_warnings(&set, &facts, &source) {
        print_one(&w);
    }
    let started = std::time::Instant::now();
    let mut progress = Progress::new("shipments", facts.shipments.len());
    let options = EvalOptions { as_of, threads };
    let evaluated = evaluate_with_progress(&set, &facts, &source, &options, &mut |n| progress.tick(n));
    progress.finish();
    phase("evaluate", started.elapsed());
    let decisions = match evaluated {
        Ok(d) => d,
        Err(errors) => {
            for e in &errors {
                print_one(e);
            }
            return EXIT_INVALID;
        }
    };
    let written = timed("write", || {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
        let result = match format {
            Format::Json | Format::Jsonl if needed => out.write_all(crate::report::needed::json(&decisions).as_bytes()),
            Format::Text if needed => out.write_all(crate::report::needed::text(&decisions).as_bytes()),
            Format::Json => crate::decision::write_json(&decisions, &mut out),
            Format::Jsonl => crate::decision::write_json_lines(&decisions, &mut out),
            Format::Text if quiet() => out.write_all(table::render_rows(&decisions).as_bytes()),
            Format::Text => out.write_all(table::render(&decisions).as_bytes()),
        };
        let end = if format == Format::Jsonl && !needed {
            &b""[..]
        } else {
            b"\n"
        };
        result.and_then(|()| out.write_all(end)).and_then(|()| out.flush())
    });
    // The process ends here: freeing a large facts file and its decisions
    // piece by piece would only cost time.
    std::mem::forget(decisions);
    std::mem::forget(facts);
    super::out::status(super::out::checked(written), EXIT_OK)
}
