//! The facts file: what the world is, as `docs/facts.md` defines it.
//!
//! [`load`] reads a facts file straight into typed records with a small
//! pull parser (`json.rs`), validates it and resolves ids to indices:
//!
//! ```text
//!  text ──decode──▶ records with spans ──resolve──▶ Facts
//!          │                               │
//!          └── unknown keys, types,        └── references, shipment ids,
//!              dates, countries, money,        values of shipped items,
//!              shares, duplicate keys          BOM cycles, ownership sums
//! ```
//!
//! Every error found is reported, sorted by position; only a syntax error
//! stops the reading early.
//!
//! ```
//! use edict::facts::{load, FactsSource};
//!
//! let text = r#"{
//!   "version": 1,
//!   "parties": {
//!     "acme": { "name": "Acme", "country": "DE" },
//!     "robo": { "name": "Robo", "country": "US" }
//!   },
//!   "items": { "motor": { "origin": "DE", "value": "480.00" } },
//!   "shipments": [ { "id": "S-1", "date": "2025-12-15", "item": "motor",
//!     "exporter": "acme", "from": "DE", "to": "US", "end_user": "robo" } ]
//! }"#;
//! let facts = load(&FactsSource::new("facts.json", text)).map_err(|e| e.len());
//! assert_eq!(facts.map(|f| f.shipments.len()), Ok(1));
//! ```

pub mod csv;
mod decode;
mod errors;
pub mod ftm;
mod index;
mod json;
pub mod link;
pub mod matching;
mod merge;
mod model;
mod resolve;
mod scalars;
pub mod screening;
mod source;
mod stream;
mod to_json;
mod translate;
mod unknown;

pub use errors::{at_path, warning_at_path, FactsError, PathDiagnostic, Src};
pub use jiff::civil::Date;
pub use merge::{load_all, FactsInput};
pub use model::{
    AttributeValue, Attributes, Component, DateRange, Facts, Holding, Item, ItemIdx, Listing, MadeWith, Party,
    PartyIdx, Shipment,
};
pub use rust_decimal::Decimal;
pub use source::FactsSource;
pub use stream::{ShipmentBatch, ShipmentStream, StreamError, BATCH_LINES};
pub use to_json::to_json;
pub use unknown::{Bounds, InSource, Unknown, UnknownFact, UNKNOWN_WORD};

/// Loads and validates a facts file. On failure, returns every error found,
/// sorted by position in the file. Never panics.
pub fn load(source: &FactsSource) -> Result<Facts, Vec<FactsError>> {
    let mut errors = Vec::new();
    let raw = match decode::decode(source, &mut errors) {
        Ok(raw) => raw,
        Err(syntax) => return Err(vec![invalid_json(source, *syntax)]),
    };
    let facts = resolve::resolve(raw, source, &mut errors);
    if errors.is_empty() {
        return Ok(facts);
    }
    errors.sort_by_cached_key(FactsError::offset);
    if let Some(translation) = source.translation() {
        errors = errors.iter().map(|e| translation.translate(source, e)).collect();
    }
    Err(errors)
}

/// Reads a `YYYY-MM-DD` date as the facts file's dates are read; on failure,
/// the same reason and help in one line (for a command-line option).
pub fn read_date(text: &str) -> Result<Date, String> {
    scalars::date(text).map_err(|p| match p.help {
        Some(help) => format!("{}; {help}", p.reason),
        None => p.reason.to_string(),
    })
}

pub(crate) fn invalid_json(source: &FactsSource, syntax: json::SyntaxError) -> FactsError {
    let (line, column) = json::line_column(source.text(), syntax.span.start);
    FactsError::InvalidJson {
        message: syntax.message,
        line: line + source.named_source().first_line(),
        column,
        src: source.named_source(),
        span: syntax.span.source_span(),
    }
}
