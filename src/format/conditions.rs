//! The layout of `when` conditions.
//!
//! The parts of the outer `and` / `or` go one per line, the connective
//! right-aligned under `when` so that every part starts in the same column:
//!
//! ```text
//!   when the item is in part-2
//!    and the destination is outside CN
//!    and (the end user is a military-end-user
//!         or the end use is military)
//! ```
//!
//! A part in parentheses stays on its line when it fits in [`WIDTH`]
//! columns and holds no comment; otherwise its own parts go one per line,
//! each connective one column right of the opening parenthesis.

use super::items::Lines;
use super::words::atom;
use crate::ast::Condition;
use crate::source::SourceMap;

/// The column a condition line should fit in.
pub const WIDTH: usize = 100;

/// The parts of a condition and the connective before each part after the
/// first; a single test is one part.
fn parts<'c>(sources: &SourceMap, c: &'c Condition) -> (Vec<&'c Condition>, Vec<&'static str>) {
    match c {
        Condition::All(ps, _) => (ps.iter().collect(), vec!["and"; ps.len().saturating_sub(1)]),
        Condition::Any(ps, _) => (ps.iter().collect(), vec!["or"; ps.len().saturating_sub(1)]),
        Condition::Mixed(ps, _) => {
            // The AST of a mixed condition (an error the checker reports) keeps
            // no connectives: read them back from the text between the parts.
            let words = ps
                .windows(2)
                .map(|w| match w {
                    [a, b] => connective_between(sources, a, b),
                    _ => "and",
                })
                .collect();
            (ps.iter().collect(), words)
        }
        _ => (vec![c], Vec::new()),
    }
}

fn connective_between(sources: &SourceMap, a: &Condition, b: &Condition) -> &'static str {
    let (a, b) = (a.span(), b.span());
    let between = crate::source::Span::new(a.file, a.end, b.start.max(a.end));
    let text = sources.slice(between);
    let words = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .flat_map(|l| l.split(|c: char| !c.is_ascii_alphabetic()));
    for w in words {
        match w {
            "and" => return "and",
            "or" => return "or",
            _ => {}
        }
    }
    "and"
}

fn compound(c: &Condition) -> bool {
    matches!(c, Condition::All(..) | Condition::Any(..) | Condition::Mixed(..))
}

/// The condition's parts joined on one line, without outer parentheses.
fn flat(sources: &SourceMap, c: &Condition) -> String {
    match c {
        Condition::Atom(a, _) => atom(a),
        Condition::Not(inner, _) => format!("not {}", negated(sources, inner)),
        _ => {
            let (ps, words) = parts(sources, c);
            let mut out = String::new();
            for (i, p) in ps.iter().enumerate() {
                if let Some(w) = i.checked_sub(1).and_then(|j| words.get(j)) {
                    out.push_str(&format!(" {w} "));
                }
                out.push_str(&operand(sources, p));
            }
            out
        }
    }
}

/// What follows `not`: a test, or anything else in parentheses. The grammar
/// takes one `not` before a test or a `(`, so `not (not a)` keeps its
/// parentheses (`not not a` does not parse).
fn negated(sources: &SourceMap, c: &Condition) -> String {
    match c {
        Condition::Atom(a, _) => atom(a),
        _ => format!("({})", flat(sources, c)),
    }
}

/// The condition as a part of another: in parentheses unless it is a test
/// or a negated one.
fn operand(sources: &SourceMap, c: &Condition) -> String {
    match c {
        Condition::Atom(a, _) => atom(a),
        Condition::Not(..) => flat(sources, c),
        _ => format!("({})", flat(sources, c)),
    }
}

/// The `when` clause of a rule.
pub fn when(out: &mut Lines<'_>, c: &Condition) {
    let (ps, words) = parts(out.sources, c);
    for (i, p) in ps.iter().enumerate() {
        let keyword = match i.checked_sub(1).and_then(|j| words.get(j)) {
            None => "when",
            Some(w) => w,
        };
        let indent = 6 - keyword.len();
        term(out, p, indent, format!("{keyword} "), 7, 0);
    }
}

/// One part: its first line starts with `lead` at `indent`, its text at
/// column `col`, and its last line ends with `close` parentheses.
fn term(out: &mut Lines<'_>, c: &Condition, indent: usize, lead: String, col: usize, close: usize) {
    let text = operand(out.sources, c);
    let span = c.span();
    // The comments are in file order: find the first after the start.
    let after_start = out.comments.partition_point(|&at| at <= span.start);
    let inside_comment = out.comments.get(after_start).is_some_and(|&at| at < span.end);
    let fits = col + text.chars().count() + close <= WIDTH;
    match c {
        Condition::Not(inner, _) if !matches!(**inner, Condition::Atom(..)) && (!fits || inside_comment) => {
            group(out, inner, indent, format!("{lead}not "), col + 4, close)
        }
        _ if compound(c) && (!fits || inside_comment) => group(out, c, indent, lead, col, close),
        _ => out.push(indent, format!("{lead}{text}{}", ")".repeat(close)), span),
    }
}

/// A condition in parentheses over several lines; `(` is at column `col`.
fn group(out: &mut Lines<'_>, c: &Condition, indent: usize, lead: String, col: usize, close: usize) {
    let (ps, words) = parts(out.sources, c);
    let n = ps.len();
    for (i, p) in ps.iter().enumerate() {
        let close_here = if i + 1 == n { close + 1 } else { 0 };
        match i.checked_sub(1).and_then(|j| words.get(j)) {
            None => term(out, p, indent, format!("{lead}("), col + 1, close_here),
            Some(w) => term(out, p, col + 1, format!("{w} "), col + 2 + w.len(), close_here),
        }
    }
}
