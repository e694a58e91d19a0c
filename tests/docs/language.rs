//! `docs/language.md` against the grammar and the checker: every `edict`
//! block parses and checks together with the bundled library, every rule
//! of `grammar/edict.pest` is used by some block, every word of the grammar
//! appears in one, and every reserved word is listed.

use std::collections::BTreeSet;

use pest::Parser;

use super::read;

/// The grammar itself, compiled again here so that the test can see which
/// rules each example uses (the library's parser keeps its rules private).
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/edict.pest"]
struct Grammar;

/// Rules that never appear in a parse tree, with the reason.
const NOT_IN_PARSE_TREES: &[(&str, &str)] = &[("keyword", "used only in a negative look-ahead (`!keyword`)")];

/// The item keywords that open a line (as `syntax::split_items` reads them).
const ITEM_KEYWORDS: &[&str] = &[
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

/// An ```edict block: its first line in the document and its text.
struct Block {
    line: usize,
    text: String,
}

fn blocks(doc: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for (i, line) in doc.lines().enumerate() {
        match &mut current {
            None if line.trim_end() == "```edict" => {
                current = Some(Block {
                    line: i + 2,
                    text: String::new(),
                })
            }
            None => {}
            Some(_) if line.trim_end() == "```" => out.extend(current.take()),
            Some(block) => {
                block.text.push_str(line);
                block.text.push('\n');
            }
        }
    }
    assert!(current.is_none(), "an ```edict block is not closed");
    out
}

/// Whether the block is a whole policy file (its first line that is not a
/// comment opens the header).
fn is_whole_file(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.starts_with("policy "))
}

/// The block as a policy file: as it is, or behind a header.
fn as_file(block: &Block) -> String {
    if is_whole_file(&block.text) {
        return block.text.clone();
    }
    format!(
        "policy docs-language-line-{}\n  title \"An example of docs/language.md\"\n  authority \"edict documentation\"\n  issued 2025-01-01\n\n{}",
        block.line, block.text
    )
}

#[test]
fn every_example_parses_and_checks_with_the_bundled_library() {
    let doc = read("docs/language.md");
    let blocks = blocks(&doc);
    assert!(blocks.len() >= 15, "only {} edict blocks found", blocks.len());
    for block in &blocks {
        let mut sources = edict::bundled::sources();
        sources.add(format!("docs/language.md:{}", block.line), as_file(block));
        let loaded = edict::load::load(sources);
        let messages: Vec<String> = loaded
            .diagnostics
            .iter()
            .map(|d| edict::diagnostics::render_plain(d.as_ref()))
            .collect();
        assert!(
            loaded.set.is_some() && messages.is_empty(),
            "the example at docs/language.md line {} does not check:\n{}",
            block.line,
            messages.join("\n")
        );
    }
}

/// The header and items of a policy file, split where the library splits
/// them (an item keyword at the start of a line; `policy` opens the header),
/// each with the grammar rule it is parsed with.
fn pieces(file: &str) -> Vec<(Rule, String)> {
    let mut out: Vec<(Rule, String)> = vec![(Rule::header, String::new())];
    for line in file.split_inclusive('\n') {
        let opens = ITEM_KEYWORDS.iter().any(|k| {
            line.strip_prefix(k)
                .is_some_and(|rest| rest.starts_with([' ', '\t', '\n']))
        });
        if opens && !line.starts_with("policy ") {
            out.push((Rule::item, String::new()));
        }
        if let Some((_, text)) = out.last_mut() {
            text.push_str(line);
        }
    }
    out
}

/// The names of every rule used in parsing the examples.
fn rules_used(blocks: &[Block]) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for block in blocks {
        for (rule, text) in pieces(&as_file(block)) {
            let pairs = Grammar::parse(rule, &text)
                .unwrap_or_else(|e| panic!("docs/language.md line {}: {e}\n{text}", block.line));
            used.extend(pairs.flatten().map(|p| format!("{:?}", p.as_rule())));
        }
    }
    used
}

/// The grammar's rules that can appear in a parse tree: every rule but
/// silent ones (`_{ … }`).
fn grammar_rules(grammar: &str) -> Vec<String> {
    grammar
        .lines()
        .filter_map(|line| {
            let (name, body) = line.split_once('=')?;
            let name = name.trim();
            let is_rule = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            (is_rule && !body.trim_start().starts_with("_{")).then(|| name.to_string())
        })
        .collect()
}

#[test]
fn every_grammar_rule_is_used_by_an_example() {
    let grammar = read("grammar/edict.pest");
    let rules = grammar_rules(&grammar);
    assert!(rules.len() >= 80, "only {} rules read from the grammar", rules.len());
    let used = rules_used(&blocks(&read("docs/language.md")));
    let unused: Vec<&String> = rules
        .iter()
        .filter(|r| !used.contains(*r) && !NOT_IN_PARSE_TREES.iter().any(|(n, _)| n == r))
        .collect();
    assert!(
        unused.is_empty(),
        "grammar rules no example of docs/language.md uses: {unused:?}; add an example of each \
         (or, for a rule that can never appear in a parse tree, list it in NOT_IN_PARSE_TREES)"
    );
}

/// The body of rule `name`: from its `=` to the line that closes it.
fn rule_body<'g>(grammar: &'g str, name: &str) -> &'g str {
    let start = grammar
        .find(&format!("\n{name} = "))
        .unwrap_or_else(|| panic!("no rule `{name}` in the grammar"));
    let body = &grammar[start + 1..];
    let end = body.find("\n}").map_or(body.len(), |e| e + 2);
    &body[..end]
}

/// The quoted literals of grammar text that are words (`"listing's"`,
/// `"or"`), read with the grammar's escapes (`"\\""`).
fn words(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut literal = String::new();
        while let Some(c) = chars.next() {
            match c {
                // An escape (`\"`, `\t`) is never part of a word.
                '\\' => literal.extend(['\\'].into_iter().chain(chars.next())),
                '"' => break,
                c => literal.push(c),
            }
        }
        if !literal.is_empty() && literal.chars().all(|c| c.is_ascii_alphabetic() || c == '\'') {
            out.insert(literal);
        }
    }
    out
}

#[test]
fn every_word_of_the_grammar_appears_in_an_example() {
    let grammar = read("grammar/edict.pest");
    // Doc comments quote examples; only the rules' literals count.
    let code: String = grammar
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .map(|l| format!("{l}\n"))
        .collect();
    // The reserved words are checked by `every_reserved_word_is_listed`.
    let rules_only = code
        .replace(rule_body(&code, "keyword"), "")
        .replace(rule_body(&code, "code_keyword"), "");
    let literals = words(&rules_only);
    assert!(
        literals.len() >= 50,
        "only {} words read from the grammar",
        literals.len()
    );
    let examples: BTreeSet<String> = blocks(&read("docs/language.md"))
        .iter()
        .flat_map(|b| {
            b.text
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || c == '-' || c == '_'))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let missing: Vec<&String> = literals.iter().filter(|w| !examples.contains(*w)).collect();
    assert!(
        missing.is_empty(),
        "words of the grammar no example of docs/language.md uses: {missing:?}"
    );
}

#[test]
fn every_reserved_word_is_listed() {
    let grammar = read("grammar/edict.pest");
    let reserved = words(rule_body(&grammar, "keyword"));
    assert!(reserved.len() >= 30);
    let doc = read("docs/language.md");
    let listed_at = doc.find("**Reserved words**").expect("a **Reserved words** paragraph");
    let paragraph = doc[listed_at..].split("\n\n").next().unwrap_or_default();
    let listed: BTreeSet<String> = paragraph.split('`').skip(1).step_by(2).map(str::to_string).collect();
    let missing: Vec<&String> = reserved.difference(&listed).collect();
    let stale: Vec<&String> = listed.difference(&reserved).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "docs/language.md, Reserved words: add {missing:?}, remove {stale:?}"
    );
}

/// The test-file grammar, compiled here for the same reason as [`Grammar`].
mod suite_grammar {
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/suite.pest"]
    pub struct Suite;
}

/// The ```edict-test blocks: whole test files.
fn test_blocks(doc: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for (i, line) in doc.lines().enumerate() {
        match &mut current {
            None if line.trim_end() == "```edict-test" => {
                current = Some(Block {
                    line: i + 2,
                    text: String::new(),
                })
            }
            None => {}
            Some(_) if line.trim_end() == "```" => out.extend(current.take()),
            Some(block) => {
                block.text.push_str(line);
                block.text.push('\n');
            }
        }
    }
    out
}

#[test]
fn every_test_file_example_parses_and_uses_every_rule_of_its_grammar() {
    use suite_grammar::{Rule as SuiteRule, Suite};
    let blocks = test_blocks(&read("docs/language.md"));
    assert!(blocks.len() >= 2, "only {} edict-test blocks found", blocks.len());
    let mut used = BTreeSet::new();
    for block in &blocks {
        let mut sources = edict::source::SourceMap::new();
        let id = sources.add(format!("docs/language.md:{}", block.line), block.text.clone());
        let (file, errors) = edict::syntax::suite::parse_suite(&sources, id);
        let checked = edict::check::suite::check_file(&sources, &file);
        assert!(
            errors.is_empty() && checked.is_empty(),
            "the test file at docs/language.md line {} does not parse or check: {errors:?} {checked:?}",
            block.line
        );
        let masked = edict::syntax::suite::mask_inline_facts(&block.text).expect("braces closed");
        let mut pieces = vec![String::new()];
        for line in masked.split_inclusive('\n') {
            if line.starts_with("test ") {
                pieces.push(String::new());
            }
            if let Some(last) = pieces.last_mut() {
                last.push_str(line);
            }
        }
        for (i, piece) in pieces.iter().enumerate() {
            let rule = if i == 0 {
                SuiteRule::suite_header
            } else {
                SuiteRule::test
            };
            let pairs = Suite::parse(rule, piece).unwrap_or_else(|e| panic!("line {}: {e}", block.line));
            used.extend(pairs.flatten().map(|p| format!("{:?}", p.as_rule())));
        }
    }
    let grammar = read("grammar/suite.pest");
    let rules = grammar_rules(&grammar);
    assert!(
        rules.len() >= 15,
        "only {} rules read from the test grammar",
        rules.len()
    );
    let unused: Vec<&String> = rules.iter().filter(|r| !used.contains(*r)).collect();
    assert!(
        unused.is_empty(),
        "rules of grammar/suite.pest no edict-test block of docs/language.md uses: {unused:?}"
    );
}
