//! Finding a reading's `for "…"` text in the item it sits on.
//!
//! An executable alternative says `for "individually" read "individually or
//! in aggregate"`: the text is looked for in the item's own words, outside
//! quoted texts and comments (so a quote or a note that happens to contain
//! the words is never rewritten), as whole words, and whatever the line
//! breaks and indentation between them (so `edict fmt` never breaks one).
//! One pass over the item; no backtracking beyond the standard substring search.

use std::ops::Range;

/// Where `needle` occurs in `text[within]`, as byte ranges of `text`: every
/// whole-word occurrence outside quoted texts and comments, runs of
/// whitespace in either matching any run of whitespace in the other.
/// An empty needle occurs nowhere.
pub fn occurrences(text: &str, within: Range<usize>, needle: &str) -> Vec<Range<usize>> {
    let needle = normalize_needle(needle);
    if needle.is_empty() {
        return Vec::new();
    }
    let (code, starts) = code_view(text, within);
    let mut out = Vec::new();
    for (at, _) in code.match_indices(&needle) {
        let end = at + needle.len();
        let before = code[..at].chars().next_back();
        let after = code[end..].chars().next();
        let first = needle.chars().next();
        let last = needle.chars().next_back();
        if joins(before, first) || joins(last, after) {
            continue;
        }
        // `starts[i]` is where code byte i came from; the end is one past the
        // last byte of the match in the original text.
        let (Some(&from), Some(&to)) = (starts.get(at), starts.get(end - 1)) else {
            continue;
        };
        let width = code[end - 1..].chars().next().map_or(1, char::len_utf8);
        out.push(from..to + width);
    }
    out
}

/// Whether two adjacent characters are parts of one word, so that a match
/// between them would cut a word in two.
fn joins(a: Option<char>, b: Option<char>) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '.' || c == '%';
    matches!((a, b), (Some(a), Some(b)) if word(a) && word(b))
}

/// The needle with its whitespace runs made one space, trimmed.
fn normalize_needle(needle: &str) -> String {
    needle.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The item's code: quoted texts become `\u{1}` (never matched), comments and
/// whitespace runs one space; with, for each byte of the view, the byte of
/// `text` it stands for.
fn code_view(text: &str, within: Range<usize>) -> (String, Vec<usize>) {
    let mut code = String::new();
    let mut starts = Vec::new();
    let piece = text.get(within.clone()).unwrap_or("");
    let mut chars = piece.char_indices().peekable();
    let mut space = false;
    while let Some((i, c)) = chars.next() {
        let at = within.start + i;
        if c == '"' {
            // Skip the quoted text, escapes included.
            while let Some((_, d)) = chars.next() {
                match d {
                    '\\' => {
                        chars.next();
                    }
                    '"' => break,
                    _ => {}
                }
            }
            push(&mut code, &mut starts, '\u{1}', at);
            space = false;
        } else if c == '#' {
            while chars.peek().is_some_and(|&(_, d)| d != '\n') {
                chars.next();
            }
            space = true;
        } else if c.is_whitespace() {
            space = true;
        } else {
            if std::mem::take(&mut space) && !code.is_empty() {
                push(&mut code, &mut starts, ' ', at);
            }
            push(&mut code, &mut starts, c, at);
        }
    }
    (code, starts)
}

fn push(code: &mut String, starts: &mut Vec<usize>, c: char, at: usize) {
    code.push(c);
    starts.extend(std::iter::repeat_n(at, c.len_utf8()));
}

#[cfg(test)]
mod tests {
    use super::occurrences;

    fn found<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
        occurrences(text, 0..text.len(), needle)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn whole_words_outside_quotes_and_comments() {
        let text = "rule r \"individually\"\n  note \"individually\" # individually\n  when a is owned at least 50% by x, individually\n";
        assert_eq!(found(text, "individually"), ["individually"]);
        assert_eq!(found(text, "dividually"), Vec::<&str>::new());
        assert_eq!(found(text, "50"), Vec::<&str>::new());
        assert_eq!(found(text, "50%"), ["50%"]);
    }

    #[test]
    fn whitespace_runs_match_line_breaks() {
        let text = "when the item is in part-2\n   and the item is made outside CN";
        assert_eq!(found(text, "part-2 and the item"), ["part-2\n   and the item"]);
        assert_eq!(found(text, "the item").len(), 2);
    }

    #[test]
    fn an_empty_needle_is_nowhere() {
        assert!(found("rule r", "  ").is_empty());
    }
}
