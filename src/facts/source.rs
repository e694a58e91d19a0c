//! The text of a facts file, and finding a JSON path in it.

use std::sync::Arc;

use miette::SourceSpan;

use crate::source::{Shared, SourceText};

use super::json::{Kind, PResult, Parser, Span};

/// A facts file's name and text. Cheap to clone.
#[derive(Clone, Debug)]
pub struct FactsSource {
    // A `String` rather than `str`, so that a file read into a `String`
    // is kept as it is, not copied (facts files run to tens of megabytes).
    text: SourceText,
}

impl FactsSource {
    /// A facts file named `name` (as diagnostics show it) holding `text`.
    pub fn new(name: &str, text: impl Into<String>) -> Self {
        FactsSource {
            text: SourceText::new(name.to_string(), Shared::String(Arc::new(text.into()))),
        }
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
        let found = walk(self.text.text(), json_path)?;
        found.complete.then(|| found.value.source_span())
    }

    /// The span of the key whose value is at `json_path` (for an array
    /// element, the element's span).
    pub fn locate_key(&self, json_path: &str) -> Option<SourceSpan> {
        let found = walk(self.text.text(), json_path)?;
        found.complete.then(|| found.key.unwrap_or(found.value).source_span())
    }

    /// The span a diagnostic about `json_path` should underline: the value
    /// when it is a scalar, else its key (or opening bracket); for a path that
    /// is not in the text, the nearest enclosing value that is.
    pub(crate) fn label_span(&self, json_path: &str) -> SourceSpan {
        let Some(found) = walk(self.text.text(), json_path) else {
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

/// Walks `text` along `path`. `None` if the path is malformed or the text
/// is not JSON.
fn walk(text: &str, path: &str) -> Option<Found> {
    let steps = parse_path(path)?;
    walk_steps(text, &steps).ok()
}

fn walk_steps(text: &str, steps: &[Step]) -> PResult<Found> {
    let mut p = Parser::new(text);
    let mut key = None;
    for step in steps {
        let start = p.next_pos();
        let kind = p.peek()?;
        let next = match (step, kind) {
            (Step::Key(name), Kind::Object) => find_key(&mut p, name)?.map(Some),
            (Step::Index(n), Kind::Array) => find_element(&mut p, *n)?.then_some(None),
            _ => None,
        };
        match next {
            Some(next_key) => key = next_key,
            None => {
                return Ok(Found {
                    key,
                    value: Span::new(start, start + 1),
                    kind,
                    complete: false,
                })
            }
        }
    }
    let kind = p.peek()?;
    let value = p.skip_value()?;
    Ok(Found {
        key,
        value,
        kind,
        complete: true,
    })
}

/// Moves to the value of the first member `name` of the object at the
/// cursor and returns the key's span.
fn find_key(p: &mut Parser<'_>, name: &str) -> PResult<Option<Span>> {
    p.begin_object()?;
    let mut first = true;
    while let Some((key, span)) = p.next_key(&mut first)? {
        if key == name {
            return Ok(Some(span));
        }
        p.skip_value()?;
    }
    Ok(None)
}

/// Moves to element `n` of the array at the cursor.
fn find_element(p: &mut Parser<'_>, n: usize) -> PResult<bool> {
    p.begin_array()?;
    let mut first = true;
    let mut i = 0;
    while p.next_element(&mut first)? {
        if i == n {
            return Ok(true);
        }
        p.skip_value()?;
        i += 1;
    }
    Ok(false)
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
    fn labels_fall_back_to_the_nearest_value() {
        let source = FactsSource::new("facts.json", TEXT);
        let label = |path| at(Some(source.label_span(path)));
        assert_eq!(label(r#"items["motor"].weight"#), Some("\"motor\""));
        assert_eq!(label("shipments[0].end_user"), Some("{"));
        assert_eq!(label("shipments[1].end_user"), Some("\"x\""));
        assert_eq!(label("items"), Some("\"items\""));
    }
}
