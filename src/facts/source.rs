//! The text of a facts file, and finding a JSON path in it.

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use miette::SourceSpan;

use crate::source::{Shared, SourceText};

use super::json::{Kind, PResult, Parser, Span};
use super::translate::{Origin, Translation};

/// A facts file's name and text. Cheap to clone.
#[derive(Clone, Debug)]
pub struct FactsSource {
    // A `String` rather than `str`, so that a file read into a `String`
    // is kept as it is, not copied (facts files run to tens of megabytes).
    text: SourceText,
    /// The members or elements of each object or array a path has
    /// been looked up through, by where it starts: each is read once, so
    /// that finding a path costs a look-up per step, not a walk through
    /// the file (ten thousand warnings about one record were quadratic).
    containers: Arc<Mutex<FxHashMap<usize, Arc<Container>>>>,
    /// For a document written from tables (CSV), where its pieces came from.
    translation: Option<Arc<Origin>>,
    /// Whether the text is lines of a shipment stream, one shipment a line
    /// (so that `shipments[N]` is the stream's 0-based line `N`).
    shipment_lines: bool,
}

/// An object's members (key and where the value starts; the first
/// occurrence of a key only) or an array's elements, and where it ends.
#[derive(Debug)]
struct Container {
    kind: Kind,
    end: usize,
    fields: FxHashMap<String, (Span, usize)>,
    elements: Vec<usize>,
}

impl Container {
    /// Reads the value at `at` of `text`.
    fn read(text: &str, at: usize) -> PResult<Container> {
        let mut p = Parser::at(text, at);
        let kind = p.peek()?;
        let mut container = Container {
            kind,
            end: at,
            fields: FxHashMap::default(),
            elements: Vec::new(),
        };
        let mut first = true;
        match kind {
            Kind::Object => {
                p.begin_object()?;
                while let Some((field, key)) = p.next_key(&mut first)? {
                    let value = p.next_pos();
                    container.fields.entry(field.into_owned()).or_insert((key, value));
                    p.skip_value()?;
                }
                container.end = p.pos();
            }
            Kind::Array => {
                p.begin_array()?;
                while p.next_element(&mut first)? {
                    container.elements.push(p.next_pos());
                    p.skip_value()?;
                }
                container.end = p.pos();
            }
            _ => container.end = p.skip_value()?.end,
        }
        Ok(container)
    }
}

impl FactsSource {
    /// A facts file named `name` (as diagnostics show it) holding `text`.
    pub fn new(name: &str, text: impl Into<String>) -> Self {
        FactsSource {
            text: SourceText::new(name.to_string(), Shared::String(Arc::new(text.into()))),
            containers: Arc::default(),
            translation: None,
            shipment_lines: false,
        }
    }

    /// Lines of a shipment stream `name`, one shipment object a line (JSON
    /// lines), that start at the stream's 0-based line `first_line`:
    /// diagnostics name the stream's own lines, and the JSON path
    /// `shipments[N]` is the stream's 0-based line `N`.
    pub fn shipment_lines(name: &str, text: String, first_line: usize) -> Self {
        FactsSource {
            text: SourceText::stretch(name.to_string(), Shared::String(Arc::new(text)), first_line),
            containers: Arc::default(),
            translation: None,
            shipment_lines: true,
        }
    }

    /// A document written from tables, whose diagnostics `translation`
    /// moves to the tables.
    pub(crate) fn translated(name: &str, text: String, translation: Translation) -> Self {
        FactsSource {
            translation: Some(Arc::new(Origin::Tables(translation))),
            ..FactsSource::new(name, text)
        }
    }

    /// A document written from several sources, whose diagnostics `merge`
    /// moves to them.
    pub(crate) fn merged(name: &str, text: String, merge: super::merge::Merge) -> Self {
        FactsSource {
            translation: Some(Arc::new(Origin::Merged(merge))),
            ..FactsSource::new(name, text)
        }
    }

    /// Where the pieces of a document written from tables or from several
    /// sources came from.
    pub(crate) fn translation(&self) -> Option<&Origin> {
        self.translation.as_deref()
    }

    /// The name diagnostics show.
    pub fn name(&self) -> &str {
        self.text.name()
    }

    /// The text of the file.
    pub fn text(&self) -> &str {
        self.text.text()
    }

    /// The file as a miette source, for a diagnostic's `#[source_code]`;
    /// every diagnostic about the file shares its line index.
    pub fn named_source(&self) -> SourceText {
        self.text.clone()
    }

    /// The span of the value at a JSON path such as `items["motor"].value`,
    /// `items.motor.value` or `shipments[3].end_user`, if the text has it.
    /// It scans the text, so it is meant for the error path only.
    pub fn locate(&self, json_path: &str) -> Option<SourceSpan> {
        let found = self.walk(json_path)?;
        found.complete.then(|| found.value.source_span())
    }

    /// The span of the key whose value is at `json_path` (for an array
    /// element, the element's span).
    pub fn locate_key(&self, json_path: &str) -> Option<SourceSpan> {
        let found = self.walk(json_path)?;
        found.complete.then(|| found.key.unwrap_or(found.value).source_span())
    }

    /// The span a diagnostic about `json_path` should underline: the value
    /// when it is a scalar, else its key (or opening bracket); for a path that
    /// is not in the text, the nearest enclosing value that is.
    pub(crate) fn label_span(&self, json_path: &str) -> SourceSpan {
        let Some(found) = self.walk(json_path) else {
            return SourceSpan::new(0.into(), 0);
        };
        let span = match (found.complete, found.kind) {
            (true, Kind::Object | Kind::Array) | (false, _) => {
                found.key.unwrap_or(Span::new(found.value.start, found.value.start + 1))
            }
            (true, _) => found.value,
        };
        span.source_span()
    }
}

impl FactsSource {
    /// The members or elements of the value at `at`, read once.
    fn container(&self, at: usize) -> Option<Arc<Container>> {
        let mut containers = self
            .containers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(c) = containers.get(&at) {
            return Some(Arc::clone(c));
        }
        let c = Arc::new(Container::read(self.text.text(), at).ok()?);
        containers.insert(at, Arc::clone(&c));
        Some(c)
    }

    /// Walks the text along `path`. `None` if the path is malformed or the
    /// text is not JSON.
    fn walk(&self, path: &str) -> Option<Found> {
        let steps = parse_path(path)?;
        let (mut at, steps) = match (self.shipment_lines, steps.as_slice()) {
            (true, [Step::Key(shipments), Step::Index(line), rest @ ..]) if shipments == "shipments" => {
                let line = line.checked_sub(self.text.first_line())?;
                let start = self.text.line_range(line).0;
                (Parser::at(self.text.text(), start).next_pos(), rest)
            }
            _ => (Parser::new(self.text.text()).next_pos(), steps.as_slice()),
        };
        let mut key = None;
        for step in steps {
            let here = self.container(at)?;
            let next = match (step, here.kind) {
                (Step::Key(name), Kind::Object) => here.fields.get(name).map(|&(k, v)| (Some(k), v)),
                // An element has no key of its own.
                (Step::Index(i), Kind::Array) => here.elements.get(*i).map(|&v| (None, v)),
                _ => None,
            };
            match next {
                Some((k, v)) => (key, at) = (k, v),
                None => {
                    return Some(Found {
                        key,
                        value: Span::new(at, at + 1),
                        kind: here.kind,
                        complete: false,
                    })
                }
            }
        }
        let value = self.container(at)?;
        Some(Found {
            key,
            value: Span::new(at, value.end),
            kind: value.kind,
            complete: true,
        })
    }
}

/// One step of a JSON path.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Reads `a.b["c d"][3]`; `None` if the path is malformed.
fn parse_path(path: &str) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    let mut rest = path;
    let mut first = true;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let (step, tail) = bracket(after)?;
            steps.push(step);
            rest = tail;
        } else {
            let name_from = if first { rest } else { rest.strip_prefix('.')? };
            let end = name_from.find(['.', '[']).unwrap_or(name_from.len());
            let (name, tail) = name_from.split_at(end);
            steps.push(Step::Key(name.to_string()));
            rest = tail;
        }
        first = false;
    }
    Some(steps)
}

/// Reads `3]` or `"key"]` (after the `[`).
fn bracket(text: &str) -> Option<(Step, &str)> {
    if let Some(quoted) = text.strip_prefix('"') {
        let mut key = String::new();
        let mut chars = quoted.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    let tail = quoted.get(i + 1..)?.strip_prefix(']')?;
                    return Some((Step::Key(key), tail));
                }
                '\\' => key.push(unescape(chars.next()?.1)),
                c => key.push(c),
            }
        }
        return None;
    }
    let end = text.find(']')?;
    let index = text.get(..end)?.parse().ok()?;
    Some((Step::Index(index), text.get(end + 1..)?))
}

fn unescape(c: char) -> char {
    match c {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        c => c,
    }
}

/// What [`walk`] found.
struct Found {
    /// The key of the value, when it is an object member.
    key: Option<Span>,
    /// The value (when `complete`) or, for a partial match, the span of the
    /// first character of the deepest enclosing value found.
    value: Span,
    kind: Kind,
    /// Whether every step of the path was found.
    complete: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"{
  "items": {"motor": {"value": "480.00", "a.b": [1, 2]}},
  "shipments": [{"id": "S-1"}, {"id": "S-2", "end_user": "x"}]
}"#;

    fn at(span: Option<SourceSpan>) -> Option<&'static str> {
        span.and_then(|s| TEXT.get(s.offset()..s.offset() + s.len()))
    }

    #[test]
    fn paths_parse() {
        assert_eq!(
            parse_path(r#"items["a\"b"].components[2].item"#),
            Some(vec![
                Step::Key("items".into()),
                Step::Key("a\"b".into()),
                Step::Key("components".into()),
                Step::Index(2),
                Step::Key("item".into()),
            ])
        );
        assert_eq!(parse_path(""), Some(vec![]));
        assert_eq!(parse_path("a[x]"), None);
        assert_eq!(parse_path("a[\"x"), None);
    }

    #[test]
    fn locates_values_and_keys() {
        let source = FactsSource::new("facts.json", TEXT);
        assert_eq!(at(source.locate(r#"items["motor"].value"#)), Some("\"480.00\""));
        assert_eq!(at(source.locate("items.motor.value")), Some("\"480.00\""));
        assert_eq!(at(source.locate(r#"items.motor["a.b"][1]"#)), Some("2"));
        assert_eq!(at(source.locate("shipments[1].end_user")), Some("\"x\""));
        assert_eq!(at(source.locate_key("shipments[1].end_user")), Some("\"end_user\""));
        assert_eq!(at(source.locate("shipments[2]")), None);
        assert_eq!(at(source.locate("items.pump")), None);
        assert_eq!(at(source.locate("shipments.x")), None);
    }

    #[test]
    fn containers_are_read_once_and_found_again() {
        let source = FactsSource::new("facts.json", TEXT);
        for _ in 0..3 {
            assert_eq!(at(source.locate("shipments[1].end_user")), Some("\"x\""));
            assert_eq!(at(source.locate("shipments[0].id")), Some("\"S-1\""));
        }
        let read = source.containers.lock().map(|c| c.len()).unwrap_or(0);
        // The root, `shipments`, its two elements and the two values.
        assert_eq!(read, 6);
        assert_eq!(
            at(source.locate("shipments")),
            Some(r#"[{"id": "S-1"}, {"id": "S-2", "end_user": "x"}]"#)
        );
    }

    #[test]
    fn labels_fall_back_to_the_nearest_value() {
        let source = FactsSource::new("facts.json", TEXT);
        let label = |path| at(Some(source.label_span(path)));
        assert_eq!(label(r#"items["motor"].weight"#), Some("\"motor\""));
        assert_eq!(label("shipments[0].end_user"), Some("{"));
        assert_eq!(label("shipments[1].end_user"), Some("\"x\""));
        assert_eq!(label("items"), Some("\"items\""));
    }
}
