//! Shipments as a stream: JSON lines, one shipment object a line, read in
//! batches and resolved against a world (parties, items, holdings,
//! listings) that is loaded once. Only one batch is held at a time, so the
//! memory a stream takes does not grow with the number of its shipments.
//!
//! ```
//! use edict::facts::{load, FactsSource, ShipmentStream};
//!
//! let world = r#"{ "version": 1,
//!   "parties": { "acme": { "name": "Acme", "country": "DE" } },
//!   "items": { "motor": { "origin": "DE", "value": "480.00" } },
//!   "shipments": [] }"#;
//! let world = load(&FactsSource::new("world.json", world)).map_err(|e| e.len())?;
//! let lines = concat!(
//!     r#"{"id": "S-1", "date": "2025-12-15", "item": "motor", "exporter": "acme", "from": "DE", "to": "US", "end_user": "acme"}"#,
//!     "\n\n",
//!     r#"{"id": "S-2", "date": "2025-12-16", "item": "motor", "exporter": "acme", "from": "DE", "to": "FR", "end_user": "acme"}"#,
//! );
//! let mut stream = ShipmentStream::new("shipments.jsonl", lines.as_bytes(), 1);
//! let first = stream.next_batch(&world).map_err(|_| 0usize)?.map(|b| b.lines);
//! assert_eq!(first, Some(vec![1])); // the first batch: one shipment, on line 1
//! let second = stream.next_batch(&world).map_err(|_| 0usize)?.map(|b| b.lines);
//! assert_eq!(second, Some(vec![3])); // line 2 is blank
//! assert!(stream.next_batch(&world).map_err(|_| 0usize)?.is_none());
//! # Ok::<(), usize>(())
//! ```

use std::io::BufRead;

use super::decode::{decode_shipment_lines, Ref, ShipmentRefs};
use super::errors::{did_you_mean, FactsError};
use super::model::{Facts, ItemIdx, PartyIdx, Shipment};
use super::source::FactsSource;
use crate::source::InvalidUtf8;

/// Read from a stream of JSON lines in batches of at most this many lines,
/// unless [`ShipmentStream::new`] is told otherwise: enough to keep every
/// thread of an evaluation busy, few enough that a batch and its decisions
/// take a few megabytes.
pub const BATCH_LINES: usize = 16_384;

/// A batch of at most this many bytes (besides one line that is longer on
/// its own): lines of shipments with long attribute lists stay bounded too.
const BATCH_BYTES: usize = 16 << 20;

/// A stream of shipments, one JSON object a line, read batch by batch.
pub struct ShipmentStream<R> {
    name: String,
    reader: R,
    batch_lines: usize,
    /// How many lines have been read so far.
    line: usize,
    done: bool,
}

/// One batch of a stream's shipments, resolved against the world.
#[derive(Debug)]
pub struct ShipmentBatch {
    /// The batch's lines as a stretch of the stream: diagnostics about them
    /// name the stream's own line numbers.
    pub source: FactsSource,
    /// The batch's shipments, in stream order.
    pub shipments: Vec<Shipment>,
    /// The 1-based line of the stream that holds each shipment.
    pub lines: Vec<usize>,
}

/// Why a batch could not be read.
#[derive(Debug)]
pub enum StreamError {
    /// The stream could not be read.
    Io(std::io::Error),
    /// The batch is not UTF-8.
    NotUtf8(Box<InvalidUtf8>),
    /// Lines of the batch are not valid shipments: every problem found in
    /// the batch, by position.
    Rejected(Vec<FactsError>),
}

impl<R: BufRead> ShipmentStream<R> {
    /// The stream `name` (as diagnostics show it) read from `reader`, in
    /// batches of at most `batch_lines` lines (at least one).
    pub fn new(name: &str, reader: R, batch_lines: usize) -> Self {
        ShipmentStream {
            name: name.to_string(),
            reader,
            batch_lines: batch_lines.max(1),
            line: 0,
            done: false,
        }
    }

    /// The next batch that holds shipments, resolved against `world`;
    /// `None` at the end of the stream.
    pub fn next_batch(&mut self, world: &Facts) -> Result<Option<ShipmentBatch>, StreamError> {
        loop {
            let Some((bytes, first_line)) = self.read_lines()? else {
                return Ok(None);
            };
            let text = crate::source::decode(&self.name, bytes).map_err(StreamError::NotUtf8)?;
            let source = FactsSource::shipment_lines(&self.name, text, first_line);
            let batch = resolve_batch(world, source, first_line)?;
            if !batch.shipments.is_empty() {
                return Ok(Some(batch));
            }
        }
    }

    /// The bytes of the next batch of lines and the 0-based line it starts
    /// at; `None` at the end of the stream.
    fn read_lines(&mut self) -> Result<Option<(Vec<u8>, usize)>, StreamError> {
        if self.done {
            return Ok(None);
        }
        let first_line = self.line;
        let mut bytes = Vec::new();
        for _ in 0..self.batch_lines {
            let read = self.reader.read_until(b'\n', &mut bytes).map_err(StreamError::Io)?;
            if read == 0 {
                self.done = true;
                break;
            }
            self.line += 1;
            if bytes.len() >= BATCH_BYTES {
                break;
            }
        }
        Ok((!bytes.is_empty()).then_some((bytes, first_line)))
    }
}

/// Decodes the shipments of `source` (lines of a stream starting at the
/// stream's 0-based line `first_line`) and resolves their references
/// against `world`.
fn resolve_batch(world: &Facts, source: FactsSource, first_line: usize) -> Result<ShipmentBatch, StreamError> {
    let mut errors = Vec::new();
    let (decoded, syntax) = decode_shipment_lines(&source, first_line, &mut errors);
    for e in syntax {
        errors.push(super::invalid_json(&source, e));
    }
    let mut resolver = Resolver {
        world,
        source: &source,
        errors: &mut errors,
        suggestions: SUGGESTIONS,
    };
    let mut shipments = Vec::with_capacity(decoded.len());
    let mut lines = Vec::with_capacity(decoded.len());
    for (mut shipment, refs, line) in decoded {
        resolver.shipment(&mut shipment, &refs, line);
        shipments.push(shipment);
        lines.push(line + 1);
    }
    if !errors.is_empty() {
        errors.sort_by_cached_key(FactsError::offset);
        return Err(StreamError::Rejected(errors));
    }
    Ok(ShipmentBatch {
        source,
        shipments,
        lines,
    })
}

/// How many unknown references of a batch get a "did you mean" (each one
/// scans every id of the world).
const SUGGESTIONS: usize = 16;

/// Resolves a batch's references against the world.
struct Resolver<'r, 'e> {
    world: &'r Facts,
    source: &'r FactsSource,
    errors: &'e mut Vec<FactsError>,
    suggestions: usize,
}

impl Resolver<'_, '_> {
    fn shipment(&mut self, s: &mut Shipment, refs: &ShipmentRefs, line: usize) {
        let at = |field: &str| format!("shipments[{line}].{field}");
        s.item = self.item(refs.item, || at("item")).unwrap_or(ItemIdx(0));
        s.exporter = self.party(refs.exporter, || at("exporter")).unwrap_or(PartyIdx(0));
        s.end_user = self.party(refs.end_user, || at("end_user")).unwrap_or(PartyIdx(0));
    }

    fn suggest<'c>(&mut self, id: &str, ids: impl Iterator<Item = &'c str>) -> Option<String> {
        if self.suggestions == 0 {
            return None;
        }
        self.suggestions -= 1;
        did_you_mean(id, ids)
    }

    fn item(&mut self, r: Option<Ref>, path: impl FnOnce() -> String) -> Option<ItemIdx> {
        let (id, span) = r?.read(self.source.text());
        let Some(idx) = self.world.item_index(&id) else {
            let world = self.world;
            let help = self.suggest(&id, world.items.iter().map(|it| it.id.as_str()));
            self.errors.push(FactsError::UnknownItem {
                path: path(),
                id: id.into_owned(),
                help,
                src: self.source.named_source(),
                span: span.source_span(),
            });
            return None;
        };
        if self.world.item(idx).value.is_none() {
            self.errors.push(FactsError::ShippedWithoutValue {
                id: id.into_owned(),
                path: path(),
                src: self.source.named_source(),
                span: span.source_span(),
            });
        }
        Some(idx)
    }

    fn party(&mut self, r: Option<Ref>, path: impl FnOnce() -> String) -> Option<PartyIdx> {
        let (id, span) = r?.read(self.source.text());
        if let Some(idx) = self.world.party_index(&id) {
            return Some(idx);
        }
        let world = self.world;
        let help = self.suggest(&id, world.parties.iter().map(|p| p.id.as_str()));
        self.errors.push(FactsError::UnknownParty {
            path: path(),
            id: id.into_owned(),
            help,
            src: self.source.named_source(),
            span: span.source_span(),
        });
        None
    }
}
