//! `edict eval`

use super::held::Held;
use super::io::{load_policies_and_facts, print_one};
use super::progress::Progress;
use super::report::{phase, quiet, timed};
use super::{Format, EXIT_INVALID, EXIT_OK};
use crate::decision::{write_json_line, Decision, JsonWriter};
use crate::eval::{evaluate_with_progress, vocabulary_warnings, Deciders, EvalOptions};
use crate::facts::{Facts, FactsError, FactsSource};
use crate::policy::PolicySet;
use crate::report::table::{self, Rows};
use std::collections::BTreeMap;
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
    let options = EvalOptions { as_of, threads };
    if facts.unknowns.is_empty() && !needed {
        let status = in_parts(&set, &facts, &source, &options, format);
        // The process ends here: freeing a large facts file piece by piece
        // would only cost time.
        std::mem::forget(facts);
        return status;
    }
    let started = std::time::Instant::now();
    let mut progress = Progress::new("shipments", facts.shipments.len());
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

/// How many shipments of a facts file are decided at a time: the decisions
/// of one part are held, never every shipment's.
const PART: usize = 1 << 16;

/// Decides the shipments of a facts file without unknown facts a part at a
/// time, in file order, and writes each part's decisions before deciding
/// the next: into a [`Held`] (JSON), or as rows that keep only what the
/// table needs (text). Either every decision is written or none: what is
/// held goes to standard output once every shipment is decided without a
/// problem. After a problem, the rest are still decided, so that every
/// problem is reported, and nothing more is kept.
fn in_parts(set: &PolicySet, facts: &Facts, source: &FactsSource, options: &EvalOptions, format: Format) -> u8 {
    let started = std::time::Instant::now();
    let shipments = &facts.shipments;
    let mut progress = Progress::new("shipments", shipments.len());
    let mut deciders = Deciders::new(set, facts, source, options.threads);
    let as_of = options.as_of.map(|d| d.to_string());
    let mut held = Held::for_stdout();
    let mut output = match format {
        Format::Text => Ok(Output::Table(Rows::default())),
        Format::Json => JsonWriter::begin(&mut held, facts.version.max(1), as_of.as_deref()).map(Output::Json),
        Format::Jsonl => Ok(Output::Lines),
    };
    let mut errors = BTreeMap::new();
    let mut decided = 0;
    for part in shipments.chunks(PART) {
        let (decisions, found) = deciders.decide_part(part, options, &mut |k| progress.tick(decided + k));
        for (path, e) in found {
            errors.entry(path).or_insert(e);
        }
        decided += part.len();
        if !errors.is_empty() {
            continue;
        }
        if let Ok(output) = &mut output {
            if let Err(e) = output.part(&mut held, &decisions) {
                return cannot_hold(held, &e);
            }
        }
    }
    progress.finish();
    phase("evaluate", started.elapsed());
    if !errors.is_empty() {
        // Decisions already written into the output file are taken back.
        if let Err(e) = held.abandon() {
            super::out::stderr_line(&format!(
                "error: cannot take back the decisions written to standard output: {e}"
            ));
        }
        let mut errors: Vec<FactsError> = errors.into_values().collect();
        errors.sort_by_key(FactsError::offset);
        for e in &errors {
            print_one(e);
        }
        return EXIT_INVALID;
    }
    let output = match output {
        Ok(output) => output,
        Err(e) => return cannot_hold(held, &e),
    };
    let written = timed("write", || {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
        let result = match output {
            Output::Table(rows) => {
                let ids = |i: usize| shipments.get(i).map_or("", |s| s.id.as_str());
                rows.write(&mut out, ids, as_of.as_deref(), !quiet())
                    .and_then(|()| out.write_all(b"\n"))
            }
            Output::Json(json) => match json.end(&mut held).and_then(|()| held.write_all(b"\n")) {
                Ok(()) => held.copy_to(&mut out),
                Err(e) => {
                    let _ignored = held.abandon();
                    Err(e)
                }
            },
            Output::Lines => held.copy_to(&mut out),
        };
        result.and_then(|()| out.flush())
    });
    super::out::status(super::out::checked(written), EXIT_OK)
}

/// What the decisions become as they are made.
enum Output {
    /// The rows of the text table.
    Table(Rows),
    /// The JSON document, written into the held bytes.
    Json(JsonWriter),
    /// JSON lines, written into the held bytes.
    Lines,
}

impl Output {
    /// Takes one part's decisions.
    fn part(&mut self, held: &mut Held, decisions: &[Decision]) -> std::io::Result<()> {
        match self {
            Output::Table(rows) => {
                decisions.iter().for_each(|d| rows.push(d));
                Ok(())
            }
            Output::Json(json) => {
                for d in decisions {
                    json.decision(held, d)?;
                }
                // The part's decisions are dropped next: the texts kept of
                // them by address must go with them.
                json.forget_shared();
                Ok(())
            }
            Output::Lines => decisions.iter().try_for_each(|d| write_json_line(held, d)),
        }
    }
}

/// Says that the decisions could not be held until the end (a temporary
/// file that cannot be written: the disk is full), or could not be written
/// into the output file (which is cut back to what it held).
fn cannot_hold(held: Held, e: &std::io::Error) -> u8 {
    if held.is_direct() {
        let _ignored = held.abandon();
        super::out::stderr_line(&format!("error: cannot write to standard output: {e}"));
    } else {
        super::out::stderr_line(&format!(
            "error: cannot hold the decisions until every shipment is decided (in a temporary file in {}): {e}",
            std::env::temp_dir().display()
        ));
    }
    super::EXIT_USAGE
}
