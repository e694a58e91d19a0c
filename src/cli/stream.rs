//! `edict eval --shipments STREAM`: shipments read as JSON lines, decided a
//! batch at a time against the world of the facts file, each batch's
//! decisions written before the next batch is read. Memory is the world's
//! and one batch's, whatever the number of shipments.

use super::io::{facts_name, load_policies_and_facts, print_one, usage};
use super::report::phase;
use super::{Format, EXIT_INVALID, EXIT_OK};
use crate::decision::{write_json_lines, Decisions, JsonWriter};
use crate::eval::{vocabulary_warnings, Deciders, EvalOptions, StreamVocabulary};
use crate::facts::{Facts, ShipmentStream, StreamError, BATCH_LINES};
use crate::policy::PolicySet;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// What `eval` is asked to do with a stream.
pub struct StreamRun<'a> {
    /// Policy files or folders (none: the bundled library).
    pub paths: &'a [PathBuf],
    /// Drafts layered over them.
    pub with: &'a [PathBuf],
    /// The facts file: the world, and shipments decided before the stream's.
    pub facts: &'a [PathBuf],
    /// The stream of shipments (`-`: standard input).
    pub shipments: &'a Path,
    /// The evaluation options.
    pub options: EvalOptions,
    /// `json` or `jsonl`.
    pub format: Format,
}

/// Decides the facts file's shipments, then the stream's, batch by batch.
pub fn run(run: &StreamRun<'_>) -> u8 {
    if run.format == Format::Text {
        return usage(
            "`--format text` cannot be used with `--shipments`: a table needs every decision \
             before its first line, and a stream is written as it is decided; use \
             `--format jsonl` (the default with `--shipments`) or `--format json`",
        );
    }
    if run.facts.iter().any(|f| f.as_os_str() == "-") && run.shipments.as_os_str() == "-" {
        return usage("`--facts -` and `--shipments -` cannot both read standard input");
    }
    let reader: Box<dyn BufRead> = if run.shipments.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(run.shipments) {
            Ok(file) => Box::new(std::io::BufReader::with_capacity(1 << 20, file)),
            Err(e) => return usage(&format!("cannot read {}: {e}", run.shipments.display())),
        }
    };
    let (set, mut world, world_source) = match load_policies_and_facts(run.paths, run.with, &[], run.facts) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    for w in vocabulary_warnings(&set, &world, &world_source) {
        print_one(&w);
    }
    let started = std::time::Instant::now();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    // As the whole file's decisions: version 2 for a version-2 world.
    let version = world.version.max(1);
    let mut writer = match Writer::begin(&mut out, run, version) {
        Ok(w) => w,
        Err(e) => return super::out::status(super::out::checked(Err(e)), EXIT_OK),
    };
    // The facts file's own shipments come first, as if they were the
    // stream's first lines.
    let own = std::mem::take(&mut world.shipments);
    let world = world;
    let mut decide = Decide {
        set: &set,
        deciders: Deciders::new(&set, &world, &world_source, run.options.threads),
        options: &run.options,
        out: &mut out,
        writer: &mut writer,
        version,
    };
    let status = match decide.batch(&own) {
        Ok(()) => stream(&mut decide, &world, reader, &facts_name(run.shipments)),
        Err(code) => Err(code),
    };
    drop(decide);
    phase("evaluate and write", started.elapsed());
    let status = status.and_then(|()| writer_end(&mut out, writer));
    // Decisions written so far stay written: a stream is written as it is
    // decided. A consumer tells a whole answer by the exit status (and, in
    // `json`, by the document being complete).
    let flushed = out.flush();
    std::mem::forget(world);
    match status {
        Ok(()) => super::out::status(super::out::checked(flushed), EXIT_OK),
        Err(code) => code,
    }
}

/// Reads the stream batch by batch and decides each.
fn stream(decide: &mut Decide<'_, '_>, world: &Facts, reader: Box<dyn BufRead>, name: &str) -> Result<(), u8> {
    let mut shipments = ShipmentStream::new(name, reader, BATCH_LINES);
    let mut vocabulary = StreamVocabulary::default();
    loop {
        let batch = match shipments.next_batch(world) {
            Ok(Some(batch)) => batch,
            Ok(None) => return Ok(()),
            Err(StreamError::Io(e)) => return Err(usage(&format!("cannot read {name}: {e}"))),
            Err(StreamError::NotUtf8(e)) => {
                print_one(e.as_ref());
                return Err(EXIT_INVALID);
            }
            Err(StreamError::Rejected(errors)) => {
                for e in &errors {
                    print_one(e);
                }
                return Err(EXIT_INVALID);
            }
        };
        for w in vocabulary.warnings(decide.set, &batch) {
            print_one(&w);
        }
        decide.batch(&batch.shipments)?;
    }
}

/// Decides batches and writes their decisions.
struct Decide<'a, 'o> {
    set: &'a PolicySet,
    /// Kept across batches, with what they have worked out about the world.
    deciders: Deciders<'a>,
    options: &'a EvalOptions,
    out: &'o mut std::io::BufWriter<std::io::StdoutLock<'static>>,
    writer: &'o mut Writer,
    /// The version of the decisions (the world's).
    version: u32,
}

impl Decide<'_, '_> {
    /// Decides `shipments` against the world and writes the decisions. The
    /// world's own errors (a share that cannot be computed) point into the
    /// facts file: evaluation reads only the world's records by path.
    fn batch(&mut self, shipments: &[crate::facts::Shipment]) -> Result<(), u8> {
        if shipments.is_empty() {
            return Ok(());
        }
        let decisions = match self.deciders.decide_batch(shipments, self.options) {
            Ok((decisions, undetermined)) => Decisions {
                version: self.version,
                as_of: self.options.as_of.map(|d| d.to_string()),
                decisions,
                undetermined,
            },
            Err(errors) => {
                for e in &errors {
                    print_one(e);
                }
                return Err(EXIT_INVALID);
            }
        };
        let written = self.writer.batch(self.out, &decisions);
        super::out::checked(written)?;
        if super::out::closed() {
            // The reader has gone: nothing more will be read.
            return Err(EXIT_OK);
        }
        Ok(())
    }
}

/// The decisions written so far, in `json` or `jsonl`.
enum Writer {
    Json(JsonWriter),
    Lines,
}

impl Writer {
    fn begin(out: &mut impl Write, run: &StreamRun<'_>, version: u32) -> std::io::Result<Writer> {
        match run.format {
            Format::Json => {
                let as_of = run.options.as_of.map(|d| d.to_string());
                JsonWriter::begin(out, version, as_of.as_deref()).map(Writer::Json)
            }
            _ => Ok(Writer::Lines),
        }
    }

    fn batch(&mut self, out: &mut impl Write, decisions: &Decisions) -> std::io::Result<()> {
        match self {
            Writer::Json(json) => {
                let mut open = decisions.undetermined.iter().peekable();
                for (i, d) in decisions.decisions.iter().enumerate() {
                    match open.next_if(|u| u.decision == i) {
                        Some(u) => json.undetermined(out, d, u)?,
                        None => json.decision(out, d)?,
                    }
                }
                json.forget_shared();
                Ok(())
            }
            Writer::Lines => write_json_lines(decisions, out),
        }
    }
}

fn writer_end(out: &mut impl Write, writer: Writer) -> Result<(), u8> {
    let ended = match writer {
        Writer::Json(json) => json.end(out).and_then(|()| out.write_all(b"\n")),
        Writer::Lines => Ok(()),
    };
    super::out::checked(ended)
}
