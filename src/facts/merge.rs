//! A world of facts from several sources (facts files and folders of
//! tables), merged into one.
//!
//! Each source is a facts document (a folder of tables is written as one,
//! see `csv`). Their sections are written into one document, record by
//! record, and that document is loaded by the one loader, so that a
//! shipment of one source may name a party or an item of another and every
//! check is the loader's. A [`Merge`] remembers which source each stretch
//! of the document came from and moves the loader's diagnostics back to it
//! (and from there to the table's row and column).
//!
//! ```text
//!  a.json ─┐                       ┌─ parties, items: one object, the members of each source
//!  erp/    ├─ one document, record ┤  ownership, listings, shipments: the elements in source order
//!  b.json ─┘   by record           └─ version: the highest; currency: the one they agree on
//! ```
//!
//! A party or item id, or a shipment id, that two sources both give is an
//! error pointing at both; so are two currencies.

use std::borrow::Cow;

use miette::{Diagnostic, LabeledSpan, SourceSpan};
use rustc_hash::FxHashMap;

use super::csv::TableFile;
use super::errors::{at_span, FactsError};
use super::json::{Kind, PResult, Parser, Span};
use super::source::FactsSource;
use super::translate::{by_file, relabel, rewrite_paths, Origin, Translated};
use super::unknown::InSource;
use super::Facts;

/// One source of a world of facts.
#[derive(Debug)]
pub enum FactsInput {
    /// A facts file (JSON).
    File(FactsSource),
    /// A folder of tables (CSV), as diagnostics name it, and its files.
    Tables {
        /// The folder's name.
        folder: String,
        /// Its `*.csv` files.
        files: Vec<TableFile>,
    },
}

/// Loads the world the sources make together: one source is loaded as it
/// is; several are merged, record by record, and loaded as one. Every
/// problem found is returned (each pointing at the source, and the file,
/// row and column, it is about); nothing is loaded when there is one. The
/// source returned is the document that was loaded; later stages point
/// into the sources through it.
pub fn load_all(inputs: Vec<FactsInput>) -> (FactsSource, Result<Facts, Vec<FactsError>>) {
    let mut inputs = inputs;
    if inputs.len() == 1 {
        return match inputs.pop() {
            Some(FactsInput::File(source)) => {
                let loaded = super::load(&source);
                (source, loaded)
            }
            Some(FactsInput::Tables { folder, files }) => super::csv::load_tables(&folder, files),
            None => {
                let source = FactsSource::new("", r#"{"version": 1, "shipments": []}"#);
                let loaded = super::load(&source);
                (source, loaded)
            }
        };
    }
    let mut errors = Vec::new();
    let mut complete = true;
    let mut sources = Vec::with_capacity(inputs.len());
    for input in inputs {
        match input {
            FactsInput::File(source) => sources.push(source),
            FactsInput::Tables { folder, files } => {
                let (source, problems, whole) = super::csv::document(&folder, files);
                errors.extend(problems);
                complete &= whole;
                sources.push(source);
            }
        }
    }
    let name = sources.iter().map(FactsSource::name).collect::<Vec<_>>().join(" + ");
    if !complete {
        return (FactsSource::new(&name, ""), Err(errors));
    }
    let merged = match merge(&name, sources, &mut errors) {
        Some(merged) => merged,
        None => return (FactsSource::new(&name, ""), Err(errors)),
    };
    match (super::load(&merged), errors.is_empty()) {
        (Ok(mut facts), true) => {
            if let Some(Origin::Merged(m)) = merged.translation() {
                for u in &mut facts.unknowns {
                    u.in_source = m.in_source(&merged, &u.path);
                }
            }
            (merged, Ok(facts))
        }
        (Ok(_), false) => (merged, Err(errors)),
        (Err(more), _) => {
            errors.extend(more);
            (merged, Err(errors))
        }
    }
}

/// The sections whose members are merged by id.
const KEYED: [&str; 2] = ["parties", "items"];
/// The sections whose elements are put one after the other.
const LISTED: [&str; 3] = ["ownership", "listings", "shipments"];

/// A stretch of the merged document copied from a source.
#[derive(Clone, Copy, Debug)]
struct Part {
    /// Where it starts in the merged document.
    at: usize,
    len: usize,
    /// The source, by index.
    source: u32,
    /// Where it starts in the source.
    from: usize,
}

/// Where the pieces of a merged document came from.
#[derive(Debug)]
pub(crate) struct Merge {
    sources: Vec<FactsSource>,
    /// Sorted by where they start.
    parts: Vec<Part>,
    /// For each of [`LISTED`], each element of the merged array: its source
    /// and its index there.
    elements: [Vec<(u32, u32)>; 3],
}

/// A member of a source's top-level object.
struct Top<'t> {
    key: Cow<'t, str>,
    key_span: Span,
    value: Span,
}

/// The writing of a merged document.
struct Out {
    json: String,
    parts: Vec<Part>,
}

impl Out {
    fn copy(&mut self, source: usize, text: &str, span: Span) {
        self.parts.push(Part {
            at: self.json.len(),
            len: span.end - span.start,
            source: u32::try_from(source).unwrap_or(u32::MAX),
            from: span.start,
        });
        self.json.push_str(text.get(span.start..span.end).unwrap_or(""));
    }

    fn key(&mut self, first: &mut bool, key: &str) {
        if !*first {
            self.json.push(',');
        }
        *first = false;
        self.json.push('"');
        self.json.push_str(key);
        self.json.push_str("\":");
    }
}

/// Writes the sources as one document; `None` (and the sources' own
/// errors in `errors`) when one of them is not a JSON object.
fn merge(name: &str, sources: Vec<FactsSource>, errors: &mut Vec<FactsError>) -> Option<FactsSource> {
    let mut tops = Vec::with_capacity(sources.len());
    let mut whole = true;
    for source in &sources {
        match scan(source) {
            Ok(t) => tops.push(t),
            Err(problems) => {
                errors.extend(problems);
                whole = false;
            }
        }
    }
    if !whole {
        return None;
    }
    let total = sources.iter().map(|s| s.text().len()).sum::<usize>();
    let mut out = Out {
        json: String::with_capacity(total + 256),
        parts: Vec::new(),
    };
    let mut first = true;
    out.json.push('{');
    let find = |k: usize, key: &str| tops.get(k).and_then(|t: &Vec<Top>| t.iter().find(|t| t.key == key));
    let text = |k: usize| sources.get(k).map_or("", FactsSource::text);
    // The version: the highest of those given (version 2 extends version 1);
    // one that is neither is the loader's to report.
    let versions: Vec<(usize, &str)> = (0..sources.len())
        .filter_map(|k| find(k, "version").map(|t| (k, text(k).get(t.value.start..t.value.end).unwrap_or(""))))
        .collect();
    let version = versions
        .iter()
        .find(|(_, v)| !matches!(*v, "1" | "2"))
        .or_else(|| versions.iter().find(|(_, v)| *v == "2"))
        .or(versions.first());
    if let Some(&(k, _)) = version {
        if let Some(t) = find(k, "version") {
            out.key(&mut first, "version");
            out.copy(k, text(k), t.value);
        }
    }
    // The currency: the sources that give one must agree.
    let mut currency: Option<(usize, &Top, &str)> = None;
    for k in 0..sources.len() {
        let Some(t) = find(k, "currency") else { continue };
        let written = text(k).get(t.value.start..t.value.end).unwrap_or("");
        if written == "null" {
            continue;
        }
        match currency {
            None => currency = Some((k, t, written)),
            Some((_, _, w)) if w == written => {}
            Some((j, first_top, w)) => errors.push(twice(
                &sources,
                (j, first_top.value),
                (k, t.value),
                "edict::facts::mixed-currencies",
                format!(
                    "{} and {} give two currencies, {} and {}",
                    sources[j].name(),
                    sources[k].name(),
                    w.trim_matches('"'),
                    written.trim_matches('"')
                ),
                ("a second currency", "the first currency"),
                "one world has one currency: convert the values of one source, or give both the same currency",
            )),
        }
    }
    if let Some((k, t, _)) = currency {
        out.key(&mut first, "currency");
        out.copy(k, text(k), t.value);
    }
    let mut elements: [Vec<(u32, u32)>; 3] = Default::default();
    for section in ["parties", "ownership", "listings", "items", "shipments"] {
        let givers: Vec<usize> = (0..sources.len()).filter(|&k| find(k, section).is_some()).collect();
        if givers.is_empty() {
            continue;
        }
        out.key(&mut first, section);
        let keyed = KEYED.contains(&section);
        out.json.push(if keyed { '{' } else { '[' });
        let mut first_member = true;
        let mut seen: FxHashMap<String, (usize, Span)> = FxHashMap::default();
        let listed = LISTED.iter().position(|s| *s == section);
        for k in givers {
            let Some(t) = find(k, section) else { continue };
            let members = if keyed {
                members(text(k), t.value)
            } else {
                array(text(k), t.value, section == "shipments")
            };
            let Ok(members) = members else {
                // Not an object or an array of the kind the section is:
                // the source alone says what is wrong.
                errors.extend(super::load(&sources[k]).err().unwrap_or_default());
                return None;
            };
            for (index, (id, id_span, span)) in members.into_iter().enumerate() {
                if let Some(id) = id {
                    match seen.get(id.as_ref()) {
                        Some(&(j, first_span)) if j != k => {
                            errors.push(duplicate(&sources, section, &id, (j, first_span), (k, id_span)));
                            continue;
                        }
                        Some(_) => {}
                        None => {
                            seen.insert(id.into_owned(), (k, id_span));
                        }
                    }
                }
                if !first_member {
                    out.json.push(',');
                }
                first_member = false;
                out.copy(k, text(k), span);
                if let Some(list) = listed.and_then(|l| elements.get_mut(l)) {
                    let source = u32::try_from(k).unwrap_or(u32::MAX);
                    list.push((source, u32::try_from(index).unwrap_or(u32::MAX)));
                }
            }
        }
        out.json.push(if keyed { '}' } else { ']' });
    }
    // Any other key is the loader's to report, once.
    let mut others: Vec<&str> = Vec::new();
    for (k, t) in tops.iter().enumerate() {
        for top in t {
            let key = top.key.as_ref();
            let known = matches!(key, "version" | "currency") || KEYED.contains(&key) || LISTED.contains(&key);
            if known || others.contains(&key) {
                continue;
            }
            others.push(key);
            if !first {
                out.json.push(',');
            }
            first = false;
            out.copy(k, text(k), Span::new(top.key_span.start, top.value.end));
        }
    }
    out.json.push('}');
    drop(tops);
    let merge = Merge {
        sources,
        parts: out.parts,
        elements,
    };
    Some(FactsSource::merged(name, out.json, merge))
}

/// The members of a source's top-level object; `Err` with the source's own
/// errors when it is not one (not JSON, not an object, a key twice).
fn scan(source: &FactsSource) -> Result<Vec<Top<'_>>, Vec<FactsError>> {
    match read_top(source.text()) {
        Ok(Some(tops)) => Ok(tops),
        Ok(None) => Err(super::load(source).err().unwrap_or_default()),
        Err(syntax) => Err(vec![super::invalid_json(source, *syntax)]),
    }
}

/// The members of the top-level object of `text`; `None` when it is not
/// an object or has a key twice.
fn read_top(text: &str) -> PResult<Option<Vec<Top<'_>>>> {
    let mut p = Parser::new(text);
    if p.peek()? != Kind::Object {
        return Ok(None);
    }
    p.begin_object()?;
    let mut first = true;
    let mut tops: Vec<Top> = Vec::new();
    while let Some((key, key_span)) = p.next_key(&mut first)? {
        let value = p.skip_value()?;
        if tops.iter().any(|t| t.key == key) {
            return Ok(None);
        }
        tops.push(Top { key, key_span, value });
    }
    p.finish()?;
    Ok(Some(tops))
}

/// A record of a section: its id (when it has one to be unique among the
/// sources), where that is written, and the text to copy.
type Member<'t> = (Option<Cow<'t, str>>, Span, Span);

/// The members of an object section (`parties`, `items`), each with its key.
fn members(text: &str, value: Span) -> PResult<Vec<Member<'_>>> {
    let mut p = Parser::at(text, value.start);
    p.begin_object()?;
    let mut first = true;
    let mut out = Vec::new();
    while let Some((key, key_span)) = p.next_key(&mut first)? {
        let v = p.skip_value()?;
        out.push((Some(key), key_span, Span::new(key_span.start, v.end)));
    }
    Ok(out)
}

/// The elements of an array section, each with its `id` when `ids` (the
/// shipments) and the element has a string one.
fn array(text: &str, value: Span, ids: bool) -> PResult<Vec<Member<'_>>> {
    let mut p = Parser::at(text, value.start);
    p.begin_array()?;
    let mut first = true;
    let mut out = Vec::new();
    while p.next_element(&mut first)? {
        let span = p.skip_value()?;
        let id = if ids { shipment_id(text, span.start) } else { None };
        match id {
            Some((id, at)) => out.push((Some(id), at, span)),
            None => out.push((None, span, span)),
        }
    }
    Ok(out)
}

/// The `id` of the shipment object at `at`, if it is a string.
fn shipment_id(text: &str, at: usize) -> Option<(Cow<'_, str>, Span)> {
    let mut p = Parser::at(text, at);
    if p.peek().ok()? != Kind::Object {
        return None;
    }
    p.begin_object().ok()?;
    let mut first = true;
    while let Some((key, _)) = p.next_key(&mut first).ok()? {
        if key == "id" && p.peek().ok()? == Kind::String {
            return p.string().ok();
        }
        p.skip_value().ok()?;
    }
    None
}

/// A record id given by two sources.
fn duplicate(
    sources: &[FactsSource],
    section: &str,
    id: &str,
    first: (usize, Span),
    second: (usize, Span),
) -> FactsError {
    let (what, code) = match section {
        "parties" => ("party", "edict::facts::duplicate-key"),
        "items" => ("item", "edict::facts::duplicate-key"),
        _ => ("shipment", "edict::facts::duplicate-shipment-id"),
    };
    let name = |k: usize| sources.get(k).map_or("", FactsSource::name);
    twice(
        sources,
        first,
        second,
        code,
        format!(
            "{what} `{id}` is given by two sources, {} and {}",
            name(first.0),
            name(second.0)
        ),
        ("given again here", "first given here"),
        "each id names one record of the world: remove one, or rename it (and what refers to it) in its source",
    )
}

/// `error` said of `source` with `message` and `labels` (already moved to
/// it), then of the tables the source was written from, if any.
fn in_source(source: &FactsSource, error: &FactsError, message: String, labels: Vec<LabeledSpan>) -> FactsError {
    let moved = FactsError::Translated(Box::new(Translated::moved(
        error,
        message,
        source.named_source(),
        labels,
    )));
    match source.translation() {
        Some(origin) => origin.translate(source, &moved),
        None => moved,
    }
}

/// An error at `second` of its source, with `first` (of another source) as
/// a related place.
fn twice(
    sources: &[FactsSource],
    first: (usize, Span),
    second: (usize, Span),
    code: &'static str,
    message: String,
    labels: (&str, &str),
    help: &str,
) -> FactsError {
    let empty = FactsSource::new("", "");
    let (a, b) = (
        sources.get(first.0).unwrap_or(&empty),
        sources.get(second.0).unwrap_or(&empty),
    );
    let primary = at_span(
        b,
        code,
        second.1.source_span(),
        message.clone(),
        labels.0.to_string(),
        Some(help.to_string()),
    );
    let related = at_span(
        a,
        code,
        first.1.source_span(),
        format!("first given in {}", a.name()),
        labels.1.to_string(),
        None,
    );
    let mut primary = match primary {
        FactsError::Translated(t) => t,
        other => {
            let labels: Vec<LabeledSpan> = other.labels().into_iter().flatten().collect();
            Box::new(Translated::moved(&other, message, b.named_source(), labels))
        }
    };
    primary.relate(related);
    FactsError::Translated(primary)
}

impl Merge {
    /// The source and offset there of offset `at` of the merged document
    /// (text written between the sources' pieces counts as the end of the
    /// piece before, or the start of the first source).
    fn place(&self, at: usize) -> (usize, usize, usize) {
        let after = self.parts.partition_point(|p| p.at <= at);
        match after.checked_sub(1).and_then(|i| self.parts.get(i)) {
            Some(p) => {
                let into = (at - p.at).min(p.len);
                (p.source as usize, p.from + into, p.len - into)
            }
            None => (0, 0, 0),
        }
    }

    /// The diagnostic `error` about the merged document `json`, said of the
    /// source it is about.
    pub fn translate(&self, json: &FactsSource, error: &FactsError) -> FactsError {
        let labels: Vec<LabeledSpan> = error.labels().into_iter().flatten().collect();
        let primary = labels.iter().find(|l| l.primary()).or(labels.first());
        let home = primary.map_or(0, |l| self.place(l.offset()).0);
        let Some(source) = self.sources.get(home) else {
            return FactsError::Translated(Box::new(Translated::moved(
                error,
                error.to_string(),
                json.named_source(),
                labels,
            )));
        };
        let places = labels.iter().map(|label| {
            let (k, at, room) = self.place(label.offset());
            (k, relabel(label, SourceSpan::new(at.into(), label.len().min(room))))
        });
        let mut groups = by_file(home, places).into_iter();
        let moved = groups.next().map(|(_, labels)| labels).unwrap_or_default();
        let mut main = in_source(source, error, self.message(&error.to_string()), moved);
        // Places in other sources: each source's as a related diagnostic,
        // moved there (and to its tables' rows and columns).
        for (k, labels) in groups {
            let Some(other) = self.sources.get(k) else { continue };
            let mut related = in_source(other, error, format!("and in {}", other.name()), labels);
            if let FactsError::Translated(r) = &mut related {
                r.drop_help();
            }
            if let FactsError::Translated(m) = &mut main {
                m.relate(related);
            }
        }
        main
    }

    /// `message` with each `` `ownership[N]…` ``, `` `listings[N]…` `` and
    /// `` `shipments[N]…` `` path renumbered as its source numbers it.
    fn message(&self, message: &str) -> String {
        rewrite_paths(message, |inner| {
            self.local_path(inner).map(|local| format!("`{local}`"))
        })
    }

    /// Where the value at `path` of the merged document `json` is stated:
    /// its source and the path as that source numbers it.
    pub(crate) fn in_source(&self, json: &FactsSource, path: &str) -> Option<InSource> {
        let (k, local) = match self.listed(path) {
            Some((k, local)) => (k, local),
            None => (self.place(json.locate(path)?.offset()).0, path.to_string()),
        };
        Some(InSource {
            source: self.sources.get(k)?.name().to_string(),
            path: local,
        })
    }

    /// `path` into the merged document as a path into its source; `None`
    /// when it is not a path into one of the [`LISTED`] sections.
    fn local_path(&self, path: &str) -> Option<String> {
        self.listed(path).map(|(_, local)| local)
    }

    /// For a path into one of the [`LISTED`] sections of the merged
    /// document: the source of its element, and the path as that source
    /// numbers it.
    fn listed(&self, path: &str) -> Option<(usize, String)> {
        for (l, section) in LISTED.iter().enumerate() {
            let Some(after) = path.strip_prefix(section).and_then(|p| p.strip_prefix('[')) else {
                continue;
            };
            let end = after.find(']')?;
            let &(source, local) = after
                .get(..end)
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| self.elements.get(l).and_then(|e| e.get(n)))?;
            let rest = after.get(end + 1..).unwrap_or("");
            return Some((source as usize, format!("{section}[{local}]{rest}")));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> FactsInput {
        FactsInput::File(FactsSource::new(name, text))
    }

    #[test]
    fn sources_make_one_world() {
        let a = file(
            "a.json",
            r#"{"version": 1, "parties": {"acme": {"country": "DE"}}, "items": {"motor": {"origin": "DE", "value": "1.00"}}, "shipments": []}"#,
        );
        let b = file(
            "b.json",
            r#"{"version": 1, "parties": {"robo": {"country": "US"}}, "shipments": [{"id": "S-1", "date": "2025-12-15", "item": "motor", "exporter": "acme", "from": "DE", "to": "US", "end_user": "robo"}]}"#,
        );
        let (_, facts) = load_all(vec![a, b]);
        let facts = facts.map_err(|e| e.len());
        assert_eq!(facts.as_ref().map(|f| (f.parties.len(), f.shipments.len())), Ok((2, 1)));
    }

    #[test]
    fn an_id_in_two_sources_is_an_error_at_both() {
        let a = file(
            "a.json",
            r#"{"version": 1, "parties": {"acme": {"country": "DE"}}, "shipments": []}"#,
        );
        let b = file(
            "b.json",
            r#"{"version": 1, "parties": {"acme": {"country": "US"}}, "shipments": []}"#,
        );
        let (_, loaded) = load_all(vec![a, b]);
        let errors = loaded.err().unwrap_or_default();
        assert_eq!(errors.len(), 1);
        let e = &errors[0];
        assert_eq!(
            e.code().map(|c| c.to_string()).as_deref(),
            Some("edict::facts::duplicate-key")
        );
        assert_eq!(e.related().map(Iterator::count), Some(1));
    }

    #[test]
    fn paths_are_renumbered_in_their_source() {
        let a = file(
            "a.json",
            r#"{"version": 1, "parties": {"acme": {"country": "DE"}}, "items": {"motor": {"origin": "DE", "value": "1.00"}}, "shipments": [{"id": "S-0", "date": "2025-12-15", "item": "motor", "exporter": "acme", "from": "DE", "to": "US", "end_user": "acme"}]}"#,
        );
        let b = file(
            "b.json",
            r#"{"version": 1, "shipments": [{"id": "S-1", "date": "2025-12-15", "item": "pump", "exporter": "acme", "from": "DE", "to": "US", "end_user": "acme"}]}"#,
        );
        let (_, loaded) = load_all(vec![a, b]);
        let errors = loaded.err().unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("`shipments[0].item`"), "{}", errors[0]);
        let src = errors[0]
            .source_code()
            .and_then(|s| s.read_span(&(0, 1).into(), 0, 0).ok()?.name().map(str::to_string));
        assert_eq!(src.as_deref(), Some("b.json"));
    }
}
