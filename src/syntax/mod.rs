//! Stage 1: policy text → pest parse tree → [`ast::PolicyFile`].
//!
//! This is the only module that names pest's `Rule` and `Pair`. Naming
//! convention: `build_<rule>` turns a pair into an AST node.
//!
//! A file is split at every line that starts (in column 0) with an item
//! keyword, and each piece is parsed on its own; a syntax error in one rule
//! therefore does not hide the errors of the next.

mod build;
mod conditions;
mod depth;
mod errors;
mod expected;
mod pairs;
mod sexpr;
pub mod substitute;
pub mod suite;

pub use depth::MAX_DEPTH;
pub use errors::SyntaxError;
pub use sexpr::to_sexpr;

use crate::ast;
use crate::source::{FileId, SourceMap, Span};
use pest::Parser;

#[allow(missing_docs)]
mod generated {
    /// The parser generated from `grammar/edict.pest`.
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/edict.pest"]
    pub struct EdictParser;
}
use generated::{EdictParser, Rule};

/// Words that start a top-level item when they open a line.
const ITEM_KEYWORDS: [&str; 10] = [
    "category",
    "list",
    "end use",
    "kind",
    "class",
    "technology",
    "country group",
    "rule",
    "amendment",
    "policy",
];

/// A UTF-8 byte-order mark, which some editors put at the start of a file.
const BOM: &str = "\u{feff}";

/// Parses one policy file. Always returns as much AST as could be built,
/// together with every syntax error found. A byte-order mark at the start is
/// skipped (spans still count its three bytes).
pub fn parse(sources: &SourceMap, file: FileId) -> (ast::PolicyFile, Vec<SyntaxError>) {
    let whole = sources.file(file).map(|f| f.text.clone()).unwrap_or_else(|| "".into());
    let base = if whole.starts_with(BOM) { BOM.len() } else { 0 };
    let text = whole.get(base..).unwrap_or("");
    let mut out = ast::PolicyFile {
        file,
        header: None,
        items: Vec::new(),
        comments: Vec::new(),
    };
    let mut errors = Vec::new();
    let chunks = split_items(text);
    for (index, range) in chunks.iter().enumerate() {
        let piece = text.get(range.clone()).unwrap_or("");
        let is_header = index == 0;
        if is_header && !starts_with_policy(piece) {
            // Reported once below as a missing header.
            continue;
        }
        let rule = if is_header { Rule::header } else { Rule::item };
        let offset = base + range.start;
        let at = |start: usize, end: usize| Span::new(file, offset + start, offset + end);
        if let Some(deep) = depth::too_deep(piece) {
            errors.push(SyntaxError::too_deep(sources, file, offset + deep));
            continue;
        }
        match EdictParser::parse(rule, piece) {
            Ok(mut pairs) => {
                let Some(top) = pairs.next() else { continue };
                out.comments.extend(pairs::comments(&top, &at));
                let built = if is_header {
                    build::build_header(top, &at).map(|h| out.header = Some(h))
                } else {
                    build::build_item(top, &at).map(|i| out.items.push(i))
                };
                if let Err(internal) = built {
                    errors.push(SyntaxError::internal(sources, file, internal));
                }
            }
            Err(error) => errors.push(errors::from_pest(sources, file, offset, piece, is_header, error)),
        }
    }
    if chunks
        .first()
        .is_none_or(|r| !starts_with_policy(text.get(r.clone()).unwrap_or("")))
    {
        errors.insert(0, SyntaxError::missing_header(sources, file));
    }
    (out, errors)
}

/// The byte ranges of the header and of each item.
fn split_items(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut starts = vec![0];
    let mut offset = 0;
    let mut first_item_seen = false;
    for line in text.split_inclusive('\n') {
        if offset > 0 && opens_item(line) {
            // The header is everything before the first item; `policy` in
            // the header is not a split point.
            if !line.starts_with("policy") || first_item_seen {
                starts.push(offset);
                first_item_seen = true;
            }
        } else if offset == 0 && opens_item(line) && !line.starts_with("policy") {
            // A file that opens with an item has an empty header (0..0).
            starts.push(0);
            first_item_seen = true;
        }
        offset += line.len();
    }
    let mut ranges: Vec<_> = starts.windows(2).map(|w| w[0]..w[1]).collect();
    if let Some(&last) = starts.last() {
        ranges.push(last..text.len());
    }
    ranges
}

fn opens_item(line: &str) -> bool {
    ITEM_KEYWORDS.iter().any(|k| {
        line.strip_prefix(k)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(|c: char| c.is_whitespace()))
    })
}

fn starts_with_policy(piece: &str) -> bool {
    piece
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l == "policy" || l.starts_with("policy "))
}
