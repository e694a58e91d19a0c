//! The HTML writer: one self-contained page for a whole policy set, with a
//! table of contents and inline CSS (no external assets), readable printed.

use super::doc::{AsideKind, Block, Inline, PolicyDoc};
use super::markdown::is_web_address;

/// The page's style sheet (also the coverage page's, so both read alike).
pub(crate) const STYLE: &str = include_str!("style.css");

/// Escapes text for an HTML element or a double-quoted attribute.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// A reading with an executable alternative: the chosen reading and the
/// alternative side by side, and each text of the item as chosen beside what
/// it reads under the alternative.
fn side_by_side(body: &[Inline], alt: &str, subs: &[(String, String)], out: &mut String) {
    out.push_str(&format!(
        "<table class=\"readings\"><thead><tr><th>Chosen</th><th>Alternative</th></tr></thead><tbody>\n<tr><td>{}</td><td>{}</td></tr>\n",
        inlines(body),
        escape(alt)
    ));
    for (chosen, alternative) in subs {
        let read = if alternative.trim().is_empty() {
            "struck out".to_string()
        } else {
            format!("read <code>{}</code>", escape(alternative))
        };
        out.push_str(&format!(
            "<tr><td>for <code>{}</code></td><td>{read}</td></tr>\n",
            escape(chosen)
        ));
    }
    out.push_str("</tbody></table>");
}

fn inlines(items: &[Inline]) -> String {
    let mut out = String::new();
    for i in items {
        match i {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Code(c) => out.push_str(&format!("<code>{}</code>", escape(c))),
            Inline::Strong(inner) => out.push_str(&format!("<strong>{}</strong>", inlines(inner))),
            Inline::Link(t, inner) => {
                out.push_str(&format!("<a href=\"#{}\">{}</a>", escape(&t.anchor), inlines(inner)));
            }
            Inline::Url(u) if is_web_address(u) => {
                out.push_str(&format!("<a class=\"external\" href=\"{0}\">{0}</a>", escape(u)));
            }
            Inline::Url(u) => out.push_str(&escape(u)),
        }
    }
    out
}

/// `<h2>` for a policy (level 1), and so on down.
fn heading(level: u8, id: Option<&str>, content: &str) -> String {
    let h = (level + 1).clamp(2, 6);
    let id = id.map(|a| format!(" id=\"{}\"", escape(a))).unwrap_or_default();
    format!("<h{h}{id}>{content}</h{h}>\n")
}

fn block(b: &Block, out: &mut String) {
    match b {
        Block::Heading { level, anchor, content } => {
            out.push_str(&heading(*level, anchor.as_deref(), &inlines(content)))
        }
        Block::Para(content) => out.push_str(&format!("<p>{}</p>\n", inlines(content))),
        Block::Fields(fields) => {
            out.push_str("<dl class=\"fields\">\n");
            for (label, value) in fields {
                out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", escape(label), inlines(value)));
            }
            out.push_str("</dl>\n");
        }
        Block::List(items) => list("", items, out),
        Block::Clauses(items) => list(" class=\"clauses\"", items, out),
        Block::Terms(terms) => {
            out.push_str("<dl class=\"terms\">\n");
            for (anchor, term, definition) in terms {
                out.push_str(&format!(
                    "<dt id=\"{}\">{}</dt><dd>{}</dd>\n",
                    escape(anchor),
                    inlines(term),
                    inlines(definition)
                ));
            }
            out.push_str("</dl>\n");
        }
        Block::Aside {
            kind,
            label,
            body,
            alternative,
            substitutions,
        } => {
            let class = match kind {
                AsideKind::Quote => "quote",
                AsideKind::Note => "note",
                AsideKind::Reading => "reading",
            };
            out.push_str(&format!(
                "<div class=\"{class}\"><p class=\"label\">{}</p>",
                inlines(label)
            ));
            if substitutions.is_empty() || alternative.is_none() {
                out.push_str(&format!("<p class=\"body\">{}</p>", inlines(body)));
            }
            match alternative {
                Some(alt) if !substitutions.is_empty() => side_by_side(body, alt, substitutions, out),
                Some(alt) => out.push_str(&format!(
                    "<p class=\"alternative\"><span class=\"label\">Alternative not taken:</span> {}</p>",
                    escape(alt)
                )),
                None => {}
            }
            out.push_str("</div>\n");
        }
        Block::Entry { anchor, main, aside } => {
            out.push_str(&format!(
                "<div class=\"entry\" id=\"{}\">\n<div class=\"main\">\n",
                escape(anchor)
            ));
            main.iter().for_each(|m| block(m, out));
            out.push_str("</div>\n");
            if !aside.is_empty() {
                out.push_str("<div class=\"aside\">\n");
                aside.iter().for_each(|a| block(a, out));
                out.push_str("</div>\n");
            }
            out.push_str("</div>\n");
        }
        Block::Section { anchor, title, blocks } => {
            out.push_str(&format!("<section id=\"{}\">\n", escape(anchor)));
            out.push_str(&heading(2, None, &escape(title)));
            blocks.iter().for_each(|s| block(s, out));
            out.push_str("</section>\n");
        }
    }
}

fn list(class: &str, items: &[Vec<Block>], out: &mut String) {
    out.push_str(&format!("<ul{class}>\n"));
    for item in items {
        out.push_str("<li>");
        item.iter().for_each(|b| block(b, out));
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

fn contents(docs: &[PolicyDoc], out: &mut String) {
    out.push_str("<nav class=\"toc\">\n<h2>Contents</h2>\n<ol>\n");
    for d in docs {
        out.push_str(&format!(
            "<li><a href=\"#{}\">{}</a>",
            escape(&d.id),
            escape(&d.heading)
        ));
        if d.title != d.heading {
            out.push_str(&format!(" <span class=\"title\">{}</span>", escape(&d.title)));
        }
        if !d.contents.is_empty() {
            out.push_str("\n<ol>\n");
            for (anchor, label) in &d.contents {
                out.push_str(&format!(
                    "<li><a href=\"#{}\">{}</a></li>\n",
                    escape(anchor),
                    escape(label)
                ));
            }
            out.push_str("</ol>\n");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</nav>\n");
}

/// The page for every document of a set.
pub fn page(docs: &[PolicyDoc]) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Policies for legal review</title>\n<style>\n",
    );
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<header class=\"page\">\n<h1>Policies for legal review</h1>\n");
    out.push_str(
        "<p class=\"disclaimer\">Generated by edict from the policy files. Every sentence is worded from the \
         encoded rule, not written by hand: check it against the official text. This is an encoding for \
         analysis, not legal advice.</p>\n</header>\n",
    );
    contents(docs, &mut out);
    out.push_str("<main>\n");
    for d in docs {
        out.push_str(&format!("<article class=\"policy\" id=\"{}\">\n", escape(&d.id)));
        out.push_str(&heading(1, None, &escape(&d.heading)));
        d.blocks.iter().for_each(|b| block(b, &mut out));
        out.push_str("</article>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
