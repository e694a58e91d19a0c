//! The Markdown writer (CommonMark with inline HTML anchors). Every piece
//! of text is escaped, so that a policy's words never turn into markup.

use super::doc::{Block, Inline, PolicyDoc, Target};

/// How links to another policy's document are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Every document is in the same file: `#anchor`.
    SameFile,
    /// One file per policy, `<policy-id>.md`, side by side.
    FilePerPolicy,
    /// No links: the linked words only (an editor's hover, where the
    /// anchors lead nowhere).
    None,
}

struct Writer<'a> {
    out: String,
    doc: &'a str,
    links: Links,
}

/// Writes one policy's document.
pub fn write(doc: &PolicyDoc, links: Links) -> String {
    let mut w = Writer {
        out: String::new(),
        doc: &doc.id,
        links,
    };
    w.out
        .push_str(&format!("# {}{}\n", anchor(&doc.id), escape(&doc.heading, true)));
    for b in &doc.blocks {
        w.out.push('\n');
        w.block(b, "");
    }
    w.out
}

/// `<a id="…"></a>`
fn anchor(id: &str) -> String {
    format!("<a id=\"{}\"></a>", super::html::escape(id))
}

/// Escapes Markdown punctuation; at the start of a line, also what would
/// open a block (`#`, `-`, `+`, `=`, `1.`).
pub fn escape(s: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at_start = line_start;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if at_start && c == ' ' {
            out.push(c);
            continue;
        }
        let block_opener = at_start && matches!(c, '-' | '+' | '=');
        let entity = c == '&' && looks_like_entity(chars.clone());
        if block_opener || entity || matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '~' | '|') {
            out.push('\\');
        }
        out.push(c);
        if at_start && c.is_ascii_digit() {
            // `1.` or `1)` opening a line would start a numbered list.
            while let Some(d) = chars.next_if(char::is_ascii_digit) {
                out.push(d);
            }
            if let Some(p) = chars.next_if(|p| matches!(p, '.' | ')')) {
                out.push('\\');
                out.push(p);
            }
        }
        at_start = false;
    }
    out
}

/// Whether the text after `&` would read as a character reference (`amp;`, `#38;`).
fn looks_like_entity(rest: impl Iterator<Item = char>) -> bool {
    let mut name = 0;
    for c in rest {
        match c {
            ';' => return name > 0,
            '#' if name == 0 => {}
            c if c.is_ascii_alphanumeric() && name < 32 => name += 1,
            _ => return false,
        }
    }
    false
}

impl Writer<'_> {
    fn href(&self, t: &Target) -> String {
        match self.links {
            Links::FilePerPolicy if t.doc != self.doc => format!("{}.md#{}", t.doc, t.anchor),
            _ => format!("#{}", t.anchor),
        }
    }

    /// Inlines; a line break inside a text becomes a hard break followed by `prefix`.
    fn inlines(&self, items: &[Inline], prefix: &str) -> String {
        let mut out = String::new();
        for i in items {
            match i {
                Inline::Text(t) => {
                    for (n, line) in t.split('\n').enumerate() {
                        if n > 0 {
                            out.push_str(&format!("\\\n{prefix}"));
                        }
                        out.push_str(&escape(line, n > 0));
                    }
                }
                Inline::Code(c) => out.push_str(&code(c)),
                Inline::Strong(inner) => out.push_str(&format!("**{}**", self.inlines(inner, prefix))),
                Inline::Link(_, inner) if self.links == Links::None => out.push_str(&self.inlines(inner, prefix)),
                Inline::Link(t, inner) => {
                    out.push_str(&format!("[{}]({})", self.inlines(inner, prefix), self.href(t)));
                }
                Inline::Url(u) if is_web_address(u) => out.push_str(&format!("<{u}>")),
                Inline::Url(u) => out.push_str(&escape(u, false)),
            }
        }
        out
    }

    /// A reading with an executable alternative: the chosen reading and the
    /// alternative side by side, then each text of the item as chosen beside
    /// what it reads under the alternative.
    fn side_by_side(
        &mut self,
        quoted: &str,
        (label, tag): (&str, &str),
        body: &[Inline],
        alt: &str,
        subs: &[(String, String)],
    ) {
        let cell = |s: String| s.replace('|', "\\|").replace("\\\n", " ").replace('\n', " ");
        let bare = quoted.trim_end();
        let body = cell(self.inlines(body, ""));
        let alt = cell(self.inlines(&[Inline::Text(alt.to_string())], ""));
        self.out.push_str(&format!(
            "{quoted}**{label}** (executable: `--reading {tag}=alternative`)\n{bare}\n{quoted}| Chosen | Alternative |\n{quoted}| --- | --- |\n{quoted}| {body} | {alt} |\n",
        ));
        for (chosen, alternative) in subs {
            let read = if alternative.trim().is_empty() {
                "struck out".to_string()
            } else {
                format!("read {}", cell(code(alternative)))
            };
            self.out
                .push_str(&format!("{quoted}| for {} | {read} |\n", cell(code(chosen))));
        }
    }

    fn block(&mut self, b: &Block, prefix: &str) {
        match b {
            Block::Heading {
                level,
                anchor: a,
                content,
            } => {
                let hashes = "#".repeat(usize::from(*level).clamp(1, 6));
                let a = a.as_deref().map(anchor).unwrap_or_default();
                let text = self.inlines(content, prefix);
                self.out.push_str(&format!("{prefix}{hashes} {a}{text}\n"));
            }
            Block::Para(content) => {
                let text = self.inlines(content, prefix);
                self.out.push_str(&format!("{prefix}{text}\n"));
            }
            Block::Fields(fields) => {
                let lines: Vec<String> = fields
                    .iter()
                    .map(|(label, value)| {
                        format!("{prefix}**{}:** {}", escape(label, false), self.inlines(value, prefix))
                    })
                    .collect();
                self.out.push_str(&lines.join("\\\n"));
                self.out.push('\n');
            }
            Block::List(items) | Block::Clauses(items) => self.list(items, prefix),
            Block::Terms(terms) => {
                for (a, term, definition) in terms {
                    let term = self.inlines(term, prefix);
                    let definition = self.inlines(definition, &format!("{prefix}  "));
                    self.out
                        .push_str(&format!("{prefix}- {}{term}: {definition}\n", anchor(a)));
                }
            }
            Block::Aside {
                kind: _,
                label,
                body,
                alternative,
                substitutions,
            } => {
                let quoted = format!("{prefix}> ");
                let label = self.inlines(label, &quoted);
                if let (false, Some(alt)) = (substitutions.is_empty(), alternative) {
                    let tag = match b {
                        Block::Aside { label, .. } => label.iter().find_map(|i| match i {
                            Inline::Code(c) => Some(c.clone()),
                            _ => None,
                        }),
                        _ => None,
                    };
                    self.side_by_side(
                        &quoted,
                        (&label, tag.as_deref().unwrap_or_default()),
                        body,
                        alt,
                        substitutions,
                    );
                    return;
                }
                let body = self.inlines(body, &quoted);
                self.out.push_str(&format!("{quoted}**{label}:** {body}\n"));
                if let Some(alt) = alternative {
                    let alt = self.inlines(&[Inline::Text(alt.clone())], &quoted);
                    let bare = quoted.trim_end();
                    self.out
                        .push_str(&format!("{bare}\n{quoted}*Alternative not taken:* {alt}\n"));
                }
            }
            Block::Entry { anchor: a, main, aside } => {
                let mut first = true;
                for m in main {
                    if !std::mem::take(&mut first) {
                        self.out.push('\n');
                    }
                    match m {
                        Block::Heading { level, content, .. } => self.block(
                            &Block::Heading {
                                level: *level,
                                anchor: Some(a.clone()),
                                content: content.clone(),
                            },
                            prefix,
                        ),
                        other => self.block(other, prefix),
                    }
                }
                for s in aside {
                    self.out.push('\n');
                    self.block(s, prefix);
                }
            }
            Block::Section {
                anchor: a,
                title,
                blocks,
            } => {
                self.out
                    .push_str(&format!("{prefix}## {}{}\n", anchor(a), escape(title, false)));
                for s in blocks {
                    self.out.push('\n');
                    self.block(s, prefix);
                }
            }
        }
    }

    fn list(&mut self, items: &[Vec<Block>], prefix: &str) {
        let inner = format!("{prefix}  ");
        for item in items {
            let mut first = true;
            for b in item {
                if std::mem::take(&mut first) {
                    let mut one = Writer {
                        out: String::new(),
                        doc: self.doc,
                        links: self.links,
                    };
                    one.block(b, &inner);
                    let text = one.out.strip_prefix(inner.as_str()).unwrap_or(&one.out);
                    self.out.push_str(&format!("{prefix}- {text}"));
                } else {
                    self.block(b, &inner);
                }
            }
        }
    }
}

/// `` `code` ``, fenced with more backquotes than it contains.
fn code(c: &str) -> String {
    let longest = c.split(|ch| ch != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if c.starts_with('`') || c.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{c}{pad}{fence}")
}

/// Whether `u` is an `http(s)` address safe to link.
pub fn is_web_address(u: &str) -> bool {
    let lower = u.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !u
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`'))
}
