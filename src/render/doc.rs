//! The document model the renderer builds once and writes twice (Markdown,
//! HTML). Text is kept unescaped here; each writer escapes for its format.

/// Where a link points: an anchor in the document of one policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The id of the policy whose document holds the anchor.
    pub doc: String,
    /// The anchor (an HTML id).
    pub anchor: String,
}

/// A run of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// An identifier or code, set in monospace.
    Code(String),
    /// Bold text.
    Strong(Vec<Inline>),
    /// A link to a definition or a rule.
    Link(Target, Vec<Inline>),
    /// An external address, linked only when it is `http(s)`.
    Url(String),
}

/// Plain text as an inline.
pub fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

/// Code as an inline.
pub fn code(s: impl Into<String>) -> Inline {
    Inline::Code(s.into())
}

/// Bold plain text as an inline.
pub fn strong(s: impl Into<String>) -> Inline {
    Inline::Strong(vec![text(s)])
}

/// What the literate text beside a rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsideKind {
    /// The words of the law.
    Quote,
    /// The encoder's note.
    Note,
    /// An interpretive choice.
    Reading,
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading; level 1 is a policy's title.
    Heading {
        /// 1 to 4.
        level: u8,
        /// The anchor links point at.
        anchor: Option<String>,
        /// The heading text.
        content: Vec<Inline>,
    },
    /// A paragraph.
    Para(Vec<Inline>),
    /// Labelled values (a policy's header).
    Fields(Vec<(String, Vec<Inline>)>),
    /// A bulleted list; each item is a list of blocks.
    List(Vec<Vec<Block>>),
    /// Conditions lettered (a), (b), …; the letters are in the text.
    Clauses(Vec<Vec<Block>>),
    /// Defined terms: (anchor, term, definition).
    Terms(Vec<(String, Vec<Inline>, Vec<Inline>)>),
    /// Literate text: a quote of the law, a note or a reading.
    Aside {
        /// Which.
        kind: AsideKind,
        /// A label (`Reading A-ROLLUP`).
        label: Vec<Inline>,
        /// The text; a quote keeps its line breaks.
        body: Vec<Inline>,
        /// For a reading, the alternative not taken.
        alternative: Option<String>,
        /// For a reading whose alternative is executable, each text of the
        /// item as chosen beside the text it reads under the alternative.
        substitutions: Vec<(String, String)>,
    },
    /// A definition or a rule: its main text with literate text beside it.
    Entry {
        /// The anchor links point at.
        anchor: String,
        /// The heading and body.
        main: Vec<Block>,
        /// Quotes, notes and readings.
        aside: Vec<Block>,
    },
    /// A part of a policy's document (rules, categories, …).
    Section {
        /// The anchor of the section.
        anchor: String,
        /// The section heading.
        title: String,
        /// What it holds.
        blocks: Vec<Block>,
    },
}

/// The document of one policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyDoc {
    /// The policy id (and the anchor of the document).
    pub id: String,
    /// The heading: the citation, or the title.
    pub heading: String,
    /// The title, for a table of contents.
    pub title: String,
    /// Everything under the heading.
    pub blocks: Vec<Block>,
    /// The rules, as (anchor, label), for a table of contents.
    pub contents: Vec<(String, String)>,
}
