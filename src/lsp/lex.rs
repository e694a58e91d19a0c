//! A forgiving scanner of policy text for the editor: words, strings,
//! comments and punctuation, on any text, parsed or not. The parser decides
//! what a file means; this only finds the word under the cursor, the words
//! that may name a declaration, and what to colour.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A word of the grammar (`policy`, `when`, `the`, `outcome`).
    Keyword,
    /// Any other word: a name, a reference, a code, a country, an element.
    Word,
    /// `2025-12-01`
    Date,
    /// `14`, `0.05`
    Number,
    /// `0.1%`
    Percent,
    /// `"…"`, escapes included; it may span lines.
    String,
    /// `# …` to the end of the line.
    Comment,
    /// `,`, `(`, `)` and anything else.
    Punct,
}

/// One token: its class and byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub class: Class,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Every word the grammar (`grammar/edict.pest`) spells out; a unit test
/// keeps the list in step with the grammar.
pub const KEYWORDS: &[&str] = &[
    "a",
    "after",
    "aggregate",
    "alternative",
    "amendment",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "authority",
    "before",
    "below",
    "by",
    "category",
    "changes",
    "cite",
    "class",
    "classed",
    "component",
    "components",
    "containing",
    "contains",
    "country",
    "date",
    "destination",
    "directly",
    "end",
    "exempts",
    "export",
    "exporter",
    "exporter's",
    "extends",
    "false",
    "for",
    "force",
    "from",
    "group",
    "has",
    "in",
    "includes",
    "indirectly",
    "individually",
    "is",
    "issued",
    "it",
    "item",
    "item's",
    "jurisdiction",
    "kind",
    "least",
    "less",
    "licence",
    "list",
    "listing's",
    "made",
    "more",
    "most",
    "new",
    "not",
    "note",
    "of",
    "on",
    "or",
    "originates",
    "originating",
    "outcome",
    "outside",
    "owned",
    "ownership",
    "parties",
    "policy",
    "quote",
    "raises",
    "read",
    "reading",
    "replaces",
    "required",
    "rule",
    "shipment's",
    "source",
    "stricter",
    "suspends",
    "technology",
    "than",
    "the",
    "threshold",
    "through",
    "title",
    "to",
    "true",
    "until",
    "use",
    "user",
    "user's",
    "value",
    "when",
    "whichever",
    "window",
    "with",
    "yields",
];

/// Whether `word` is spelled out by the grammar.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.binary_search(&word).is_ok()
}

fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'\'')
}

/// The tokens of `text`, in order. Linear in the text; never fails.
pub fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let class = if b.is_ascii_whitespace() {
            i += 1;
            continue;
        } else if b == b'#' {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            Class::Comment
        } else if b == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(bytes.len());
            Class::String
        } else if word_byte(b) && b != b'\'' && b != b'.' {
            while i < bytes.len() && word_byte(bytes[i]) {
                i += 1;
            }
            // A sentence's full stop or a closing quote is not part of the word.
            while i > start + 1 && matches!(bytes[i - 1], b'.' | b'\'') {
                i -= 1;
            }
            classify(&text[start..i], bytes.get(i) == Some(&b'%'))
        } else {
            // One character, whatever its length.
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            Class::Punct
        };
        if class == Class::Percent {
            i += 1;
        }
        out.push(Token { class, start, end: i });
    }
    out
}

fn classify(word: &str, before_percent: bool) -> Class {
    let b = word.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    let number = {
        let unsigned = word.strip_prefix('-').unwrap_or(word).as_bytes();
        match unsigned.iter().position(|&c| c == b'.') {
            Some(dot) => digits(&unsigned[..dot]) && digits(&unsigned[dot + 1..]),
            None => digits(unsigned),
        }
    };
    if b.len() == 10 && digits(&b[0..4]) && b[4] == b'-' && digits(&b[5..7]) && b[7] == b'-' && digits(&b[8..]) {
        Class::Date
    } else if number && before_percent {
        Class::Percent
    } else if number {
        Class::Number
    } else if is_keyword(word) {
        Class::Keyword
    } else {
        Class::Word
    }
}

/// The index of the token that contains byte `offset`, or ends at it (the
/// cursor just after a word is on it).
pub fn at(tokens: &[Token], offset: usize) -> Option<usize> {
    let i = tokens.partition_point(|t| t.end < offset);
    tokens.get(i).filter(|t| t.start <= offset).map(|_| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(text: &str) -> Vec<(Class, &str)> {
        tokens(text).iter().map(|t| (t.class, &text[t.start..t.end])).collect()
    }

    #[test]
    fn words_dates_percents_strings_and_comments() {
        use Class::*;
        assert_eq!(
            classes("rule x \"Art. 1\" # c\n when the item's value is at least 0.1% of cn-61.part-1, 2025-12-01."),
            vec![
                (Keyword, "rule"),
                (Word, "x"),
                (String, "\"Art. 1\""),
                (Comment, "# c"),
                (Keyword, "when"),
                (Keyword, "the"),
                (Keyword, "item's"),
                (Keyword, "value"),
                (Keyword, "is"),
                (Keyword, "at"),
                (Keyword, "least"),
                (Percent, "0.1%"),
                (Keyword, "of"),
                (Word, "cn-61.part-1"),
                (Punct, ","),
                (Date, "2025-12-01"),
                (Punct, "."),
            ]
        );
        // An unterminated string runs to the end; a lone quote is punctuation.
        assert_eq!(classes("\"稀 \\\""), vec![(String, "\"稀 \\\"")]);
        assert_eq!(classes("'"), vec![(Punct, "'")]);
    }

    #[test]
    fn the_keyword_list_is_sorted_and_spells_every_word_of_the_grammar() {
        assert!(
            KEYWORDS.windows(2).all(|w| w[0] < w[1]),
            "sorted, for the binary search"
        );
        let grammar = include_str!("../../grammar/edict.pest");
        // The grammar's quoted literals (`"\""` and `"\\"` are escapes), outside comments.
        let mut missing = Vec::new();
        for line in grammar.lines().filter(|l| !l.trim_start().starts_with("//")) {
            let mut rest = line;
            while let Some(open) = rest.find('"') {
                let after = &rest[open + 1..];
                let close = after.find(['"', '\\']).unwrap_or(after.len());
                let literal = &after[..close];
                rest = after.get(close + 1..).unwrap_or("");
                if after[close..].starts_with('\\') {
                    // `"\""` or `"\\"`: skip the escape and the closing quote.
                    rest = after.get(close + 3..).unwrap_or("");
                    continue;
                }
                if literal.bytes().next().is_some_and(|b| b.is_ascii_lowercase()) && !is_keyword(literal) {
                    missing.push(literal.to_string());
                }
            }
        }
        assert!(
            !missing.is_empty() || grammar.contains("\"policy\""),
            "the scan finds literals"
        );
        assert!(missing.is_empty(), "grammar words not in KEYWORDS: {missing:?}");
    }
}
