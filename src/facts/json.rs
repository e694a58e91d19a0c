//! A small pull parser over JSON text that knows where everything is.
//!
//! The loader drives it to decode the facts straight into typed structs
//! (no intermediate tree), and [`super::source`] drives it to find the span of
//! a JSON path when a later stage reports an error. It never recurses, so no
//! input can overflow the stack, and it never panics.

use std::borrow::Cow;

use miette::SourceSpan;

/// A byte range in the facts text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn source_span(self) -> SourceSpan {
        SourceSpan::new(self.start.into(), self.end.saturating_sub(self.start))
    }
}

/// Text that is not JSON, with where it goes wrong.
#[derive(Debug)]
pub(crate) struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// Boxed, so that the results the parser returns millions of times are
/// only as large as their values (a syntax error happens once, if at all).
pub(crate) type PResult<T> = Result<T, Box<SyntaxError>>;

/// The kind of the next JSON value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

/// A JSON value read as a scalar; objects and arrays are skipped over.
#[derive(Debug)]
pub(crate) enum Value<'a> {
    Str(Cow<'a, str>),
    /// The number's text, exactly as written.
    Num(&'a str),
    Bool(bool),
    Null,
    Object,
    Array,
}

impl Value<'_> {
    /// How a message names this value: "the number `480.0`".
    pub fn describe(&self) -> String {
        match self {
            Value::Str(s) => format!("the string `{:?}`", Shorten(s)),
            Value::Num(n) => format!("the number `{}`", Shorten(n)),
            Value::Bool(b) => format!("`{b}`"),
            Value::Null => "`null`".to_string(),
            Value::Object => "an object".to_string(),
            Value::Array => "an array".to_string(),
        }
    }
}

/// A string cut to a length that fits in a message.
pub(crate) struct Shorten<'s>(pub &'s str);

impl Shorten<'_> {
    const MAX: usize = 40;

    fn cut(&self) -> (&str, bool) {
        match self.0.char_indices().nth(Self::MAX) {
            Some((at, _)) => (self.0.get(..at).unwrap_or(self.0), true),
            None => (self.0, false),
        }
    }
}

impl std::fmt::Display for Shorten<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (text, cut) = self.cut();
        f.write_str(text)?;
        if cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl std::fmt::Debug for Shorten<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (text, cut) = self.cut();
        write!(f, "\"{}{}\"", escape(text), if cut { "…" } else { "" })
    }
}

/// `text` escaped as inside a JSON string (without the quotes).
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c == '"' || c == '\\' || c.is_control()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A JSON value read by [`Parser::value`], with its span.
#[derive(Debug)]
pub(crate) struct Scalar<'a> {
    pub value: Value<'a>,
    pub span: Span,
}

/// A cursor over JSON text.
pub(crate) struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    /// A parser at the start of `text` (after a byte-order mark, if any).
    pub fn new(text: &'a str) -> Self {
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Parser {
            text,
            bytes: text.as_bytes(),
            pos,
        }
    }

    /// A parser at byte `pos` of `text`.
    pub fn at(text: &'a str, pos: usize) -> Self {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos,
        }
    }

    fn byte(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.byte() {
            self.pos += 1;
        }
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or("")
    }

    /// The span of the character at the cursor (empty at the end).
    fn here(&self) -> Span {
        let len = self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
        Span::new(self.pos, self.pos + len)
    }

    /// What is at the cursor, for a message.
    fn found(&self) -> String {
        match self.text.get(self.pos..).and_then(|rest| rest.chars().next()) {
            None => "the end of the file".to_string(),
            Some(c) if c.is_control() => format!("`{}`", c.escape_unicode()),
            Some(c) => format!("`{c}`"),
        }
    }

    #[cold]
    pub(crate) fn fail<T>(&self, message: impl Into<String>) -> PResult<T> {
        Err(Box::new(SyntaxError {
            span: self.here(),
            message: message.into(),
        }))
    }

    /// The kind of the next value (skipping whitespace).
    pub fn peek(&mut self) -> PResult<Kind> {
        self.skip_ws();
        match self.byte() {
            Some(b'{') => Ok(Kind::Object),
            Some(b'[') => Ok(Kind::Array),
            Some(b'"') => Ok(Kind::String),
            Some(b'-' | b'0'..=b'9') => Ok(Kind::Number),
            Some(b't' | b'f') => Ok(Kind::Bool),
            Some(b'n') => Ok(Kind::Null),
            _ => self.fail(format!("expected a JSON value, found {}", self.found())),
        }
    }

    /// The position of the cursor.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The position of the next non-whitespace character.
    pub fn next_pos(&mut self) -> usize {
        self.skip_ws();
        self.pos
    }

    fn expect_byte(&mut self, b: u8, what: &str) -> PResult<Span> {
        self.skip_ws();
        if self.byte() == Some(b) {
            self.pos += 1;
            Ok(Span::new(self.pos - 1, self.pos))
        } else {
            self.fail(format!("expected {what}, found {}", self.found()))
        }
    }

    /// Consumes the `{` that opens an object.
    pub fn begin_object(&mut self) -> PResult<Span> {
        self.expect_byte(b'{', "`{`")
    }

    /// Consumes the `[` that opens an array.
    pub fn begin_array(&mut self) -> PResult<Span> {
        self.expect_byte(b'[', "`[`")
    }

    /// Moves to the value of the next key of the current object, or past its
    /// `}` (then `None`). `first` starts `true` for each object.
    pub fn next_key(&mut self, first: &mut bool) -> PResult<Option<(Cow<'a, str>, Span)>> {
        if !self.next_entry(first)? {
            return Ok(None);
        }
        self.key().map(Some)
    }

    /// Moves to the opening quote of the next key of the current object
    /// (`true`), or past its `}` (`false`). `first` starts `true` for each
    /// object. The key is then read by [`Parser::key`] or
    /// [`Parser::known_key`].
    pub fn next_entry(&mut self, first: &mut bool) -> PResult<bool> {
        // The usual case first: `, "` or `,"` straight after the last value.
        if !*first && self.byte() == Some(b',') {
            let space = usize::from(self.bytes.get(self.pos + 1) == Some(&b' '));
            let key = self.pos + 1 + space;
            if self.bytes.get(key) == Some(&b'"') {
                self.pos = key;
                return Ok(true);
            }
        }
        self.skip_ws();
        if self.byte() == Some(b'}') {
            self.pos += 1;
            return Ok(false);
        }
        if !*first {
            if self.byte() != Some(b',') {
                return self.fail(format!(
                    "expected `,` or `}}` after an object entry, found {}",
                    self.found()
                ));
            }
            self.pos += 1;
            self.skip_ws();
        }
        *first = false;
        if self.byte() != Some(b'"') {
            return self.fail(format!("expected a key in double quotes, found {}", self.found()));
        }
        Ok(true)
    }

    /// Reads the key at the cursor and moves to its value.
    pub fn key(&mut self) -> PResult<(Cow<'a, str>, Span)> {
        let start = self.pos;
        let key = match self.plain_string() {
            Some((text, span)) => (Cow::Borrowed(text), span),
            None => self.escaped_string(start, start + 1)?,
        };
        self.colon()?;
        Ok(key)
    }

    /// If the key at the cursor is `name` written without escapes, moves to
    /// its value and returns the key's span. Objects of a known shape have
    /// a handful of possible keys, and comparing the text with each costs
    /// less than reading the key as a string and then looking it up.
    pub fn known_key(&mut self, name: &str) -> PResult<Option<Span>> {
        let start = self.pos;
        let after = start + 1 + name.len();
        let same = self.bytes.get(start + 1..after).is_some_and(|text| {
            // Byte by byte: keys are a few bytes long, shorter than the cost
            // of a call to `memcmp`.
            text.iter().zip(name.as_bytes()).all(|(a, b)| a == b)
        });
        if !same || self.bytes.get(after) != Some(&b'"') {
            return Ok(None);
        }
        self.pos = after + 1;
        self.colon()?;
        Ok(Some(Span::new(start, after + 1)))
    }

    /// Moves past the `:` after a key and the space around it.
    fn colon(&mut self) -> PResult<()> {
        // The usual case first: `: ` or `:` straight after the key, then
        // the value.
        if self.byte() == Some(b':') {
            self.pos += 1;
            if self.byte() == Some(b' ') {
                self.pos += 1;
            }
            self.skip_ws();
            return Ok(());
        }
        self.skip_ws();
        if self.byte() != Some(b':') {
            return self.fail(format!("expected `:` after the key, found {}", self.found()));
        }
        self.pos += 1;
        self.skip_ws();
        Ok(())
    }

    /// Moves to the next element of the current array (`true`), or past its
    /// `]` (`false`). `first` starts `true` for each array.
    pub fn next_element(&mut self, first: &mut bool) -> PResult<bool> {
        self.skip_ws();
        if self.byte() == Some(b']') {
            self.pos += 1;
            return Ok(false);
        }
        if !*first {
            if self.byte() != Some(b',') {
                return self.fail(format!(
                    "expected `,` or `]` after an array element, found {}",
                    self.found()
                ));
            }
            self.pos += 1;
            self.skip_ws();
            if self.byte() == Some(b']') {
                return self.fail("expected a JSON value after `,`, found `]`");
            }
        }
        *first = false;
        Ok(true)
    }

    /// Reads the next value when it is a string without escapes (nearly
    /// every string of a facts file): its text, borrowed, and its span.
    /// Otherwise returns `None` with the cursor where it was, for
    /// [`Parser::string`] or [`Parser::value`] to read the value and report
    /// what is wrong with it.
    pub fn plain_string_value(&mut self) -> Option<(&'a str, Span)> {
        let back = self.pos;
        self.skip_ws();
        if self.byte() == Some(b'"') {
            if let Some(found) = self.plain_string() {
                return Some(found);
            }
        }
        self.pos = back;
        None
    }

    /// Reads a string, borrowing it from the text when it has no escapes.
    pub fn string(&mut self) -> PResult<(Cow<'a, str>, Span)> {
        self.skip_ws();
        let start = self.pos;
        if self.byte() != Some(b'"') {
            return self.fail(format!("expected a string, found {}", self.found()));
        }
        match self.plain_string() {
            Some((text, span)) => Ok((Cow::Borrowed(text), span)),
            None => self.escaped_string(start, start + 1),
        }
    }

    /// Reads the string that opens at the cursor (on its `"`) when it needs
    /// no escape: its text, borrowed, and its span. Otherwise returns `None`
    /// with the cursor where the plain run stopped, for [`Self::escaped_string`].
    fn plain_string(&mut self) -> Option<(&'a str, Span)> {
        let start = self.pos;
        self.pos += 1;
        self.plain_run();
        if self.byte() != Some(b'"') {
            return None;
        }
        self.pos += 1;
        Some((self.slice(start + 1, self.pos - 1), Span::new(start, self.pos)))
    }

    /// The rest of a string that opens at `start` and needs more than a
    /// plain run (an escape, or an error); the cursor is where the plain
    /// run from `content` stopped. Kept apart so that the plain case stays
    /// small.
    #[cold]
    #[inline(never)]
    fn escaped_string(&mut self, start: usize, content: usize) -> PResult<(Cow<'a, str>, Span)> {
        let mut out = String::from(self.slice(content, self.pos));
        loop {
            match self.byte() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok((Cow::Owned(out), Span::new(start, self.pos)));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape_into(&mut out)?;
                }
                None => {
                    return Err(Box::new(SyntaxError {
                        span: Span::new(start, start + 1),
                        message: "this string is never closed".to_string(),
                    }))
                }
                Some(b'\n' | b'\r') => {
                    return Err(Box::new(SyntaxError {
                        span: Span::new(start, start + 1),
                        message: "this string is not closed on its line (write a line break inside a string as `\\n`)"
                            .to_string(),
                    }))
                }
                Some(_) => {
                    let run = self.pos;
                    self.plain_run();
                    if self.pos == run {
                        return self.fail(format!(
                            "control character {} in a string (write it as an escape such as `\\n`)",
                            self.found()
                        ));
                    }
                    out.push_str(self.slice(run, self.pos));
                }
            }
        }
    }

    /// Moves over characters that need no attention inside a string.
    fn plain_run(&mut self) {
        self.pos += crate::json_plain::plain_prefix(self.bytes.get(self.pos..).unwrap_or_default());
    }

    fn escape_into(&mut self, out: &mut String) -> PResult<()> {
        let c = match self.byte() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                out.push(self.unicode_escape()?);
                return Ok(());
            }
            _ => return self.fail(format!("invalid escape `\\` followed by {}", self.found())),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> PResult<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4).unwrap_or(&[]);
        let text = std::str::from_utf8(digits).unwrap_or("");
        match u32::from_str_radix(text, 16) {
            Ok(n) if text.len() == 4 && text.bytes().all(|b| b.is_ascii_hexdigit()) => {
                self.pos += 4;
                Ok(n)
            }
            _ => self.fail("expected four hex digits after `\\u`"),
        }
    }

    fn unicode_escape(&mut self) -> PResult<char> {
        let start = self.pos.saturating_sub(2);
        let high = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&high) {
            if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u".as_slice()) {
                return self.bad_escape(start);
            }
            self.pos += 2;
            let low = self.hex4()?;
            if !(0xDC00..0xE000).contains(&low) {
                return self.bad_escape(start);
            }
            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        } else {
            high
        };
        match char::from_u32(code) {
            Some(c) => Ok(c),
            None => self.bad_escape(start),
        }
    }

    fn bad_escape<T>(&self, start: usize) -> PResult<T> {
        Err(Box::new(SyntaxError {
            span: Span::new(start, self.pos),
            message: "unpaired UTF-16 surrogate in a `\\u` escape".to_string(),
        }))
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.byte() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn expect_digits(&mut self, after: &str) -> PResult<()> {
        if self.digits() == 0 {
            return self.fail(format!("expected a digit {after}, found {}", self.found()));
        }
        Ok(())
    }

    /// Reads a number and returns its text.
    pub fn number(&mut self) -> PResult<(&'a str, Span)> {
        self.skip_ws();
        let start = self.pos;
        if self.byte() == Some(b'-') {
            self.pos += 1;
        }
        match self.byte() {
            Some(b'0') => self.pos += 1,
            _ => self.expect_digits("in the number")?,
        }
        if self.byte() == Some(b'.') {
            self.pos += 1;
            self.expect_digits("after the decimal point")?;
        }
        if let Some(b'e' | b'E') = self.byte() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.byte() {
                self.pos += 1;
            }
            self.expect_digits("in the exponent")?;
        }
        Ok((self.slice(start, self.pos), Span::new(start, self.pos)))
    }

    fn literal(&mut self) -> PResult<(Value<'a>, Span)> {
        self.skip_ws();
        let start = self.pos;
        let rest = self.bytes.get(self.pos..).unwrap_or(&[]);
        for (word, value) in [
            ("true", Value::Bool(true)),
            ("false", Value::Bool(false)),
            ("null", Value::Null),
        ] {
            if rest.starts_with(word.as_bytes()) {
                self.pos += word.len();
                return Ok((value, Span::new(start, self.pos)));
            }
        }
        self.fail(format!("expected a JSON value, found {}", self.found()))
    }

    /// Reads the next value; an object or array is skipped and only its kind
    /// and span are returned.
    pub fn value(&mut self) -> PResult<Scalar<'a>> {
        let (value, span) = match self.peek()? {
            Kind::String => {
                let (s, span) = self.string()?;
                (Value::Str(s), span)
            }
            Kind::Number => {
                let (n, span) = self.number()?;
                (Value::Num(n), span)
            }
            Kind::Bool | Kind::Null => self.literal()?,
            Kind::Object => (Value::Object, self.skip_value()?),
            Kind::Array => (Value::Array, self.skip_value()?),
        };
        Ok(Scalar { value, span })
    }

    /// Consumes `null` if it comes next.
    pub fn null(&mut self) -> PResult<bool> {
        if self.peek()? == Kind::Null {
            self.literal()?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Skips the next value, checking that it is well-formed JSON.
    pub fn skip_value(&mut self) -> PResult<Span> {
        self.skip_ws();
        let start = self.pos;
        let mut closers: Vec<u8> = Vec::new();
        loop {
            if self.open_container(&mut closers)? {
                continue;
            }
            // A value ended: close containers until one has more.
            loop {
                let Some(&closer) = closers.last() else {
                    return Ok(Span::new(start, self.pos));
                };
                self.skip_ws();
                match self.byte() {
                    Some(b',') => {
                        self.pos += 1;
                        if closer == b'}' {
                            self.key_colon()?;
                        }
                        break;
                    }
                    Some(b) if b == closer => {
                        self.pos += 1;
                        closers.pop();
                    }
                    _ => {
                        return self.fail(format!(
                            "expected `,` or `{}`, found {}",
                            char::from(closer),
                            self.found()
                        ))
                    }
                }
            }
        }
    }

    /// Reads a scalar or an empty container (`false`), or opens a non-empty
    /// container and pushes its closer (`true`).
    fn open_container(&mut self, closers: &mut Vec<u8>) -> PResult<bool> {
        match self.peek()? {
            Kind::Object => {
                self.pos += 1;
                self.skip_ws();
                if self.byte() == Some(b'}') {
                    self.pos += 1;
                    return Ok(false);
                }
                closers.push(b'}');
                self.key_colon()?;
                Ok(true)
            }
            Kind::Array => {
                self.pos += 1;
                self.skip_ws();
                if self.byte() == Some(b']') {
                    self.pos += 1;
                    return Ok(false);
                }
                closers.push(b']');
                Ok(true)
            }
            Kind::String => self.string().map(|_| false),
            Kind::Number => self.number().map(|_| false),
            Kind::Bool | Kind::Null => self.literal().map(|_| false),
        }
    }

    fn key_colon(&mut self) -> PResult<()> {
        self.skip_ws();
        if self.byte() != Some(b'"') {
            return self.fail(format!("expected a key in double quotes, found {}", self.found()));
        }
        self.string()?;
        self.expect_byte(b':', "`:` after the key")?;
        Ok(())
    }

    /// Checks that only whitespace follows the document.
    pub fn finish(&mut self) -> PResult<()> {
        self.skip_ws();
        if self.pos < self.bytes.len() {
            return self.fail(format!(
                "unexpected {} after the end of the JSON document",
                self.found()
            ));
        }
        Ok(())
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before.get(line_start..).map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip(text: &str) -> Result<Span, String> {
        let mut p = Parser::new(text);
        let span = p.skip_value().map_err(|e| e.message)?;
        p.finish().map_err(|e| e.message)?;
        Ok(span)
    }

    #[test]
    fn skips_well_formed_values() {
        for text in [
            "1",
            "-0.5e+10",
            "\"a\\\"b\\u00e9\\ud83d\\ude00\"",
            "[]",
            "{}",
            "[1, [2, {\"a\": [true, false, null]}], {}]",
            " {\"k\": {\"x\": []}} ",
        ] {
            assert!(skip(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn rejects_malformed_values() {
        for text in [
            "",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "[1 2]",
            "01",
            "1.",
            "-",
            "tru",
            "\"abc",
            "\"\\x\"",
            "\"\\ud800\"",
            "{a: 1}",
            "[",
            "{\"a\":1}}",
            "\"a\nb\"",
        ] {
            assert!(skip(text).is_err(), "{text}");
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let text = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(skip(&text).is_ok());
        assert!(skip(&"[".repeat(100_000)).is_err());
    }

    #[test]
    fn strings_decode_escapes() {
        let mut p = Parser::new("\"a\\n\\u00e9\\ud83d\\ude00\\/\"");
        let (s, span) = p.string().map_err(|e| e.message).unwrap_or_default();
        assert_eq!(s, "a\né😀/");
        assert_eq!(span, Span::new(0, 25));
    }

    #[test]
    fn strings_end_at_the_first_quote_at_any_offset() {
        // Every position of the closing quote, escape and control character
        // relative to the eight-byte words, and bytes >= 0x80 beside them.
        for len in 0..20 {
            let body = "é".repeat(len / 2) + &"x".repeat(len % 2);
            let text = format!("\"{body}\" \"tail\"");
            let mut p = Parser::new(&text);
            let (s, span) = p.string().map_err(|e| e.message).unwrap_or_default();
            assert_eq!(
                (s.as_ref(), span),
                (body.as_str(), Span::new(0, body.len() + 2)),
                "{text}"
            );
            let escaped = format!("\"{body}\\t{body}\"");
            let (s, _) = Parser::new(&escaped)
                .string()
                .map_err(|e| e.message)
                .unwrap_or_default();
            assert_eq!(s, format!("{body}\t{body}"));
            let control = format!("\"{body}\u{1f}\"");
            assert!(Parser::new(&control).string().is_err(), "{control:?}");
        }
    }

    #[test]
    fn line_and_column() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("ab", 0), (1, 1));
        assert_eq!(line_column("é\nx", 3), (2, 1));
    }
}
