//! Byte offsets ↔ LSP positions. LSP columns count UTF-16 code units (the
//! protocol's default encoding), so a line with CJK text or an emoji in a
//! quote has fewer columns than bytes and an emoji counts two.

use lsp_types::{Position, Range};

/// The start of every line of a text, for converting positions.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// The byte offset at which each line starts; line 0 starts at 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// The line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The position of byte `offset` of `text` (clamped to the text and to
    /// a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let character = text.get(start..offset).map_or(0, |l| l.encode_utf16().count());
        Position::new(line as u32, character as u32)
    }

    /// The range of bytes `start..end` of `text`.
    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range::new(self.position(text, start), self.position(text, end))
    }

    /// The byte offset of `position` in `text`; a column past the end of
    /// its line is the line's end, a line past the end is the text's end.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |next| next - 1);
        let line = text.get(start..end).unwrap_or("");
        let mut units = 0u32;
        for (i, c) in line.char_indices() {
            if units >= position.character {
                return start + i;
            }
            units += c.len_utf16() as u32;
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        // `稀` is 3 bytes and 1 unit; `😀` is 4 bytes and 2 units.
        let text = "a\nquote \"稀😀x\"\n";
        let lines = LineIndex::new(text);
        let x = text.find('x').unwrap_or(0);
        assert_eq!(lines.position(text, x), Position::new(1, 10));
        assert_eq!(lines.offset(text, Position::new(1, 10)), x);
        assert_eq!(lines.offset(text, Position::new(1, 99)), text.len() - 1);
        assert_eq!(lines.offset(text, Position::new(9, 0)), text.len());
        // Inside the emoji's surrogate pair: the character after it.
        assert_eq!(lines.offset(text, Position::new(1, 9)), x);
    }
}
