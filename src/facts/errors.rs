//! Every way a facts file can be wrong, with its wording.
//!
//! Each variant's doc shows a minimal input that triggers it; the fixture
//! folders under `tests/cases/facts/err/` hold the same inputs.

use miette::{Diagnostic, LabeledSpan, Severity, SourceSpan};
use thiserror::Error;

use super::source::FactsSource;

/// The source a facts diagnostic points into.
pub type Src = crate::source::SourceText;

/// An error in a facts file. Messages name the JSON path of the offending
/// value (`shipments[2].end_user`); the label underlines it in the file.
#[derive(Debug, Error, Diagnostic)]
pub enum FactsError {
    /// `{"version": 1,` — the text is not JSON.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    #[diagnostic(code("edict::facts::invalid-json"))]
    InvalidJson {
        /// What the parser expected.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// The facts file.
        #[source_code]
        src: Src,
        /// Where the text stops being JSON.
        #[label("here")]
        span: SourceSpan,
    },

    /// `[]` — the top level is not an object.
    #[error("the facts file must be a JSON object, found {found}")]
    #[diagnostic(
        code("edict::facts::not-an-object"),
        help("a facts file looks like `{{\"version\": 1, \"shipments\": []}}`")
    )]
    NotAnObject {
        /// What the file holds instead.
        found: String,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The top-level value.
        #[label("expected an object")]
        span: SourceSpan,
    },

    /// `{"version": 1}` — a required key is absent.
    #[error("{place} is missing the required key `{key}`")]
    #[diagnostic(code("edict::facts::missing-key"))]
    MissingKey {
        /// The object, as a message names it ("`shipments[0]`").
        place: String,
        /// The missing key.
        key: &'static str,
        /// How to add it.
        #[help]
        help: Option<String>,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The object's key or opening brace.
        #[label("this has no `{key}`")]
        span: SourceSpan,
    },

    /// `{"version": 3, "shipments": []}` — only versions 1 and 2 exist.
    #[error("`version` must be the integer 1 or 2, found {found}")]
    #[diagnostic(
        code("edict::facts::unsupported-version"),
        help("this edict reads versions 1 and 2 of the facts format: write `\"version\": 1` (or 2 for facts that may be unknown)")
    )]
    UnsupportedVersion {
        /// What the file says.
        found: String,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The version value.
        #[label("expected 1 or 2")]
        span: SourceSpan,
    },

    /// `{"version": 1, "shipmens": []}` — a key that the format does not have.
    #[error("unknown key `{key}` in {place}")]
    #[diagnostic(code("edict::facts::unknown-key"))]
    UnknownKey {
        /// The key as written.
        key: String,
        /// The object, as a message names it.
        place: String,
        /// What the object is, for the label ("a shipment").
        what: &'static str,
        /// A likely key, or the keys allowed.
        #[help]
        help: Option<String>,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The key.
        #[label("not a key of {what}")]
        span: SourceSpan,
    },

    /// `"value": 480.0` — a value of the wrong JSON type.
    #[error("`{path}` must be {expected}, found {found}")]
    #[diagnostic(code("edict::facts::wrong-type"))]
    WrongType {
        /// The JSON path of the value.
        path: String,
        /// The expected type ("a string").
        expected: &'static str,
        /// What is there.
        found: String,
        /// How to write it.
        #[help]
        help: Option<String>,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The value.
        #[label("expected {expected}")]
        span: SourceSpan,
    },

    /// `"items": {"m": {...}, "m": {...}}` — a key given twice in one object.
    #[error("duplicate key `{key}` in {place}")]
    #[diagnostic(
        code("edict::facts::duplicate-key"),
        help("JSON readers keep only one of the two entries; remove or rename one")
    )]
    DuplicateKey {
        /// The key.
        key: String,
        /// The object, as a message names it.
        place: String,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The second occurrence.
        #[label(primary, "given again here")]
        span: SourceSpan,
        /// The first occurrence.
        #[label("first given here")]
        first: SourceSpan,
    },

    /// `"parties": {"": {...}}` — an empty id.
    #[error("empty id at `{path}`")]
    #[diagnostic(
        code("edict::facts::empty-id"),
        help("ids are non-empty strings such as \"acme-gmbh\"")
    )]
    EmptyId {
        /// The JSON path of the id.
        path: String,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The id.
        #[label("empty id")]
        span: SourceSpan,
    },

    /// Two shipments with `"id": "S-1"`.
    #[error("`{path}` repeats the shipment id `{id}` of `{first_path}`")]
    #[diagnostic(
        code("edict::facts::duplicate-shipment-id"),
        help("each shipment needs its own id, because decisions are reported by id")
    )]
    DuplicateShipmentId {
        /// The JSON path of the second id.
        path: String,
        /// The id.
        id: String,
        /// The JSON path of the first id.
        first_path: String,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The second id.
        #[label(primary, "used again here")]
        span: SourceSpan,
        /// The first id.
        #[label("first used here")]
        first: SourceSpan,
    },

    /// `"date": "2025-02-30"` — not a calendar date.
    #[error("`{path}` is not a valid date: `{text}`")]
    #[diagnostic(code("edict::facts::invalid-date"))]
    InvalidDate {
        /// The JSON path of the date.
        path: String,
        /// The date as written.
        text: String,
        /// What is wrong with it.
        reason: String,
        /// How to write it.
        #[help]
        help: Option<String>,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The date.
        #[label("{reason}")]
        span: SourceSpan,
    },

    /// `"from": "2025-01-01", "until": "2024-01-01"` — an empty date range.
    #[error("`{path}.until` must be after its `from` date {from}")]
    #[diagnostic(
        code("edict::facts::empty-date-range"),
        help("`until` is the first day on which the fact no longer holds, so it must be later than `from`")
    )]
    EmptyDateRange {
        /// The JSON path of the object with the range.
        path: String,
        /// The `from` date.
        from: String,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The `until` value.
        #[label(primary, "not after `from`")]
        span: SourceSpan,
        /// The `from` value.
        #[label("from")]
        from_span: SourceSpan,
    },

    /// `"country": "cn"` — not an ISO 3166-1 alpha-2 code.
    #[error("`{path}` is not an ISO 3166-1 alpha-2 country code: `{text}`")]
    #[diagnostic(code("edict::facts::unknown-country"))]
    UnknownCountry {
        /// The JSON path of the code.
        path: String,
        /// The code as written.
        text: String,
        /// A likely code.
        #[help]
        help: Option<String>,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The code.
        #[label("unknown country code")]
        span: SourceSpan,
    },

    /// `"value": "1,250.00"` — money that is not a plain non-negative decimal.
    #[error("`{path}` is not an amount of money: `{text}`")]
    #[diagnostic(code("edict::facts::invalid-money"))]
    InvalidMoney {
        /// The JSON path of the amount.
        path: String,
        /// The amount as written.
        text: String,
        /// What is wrong with it.
        reason: &'static str,
        /// How to write it.
        #[help]
        help: Option<String>,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The amount.
        #[label("{reason}")]
        span: SourceSpan,
    },

    /// `"share": "150%"` — a share that is not in (0, 100%].
    #[error("`{path}` is not a valid share: `{text}`")]
    #[diagnostic(code("edict::facts::invalid-share"))]
    InvalidShare {
        /// The JSON path of the share.
        path: String,
        /// The share as written.
        text: String,
        /// What is wrong with it.
        reason: &'static str,
        /// How to write it.
        #[help]
        help: Option<String>,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The share.
        #[label("{reason}")]
        span: SourceSpan,
    },

    /// `"currency": "usd"` — not three upper-case letters.
    #[error("`currency` must be an ISO 4217 code of three upper-case letters, found `{text}`")]
    #[diagnostic(code("edict::facts::invalid-currency"))]
    InvalidCurrency {
        /// The currency as written.
        text: String,
        /// How to write it.
        #[help]
        help: Option<String>,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The currency.
        #[label("not a currency code")]
        span: SourceSpan,
    },

    /// `"quantity": 2.5` or `"quantity": 0` — not a positive quantity.
    #[error("`{path}` is not a valid quantity: `{text}`")]
    #[diagnostic(code("edict::facts::invalid-quantity"))]
    InvalidQuantity {
        /// The JSON path of the quantity.
        path: String,
        /// The quantity as written.
        text: String,
        /// What is wrong with it.
        reason: &'static str,
        /// How to write it.
        #[help]
        help: Option<String>,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The quantity.
        #[label("{reason}")]
        span: SourceSpan,
    },

    /// `"node_nm": 1e40` — a number that no exact decimal can hold.
    #[error("`{path}` is out of range for an exact decimal: `{text}`")]
    #[diagnostic(
        code("edict::facts::number-out-of-range"),
        help("exact decimals hold at most 28 significant digits and 28 decimal places")
    )]
    NumberOutOfRange {
        /// The JSON path of the number.
        path: String,
        /// The number as written.
        text: String,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The number.
        #[label("out of range")]
        span: SourceSpan,
    },

    /// `"end_user": "acme-gmbh"` with no party `acme-gmbh`.
    #[error("`{path}` names party `{id}`, which is not in `parties`")]
    #[diagnostic(code("edict::facts::unknown-party"))]
    UnknownParty {
        /// The JSON path of the reference.
        path: String,
        /// The id referenced.
        id: String,
        /// A likely id.
        #[help]
        help: Option<String>,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The reference.
        #[label("no such party")]
        span: SourceSpan,
    },

    /// `"item": "motor"` with no item `motor`.
    #[error("`{path}` names item `{id}`, which is not in `items`")]
    #[diagnostic(code("edict::facts::unknown-item"))]
    UnknownItem {
        /// The JSON path of the reference.
        path: String,
        /// The id referenced.
        id: String,
        /// A likely id.
        #[help]
        help: Option<String>,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The reference.
        #[label("no such item")]
        span: SourceSpan,
    },

    /// A shipment of an item that has no `value`.
    #[error("item `{id}` is shipped by `{path}` but has no `value`")]
    #[diagnostic(
        code("edict::facts::missing-value"),
        help("add the value of one unit to the item, e.g. `\"value\": \"480.00\"`")
    )]
    MissingValue {
        /// The item id.
        id: String,
        /// The JSON path of the shipment's `item`.
        path: String,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The item's key in `items`.
        #[label(primary, "this item has no `value`")]
        span: SourceSpan,
        /// The shipment's reference.
        #[label("shipped here")]
        shipped: SourceSpan,
    },

    /// A shipment of a stream ships an item of the world that has no `value`.
    #[error("item `{id}` is shipped by `{path}` but has no `value` in the facts file")]
    #[diagnostic(
        code("edict::facts::missing-value"),
        help("add the value of one unit to the item in the facts file, e.g. `\"value\": \"480.00\"`")
    )]
    ShippedWithoutValue {
        /// The item id.
        id: String,
        /// The JSON path of the shipment's `item`.
        path: String,
        /// The stream.
        #[source_code]
        src: Src,
        /// The shipment's reference.
        #[label("this item has no `value`")]
        span: SourceSpan,
    },

    /// `"elements": ["DY"]` — not a chemical element symbol.
    #[error("`{path}` is not a chemical element symbol: `{text}`")]
    #[diagnostic(code("edict::facts::unknown-element"))]
    UnknownElement {
        /// The JSON path of the symbol.
        path: String,
        /// The symbol as written.
        text: String,
        /// A likely symbol.
        #[help]
        help: Option<String>,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The symbol.
        #[label("unknown element")]
        span: SourceSpan,
    },

    /// Item `a` has component `b`, which has component `a`.
    #[error("the bill of materials has a cycle: {cycle}")]
    #[diagnostic(
        code("edict::facts::bom-cycle"),
        help("an item cannot contain itself, directly or through its components")
    )]
    BomCycle {
        /// The cycle, as `` `a` → `b` → `a` ``.
        cycle: String,
        /// The item that closes the cycle.
        last: String,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The component reference that closes the cycle.
        #[label("`{last}` contains this item again")]
        span: SourceSpan,
    },

    /// Two holdings of `"60%"` of the same party on the same day.
    #[error("`ownership`: the owners of party `{party}` hold {total} {when}")]
    #[diagnostic(
        code("edict::facts::over-owned"),
        help("the shares of one party may add up to at most 100% on any day; check the shares and their `from`/`until` dates")
    )]
    OverOwned {
        /// The owned party.
        party: String,
        /// The sum, as a percentage.
        total: String,
        /// The first day ("on 2025-01-01", "before 2020-01-01").
        when: String,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The shares that count on that day.
        #[label(collection)]
        shares: Vec<LabeledSpan>,
    },

    /// `{"owner": "a", "owned": "a", "share": "10%"}`.
    #[error("`{path}` makes party `{party}` own a share of itself")]
    #[diagnostic(
        code("edict::facts::self-ownership"),
        help("record treasury shares by leaving them out of `ownership`")
    )]
    SelfOwnership {
        /// The JSON path of the holding.
        path: String,
        /// The party.
        party: String,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The `owned` value.
        #[label("same party as `owner`")]
        span: SourceSpan,
    },

    /// `"share": {"at least": "60%", "at most": "40%"}` (version 2) — a
    /// range whose lower end is above its upper end.
    #[error("`{path}` is an empty range: at least `{at_least}` but at most `{at_most}`")]
    #[diagnostic(
        code("edict::facts::empty-range"),
        help("`at least` is the lower end of the range and `at most` the upper end; swap them if they are the wrong way round")
    )]
    EmptyRange {
        /// The JSON path of the range.
        path: String,
        /// The lower end as written.
        at_least: String,
        /// The upper end as written.
        at_most: String,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The upper end.
        #[label("less than `at least`")]
        span: SourceSpan,
        /// The lower end.
        #[label("the lower end")]
        low: SourceSpan,
    },

    /// `"value": "unknown"` (version 2) — a value stated as unknown without bounds.
    #[error("`{path}` cannot be \"unknown\" without bounds")]
    #[diagnostic(
        code("edict::facts::unbounded-value"),
        help("give the range it lies in, such as `{{\"at least\": \"0\", \"at most\": \"12.00\"}}`: a share of a value that could be anything could be anything")
    )]
    UnboundedValue {
        /// The JSON path of the value.
        path: String,
        /// The facts file.
        #[source_code]
        src: Src,
        /// The value.
        #[label("needs an `at least` and an `at most`")]
        span: SourceSpan,
    },

    /// A diagnostic made by a later stage with [`at_path`].
    #[error(transparent)]
    #[diagnostic(transparent)]
    AtPath(Box<PathDiagnostic>),

    /// A diagnostic about facts given as tables (CSV): its file, row and
    /// column.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Translated(Box<super::translate::Translated>),
}

impl FactsError {
    /// Where the diagnostic points first (for sorting by position).
    /// That is the primary label when there is one, else the first label.
    pub fn offset(&self) -> usize {
        let labels: Vec<LabeledSpan> = self.labels().into_iter().flatten().collect();
        let primary = labels.iter().find(|l| l.primary());
        primary
            .or_else(|| labels.iter().min_by_key(|l| l.offset()))
            .map_or(0, LabeledSpan::offset)
    }
}

/// A diagnostic about a value of the facts file that a later stage (such as
/// the evaluator) found, pointing at the value by its JSON path.
#[derive(Debug, Error)]
#[error("{message}")]
pub struct PathDiagnostic {
    code: &'static str,
    message: String,
    label: String,
    help: Option<String>,
    severity: Severity,
    src: Src,
    span: SourceSpan,
}

impl Diagnostic for PathDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = LabeledSpan::new_primary_with_span(Some(self.label.clone()), self.span);
        Some(Box::new(std::iter::once(label)))
    }
}

/// An error about the value at `path` in the facts file (`items["motor"].value`,
/// `shipments[3].end_user`), for a stage after loading. `message` should
/// name the path; `label` says what the underlined text is. When the path
/// does not exist (a missing key), the label goes on the nearest enclosing
/// value that does.
pub fn at_path(
    source: &FactsSource,
    code: &'static str,
    path: &str,
    message: String,
    label: String,
    help: Option<String>,
) -> FactsError {
    path_diagnostic(source, code, path, message, label, help, Severity::Error)
}

/// Like [`at_path`], but a warning: it does not make the run fail.
pub fn warning_at_path(
    source: &FactsSource,
    code: &'static str,
    path: &str,
    message: String,
    label: String,
    help: Option<String>,
) -> FactsError {
    path_diagnostic(source, code, path, message, label, help, Severity::Warning)
}

fn path_diagnostic(
    source: &FactsSource,
    code: &'static str,
    path: &str,
    message: String,
    label: String,
    help: Option<String>,
    severity: Severity,
) -> FactsError {
    let error = FactsError::AtPath(Box::new(PathDiagnostic {
        code,
        message,
        label,
        help,
        severity,
        src: source.named_source(),
        span: source.label_span(path),
    }));
    match source.translation() {
        Some(translation) => translation.translate(source, &error),
        None => error,
    }
}

/// An error about the text at `span` of `source` (moved to the table it
/// came from, if it did).
pub(crate) fn at_span(
    source: &FactsSource,
    code: &'static str,
    span: SourceSpan,
    message: String,
    label: String,
    help: Option<String>,
) -> FactsError {
    let error = FactsError::AtPath(Box::new(PathDiagnostic {
        code,
        message,
        label,
        help,
        severity: Severity::Error,
        src: source.named_source(),
        span,
    }));
    match source.translation() {
        Some(translation) => translation.translate(source, &error),
        None => error,
    }
}

/// "did you mean `x`?" for the candidate closest to `word`, if one is close.
pub(crate) fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// Words longer than this (in characters) are only matched ignoring case:
/// an edit distance costs the product of the two lengths, and a 300 000
/// character id compared with another would take minutes.
const LONGEST_TYPO: usize = 64;

/// The candidate closest to `word` by edit distance, if it is close enough
/// to be a likely typo. Ties go to the earlier candidate.
pub(crate) fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let word_len = word.chars().count();
    let limit = (word_len / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate.eq_ignore_ascii_case(word) && candidate != word {
            return Some(candidate);
        }
        if word_len > LONGEST_TYPO {
            continue;
        }
        let bound = best.map_or(limit, |(d, _)| d.saturating_sub(1));
        if candidate.chars().count().abs_diff(word_len) > bound {
            continue;
        }
        if let Some(d) = bounded_distance(word, candidate, bound) {
            if d > 0 {
                best = Some((d, candidate));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// The Levenshtein distance between `a` and `b` if it is at most `bound`.
fn bounded_distance(a: &str, b: &str, bound: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > bound {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().filter(|&d| d <= bound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let ids = ["acme-gmbh", "acme-holdings", "us-robotics"];
        assert_eq!(closest("acme-gmb", ids), Some("acme-gmbh"));
        assert_eq!(closest("ACME-GMBH", ids), Some("acme-gmbh"));
        assert_eq!(closest("zzz", ids), None);
        assert_eq!(closest("acme-gmbh", ids), None);
        assert_eq!(closest("shipmens", ["version", "shipments"]), Some("shipments"));
        assert_eq!(bounded_distance("kitten", "sitting", 3), Some(3));
        assert_eq!(bounded_distance("kitten", "sitting", 2), None);
    }

    #[test]
    fn huge_words_are_compared_quickly() {
        // Without the cap this is 10^11 steps: a hang.
        let long = "x".repeat(300_000);
        let other = format!("{}y", "x".repeat(299_999));
        assert_eq!(closest(&long, [other.as_str()]), None);
        assert_eq!(closest(&long.to_uppercase(), [long.as_str()]), Some(long.as_str()));
    }
}
