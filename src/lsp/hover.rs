//! Hovers, in the law's words: a rule's `render` sentences and the days it
//! is in force; a category's definition; a tag, group or policy with where
//! it is declared; a date in words with what else changes on that day; a
//! threshold's exact decimal; a reading's two texts.

use super::lex::Class;
use super::nav::locate;
use super::symbols::{Decl, What};
use super::workspace::Workspace;
use crate::ast::{Item, Literate};
use crate::describe;
use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};
use rust_decimal::Decimal;
use std::str::FromStr;

/// The hover of the word under the cursor.
pub fn hover(ws: &Workspace, p: &HoverParams) -> Option<Hover> {
    let (i, offset, t) = locate(ws, &p.text_document_position_params)?;
    let f = &ws.files[i];
    let token = f.tokens[t];
    let word = f.text.get(token.start..token.end)?;
    let (text, span) = match token.class {
        Class::Date => (date(ws, word)?, (token.start, token.end)),
        Class::Percent | Class::Number => {
            let before: Vec<&str> = f.tokens[t.saturating_sub(2)..t]
                .iter()
                .filter_map(|b| f.text.get(b.start..b.end))
                .collect();
            (number(word, &before)?, (token.start, token.end))
        }
        Class::Word | Class::Keyword => match ws.analysis.symbols.at(&f.text, &token, offset, i) {
            Some((decls, span)) => {
                let parts: Vec<String> = decls
                    .iter()
                    .filter_map(|&d| ws.analysis.symbols.decls.get(d))
                    .filter_map(|d| declaration(ws, d))
                    .collect();
                (parts.join("\n\n---\n\n"), span)
            }
            None => (plain_word(word)?, (token.start, token.end)),
        },
        Class::String | Class::Comment | Class::Punct => return None,
    };
    (!text.is_empty()).then(|| Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(f.range(span.0, span.1)),
    })
}

/// Where a declaration is: `policies/x.edict`, line 12.
fn declared_at(ws: &Workspace, d: &Decl) -> String {
    let Some(f) = ws.files.get(d.file) else {
        return String::new();
    };
    let line = f.lines.position(&f.text, d.name_span.0).line + 1;
    format!("Declared in `{}`, line {line} (policy `{}`).", f.name, d.policy)
}

/// The hover of a declaration.
fn declaration(ws: &Workspace, d: &Decl) -> Option<String> {
    let set = ws.analysis.set.as_ref();
    let at = declared_at(ws, d);
    let body = match d.what {
        What::Rule => set.and_then(|s| crate::render::markdown_rule(s, &d.policy, &d.name)),
        What::Category => set.and_then(|s| crate::render::markdown_category(s, &d.policy, &d.name)),
        What::Tag(kind) => {
            let tag = set.and_then(|s| s.vocabulary.get(&kind)?.get(&d.name));
            let description = tag
                .and_then(|t| t.description.clone())
                .unwrap_or_else(|| "(no description)".into());
            Some(format!("**{}** `{}`: {description}", kind.noun(), d.name))
        }
        What::Group => set.and_then(|s| Some((s, s.groups.get(&d.name)?))).map(|(s, g)| {
            let countries: Vec<String> = g.countries.iter().map(|c| describe::place(s, c.as_str())).collect();
            let title = g.title.as_ref().map(|t| format!(" ({t})")).unwrap_or_default();
            format!(
                "**country group** `{}`{title}: {}",
                d.name,
                describe::join(&countries, "and")
            )
        }),
        What::Policy => set.and_then(|s| s.policy(&d.name)).map(|p| {
            let mut out = format!("**policy** `{}`: {}\n\n{}", p.id, p.title, p.authority);
            if let Some(c) = &p.citation {
                out.push_str(&format!("\n\nCited as {c}."));
            }
            out.push_str(&format!("\n\nIn force {}.", describe::window(&p.window)));
            for s in &p.suspensions {
                out.push_str(&format!(" Suspended {} by `{}`.", describe::window(&s.window), s.by));
            }
            out
        }),
        What::Reading => reading(ws, d),
        What::Amendment => {
            let f = ws.files.get(d.file)?;
            let text = f.text.get(d.span.0..d.span.1)?;
            Some(format!(
                "**amendment** `{}`\n\n```edict\n{}\n```",
                d.name,
                text.trim_end()
            ))
        }
    };
    let body = body.unwrap_or_else(|| format!("**{}** `{}` (it does not check yet)", d.what.noun(), d.name));
    Some(format!("{body}\n\n{at}"))
}

/// A reading's chosen text and the alternative not taken.
fn reading(ws: &Workspace, d: &Decl) -> Option<String> {
    let ast = ws.analysis.asts.get(d.file)?;
    let mut literate: Vec<&Literate> = ast.header.iter().flat_map(|h| &h.literate).collect();
    for item in &ast.items {
        literate.extend(match item {
            Item::Category(c) => c.literate.as_slice(),
            Item::Rule(r) => r.literate.as_slice(),
            Item::Amendment(a) => a.literate.as_slice(),
            Item::Tag(_) | Item::CountryGroup(_) => &[],
        });
    }
    literate.into_iter().find_map(|l| match l {
        Literate::Reading {
            tag, text, alternative, ..
        } if tag.span.start == d.name_span.0 => {
            let mut out = format!("**reading** `{}`\n\n**Read as:** {}", tag.name, text.value);
            if let Some(a) = alternative {
                out.push_str(&format!("\n\n**Alternative not taken:** {}", a.value));
            }
            Some(out)
        }
        _ => None,
    })
}

/// A date in words, and what else in the loaded law changes on that day.
fn date(ws: &Workspace, word: &str) -> Option<String> {
    let Ok(d) = jiff::civil::Date::from_str(word) else {
        return Some(format!("`{word}` is not a calendar date"));
    };
    let mut out = format!("**{}** ({})", describe::date(d), d.strftime("%A"));
    let changes = ws
        .analysis
        .set
        .as_ref()
        .map(|s| {
            crate::analysis::timeline::law_calendar(s)
                .all()
                .remove(&d)
                .unwrap_or_default()
        })
        .unwrap_or_default();
    if changes.is_empty() {
        out.push_str("\n\nNothing else in the loaded law changes on this day.");
    } else {
        out.push_str("\n\nOn this day in the loaded law:");
        for c in changes {
            out.push_str(&format!("\n- {c}"));
        }
    }
    Some(out)
}

/// A number's exact decimal, and for a threshold what it includes.
fn number(word: &str, before: &[&str]) -> Option<String> {
    let digits = word.trim_end_matches('%');
    let value = Decimal::from_str(digits).ok()?;
    if !word.ends_with('%') {
        return Some(format!("exactly **{}**", value.normalize()));
    }
    let fraction = value / Decimal::ONE_HUNDRED;
    let mut out = format!(
        "**{}%**: exactly {} per cent, the fraction {} (decimal arithmetic, no rounding)",
        value.normalize(),
        value.normalize(),
        fraction.normalize()
    );
    let reading = match before {
        ["at", "least"] => Some(format!(
            "at least {}%: a share of exactly {}% is caught (≥)",
            value.normalize(),
            value.normalize()
        )),
        ["more", "than"] => Some(format!(
            "more than {}%: a share of exactly {}% is not caught (>)",
            value.normalize(),
            value.normalize()
        )),
        ["at", "most"] => Some(format!(
            "at most {}%: a share of exactly {}% is caught (≤)",
            value.normalize(),
            value.normalize()
        )),
        [_, "below"] | ["less", "than"] => Some(format!(
            "below {}%: a share of exactly {}% is not caught (<)",
            value.normalize(),
            value.normalize()
        )),
        _ => None,
    };
    if let Some(r) = reading {
        out.push_str(&format!("\n\nRead as {r}."));
    }
    Some(out)
}

/// A word that names no declaration: a country, an element, an outcome.
fn plain_word(word: &str) -> Option<String> {
    if let Some(c) = crate::geo::country(word) {
        return Some(format!("**country** `{word}`: {}", crate::geo::country_name(c)));
    }
    if let Some(name) = crate::elements::element_name(word) {
        return Some(format!("**element** `{word}`: {name}"));
    }
    crate::outcome::Outcome::from_word(word).map(|o| format!("**outcome** `{word}`: {}", o.in_words()))
}
