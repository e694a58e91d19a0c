//! `edict fmt`: one canonical layout for policy files, printed from the AST.
//!
//! - The header's properties in a fixed order, then each item; clauses
//!   indented two spaces in a fixed order (see `items.rs`).
//! - One empty line between items, except within a run of tag declarations
//!   (`class …`, `list …`, `end use …`) or of country groups that follow
//!   each other with no comment between them.
//! - Conditions one `and` / `or` per line (see `conditions.rs`).
//! - Lists written `a, b or c`; quoted texts re-escaped (`\"`, `\\`, `\n`).
//! - Every `# comment` kept: at the end of the line of the code it followed,
//!   or on its own line before what it preceded.
//!
//! Formatting is idempotent, and the formatted file checks to the same
//! policy set as the original; `verify` proves the second for each file
//! before `edict fmt` writes it. A byte-order mark is dropped (the
//! canonical file has none; edict reads files with or without one).

mod conditions;
mod errors;
mod items;
mod layout;
pub mod suite;
mod verify;
pub(crate) mod words;

pub use errors::{check, FormatError};
pub use verify::verify;

use crate::ast::{Item, PolicyFile};
use crate::source::SourceMap;
use items::Lines;

/// Whether two items that follow each other are written without an empty
/// line between them.
fn same_run(a: &Item, b: &Item) -> bool {
    matches!(
        (a, b),
        (Item::Tag(_), Item::Tag(_)) | (Item::CountryGroup(_), Item::CountryGroup(_))
    )
}

/// The canonical text of a parsed file. `sources` holds the file's text,
/// which places comments (and the connectives of a mixed condition, which
/// the AST does not keep).
pub fn format_file(file: &PolicyFile, sources: &SourceMap) -> String {
    let text = sources.file(file.file).map(|f| f.text.clone()).unwrap_or_default();
    let mut out = Lines {
        lines: Vec::new(),
        sources,
        comments: file.comments.iter().map(|c| c.span.start).collect(),
    };
    // Sorted, for the binary search of `conditions::term`.
    out.comments.sort_unstable();
    if let Some(h) = &file.header {
        out.header(h);
    }
    let mut firsts = Vec::new();
    let mut previous: Option<&Item> = None;
    for item in &file.items {
        let first = out.lines.len();
        out.item(item);
        let joined = previous.is_some_and(|p| same_run(p, item));
        if let Some(line) = out.lines.get_mut(first) {
            line.blank_before = !joined;
            firsts.push(first);
        }
        previous = Some(item);
    }
    let mut lines = out.lines;
    let at_end = layout::attach(&mut lines, &file.comments, &text);
    for i in firsts {
        if let Some(line) = lines.get_mut(i) {
            line.blank_before |= !line.before.is_empty();
        }
    }
    layout::print(&lines, &at_end)
}
