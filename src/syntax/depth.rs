//! The nesting limit of conditions, enforced before pest sees the text.
//!
//! pest's generated parser recurses once per level of parentheses (several
//! stack frames each), and so do the AST builder, the checker, the
//! evaluator, the formatter and the renderers. A hostile file with 100 000
//! `(` would overflow the stack in any of them; a linear scan of each item
//! refuses it first, with a diagnostic that points at the first `(` beyond
//! the limit. `not` adds no level of its own: the grammar allows one `not`
//! before a test or a `(`, so `not (not (…))` nests only through its
//! parentheses. See `docs/limits.md`.

/// The deepest nesting of parentheses a condition may have. Every stage
/// handles this depth on a 2 MB thread stack (tested).
pub const MAX_DEPTH: usize = 256;

/// The byte offset of the first `(` of `text` that opens a level deeper
/// than [`MAX_DEPTH`], ignoring quoted texts and comments.
pub fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'(' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b')' => depth = depth.saturating_sub(1),
            b'#' => {
                // To the end of the line.
                i = memchr_from(bytes, i, b'\n');
            }
            b'"' => {
                // To the closing quote; `\` escapes the next byte.
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    match c {
                        b'"' => break,
                        b'\\' => i += 2,
                        _ => i += 1,
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The index of the next `byte` at or after `from`, or the length of `bytes`.
fn memchr_from(bytes: &[u8], from: usize, byte: u8) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| b == byte))
        .map_or(bytes.len(), |p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_only_parentheses_outside_texts_and_comments() {
        let deep = "(".repeat(MAX_DEPTH);
        assert_eq!(too_deep(&deep), None);
        assert_eq!(too_deep(&format!("{deep}(")), Some(MAX_DEPTH));
        assert_eq!(too_deep(&format!("{deep}) (")), None);
        assert_eq!(too_deep(&format!("{deep}\"(\\\"(\" # ((\n")), None);
        assert_eq!(too_deep(&format!("{deep}# \n(")), Some(MAX_DEPTH + 3));
    }
}
