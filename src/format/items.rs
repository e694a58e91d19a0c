//! The lines of the header and of each item, clauses in a fixed order:
//!
//! - header: `policy`, `title`, `authority`, `jurisdiction`, `issued`,
//!   `source`, `cite as`, `in force`, then quotes and notes;
//! - category: quotes, notes and readings, then its `any …` lines;
//! - rule: `in force`, `replaces`, quotes, notes and readings, the effect,
//!   `yields to`, `when`;
//! - amendment: quotes, notes and readings, `suspends` / `changes` /
//!   `extends`, `from …`, `threshold`, `ownership threshold`, `new window`.
//!
//! Clauses are indented two spaces; quotes, notes and readings keep their
//! order, as do repeated clauses.

use super::conditions::when;
use super::layout::Line;
use super::words::{effect, list, literate, member, quoted, substitution, window, window_dates};
use crate::ast::{Amendment, AmendmentAction, Category, CountryGroup, Header, Item, Literate, Rule, TagDecl};
use crate::source::{SourceMap, Span};

/// Collects the lines of one file.
pub struct Lines<'a> {
    /// The lines so far.
    pub lines: Vec<Line>,
    /// The sources, to read what the AST does not keep.
    pub sources: &'a SourceMap,
    /// Where each comment starts.
    pub comments: Vec<usize>,
}

/// Where a piece of literate text is.
fn literate_span(l: &Literate) -> Span {
    match l {
        Literate::Quote(t) | Literate::Note(t) => t.span,
        Literate::Reading {
            tag, text, alternative, ..
        } => {
            let end = alternative.as_ref().map_or(text.span, |a| a.span);
            tag.span.to(end)
        }
    }
}

impl Lines<'_> {
    /// Adds a line holding `span`.
    pub fn push(&mut self, indent: usize, text: String, span: Span) {
        self.lines.push(Line::new(indent, text, span.start, span.end));
    }

    fn clause(&mut self, text: String, span: Span) {
        self.push(2, text, span);
    }

    fn literate(&mut self, items: &[Literate]) {
        for l in items {
            self.clause(literate(l), literate_span(l));
            // An executable alternative: each `for … read …` under its reading.
            if let Literate::Reading { substitutions, .. } = l {
                for s in substitutions {
                    self.push(4, substitution(s), s.span);
                }
            }
        }
    }

    /// `policy …` and its properties.
    pub fn header(&mut self, h: &Header) {
        self.push(0, format!("policy {}", h.id.name), h.id.span);
        let texts = [("title", &h.title), ("authority", &h.authority)];
        for (keyword, t) in texts {
            if let Some(t) = t {
                self.clause(format!("{keyword} {}", quoted(&t.value)), t.span);
            }
        }
        if let Some(j) = &h.jurisdiction {
            self.clause(format!("jurisdiction {}", j.name), j.span);
        }
        if let Some(d) = &h.issued {
            self.clause(format!("issued {}", d.text), d.span);
        }
        if let Some(s) = &h.source {
            self.clause(format!("source {}", quoted(&s.value)), s.span);
        }
        if let Some(c) = &h.citation {
            self.clause(format!("cite as {}", quoted(&c.value)), c.span);
        }
        if let Some(w) = &h.window {
            self.clause(window(w), w.span);
        }
        self.literate(&h.literate);
    }

    /// One item.
    pub fn item(&mut self, item: &Item) {
        match item {
            Item::Category(c) => self.category(c),
            Item::Tag(t) => self.tag(t),
            Item::CountryGroup(g) => self.group(g),
            Item::Rule(r) => self.rule(r),
            Item::Amendment(a) => self.amendment(a),
        }
    }

    fn category(&mut self, c: &Category) {
        let title = c
            .title
            .as_ref()
            .map(|t| format!(" {}", quoted(&t.value)))
            .unwrap_or_default();
        let end = c.title.as_ref().map_or(c.id.span.end, |t| t.span.end);
        self.push(
            0,
            format!("category {}{title}", c.id.name),
            Span::new(c.span.file, c.span.start, end),
        );
        self.literate(&c.literate);
        for m in &c.members {
            self.clause(member(&m.kind), m.span);
        }
    }

    fn tag(&mut self, t: &TagDecl) {
        let description = t
            .description
            .as_ref()
            .map(|d| format!(" {}", quoted(&d.value)))
            .unwrap_or_default();
        self.push(0, format!("{} {}{description}", t.kind.keyword(), t.name.name), t.span);
    }

    fn group(&mut self, g: &CountryGroup) {
        let title = g
            .title
            .as_ref()
            .map(|d| format!(" {}", quoted(&d.value)))
            .unwrap_or_default();
        self.push(
            0,
            format!("country group {}{title} of {}", g.id.name, list(&g.members)),
            g.span,
        );
    }

    fn rule(&mut self, r: &Rule) {
        let citation = r
            .citation
            .as_ref()
            .map(|t| format!(" {}", quoted(&t.value)))
            .unwrap_or_default();
        let end = r.citation.as_ref().map_or(r.id.span.end, |t| t.span.end);
        self.push(
            0,
            format!("rule {}{citation}", r.id.name),
            Span::new(r.span.file, r.span.start, end),
        );
        for w in &r.windows {
            self.clause(window(w), w.span);
        }
        for p in &r.replaces {
            let from = p.from.as_ref().map(|d| format!(" from {}", d.text)).unwrap_or_default();
            self.clause(format!("replaces {}{from}", p.target.display()), p.span);
        }
        self.literate(&r.literate);
        for e in &r.effects {
            self.clause(effect(e), e.span());
        }
        for y in &r.yields {
            self.clause(format!("yields to {}", list(y)), y.span);
        }
        for c in &r.conditions {
            when(self, c);
        }
    }

    fn amendment(&mut self, a: &Amendment) {
        let citation = a
            .citation
            .as_ref()
            .map(|t| format!(" {}", quoted(&t.value)))
            .unwrap_or_default();
        let end = a.citation.as_ref().map_or(a.id.span.end, |t| t.span.end);
        self.push(
            0,
            format!("amendment {}{citation}", a.id.name),
            Span::new(a.span.file, a.span.start, end),
        );
        self.literate(&a.literate);
        for action in &a.actions {
            match action {
                AmendmentAction::Suspends(l) => self.clause(format!("suspends {}", list(l)), l.span),
                AmendmentAction::Changes(r) => self.clause(format!("changes {}", r.display()), r.span),
                AmendmentAction::Extends { target, members } => {
                    let mut rest = members.iter();
                    match rest.next() {
                        Some(first) => self.clause(
                            format!("extends {} with {}", target.display(), member(&first.kind)),
                            target.span.to(first.span),
                        ),
                        None => self.clause(format!("extends {} with", target.display()), target.span),
                    }
                    for m in rest {
                        self.push(4, member(&m.kind), m.span);
                    }
                }
            }
        }
        for w in &a.windows {
            self.clause(window_dates(w), w.span);
        }
        if let Some(p) = &a.threshold {
            self.clause(format!("threshold {}%", p.value), p.span);
        }
        if let Some(p) = &a.ownership_threshold {
            self.clause(format!("ownership threshold {}%", p.value), p.span);
        }
        if let Some(w) = &a.new_window {
            self.clause(format!("new window {}", window(w)), w.span);
        }
    }
}
