//! OpenSanctions data in the FollowTheMoney (FtM) format: JSON lines, one
//! entity a line (`{"id": …, "schema": "Company", "properties": {…},
//! "datasets": […]}`).
//!
//! - `Company`, `Organization`, `LegalEntity` and `Person` are parties
//!   (country from `country`, else `jurisdiction`).
//! - `Ownership` (`owner`, `asset`, `percentage`, `startDate`, `endDate`) is
//!   a holding. One without a percentage is reported, never read as 0 or 100.
//! - `Sanction` (`entity`, `authority`, `program`, `provisions`, `startDate`,
//!   `endDate`) is a listing on the list its program, authority or dataset
//!   maps to (see [`Mapping`]).
//!
//! Only what touches the user's parties is read into the facts: the owners,
//! at any depth, of parties linked to an FtM entity (by `same_as`/`ids`), and
//! the sanctions of those. Owners the facts do not have become parties, with
//! the FtM id as their id.

use jiff::civil::Date;
use miette::{LabeledSpan, SourceSpan};
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::Value;

use super::errors::{FactsError, Src};
use super::link::party_links;
use super::model::{AttributeValue, Attributes, DateRange, Facts, Holding, Party, PartyIdx};
use super::scalars;
use super::screening::{review_of, warning, ListEntry};
use super::translate::Translated;
use crate::geo::{self, Country};

/// The shipped mapping from FtM sanctions to the lists the bundled law
/// declares: `field,contains,list`, first match wins.
pub const DEFAULT_MAPPING: &str = include_str!("ftm-lists.csv");

/// Which list an FtM `Sanction` is on: rows of `field` (`program`,
/// `authority`, `dataset`, `programId`), a text the field contains (case
/// ignored), and the list. The first row that matches wins.
#[derive(Clone, Debug)]
pub struct Mapping {
    rows: Vec<(String, String, String)>,
}

impl Default for Mapping {
    fn default() -> Self {
        let mut errors = Vec::new();
        Mapping::read("ftm-lists.csv", DEFAULT_MAPPING, &mut errors).unwrap_or(Mapping { rows: Vec::new() })
    }
}

impl Mapping {
    /// Whether `text` is a mapping file (its header is `field,contains,list`).
    pub fn is_mapping(text: &str) -> bool {
        text.trim_start_matches('\u{feff}')
            .lines()
            .next()
            .is_some_and(|h| h.trim() == "field,contains,list")
    }

    /// Reads a mapping file; rows of the wrong length are reported.
    pub fn read(name: &str, text: &str, errors: &mut Vec<FactsError>) -> Option<Mapping> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for record in reader.records() {
            let Ok(record) = record else { return None };
            let cells: Vec<&str> = record.iter().map(str::trim).collect();
            match cells.as_slice() {
                [field, contains, list] if !contains.is_empty() && !list.is_empty() => {
                    rows.push((field.to_string(), contains.to_lowercase(), list.to_string()));
                }
                _ => {
                    let line = record.position().map_or(0, csv::Position::line);
                    let src = super::source::FactsSource::new(name, text).named_source();
                    let at = record.position().map_or(0, |p| p.byte() as usize);
                    let label =
                        LabeledSpan::new_primary_with_span(Some("this row".into()), SourceSpan::new(at.into(), 0));
                    errors.push(Translated::table_error(
                        "edict::facts::row-length",
                        format!("{name} row {line} is not `field,contains,list`"),
                        None,
                        src,
                        label,
                    ));
                }
            }
        }
        Some(Mapping { rows })
    }

    /// The list a sanction with these fields is on.
    fn list(&self, fields: &[(&str, Vec<String>)]) -> Option<&str> {
        self.rows.iter().find_map(|(field, contains, list)| {
            let values = fields.iter().find(|(f, _)| f == field).map(|(_, v)| v)?;
            values
                .iter()
                .any(|v| v.to_lowercase().contains(contains.as_str()))
                .then_some(list.as_str())
        })
    }
}

/// One line of an FtM file: its entity and where it is.
struct Line {
    value: Value,
    start: usize,
    number: usize,
}

impl Line {
    fn schema(&self) -> &str {
        self.value.get("schema").and_then(Value::as_str).unwrap_or("")
    }

    fn id(&self) -> &str {
        self.value.get("id").and_then(Value::as_str).unwrap_or("")
    }

    /// The values of property `name` (strings; entity references as ids).
    fn prop(&self, name: &str) -> Vec<String> {
        let Some(Value::Array(values)) = self.value.get("properties").and_then(|p| p.get(name)) else {
            return Vec::new();
        };
        values
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_string),
                _ => None,
            })
            .filter(|s| !s.is_empty())
            .collect()
    }

    fn first(&self, name: &str) -> Option<String> {
        self.prop(name).into_iter().next()
    }

    fn datasets(&self) -> Vec<String> {
        match self.value.get("datasets") {
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_string).collect(),
            _ => Vec::new(),
        }
    }
}

/// An FtM file, read.
pub struct FtmFile {
    src: Src,
    lines: Vec<Line>,
}

/// Whether `text` looks like FtM JSON lines: its first line is an object
/// with a `schema`.
pub fn is_ftm(text: &str) -> bool {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    serde_json::from_str::<Value>(first).is_ok_and(|v| v.get("schema").is_some())
}

/// Reads FtM JSON lines; a line that is not a JSON object is reported.
pub fn read_ftm(name: &str, text: String, errors: &mut Vec<FactsError>) -> FtmFile {
    let src = super::source::FactsSource::new(name, text).named_source();
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, line) in src.text().split('\n').enumerate() {
        let here = start;
        start += line.len() + 1;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(value) if value.is_object() => lines.push(Line {
                value,
                start: here,
                number: i + 1,
            }),
            Ok(_) | Err(_) => {
                let label = LabeledSpan::new_primary_with_span(
                    Some("not an FtM entity".into()),
                    SourceSpan::new(here.into(), line.trim_end().len()),
                );
                errors.push(Translated::table_error(
                    "edict::facts::invalid-json",
                    format!("{name} line {} is not a JSON object", i + 1),
                    Some("a FollowTheMoney file holds one entity a line: {\"id\": …, \"schema\": …, \"properties\": {…}}".into()),
                    src.clone(),
                    label,
                ));
            }
        }
    }
    FtmFile { src, lines }
}

const PARTY_SCHEMATA: [&str; 4] = ["Company", "Organization", "LegalEntity", "Person"];

/// An FtM party entity (`Company`, `Organization`, `LegalEntity`,
/// `Person`), as `edict match` compares it with the facts' parties.
pub struct FtmParty {
    /// The entity's id.
    pub id: String,
    /// Its schema (`Company`).
    pub schema: String,
    /// Its `name`s, then its `alias`es.
    pub names: Vec<String>,
    /// The first `country` (else `jurisdiction`) that is an ISO code.
    pub country: Option<Country>,
}

impl FtmFile {
    /// The file's name, as diagnostics show it.
    pub fn name(&self) -> &str {
        self.src.name()
    }

    /// The ids of every entity of the file.
    pub fn ids(&self) -> impl Iterator<Item = &str> + '_ {
        self.lines.iter().map(Line::id).filter(|id| !id.is_empty())
    }

    /// The party entities of the file, in file order.
    pub fn parties(&self) -> Vec<FtmParty> {
        self.lines
            .iter()
            .filter(|l| PARTY_SCHEMATA.contains(&l.schema()) && !l.id().is_empty())
            .map(|l| FtmParty {
                id: l.id().to_string(),
                schema: l.schema().to_string(),
                names: l.prop("name").into_iter().chain(l.prop("alias")).collect(),
                country: country_of(l),
            })
            .collect()
    }

    /// The span of `text` in line `line` (the line when it is not found).
    fn span(&self, line: &Line, text: &str) -> SourceSpan {
        let body = self.src.text().get(line.start..).unwrap_or("");
        let body = body.split('\n').next().unwrap_or("");
        match body.find(&format!("\"{text}\"")) {
            Some(at) => SourceSpan::new((line.start + at).into(), text.len() + 2),
            None => SourceSpan::new(line.start.into(), body.len()),
        }
    }

    fn error(&self, line: &Line, at: &str, message: String, help: Option<String>, label: &str) -> FactsError {
        let label = LabeledSpan::new_primary_with_span(Some(label.to_string()), self.span(line, at));
        Translated::table_error("edict::facts::invalid-date", message, help, self.src.clone(), label)
    }

    /// A `YYYY-MM-DD` date of property `name`; a partial or malformed date is
    /// reported, never completed by a guess.
    fn date(&self, line: &Line, name: &str, errors: &mut Vec<FactsError>) -> Option<Date> {
        let text = line.first(name)?;
        match scalars::date(&text) {
            Ok(d) => Some(d),
            Err(p) => {
                let message = format!(
                    "{} line {}: `{name}` of {} `{}` is not a full date: `{text}`",
                    self.src.name(),
                    line.number,
                    line.schema(),
                    line.id()
                );
                errors.push(self.error(line, &text, message, p.help, p.reason));
                None
            }
        }
    }
}

/// What an FtM file adds to the facts: listing entries to link (through
/// [`super::link::apply_lists`]), warnings, and errors.
pub struct FtmRead {
    /// The sanctions of parties in play, as list entries.
    pub entries: Vec<ListEntry>,
    /// What was not read, reported.
    pub warnings: Vec<FactsError>,
    /// Dates that are not dates, in what was read.
    pub errors: Vec<FactsError>,
}

/// Adds to `facts` the holdings that reach its parties (and the owners not in
/// it, as parties); returns the sanctions of those parties as list entries.
pub fn apply_ftm(facts: &mut Facts, file: &FtmFile, mapping: &Mapping) -> FtmRead {
    let mut out = FtmRead {
        entries: Vec::new(),
        warnings: Vec::new(),
        errors: Vec::new(),
    };
    let links = party_links(facts);
    let entities: FxHashMap<&str, &Line> = file
        .lines
        .iter()
        .filter(|l| PARTY_SCHEMATA.contains(&l.schema()))
        .map(|l| (l.id(), l))
        .collect();
    let ownerships: Vec<&Line> = file.lines.iter().filter(|l| l.schema() == "Ownership").collect();
    let mut owners_of: FxHashMap<String, Vec<String>> = FxHashMap::default();
    for o in &ownerships {
        if let (Some(owner), Some(asset)) = (o.first("owner"), o.first("asset")) {
            owners_of.entry(asset).or_default().push(owner);
        }
    }
    // The FtM ids in play: those linked to a party, and their owners at any depth.
    let mut in_play: FxHashSet<String> = links
        .keys()
        .filter(|id| entities.contains_key(id.as_str()))
        .cloned()
        .collect();
    let mut work: Vec<String> = in_play.iter().cloned().collect();
    while let Some(asset) = work.pop() {
        for owner in owners_of.get(&asset).into_iter().flatten() {
            if in_play.insert(owner.clone()) {
                work.push(owner.clone());
            }
        }
    }
    let mut party_of: FxHashMap<String, Option<PartyIdx>> = FxHashMap::default();
    let mut added = false;
    // The holdings added, by index, with the span of their `Ownership`.
    let mut added_at: Vec<(usize, SourceSpan)> = Vec::new();
    for o in &ownerships {
        let (Some(owner), Some(asset)) = (o.first("owner"), o.first("asset")) else {
            continue;
        };
        if !in_play.contains(&asset) {
            continue;
        }
        let Some(percentage) = o.first("percentage") else {
            let message = format!(
                "{} line {}: Ownership `{}` of `{asset}` by `{owner}` has no percentage; it is not read",
                file.src.name(),
                o.number,
                o.id()
            );
            let help = Some("a holding needs its share: edict does not read a missing percentage as 0 or 100".into());
            out.warnings.push(warning(
                &file.src,
                "edict::facts::missing-percentage",
                message,
                help,
                Some(file.span(o, o.id())),
            ));
            continue;
        };
        let share = match scalars::share(&format!("{}%", percentage.trim_end_matches('%'))) {
            Ok(s) => s,
            Err(p) => {
                let label = LabeledSpan::new_primary_with_span(Some(p.reason.to_string()), file.span(o, &percentage));
                out.errors.push(Translated::table_error(
                    "edict::facts::invalid-share",
                    format!(
                        "{} line {}: `percentage` of Ownership `{}` is not a valid share: `{percentage}`",
                        file.src.name(),
                        o.number,
                        o.id()
                    ),
                    p.help,
                    file.src.clone(),
                    label,
                ));
                continue;
            }
        };
        let from = file.date(o, "startDate", &mut out.errors);
        let until = file.date(o, "endDate", &mut out.errors);
        let owner_idx = party(
            facts,
            &links,
            &entities,
            &mut party_of,
            &owner,
            file,
            &mut out.warnings,
            &mut added,
        );
        let asset_idx = party(
            facts,
            &links,
            &entities,
            &mut party_of,
            &asset,
            file,
            &mut out.warnings,
            &mut added,
        );
        let (Some(owner), Some(owned)) = (owner_idx, asset_idx) else {
            continue;
        };
        // The same holding written in the facts is not added twice.
        let window = DateRange { from, until };
        let known = facts
            .holdings
            .iter()
            .any(|h| h.owner == owner && h.owned == owned && h.window == window && h.share == share);
        if !known && owner != owned {
            added_at.push((facts.holdings.len(), file.span(o, o.id())));
            facts.holdings.push(Holding {
                owner,
                owned,
                share,
                window,
            });
        }
    }
    over_owned(facts, file, &added_at, &mut out.errors);
    let mut unread = 0usize;
    for s in file.lines.iter().filter(|l| l.schema() == "Sanction") {
        let Some(entity) = s.first("entity") else { continue };
        if !in_play.contains(&entity) {
            continue;
        }
        let fields = [
            ("program", s.prop("program")),
            ("programId", s.prop("programId")),
            ("authority", s.prop("authority")),
            ("dataset", s.datasets()),
        ];
        let Some(list) = mapping.list(&fields) else {
            unread += 1;
            continue;
        };
        let policy = s.first("provisions").unwrap_or_default();
        let review = review_of(&policy).map(str::to_string);
        let name = entities
            .get(entity.as_str())
            .and_then(|e| e.first("name"))
            .unwrap_or_else(|| entity.clone());
        out.entries.push(ListEntry {
            list: Some(list.to_string()),
            source: s.first("authority").unwrap_or_default(),
            ids: vec![entity.clone()],
            name,
            alt_names: Vec::new(),
            country: None,
            from: file.date(s, "startDate", &mut out.errors),
            until: file.date(s, "endDate", &mut out.errors),
            license_policy: (review.is_none() && !policy.is_empty()).then_some(policy.clone()),
            review,
            at: (file.src.clone(), file.span(s, s.id())),
            policy_at: file.span(s, &policy),
        });
    }
    if unread > 0 {
        let message = format!(
            "{}: {unread} sanctions of parties in the facts are on lists no mapping row names; they are not read",
            file.src.name()
        );
        let help = Some("add a `field,contains,list` row for them to a mapping file given with --lists".into());
        out.warnings
            .push(warning(&file.src, "edict::facts::unread-entries", message, help, None));
    }
    if added {
        let countries = facts.parties.iter().map(|p| p.country).collect();
        facts.party_countries = countries;
    }
    facts.owners_of = index_owned(facts);
    out
}

/// The party for FtM id `id`: a linked party of the facts, or one added from
/// the FtM entity (`None`, reported, when the entity has no country).
#[allow(clippy::too_many_arguments)]
fn party(
    facts: &mut Facts,
    links: &FxHashMap<String, Vec<PartyIdx>>,
    entities: &FxHashMap<&str, &Line>,
    party_of: &mut FxHashMap<String, Option<PartyIdx>>,
    id: &str,
    file: &FtmFile,
    warnings: &mut Vec<FactsError>,
    added: &mut bool,
) -> Option<PartyIdx> {
    if let Some(known) = party_of.get(id) {
        return *known;
    }
    let found = match links.get(id).and_then(|p| p.first()) {
        Some(p) => Some(*p),
        None => add_party(facts, entities.get(id).copied(), id, file, warnings),
    };
    *added |= found.is_some() && links.get(id).is_none();
    party_of.insert(id.to_string(), found);
    found
}

fn add_party(
    facts: &mut Facts,
    entity: Option<&Line>,
    id: &str,
    file: &FtmFile,
    warnings: &mut Vec<FactsError>,
) -> Option<PartyIdx> {
    let country: Option<Country> = entity.and_then(country_of);
    let (Some(entity), Some(country)) = (entity, country) else {
        let message = format!(
            "{}: `{id}` owns a party of the facts but {}; its holdings are not read",
            file.src.name(),
            if entity.is_some() {
                "has no country"
            } else {
                "is not an entity of the file"
            }
        );
        warnings.push(warning(&file.src, "edict::facts::unread-entries", message, None, None));
        return None;
    };
    if facts.party_index(id).is_some() {
        let message = format!(
            "{}: `{id}` is also the id of a party of the facts; link it with `same_as` instead",
            file.src.name()
        );
        warnings.push(warning(
            &file.src,
            "edict::facts::unread-entries",
            message,
            None,
            Some(file.span(entity, id)),
        ));
        return None;
    }
    let at = u32::try_from(facts.parties.len()).ok()?;
    let mut attributes = Attributes::new();
    attributes.insert("same_as".into(), AttributeValue::Text(id.to_string()));
    facts.parties.push(Party {
        id: id.to_string(),
        name: entity.first("name").unwrap_or_else(|| id.to_string()),
        country,
        kinds: Vec::new(),
        attributes,
    });
    let _ = facts.party_ids.insert(id, at);
    Some(PartyIdx(at))
}

/// Reports each party whose owners, with the holdings this file added, hold
/// more than 100% on some day (`over-owned`, as the facts loader reports
/// it), at the first such day, with the file's `Ownership` lines that count
/// then. The facts with such holdings are not to be used.
fn over_owned(facts: &Facts, file: &FtmFile, added_at: &[(usize, SourceSpan)], errors: &mut Vec<FactsError>) {
    use super::resolve::{first_day_over_100, percent, Over};
    let mut owned: Vec<PartyIdx> = added_at
        .iter()
        .filter_map(|(h, _)| facts.holdings.get(*h).map(|h| h.owned))
        .collect();
    owned.sort_unstable();
    owned.dedup();
    for party in owned {
        let all: Vec<&Holding> = facts.holdings.iter().filter(|h| h.owned == party).collect();
        let Some((over, sum)) = first_day_over_100(&all) else {
            continue;
        };
        let counts = |h: &Holding| match over {
            Over::On(d) => h.window.contains(d),
            Over::Before(_) => h.window.from.is_none(),
        };
        let labels: Vec<LabeledSpan> = added_at
            .iter()
            .filter_map(|(i, span)| facts.holdings.get(*i).map(|h| (h, span)))
            .filter(|(h, _)| h.owned == party && counts(h))
            .take(10)
            .map(|(h, span)| {
                let text = format!("{} held by `{}`", percent(h.share), facts.party(h.owner).id);
                LabeledSpan::new_with_span(Some(text), *span)
            })
            .collect();
        let stated = all.iter().filter(|h| counts(h)).count() - labels.len();
        let when = match over {
            Over::On(d) => format!("on {d}"),
            Over::Before(Some(d)) => format!("before {d}"),
            Over::Before(None) => "on every day".to_string(),
        };
        let also = if stated > 0 {
            format!(" (with {stated} holding(s) the facts state)")
        } else {
            String::new()
        };
        let mut error = Translated::table_error(
            "edict::facts::over-owned",
            format!(
                "{}: the owners of party `{}` hold {} {when}{also}",
                file.src.name(),
                facts.party(party).id,
                percent(sum)
            ),
            Some("the shares of one party may add up to at most 100% on any day; check the `percentage`, `startDate` and `endDate` of its Ownership entities".into()),
            file.src.clone(),
            LabeledSpan::new_primary_with_span(None, SourceSpan::new(0.into(), 0)),
        );
        if let FactsError::Translated(t) = &mut error {
            t.set_labels(labels);
        }
        errors.push(error);
    }
}

/// The first `country`, else `jurisdiction`, of an entity that is an ISO code.
fn country_of(e: &Line) -> Option<Country> {
    e.prop("country")
        .into_iter()
        .chain(e.prop("jurisdiction"))
        .find_map(|c| geo::country(&c.to_ascii_uppercase()))
}

fn index_owned(facts: &Facts) -> Vec<Vec<u32>> {
    let mut index = vec![Vec::new(); facts.parties.len()];
    for (i, h) in facts.holdings.iter().enumerate() {
        if let Some(slot) = index.get_mut(h.owned.0 as usize) {
            slot.push(u32::try_from(i).unwrap_or(u32::MAX));
        }
    }
    index
}

/// The share `percentage` reads as (for tests).
pub fn percentage(text: &str) -> Option<Decimal> {
    scalars::share(&format!("{}%", text.trim_end_matches('%'))).ok()
}
