//! The US Consolidated Screening List (CSL), as the International Trade
//! Administration publishes it: `consolidated.csv` (a header row naming
//! `source`, `entity_number`, `name`, `addresses`, `start_date`,
//! `license_policy`, …) or `consolidated.json` (`{"results": [{…}]}` with the
//! same names). Each entry becomes a [`ListEntry`]; entries of the Entity
//! List, the Military End-User List and the SDN list are on a list the
//! bundled law declares (`us-entity-list`, `us-meu-list`, `us-sdn-list`), the
//! others are counted, never dropped silently.

use csv::{ReaderBuilder, StringRecord};
use jiff::civil::Date;
use miette::{LabeledSpan, Severity, SourceSpan};

use super::errors::{FactsError, Src};
use super::scalars;
use super::source::FactsSource;
use super::translate::{cell_span, Translated};
use crate::geo::{self, Country};

/// One entry of a screening list, as read.
#[derive(Clone, Debug)]
pub struct ListEntry {
    /// The list the bundled law declares for the entry's source
    /// (`us-entity-list`), or `None` when it declares none.
    pub list: Option<String>,
    /// The entry's `source` as written (`Entity List (EL) - Bureau of Industry and Security`).
    pub source: String,
    /// Identifiers of the entry: its `_id`/`id`, its `entity_number`, and the
    /// numbers of its `ids`. A party links to it by any of them.
    pub ids: Vec<String>,
    /// The entry's name.
    pub name: String,
    /// Its other names.
    pub alt_names: Vec<String>,
    /// The country of its first address, if one is given.
    pub country: Option<Country>,
    /// `start_date`: the first day on the list.
    pub from: Option<Date>,
    /// `end_date`: the first day no longer on it.
    pub until: Option<Date>,
    /// The licence review policy read as an outcome (`presumption-of-denial`,
    /// `case-by-case`), when the text is one edict reads.
    pub review: Option<String>,
    /// The licence review policy as written, when it is not read as an outcome.
    pub license_policy: Option<String>,
    /// Where the entry is, for diagnostics: the file, and the span.
    pub(crate) at: (Src, SourceSpan),
    /// Where its licence review policy is written.
    pub(crate) policy_at: SourceSpan,
}

/// The list the bundled law declares for a CSL `source`, by the list's
/// abbreviation (`EL`, `MEU`, `SDN`), written alone or in parentheses.
pub fn list_of_source(source: &str) -> Option<&'static str> {
    let s = source.trim();
    let short = match (s.find('('), s.find(')')) {
        (Some(open), Some(close)) if open < close => s.get(open + 1..close).unwrap_or(s),
        _ => s,
    };
    match short.trim() {
        "EL" => Some("us-entity-list"),
        "MEU" => Some("us-meu-list"),
        "SDN" => Some("us-sdn-list"),
        _ => None,
    }
}

/// Reads a licence review policy stated whole: "Presumption of denial." is
/// `presumption-of-denial`, "Case-by-case review." `case-by-case`; `None`
/// for any other text, such as a policy that depends on the item ("Case-by-case
/// review for …; presumption of denial for all other items"), which a
/// person must read.
pub fn review_of(policy: &str) -> Option<&'static str> {
    let p = policy.trim().trim_end_matches('.').trim().to_ascii_lowercase();
    match p.as_str() {
        "presumption of denial" => Some("presumption-of-denial"),
        "case-by-case review" | "case-by-case" | "case by case review" => Some("case-by-case"),
        _ => None,
    }
}

/// The columns an entry is read from, by name (the CSV header or the JSON
/// keys).
trait Fields {
    /// The text of field `name` ("" when absent); lists joined with `; `.
    fn text(&self, name: &str) -> String;
    /// The texts of a list field (`alt_names`, `ids`'s numbers).
    fn list(&self, name: &str) -> Vec<String>;
    /// The span of field `name`, for a diagnostic.
    fn span(&self, name: &str) -> SourceSpan;
    /// How a message names field `name` of this entry.
    fn place(&self, name: &str) -> String;
    /// The country of the first address.
    fn country(&self) -> Option<Country>;
}

/// Reads one entry; a date that is not `YYYY-MM-DD` is reported.
fn entry(f: &dyn Fields, src: &Src, row: SourceSpan, errors: &mut Vec<FactsError>) -> ListEntry {
    let source = f.text("source");
    let list = list_of_source(&source).map(str::to_string);
    let mut ids: Vec<String> = ["_id", "id", "entity_number"]
        .iter()
        .map(|n| f.text(n))
        .filter(|t| !t.is_empty())
        .collect();
    ids.extend(f.list("ids"));
    let mut date = |name: &str| -> Option<Date> {
        let text = f.text(name);
        if text.is_empty() {
            return None;
        }
        match scalars::date(&text) {
            Ok(d) => Some(d),
            Err(problem) => {
                // Only an entry that becomes a listing needs its dates.
                if list.is_some() {
                    let message = format!("{} is not a valid date: `{text}`", f.place(name));
                    let label = LabeledSpan::new_primary_with_span(Some(problem.reason.to_string()), f.span(name));
                    errors.push(Translated::table_error(
                        "edict::facts::invalid-date",
                        message,
                        problem.help,
                        src.clone(),
                        label,
                    ));
                }
                None
            }
        }
    };
    let (from, until) = (date("start_date"), date("end_date"));
    let policy = f.text("license_policy");
    let review = review_of(&policy).map(str::to_string);
    let license_policy = (review.is_none() && !policy.trim().is_empty()).then(|| policy.trim().to_string());
    ListEntry {
        list,
        source,
        ids,
        name: f.text("name"),
        alt_names: f.list("alt_names"),
        country: f.country(),
        from,
        until,
        review,
        license_policy,
        at: (src.clone(), row),
        policy_at: f.span("license_policy"),
    }
}

/// Reads a screening list file: CSV when `name` ends in `.csv`, else the
/// JSON layout. Problems go to `errors`.
pub fn read_list(name: &str, text: String, errors: &mut Vec<FactsError>) -> Vec<ListEntry> {
    let src = FactsSource::new(name, text);
    if name.to_ascii_lowercase().ends_with(".csv") {
        read_csv(&src.named_source(), errors)
    } else {
        read_json(&src, errors)
    }
}

fn file_error(src: &Src, code: &str, message: String, help: Option<String>, at: usize) -> FactsError {
    let label = LabeledSpan::new_primary_with_span(Some("here".to_string()), SourceSpan::new(at.into(), 0));
    Translated::table_error(code, message, help, src.clone(), label)
}

struct CsvRow<'r> {
    header: &'r [String],
    record: &'r StringRecord,
    text: &'r str,
    start: usize,
    line: u64,
    file: &'r str,
}

impl CsvRow<'_> {
    fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

impl Fields for CsvRow<'_> {
    fn text(&self, name: &str) -> String {
        self.column(name)
            .and_then(|i| self.record.get(i))
            .unwrap_or("")
            .trim()
            .to_string()
    }

    fn list(&self, name: &str) -> Vec<String> {
        let text = self.text(name);
        text.split(';')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| {
                // `ids` cells read `type, number, country…`: the number.
                if name == "ids" {
                    t.split(',').nth(1).unwrap_or(t).trim().to_string()
                } else {
                    t.to_string()
                }
            })
            .collect()
    }

    fn span(&self, name: &str) -> SourceSpan {
        let (s, e) = cell_span(self.text, self.start, self.column(name).unwrap_or(0));
        SourceSpan::new(s.into(), e - s)
    }

    fn place(&self, name: &str) -> String {
        format!("{} row {}, column `{name}`", self.file, self.line)
    }

    fn country(&self) -> Option<Country> {
        let addresses = self.text("addresses");
        let first = addresses.split(';').next().unwrap_or("");
        geo::country(first.rsplit(',').next().unwrap_or("").trim())
    }
}

fn read_csv(src: &Src, errors: &mut Vec<FactsError>) -> Vec<ListEntry> {
    let text = src.text();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes().get(bom..).unwrap_or_default());
    let mut record = StringRecord::new();
    if !matches!(reader.read_record(&mut record), Ok(true)) {
        errors.push(file_error(
            src,
            "edict::facts::no-header",
            format!("{} has no header row", src.name()),
            None,
            0,
        ));
        return Vec::new();
    }
    let header: Vec<String> = record.iter().map(|h| h.trim().to_string()).collect();
    for required in ["source", "name"] {
        if !header.iter().any(|h| h == required) {
            let message = format!(
                "{} has no `{required}` column: it is not the Consolidated Screening List",
                src.name()
            );
            let help = Some("the CSL's header names `source`, `entity_number`, `name`, `addresses`, `start_date`, `license_policy`, …".to_string());
            errors.push(file_error(src, "edict::facts::missing-column", message, help, bom));
            return Vec::new();
        }
    }
    let mut entries = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize + bom);
                errors.push(file_error(
                    src,
                    "edict::facts::invalid-csv",
                    format!("{} is not valid CSV: {e}", src.name()),
                    None,
                    at,
                ));
                break;
            }
        }
        let start = record.position().map_or(0, |p| p.byte() as usize + bom);
        let line = record.position().map_or(0, csv::Position::line);
        if record.len() == 1 && record.get(0).is_some_and(str::is_empty) {
            continue;
        }
        let row = CsvRow {
            header: &header,
            record: &record,
            text,
            start,
            line,
            file: src.name(),
        };
        if record.len() != header.len() {
            let message = format!(
                "{} row {line} has {} cells, but the header names {} columns",
                src.name(),
                record.len(),
                header.len()
            );
            errors.push(file_error(src, "edict::facts::row-length", message, None, start));
            continue;
        }
        let end = start + text.get(start..).map_or(0, |r| r.find(['\n', '\r']).unwrap_or(r.len()));
        entries.push(entry(&row, src, SourceSpan::new(start.into(), end - start), errors));
    }
    entries
}

struct JsonEntry<'v> {
    value: &'v serde_json::Value,
    index: usize,
    source: &'v FactsSource,
}

impl Fields for JsonEntry<'_> {
    fn text(&self, name: &str) -> String {
        match self.value.get(name) {
            Some(serde_json::Value::String(s)) => s.trim().to_string(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(serde_json::Value::Array(a)) => a.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>().join("; "),
            _ => String::new(),
        }
    }

    fn list(&self, name: &str) -> Vec<String> {
        let Some(serde_json::Value::Array(a)) = self.value.get(name) else {
            return Vec::new();
        };
        a.iter()
            .filter_map(|v| match v {
                serde_json::Value::String(s) => Some(s.trim().to_string()),
                serde_json::Value::Object(o) => o.get("number").and_then(|n| n.as_str()).map(|n| n.trim().to_string()),
                _ => None,
            })
            .filter(|s| !s.is_empty())
            .collect()
    }

    fn span(&self, name: &str) -> SourceSpan {
        let path = format!("results[{}].{name}", self.index);
        self.source
            .locate(&path)
            .unwrap_or_else(|| SourceSpan::new(0.into(), 0))
    }

    fn place(&self, name: &str) -> String {
        format!(
            "{} entry {} (`results[{}].{name}`)",
            self.source.name(),
            self.index + 1,
            self.index
        )
    }

    fn country(&self) -> Option<Country> {
        let first = self.value.get("addresses")?.as_array()?.first()?;
        geo::country(first.get("country")?.as_str()?.trim())
    }
}

fn read_json(source: &FactsSource, errors: &mut Vec<FactsError>) -> Vec<ListEntry> {
    let src = source.named_source();
    let value: serde_json::Value = match serde_json::from_str(source.text()) {
        Ok(v) => v,
        Err(e) => {
            let (line, column) = (e.line(), e.column());
            let at = src
                .text()
                .lines()
                .take(line.saturating_sub(1))
                .map(|l| l.len() + 1)
                .sum::<usize>()
                + column.saturating_sub(1);
            let message = format!("invalid JSON at line {line}, column {column}: {e}");
            errors.push(file_error(
                &src,
                "edict::facts::invalid-json",
                message,
                None,
                at.min(src.len()),
            ));
            return Vec::new();
        }
    };
    let Some(results) = value.get("results").and_then(|r| r.as_array()) else {
        let message = format!(
            "{} has no `results` array: it is not the Consolidated Screening List",
            src.name()
        );
        let help = Some("the CSL's JSON is `{\"results\": [{\"source\": …, \"name\": …}, …]}`".to_string());
        errors.push(file_error(&src, "edict::facts::missing-key", message, help, 0));
        return Vec::new();
    };
    let mut entries = Vec::with_capacity(results.len());
    for (index, value) in results.iter().enumerate() {
        let e = JsonEntry { value, index, source };
        let row = source
            .locate(&format!("results[{index}]"))
            .unwrap_or_else(|| SourceSpan::new(0.into(), 0));
        let row = SourceSpan::new(row.offset().into(), row.len().min(1));
        entries.push(entry(&e, &src, row, errors));
    }
    entries
}

/// A warning about the list file `src`: at `span`, or about the whole file
/// (no label) when `span` is `None`.
pub(crate) fn warning(
    src: &Src,
    code: &str,
    message: String,
    help: Option<String>,
    span: Option<SourceSpan>,
) -> FactsError {
    let labels = span.map(|s| LabeledSpan::new_primary_with_span(None, s));
    Translated::diagnostic(code, message, help, Severity::Warning, src.clone(), labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_reviews() {
        assert_eq!(
            list_of_source("Entity List (EL) - Bureau of Industry and Security"),
            Some("us-entity-list")
        );
        assert_eq!(
            list_of_source("Military End User (MEU) List - Bureau of Industry and Security"),
            Some("us-meu-list")
        );
        assert_eq!(
            list_of_source("Specially Designated Nationals (SDN) - Treasury Department"),
            Some("us-sdn-list")
        );
        assert_eq!(list_of_source("SDN"), Some("us-sdn-list"));
        assert_eq!(
            list_of_source("Denied Persons List (DPL) - Bureau of Industry and Security"),
            None
        );
        assert_eq!(review_of("Presumption of denial."), Some("presumption-of-denial"));
        assert_eq!(review_of("Case-by-case review."), Some("case-by-case"));
        let mixed = "Case-by-case review for ECCNs 1A004; presumption of denial for all other items";
        assert_eq!(review_of(mixed), None);
        assert_eq!(review_of("See §744.2(d) of the EAR"), None);
    }
}
