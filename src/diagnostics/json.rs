//! Diagnostics as JSON for tools (`--message-format json`): one object per
//! diagnostic, as documented in the README.
//!
//! ```json
//! {"code":"edict::syntax","severity":"error","message":"unexpected `whn`; …",
//!  "file":"p.edict","span":{"start":120,"end":123},
//!  "line_start":8,"column_start":3,"line_end":8,"column_end":6,
//!  "help":null,
//!  "labels":[{"label":"not expected here","primary":false,"span":{"start":120,"end":123},
//!             "line_start":8,"column_start":3,"line_end":8,"column_end":6}],
//!  "related":[]}
//! ```
//!
//! Lines and columns are 1-based; a column counts bytes from the start of
//! its line (so that finding it never reads a long line through). `span`
//! and the positions are those of the primary label, or the first label;
//! `file`, `span` and the positions are `null` for a diagnostic with none.

use super::window::locate;
use miette::{Diagnostic, LabeledSpan, Severity, SourceCode};
use serde_json::{json, Map, Value};

/// Related diagnostics are written this deep at most.
const MAX_DEPTH: usize = 4;

/// The JSON object of `diagnostic`.
pub fn to_json(diagnostic: &dyn Diagnostic) -> Value {
    object(diagnostic, 0)
}

/// The severity's name: `error`, `warning` or `advice`.
pub fn severity_name(diagnostic: &dyn Diagnostic) -> &'static str {
    match diagnostic.severity() {
        None | Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        Some(Severity::Advice) => "advice",
    }
}

fn object(d: &dyn Diagnostic, depth: usize) -> Value {
    let source = d.source_code();
    let labels: Vec<LabeledSpan> = d.labels().map(|l| l.collect()).unwrap_or_default();
    let main = labels.iter().find(|l| l.primary()).or(labels.first());
    let mut out = Map::new();
    out.insert("code".into(), d.code().map(|c| c.to_string()).into());
    out.insert("severity".into(), severity_name(d).into());
    out.insert("message".into(), d.to_string().into());
    let file = match (source, main) {
        (Some(source), Some(label)) => locate(source, label.offset()).and_then(|(_, _, name)| name),
        _ => None,
    };
    out.insert("file".into(), file.into());
    let at = match (source, main) {
        (Some(source), Some(label)) => place(source, label),
        _ => Map::new(),
    };
    for key in ["span", "line_start", "column_start", "line_end", "column_end"] {
        out.insert(key.into(), at.get(key).cloned().unwrap_or(Value::Null));
    }
    out.insert("help".into(), d.help().map(|h| h.to_string()).into());
    let labels: Vec<Value> = labels
        .iter()
        .map(|label| {
            let mut l = match source {
                Some(source) => place(source, label),
                None => Map::new(),
            };
            l.insert("label".into(), label.label().into());
            l.insert("primary".into(), label.primary().into());
            Value::Object(l)
        })
        .collect();
    out.insert("labels".into(), labels.into());
    let related: Vec<Value> = match d.related() {
        Some(related) if depth < MAX_DEPTH => related.map(|r| object(r, depth + 1)).collect(),
        _ => Vec::new(),
    };
    out.insert("related".into(), related.into());
    Value::Object(out)
}

/// The byte span of `label` and the line and column of its ends.
fn place(source: &dyn SourceCode, label: &LabeledSpan) -> Map<String, Value> {
    let start = label.offset();
    let end = start + label.len();
    let mut out = Map::new();
    out.insert("span".into(), json!({ "start": start, "end": end }));
    if let (Some((l1, c1, _)), Some((l2, c2, _))) = (locate(source, start), locate(source, end)) {
        out.insert("line_start".into(), (l1 + 1).into());
        out.insert("column_start".into(), (c1 + 1).into());
        out.insert("line_end".into(), (l2 + 1).into());
        out.insert("column_end".into(), (c2 + 1).into());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Shared, SourceText};
    use miette::{MietteDiagnostic, Report};
    use std::sync::Arc;

    #[test]
    fn a_diagnostic_becomes_one_object_with_positions() {
        let source = SourceText::new("f.edict".into(), Shared::Str(Arc::from("one\ntwo three\n")));
        let report = Report::new(
            MietteDiagnostic::new("bad")
                .with_code("edict::x")
                .with_severity(Severity::Warning)
                .with_help("fix it")
                .with_labels([LabeledSpan::at(8..13, "this")]),
        )
        .with_source_code(source);
        let v = to_json(report.as_ref());
        assert_eq!(v["code"], "edict::x");
        assert_eq!(v["severity"], "warning");
        assert_eq!(v["message"], "bad");
        assert_eq!(v["file"], "f.edict");
        assert_eq!(v["span"], json!({"start": 8, "end": 13}));
        assert_eq!(
            (v["line_start"].clone(), v["column_start"].clone()),
            (json!(2), json!(5))
        );
        assert_eq!((v["line_end"].clone(), v["column_end"].clone()), (json!(2), json!(10)));
        assert_eq!(v["help"], "fix it");
        assert_eq!(v["labels"][0]["label"], "this");
        assert_eq!(v["related"], json!([]));
    }
}
