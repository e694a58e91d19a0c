//! Output lines, and comments put back among them.
//!
//! Each line remembers the source range of what it holds. A comment that
//! had code before it on its line stays at the end of the line holding that
//! code; any other comment goes on its own line just before the line holding
//! what followed it in the source (at that line's indentation); comments
//! after the last item stay at the end of the file.

use crate::ast::Comment;

/// One output line.
#[derive(Debug, Clone)]
pub struct Line {
    /// Spaces before the text.
    pub indent: usize,
    /// The text.
    pub text: String,
    /// Where what the line holds starts in the source.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
    /// Whether an empty line separates it from the line before.
    pub blank_before: bool,
    /// Comments on their own lines just before it.
    pub before: Vec<String>,
    /// A comment at its end.
    pub trailing: Option<String>,
}

impl Line {
    /// A line holding `start..end` of the source.
    pub fn new(indent: usize, text: String, start: usize, end: usize) -> Line {
        Line {
            indent,
            text,
            start,
            end,
            blank_before: false,
            before: Vec::new(),
            trailing: None,
        }
    }
}

/// Whether the comment starting at `at` has code before it on its line.
fn follows_code(source: &str, at: usize) -> bool {
    let line_start = source.get(..at).and_then(|s| s.rfind('\n')).map_or(0, |i| i + 1);
    source.get(line_start..at).is_some_and(|s| !s.trim().is_empty())
}

/// Puts every comment back; returns the comments that follow everything.
pub fn attach(lines: &mut [Line], comments: &[Comment], source: &str) -> Vec<String> {
    let mut at_end = Vec::new();
    for c in comments {
        let at = c.span.start;
        let text = format!("#{}", c.text);
        // The line holding the code just before the comment.
        let holding = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.start <= at)
            .max_by_key(|(_, l)| l.start);
        if follows_code(source, at) {
            if let Some((i, l)) = holding {
                let target = i;
                if l.end <= at && l.trailing.is_none() {
                    if let Some(line) = lines.get_mut(target) {
                        line.trailing = Some(text);
                    }
                } else if let Some(line) = lines.get_mut(target) {
                    line.before.push(text);
                }
                continue;
            }
        }
        // A comment inside what one line holds goes before that line.
        if let Some((i, _)) = holding.filter(|(_, l)| at < l.end) {
            if let Some(line) = lines.get_mut(i) {
                line.before.push(text);
            }
            continue;
        }
        // Otherwise before what followed it.
        let next = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.start > at)
            .min_by_key(|(_, l)| l.start);
        match next.map(|(i, _)| i).and_then(|i| lines.get_mut(i)) {
            Some(line) => line.before.push(text),
            None => at_end.push(text),
        }
    }
    at_end
}

/// The text of the lines, with their comments.
pub fn print(lines: &[Line], at_end: &[String]) -> String {
    let mut out = String::new();
    for (n, l) in lines.iter().enumerate() {
        if l.blank_before && n > 0 {
            out.push('\n');
        }
        let pad = " ".repeat(l.indent);
        for c in &l.before {
            out.push_str(&format!("{pad}{c}\n"));
        }
        out.push_str(&pad);
        out.push_str(&l.text);
        if let Some(t) = &l.trailing {
            out.push(' ');
            out.push_str(t);
        }
        out.push('\n');
    }
    if !at_end.is_empty() {
        if !lines.is_empty() {
            out.push('\n');
        }
        for c in at_end {
            out.push_str(c);
            out.push('\n');
        }
    }
    out
}
