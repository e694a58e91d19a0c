//! Small helpers over pest pairs. A violated grammar assumption becomes an
//! [`Internal`] error naming the rule, never a panic.

use super::Rule;
use crate::ast;
use crate::source::Span;
use pest::iterators::{Pair, Pairs};

/// A grammar assumption that did not hold: a bug in edict, reported as a
/// diagnostic rather than a panic.
#[derive(Debug)]
pub struct Internal {
    /// What was expected.
    pub what: String,
    /// Where.
    pub span: Span,
    /// Not a bug after all: a number with more digits than a decimal holds.
    pub too_many_digits: bool,
}

/// Turns a pair-relative range into a file span.
pub trait At: Fn(usize, usize) -> Span {}
impl<F: Fn(usize, usize) -> Span> At for F {}

/// The span of a pair, without the whitespace and comments pest's implicit
/// skipping leaves at its end (`a, b` followed by a blank line).
pub fn span(pair: &Pair<'_, Rule>, at: &impl At) -> Span {
    let start = pair.as_span().start();
    at(start, start + content_len(pair))
}

/// The length of a pair's text without trailing whitespace and comments.
fn content_len(pair: &Pair<'_, Rule>) -> usize {
    let text = pair.as_str();
    let mut len = text.trim_end().len();
    if !text.contains('#') {
        return len;
    }
    let start = pair.as_span().start();
    let comments: Vec<(usize, usize)> = pair
        .clone()
        .into_inner()
        .flatten()
        .filter(|p| p.as_rule() == Rule::COMMENT)
        .map(|p| {
            let from = p.as_span().start().saturating_sub(start);
            (from, from + p.as_str().trim_end().len())
        })
        .collect();
    while let Some(&(from, _)) = comments.iter().find(|(from, to)| *to == len && *from < len) {
        len = text.get(..from).unwrap_or("").trim_end().len();
    }
    len
}

/// Every comment below a pair.
pub fn comments(pair: &Pair<'_, Rule>, at: &impl At) -> Vec<ast::Comment> {
    pair.clone()
        .into_inner()
        .flatten()
        .filter(|p| p.as_rule() == Rule::COMMENT)
        .map(|p| ast::Comment {
            text: p.as_str().trim_start_matches('#').trim_end().to_string(),
            span: span(&p, at),
        })
        .collect()
}

/// The children of a pair, without comments.
pub struct Children<'i> {
    pairs: std::iter::Peekable<Pairs<'i, Rule>>,
    parent: Span,
    rule: Rule,
}

impl<'i> Children<'i> {
    /// The children of `pair`.
    pub fn of(pair: Pair<'i, Rule>, at: &impl At) -> Children<'i> {
        let parent = span(&pair, at);
        let rule = pair.as_rule();
        Children {
            pairs: pair.into_inner().peekable(),
            parent,
            rule,
        }
    }

    fn skip_comments(&mut self) {
        while self.pairs.peek().is_some_and(|p| p.as_rule() == Rule::COMMENT) {
            self.pairs.next();
        }
    }

    /// The next child, whatever it is.
    pub fn next(&mut self) -> Option<Pair<'i, Rule>> {
        self.skip_comments();
        self.pairs.next()
    }

    /// The next child if it is a `rule`.
    pub fn next_if(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        self.skip_comments();
        if self.pairs.peek().is_some_and(|p| p.as_rule() == rule) {
            self.pairs.next()
        } else {
            None
        }
    }

    /// The next child, which must be a `rule`.
    pub fn expect(&mut self, rule: Rule) -> Result<Pair<'i, Rule>, Internal> {
        self.next_if(rule).ok_or_else(|| Internal {
            what: format!("{:?} inside {:?}", rule, self.rule),
            span: self.parent,
            too_many_digits: false,
        })
    }

    /// An internal error about this pair.
    pub fn unexpected(&self, what: &str) -> Internal {
        Internal {
            what: format!("{what} inside {:?}", self.rule),
            span: self.parent,
            too_many_digits: false,
        }
    }
}

/// An identifier.
pub fn ident(pair: Pair<'_, Rule>, at: &impl At) -> ast::Ident {
    ast::Ident {
        name: pair.as_str().to_string(),
        span: span(&pair, at),
    }
}

/// A string literal, unescaped.
pub fn text(pair: Pair<'_, Rule>, at: &impl At) -> ast::Text {
    let value = unescape(pair.as_str());
    ast::Text {
        value,
        span: span(&pair, at),
    }
}

/// The value of a quoted string literal as written (quotes included):
/// `\n` is a line break, a backslash keeps the character after it.
pub fn unescape(raw: &str) -> String {
    let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
    let mut value = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => value.push('\n'),
                Some(other) => value.push(other),
                None => {}
            }
        } else {
            value.push(c);
        }
    }
    value
}

/// A date as written.
pub fn date(pair: Pair<'_, Rule>, at: &impl At) -> ast::DateLit {
    ast::DateLit {
        text: pair.as_str().to_string(),
        span: span(&pair, at),
    }
}

/// A decimal number.
pub fn number(pair: &Pair<'_, Rule>, at: &impl At) -> Result<rust_decimal::Decimal, Internal> {
    use std::str::FromStr;
    let text = pair.as_str().trim_end_matches('%');
    rust_decimal::Decimal::from_str(text).map_err(|_| Internal {
        what: text.to_string(),
        span: span(pair, at),
        too_many_digits: true,
    })
}
