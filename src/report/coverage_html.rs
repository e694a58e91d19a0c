//! `edict test --coverage --format html`: one self-contained page in the
//! style of `edict render` — the scores, then per policy the provisions no
//! test fully exercised (each with its span) and the policy text itself with
//! every provision's line marked covered, partly covered or not covered, and
//! under each line what no test showed.

use super::coverage::{percent, total};
use crate::render::escape;
use crate::source::{SourceMap, Span};
use crate::testing::coverage::{score, Coverage, Item, Kind};
use std::collections::{BTreeMap, BTreeSet};

/// The marks, beside `render`'s style sheet.
const STYLE: &str = "
table.coverage { border-collapse: collapse; margin: 1rem 0; font-size: 0.95em; }
table.coverage th, table.coverage td { border: 1px solid var(--rule); padding: 0.2em 0.6em; text-align: right; }
table.coverage th:first-child, table.coverage td:first-child { text-align: left; }
table.coverage tr.all td { font-weight: bold; }
table.source { border-collapse: collapse; width: 100%; font-family: \"SFMono-Regular\", Menlo, Consolas, \"Liberation Mono\", monospace; font-size: 0.82em; }
table.source td { padding: 0 0.5em; vertical-align: top; }
table.source td.num { color: var(--muted); text-align: right; user-select: none; width: 3.5em; }
table.source td.mark { width: 1.5em; text-align: center; }
table.source td.text { white-space: pre-wrap; overflow-wrap: anywhere; }
tr.covered td.text { background: #e3f1e0; }
tr.partly td.text { background: #fbefcf; }
tr.uncovered td.text { background: #f8dcdc; }
tr.covered td.mark { color: #2e6b2a; }
tr.partly td.mark { color: #8a6100; }
tr.uncovered td.mark { color: #a12626; }
tr.missing td.text { white-space: normal; font-family: \"Helvetica Neue\", Arial, \"Noto Sans\", sans-serif; font-size: 0.95em; color: #7a1d1d; padding: 0.1em 0.5em 0.4em 1.5em; }
ul.uncovered li { margin: 0.2em 0; }
p.legend span { padding: 0 0.4em; margin-right: 0.6em; }
p.legend .covered { background: #e3f1e0; }
p.legend .partly { background: #fbefcf; }
p.legend .uncovered { background: #f8dcdc; }
@media print { tr.covered td.text, tr.partly td.text, tr.uncovered td.text { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
";

/// How much of a line's provisions the tests saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Covered,
    Partly,
    Uncovered,
}

impl Mark {
    fn of<'a>(items: impl IntoIterator<Item = &'a Item>) -> Mark {
        let (seen, of) = score(items, None);
        if seen == of {
            Mark::Covered
        } else if seen == 0 {
            Mark::Uncovered
        } else {
            Mark::Partly
        }
    }

    fn class(self) -> &'static str {
        match self {
            Mark::Covered => "covered",
            Mark::Partly => "partly",
            Mark::Uncovered => "uncovered",
        }
    }

    /// A sign as well as a colour: the page is read printed in black and white too.
    fn sign(self) -> &'static str {
        match self {
            Mark::Covered => "✓",
            Mark::Partly => "◐",
            Mark::Uncovered => "✗",
        }
    }
}

/// `file:line:column–line:column`, the span of a provision as a reader finds it.
pub fn span_text(sources: &SourceMap, span: Span) -> String {
    let name = sources.file(span.file).map_or("", |f| f.name.as_str());
    let (l1, c1) = sources.line_col(span);
    let (l2, c2) = sources.line_col(Span::new(span.file, span.end, span.end));
    format!("{name}:{l1}:{c1}–{l2}:{c2}")
}

/// What no test showed of an item, in words.
pub fn missing(item: &Item) -> String {
    let never: Vec<&str> = item
        .aspects
        .iter()
        .filter(|(_, seen)| !*seen)
        .map(|(a, _)| a.as_str())
        .collect();
    format!("{}: never {}", item.what, never.join(", never "))
}

/// Text with `code` spans (as the report's words mark names) set in
/// `<code>`, escaped.
fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let parts: Vec<&str> = text.split('`').collect();
    // An unpaired backtick stays a backtick.
    let paired = parts.len() % 2 == 1;
    for (i, part) in parts.iter().enumerate() {
        match (i % 2 == 1, paired || i + 1 < parts.len()) {
            (true, true) => out.push_str(&format!("<code>{}</code>", escape(part))),
            (true, false) => out.push_str(&format!("`{}", escape(part))),
            (false, _) => out.push_str(&escape(part)),
        }
    }
    out
}

/// The anchor of a line of a policy file.
fn anchor(span: Span, line: usize) -> String {
    format!("f{}-l{line}", span.file.0)
}

fn cell((seen, of): (usize, usize)) -> String {
    if of == 0 {
        return "–".into();
    }
    format!("{seen}/{of} {}%", percent((seen, of)))
}

fn scores_row(out: &mut String, class: &str, label: &str, items: &[&Item]) {
    out.push_str(&format!("<tr{class}><td>{label}</td>"));
    for k in Kind::ALL {
        out.push_str(&format!("<td>{}</td>", cell(score(items.iter().copied(), Some(k)))));
    }
    out.push_str(&format!("<td>{}</td></tr>\n", cell(score(items.iter().copied(), None))));
}

fn scores(coverage: &Coverage, out: &mut String) {
    out.push_str("<table class=\"coverage\">\n<thead><tr><th>policy</th>");
    for k in Kind::ALL {
        out.push_str(&format!("<th>{}</th>", k.heading()));
    }
    out.push_str("<th>total</th></tr></thead>\n<tbody>\n");
    for p in &coverage.policies {
        let items: Vec<&Item> = p.items.iter().collect();
        let label = format!("<a href=\"#{0}\">{0}</a>", escape(&p.policy));
        scores_row(out, "", &label, &items);
    }
    let all: Vec<&Item> = coverage.policies.iter().flat_map(|p| &p.items).collect();
    scores_row(out, " class=\"all\"", "all policies", &all);
    out.push_str("</tbody>\n</table>\n");
}

/// The text of one policy file, each line that starts a provision marked,
/// and under it what no test showed of the provisions there.
fn source(sources: &SourceMap, file: crate::source::FileId, by_line: &BTreeMap<usize, Vec<&Item>>, out: &mut String) {
    let Some(f) = sources.file(file) else { return };
    out.push_str(&format!("<h3>{}</h3>\n<table class=\"source\">\n", escape(&f.name)));
    for (i, text) in f.text.lines().enumerate() {
        let n = i + 1;
        let id = anchor(Span::new(file, 0, 0), n);
        let Some(items) = by_line.get(&n) else {
            out.push_str(&format!(
                "<tr id=\"{id}\"><td class=\"num\">{n}</td><td class=\"mark\"></td><td class=\"text\">{}</td></tr>\n",
                escape(text)
            ));
            continue;
        };
        let mark = Mark::of(items.iter().copied());
        let title: Vec<String> = items.iter().map(|i| i.what.clone()).collect();
        out.push_str(&format!(
            "<tr id=\"{id}\" class=\"{}\" title=\"{}\"><td class=\"num\">{n}</td><td class=\"mark\">{}</td><td class=\"text\">{}</td></tr>\n",
            mark.class(),
            escape(&title.join("; ")),
            mark.sign(),
            escape(text)
        ));
        for item in items.iter().filter(|i| !i.covered()) {
            out.push_str(&format!(
                "<tr class=\"missing\"><td class=\"num\"></td><td class=\"mark\"></td><td class=\"text\">{}</td></tr>\n",
                words(&missing(item))
            ));
        }
    }
    out.push_str("</table>\n");
}

/// The page. `passed` and `failed` are the run's counts.
pub fn page(coverage: &Coverage, passed: usize, failed: usize) -> String {
    let sources = &coverage.sources;
    // Every provision by the file and line it starts on, over all policies:
    // a file is shown once, with the marks of every policy in it.
    let mut by_file: BTreeMap<u32, BTreeMap<usize, Vec<&Item>>> = BTreeMap::new();
    for item in coverage.policies.iter().flat_map(|p| &p.items) {
        let line = sources.line_col(item.span).0;
        by_file
            .entry(item.span.file.0)
            .or_default()
            .entry(line)
            .or_default()
            .push(item);
    }
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Provision coverage</title>\n<style>\n",
    );
    out.push_str(crate::render::STYLE);
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<header class=\"page\">\n<h1>Provision coverage</h1>\n");
    out.push_str(
        "<p class=\"disclaimer\">Generated by <code>edict test --coverage</code>: which provisions of the law the \
         tests exercise. A provision counts as exercised when a test asserts an outcome that went through it: each \
         rule seen applying and not applying, each <code>and</code> operand holding and failing while the others \
         hold, each <code>or</code> alternative holding alone, each threshold at, below and above its value, each \
         date edge on its day before and its first day, each exception and escalation taking effect and each \
         <code>yields to</code> yielding.</p>\n",
    );
    out.push_str(&format!(
        "<p>{passed} passed, {failed} failed; coverage {}% ({} of {} aspects).</p>\n",
        percent(total(&coverage.policies)),
        total(&coverage.policies).0,
        total(&coverage.policies).1
    ));
    out.push_str(
        "<p class=\"legend\"><span class=\"covered\">✓ covered</span><span class=\"partly\">◐ partly covered</span>\
         <span class=\"uncovered\">✗ not covered</span></p>\n</header>\n",
    );
    scores(coverage, &mut out);
    out.push_str("<main>\n");
    let mut shown: BTreeSet<u32> = BTreeSet::new();
    for p in &coverage.policies {
        out.push_str(&format!(
            "<article class=\"policy\" id=\"{0}\">\n<h2>{0}</h2>\n",
            escape(&p.policy)
        ));
        let uncovered: Vec<&Item> = p.items.iter().filter(|i| !i.covered()).collect();
        if uncovered.is_empty() {
            out.push_str("<p>Every provision is covered.</p>\n");
        } else {
            out.push_str("<h3>Not covered</h3>\n<ul class=\"uncovered\">\n");
            for i in uncovered {
                let line = sources.line_col(i.span).0;
                out.push_str(&format!(
                    "<li><a href=\"#{}\"><code>{}</code></a> {}</li>\n",
                    anchor(i.span, line),
                    escape(&span_text(sources, i.span)),
                    words(&missing(i))
                ));
            }
            out.push_str("</ul>\n");
        }
        let files: BTreeSet<u32> = p.items.iter().map(|i| i.span.file.0).collect();
        for file in files {
            if !shown.insert(file) {
                let name = sources
                    .file(crate::source::FileId(file))
                    .map_or("", |f| f.name.as_str());
                out.push_str(&format!(
                    "<p>The text of <code>{}</code> is shown above, with this policy's provisions marked.</p>\n",
                    escape(name)
                ));
                continue;
            }
            if let Some(lines) = by_file.get(&file) {
                source(sources, crate::source::FileId(file), lines, &mut out);
            }
        }
        out.push_str("</article>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn code_spans_become_code_and_an_unpaired_backtick_stays() {
        assert_eq!(words("`and` operand <1>"), "<code>and</code> operand &lt;1&gt;");
        assert_eq!(words("a `b` c `d"), "a <code>b</code> c `d");
    }
}
