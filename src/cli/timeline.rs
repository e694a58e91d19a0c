//! `edict timeline`

use super::io::{load_policies_and_facts, print_one, usage};
use super::{TimelineFormat, EXIT_INVALID, EXIT_OK};
use crate::analysis::timeline::{law_calendar, timeline, timeline_in_worlds};
use crate::eval::{Evaluator, Uncertain};
use crate::report::timeline::{detail, summary_header, summary_line};
use jiff::civil::Date;
use std::path::PathBuf;
use unicode_width::UnicodeWidthStr;

/// Prints the timeline of one shipment, or the change dates of all.
pub fn run(
    paths: &[PathBuf],
    with: &[PathBuf],
    readings: &[crate::readings::Choice],
    facts_path: &[PathBuf],
    shipment: Option<&str>,
    (from, to): (Option<Date>, Option<Date>),
    format: TimelineFormat,
) -> u8 {
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return usage(&format!("--to {t} is before --from {f}"));
        }
    }
    let (set, facts, source) = match load_policies_and_facts(paths, with, readings, facts_path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let indices: Vec<usize> = match shipment {
        Some(id) => match facts.shipments.iter().position(|s| s.id == id) {
            Some(i) => vec![i],
            None => {
                let ids = facts.shipments.iter().map(|s| s.id.as_str());
                let hint = crate::check::suggest(id, ids)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return usage(&format!(
                    "no shipment `{id}` in {}{hint}",
                    super::io::facts_names(facts_path)
                ));
            }
        },
        None => (0..facts.shipments.len()).collect(),
    };
    let law = law_calendar(&set);
    let mut evaluator = Evaluator::new(&set, &facts, &source);
    let mut uncertain = (!facts.unknowns.is_empty()).then(|| Uncertain::new(&set, &facts, &source));
    let mut world_errors = Vec::new();
    // Each shipment's timeline is written as soon as it is computed (none is
    // kept: a million shipments' timelines held 2.3 GB), in chunks of 64 kB.
    // A shipment is written only while no problem with the facts has been
    // found. After the first, the rest are still computed so that every
    // problem is reported, nothing more is written, and the exit status is
    // 1; if no chunk had been written yet, nothing at all is (as before),
    // else the output ends after the last shipment decided without a
    // problem (and a JSON array is left open, so it cannot be read as whole).
    let mut writer = Chunks::default();
    let summary_width = indices
        .iter()
        .filter_map(|&i| facts.shipments.get(i))
        .map(|s| s.id.width())
        .max()
        .unwrap_or(0);
    let mut written = 0usize;
    match (format, shipment) {
        (TimelineFormat::Text, None) => writer.push(&summary_header(summary_width)),
        (TimelineFormat::Json, _) => writer.push("["),
        (TimelineFormat::Text, Some(_)) => {}
    }
    let started = std::time::Instant::now();
    let mut progress = super::progress::Progress::new("shipments", indices.len());
    for (k, &i) in indices.iter().enumerate() {
        progress.tick(k + 1);
        if k % 4096 == 4095 {
            // A timeline asks about many days: keep the memo tables bounded.
            evaluator.trim();
        }
        // A shipment that unknown facts (version 2) can reach is decided in every world.
        let in_worlds = match uncertain.as_mut() {
            Some(u) => match timeline_in_worlds(u, &set, &facts, &law, i, (from, to)) {
                Ok(found) => found,
                Err(found) => {
                    world_errors.extend(found);
                    writer.stop();
                    continue;
                }
            },
            None => None,
        };
        let Some(t) = in_worlds.or_else(|| timeline(&mut evaluator, &law, i, from, to)) else {
            continue;
        };
        if evaluator.has_problems() || !world_errors.is_empty() {
            writer.stop();
            continue;
        }
        match (format, shipment) {
            (TimelineFormat::Json, _) => {
                let Ok(json) = serde_json::to_string_pretty(&t) else {
                    return usage("cannot write JSON");
                };
                writer.push(if written == 0 { "\n" } else { ",\n" });
                for (k, line) in json.lines().enumerate() {
                    if k > 0 {
                        writer.push("\n");
                    }
                    writer.push("  ");
                    writer.push(line);
                }
            }
            (TimelineFormat::Text, Some(_)) => {
                if written > 0 {
                    writer.push("\n");
                }
                writer.push(&detail(&t));
            }
            (TimelineFormat::Text, None) => {
                writer.push("\n");
                writer.push(&summary_line(&t, summary_width));
            }
        }
        written += 1;
        if let Err(code) = writer.flush_full() {
            return code;
        }
    }
    progress.finish();
    super::report::phase("evaluate and write", started.elapsed());
    let mut errors = world_errors;
    if let Err(found) = evaluator.finish() {
        errors.extend(found);
    }
    if !errors.is_empty() {
        errors.sort_by_key(crate::facts::FactsError::offset);
        if let Err(code) = writer.flush() {
            return code;
        }
        for e in &errors {
            print_one(e);
        }
        return EXIT_INVALID;
    }
    match format {
        TimelineFormat::Json if written == 0 => writer.push("]\n"),
        TimelineFormat::Json => writer.push("\n]\n"),
        TimelineFormat::Text => writer.push("\n"),
    }
    super::out::status(writer.flush(), EXIT_OK)
}

/// Output gathered into chunks of about 64 kB before each write, so that a
/// million shipments are not a million writes; [`Chunks::stop`] ends the
/// output for good.
#[derive(Default)]
struct Chunks {
    text: String,
    stopped: bool,
    /// Whether a chunk has been written.
    started: bool,
}

impl Chunks {
    /// How much is gathered before a write.
    const SIZE: usize = 1 << 16;

    fn push(&mut self, text: &str) {
        if !self.stopped {
            self.text.push_str(text);
        }
    }

    /// Writes what is gathered once it is a chunk's worth.
    fn flush_full(&mut self) -> Result<(), u8> {
        if self.text.len() >= Self::SIZE {
            self.flush()
        } else {
            Ok(())
        }
    }

    /// Writes what is gathered.
    fn flush(&mut self) -> Result<(), u8> {
        if self.text.is_empty() {
            return Ok(());
        }
        self.started = true;
        let written = super::out::stdout(&[self.text.as_bytes()]);
        self.text.clear();
        written
    }

    /// Writes nothing more: what was gathered is dropped if nothing has
    /// been written yet, else still written.
    fn stop(&mut self) {
        if !self.started {
            self.text.clear();
        }
        self.stopped = true;
    }
}
