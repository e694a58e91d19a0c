//! Completion: what may come next where the cursor is, from the words
//! before it on the line — keywords, outcomes, declared tags and groups,
//! categories, policy ids and `policy.rule` targets, countries, elements.

use super::lex::{Class, KEYWORDS};
use super::nav::locate;
use super::symbols::What;
use super::workspace::Workspace;
use crate::ast::TagKind;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit, TextEdit,
};

/// The words that open an item, at the start of a line.
const ITEM_STARTS: &[&str] = &[
    "category",
    "rule",
    "amendment",
    "list",
    "end use",
    "kind",
    "class",
    "technology",
    "country group",
];

/// The words that open a clause, on an indented line.
const CLAUSE_STARTS: &[&str] = &[
    "when",
    "and",
    "or",
    "outcome",
    "raises a required licence to",
    "exempts",
    "yields to",
    "replaces",
    "in force from",
    "quote",
    "note",
    "reading",
    "any",
    "suspends",
    "changes",
    "extends",
    "from",
    "threshold",
    "ownership threshold",
    "new window in force from",
    "title",
    "authority",
    "jurisdiction",
    "issued",
    "source",
    "cite as",
];

/// What may be written at the cursor.
pub fn complete(ws: &Workspace, p: &CompletionParams) -> Option<CompletionResponse> {
    let at = &p.text_document_position;
    let i = ws.index(&at.text_document.uri)?;
    let f = &ws.files[i];
    let offset = f.lines.offset(&f.text, at.position);
    // The word being typed (replaced by the completion) and the words before it on the line.
    let typed = locate(ws, at)
        .map(|(_, _, t)| f.tokens[t])
        .filter(|t| matches!(t.class, Class::Word | Class::Keyword) && t.end == offset);
    let start = typed.map_or(offset, |t| t.start);
    let line_start = f.text[..start].rfind('\n').map_or(0, |n| n + 1);
    let before: Vec<&str> = f
        .tokens
        .iter()
        .filter(|t| t.start >= line_start && t.end <= start && t.class != Class::Comment)
        .filter_map(|t| f.text.get(t.start..t.end))
        .collect();
    let line = f.text.get(line_start..start).unwrap_or("");
    let typed_word = typed.and_then(|t| f.text.get(t.start..t.end)).unwrap_or("");
    let mut items = Vec::new();
    let mut add = |label: String, kind: CompletionItemKind, detail: String| {
        items.push(CompletionItem {
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                f.range(start, offset),
                label.clone(),
            ))),
            filter_text: Some(label.clone()),
            label,
            kind: Some(kind),
            detail: Some(detail),
            ..CompletionItem::default()
        });
    };
    let symbols = &ws.analysis.symbols;
    let here = symbols.policy_of_file.get(i).cloned().flatten();
    let tags = |kind: TagKind, add: &mut dyn FnMut(String, CompletionItemKind, String)| {
        for d in symbols.decls.iter().filter(|d| d.what == What::Tag(kind)) {
            add(d.name.clone(), CompletionItemKind::ENUM_MEMBER, kind.noun().into());
        }
    };
    // Local names bare, other policies' qualified.
    let locals = |what: What, add: &mut dyn FnMut(String, CompletionItemKind, String)| {
        for d in symbols.decls.iter().filter(|d| d.what == what) {
            let name = if Some(&d.policy) == here.as_ref() {
                d.name.clone()
            } else {
                format!("{}.{}", d.policy, d.name)
            };
            let kind = if what == What::Category {
                CompletionItemKind::CLASS
            } else {
                CompletionItemKind::FUNCTION
            };
            add(name, kind, format!("{} of {}", what.noun(), d.policy));
        }
    };
    let policies = |add: &mut dyn FnMut(String, CompletionItemKind, String)| {
        for d in symbols.decls.iter().filter(|d| d.what == What::Policy) {
            add(d.name.clone(), CompletionItemKind::MODULE, "policy".into());
        }
    };
    let places = |add: &mut dyn FnMut(String, CompletionItemKind, String)| {
        for code in crate::geo::all_codes() {
            let name = crate::geo::country(code).map_or("", crate::geo::country_name);
            add(code.to_string(), CompletionItemKind::VALUE, name.to_string());
        }
        for d in symbols.decls.iter().filter(|d| d.what == What::Group) {
            add(d.name.clone(), CompletionItemKind::ENUM, "country group".into());
        }
    };
    let elements = |add: &mut dyn FnMut(String, CompletionItemKind, String)| {
        for n in 1..=118u8 {
            if let Some((symbol, name)) = crate::elements::by_number(n) {
                add(symbol.to_string(), CompletionItemKind::CONSTANT, name.to_string());
            }
        }
    };
    let last = before.last().copied().unwrap_or("");
    let has = |w: &str| before.contains(&w);
    if let Some((policy, _)) = typed_word.split_once('.') {
        // `cn-mofcom-2025-61.` → that policy's rules, categories and amendments.
        for d in symbols.decls.iter().filter(|d| d.policy == policy && d.what.is_local()) {
            add(
                format!("{policy}.{}", d.name),
                CompletionItemKind::FIELD,
                d.what.noun().into(),
            );
        }
    } else if before.is_empty() {
        let starts = if line.is_empty() { ITEM_STARTS } else { CLAUSE_STARTS };
        for w in starts {
            add(w.to_string(), CompletionItemKind::KEYWORD, "keyword".into());
        }
    } else if last == "outcome" || (has("raises") && last == "to") {
        for o in crate::outcome::Outcome::ALL {
            add(o.as_str().into(), CompletionItemKind::ENUM_MEMBER, o.in_words().into());
        }
    } else if matches!(last, "changes" | "replaces" | "suspends" | "extends") {
        policies(&mut add);
        locals(What::Rule, &mut add);
        locals(What::Category, &mut add);
    } else if last == "exempts" || (has("yields") && last == "to") || has("exempts") {
        locals(What::Rule, &mut add);
    } else if matches!(last, "in" | "outside")
        && (has("made")
            || has("originates")
            || has("originating")
            || has("destination")
            || has("export")
            || has("user")
            || has("exporter"))
        || last == "jurisdiction"
    {
        places(&mut add);
    } else if last == "in" {
        locals(What::Category, &mut add);
    } else if last == "on" || (has("parties") && has("on")) {
        tags(TagKind::List, &mut add);
    } else if last == "classed" {
        tags(TagKind::Class, &mut add);
    } else if has("use") && (last == "is" || last == "includes" || has("is") || has("includes")) {
        tags(TagKind::EndUse, &mut add);
    } else if matches!(last, "a" | "an") && has("is") {
        tags(TagKind::Kind, &mut add);
    } else if last == "with" && has("made") {
        tags(TagKind::Technology, &mut add);
    } else if last == "any" {
        tags(TagKind::Class, &mut add);
        add("item".into(), CompletionItemKind::KEYWORD, "keyword".into());
    } else if matches!(last, "of" | "containing" | "contains" | "and" | "or" | ",")
        && (has("of") || has("containing") || has("contains"))
        && !has("value")
    {
        elements(&mut add);
    } else {
        for w in KEYWORDS {
            add(w.to_string(), CompletionItemKind::KEYWORD, "keyword".into());
        }
        policies(&mut add);
        locals(What::Rule, &mut add);
        locals(What::Category, &mut add);
    }
    Some(CompletionResponse::Array(items))
}
