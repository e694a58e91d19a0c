//! The tree-sitter grammar (`editors/tree-sitter-edict`, used by Neovim,
//! Helix and Zed) against every file the pest grammar accepts: the bundled
//! policies and their test files, the examples and drafts, and the test
//! cases that are not syntax errors. Each parses with no ERROR or MISSING
//! node; every capture class of `queries/highlights.scm` appears; and every
//! token of every file (every leaf of its tree, so every character that is
//! not white space) has exactly one capture: none is left plain, and no two
//! captures compete for one token, so the query means the same in editors
//! that let the first pattern win (Helix) and in those that let the last
//! win (Neovim).
//!
//! The corpus of `test/corpus/*.txt` (the format `tree-sitter test` reads)
//! is run here too, so that plain `cargo test` checks the grammar with no
//! Node.js or tree-sitter command line: the parser is the committed
//! `src/parser.c`, compiled by the grammar's Rust binding. Whether that file
//! is up to date with `grammar.js` is checked by
//! `editors/tree-sitter-edict/check.sh`, which .ci/run calls.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tree_sitter::{Node, Parser, Query, QueryCursor, StreamingIterator, Tree};

/// The words pest's `keyword` rule refuses as names (`grammar/edict.pest`).
const KEYWORDS: &[&str] = &[
    "individually",
    "alternative",
    "originating",
    "components",
    "containing",
    "technology",
    "ownership",
    "threshold",
    "whichever",
    "directly",
    "replaces",
    "exempts",
    "outcome",
    "outside",
    "parties",
    "reading",
    "through",
    "raises",
    "yields",
    "quote",
    "until",
    "from",
    "note",
    "when",
    "with",
    "and",
    "any",
    "are",
    "not",
    "the",
    "by",
    "in",
    "is",
    "of",
    "or",
    "to",
];

fn parser() -> Parser {
    let mut parser = Parser::new();
    parser.set_language(&tree_sitter_edict::LANGUAGE.into()).unwrap();
    parser
}

fn highlights() -> Query {
    Query::new(&tree_sitter_edict::LANGUAGE.into(), tree_sitter_edict::HIGHLIGHTS_QUERY).unwrap()
}

fn edict_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            edict_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "edict") {
            out.push(p);
        }
    }
}

/// Whether edict's own (pest) parser accepts the file.
fn pest_accepts(path: &Path, text: &str) -> bool {
    let mut map = edict::source::SourceMap::new();
    let id = map.add(path.display().to_string(), text);
    if path.to_string_lossy().ends_with(".test.edict") {
        edict::syntax::suite::parse_suite(&map, id).1.is_empty()
    } else {
        edict::syntax::parse(&map, id).1.is_empty()
    }
}

/// Every `.edict` file of the repository that the pest grammar accepts.
fn accepted_files() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["policies", "examples", "tests/cases"] {
        edict_files(&root.join(dir), &mut paths);
    }
    paths.sort();
    let files: Vec<_> = paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .filter(|(p, text)| pest_accepts(p, text))
        .collect();
    files
}

/// The first ERROR or MISSING node, as `line:column: kind`.
fn first_error(tree: &Tree) -> Option<String> {
    let mut cursor = tree.walk();
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            let p = node.start_position();
            return Some(format!("{}:{}: {}", p.row + 1, p.column + 1, node.to_sexp()));
        }
        if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return None;
            }
        }
    }
}

/// The leaves (tokens) of the tree, by an iterative walk.
fn leaves(tree: &Tree) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    loop {
        if !cursor.goto_first_child() {
            let node = cursor.node();
            if node.child_count() == 0 && node.start_byte() < node.end_byte() {
                out.push(node);
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    return out;
                }
            }
        }
    }
}

#[test]
fn every_accepted_file_parses_and_every_token_has_exactly_one_capture() {
    let query = highlights();
    let names = query.capture_names();
    let files = accepted_files();
    assert!(files.len() >= 120, "only {} accepted files", files.len());
    let mut parser = parser();
    let mut seen = BTreeSet::new();
    let mut errors = Vec::new();
    let mut plain = Vec::new();
    let mut doubled = Vec::new();
    let mut keywords = Vec::new();
    for (path, text) in &files {
        let tree = parser.parse(text, None).unwrap();
        if let Some(e) = first_error(&tree) {
            errors.push(format!("{}:{e}", path.display()));
            continue;
        }
        // Captures by the id of the captured node.
        let mut by_node: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        let mut cursor = QueryCursor::new();
        let mut matches = cursor.matches(&query, tree.root_node(), text.as_bytes());
        while let Some(m) = matches.next() {
            for c in m.captures {
                let name = names[c.index as usize];
                by_node.entry(c.node.id()).or_default().push(name);
                seen.insert(name);
            }
        }
        for leaf in leaves(&tree) {
            if leaf.kind() == "identifier" && leaf.parent().is_none_or(|p| p.kind() != "code") {
                let word = &text[leaf.byte_range()];
                if KEYWORDS.contains(&word) {
                    let p = leaf.start_position();
                    keywords.push(format!("{}:{}:{}: {word}", path.display(), p.row + 1, p.column + 1));
                }
            }
            // Every capture of the leaf or of a node that contains it.
            let mut covering: Vec<&str> = Vec::new();
            let mut node = Some(leaf);
            while let Some(n) = node {
                covering.extend(by_node.get(&n.id()).into_iter().flatten());
                node = n.parent();
            }
            let (start, end) = (leaf.start_byte(), leaf.end_byte());
            let p = leaf.start_position();
            let at = format!(
                "{}:{}:{}: {:?}",
                path.display(),
                p.row + 1,
                p.column + 1,
                &text[start..end]
            );
            match covering.len() {
                0 => plain.push(format!("{at} ({})", leaf.kind())),
                1 => {}
                _ => doubled.push(format!("{at} {covering:?}")),
            }
        }
    }
    assert!(errors.is_empty(), "files with syntax errors:\n{}", errors.join("\n"));
    assert!(keywords.is_empty(), "keywords read as names:\n{}", keywords.join("\n"));
    assert!(plain.is_empty(), "tokens with no capture:\n{}", plain.join("\n"));
    assert!(doubled.is_empty(), "tokens with two captures:\n{}", doubled.join("\n"));
    let missing: Vec<_> = names.iter().filter(|n| !seen.contains(*n)).collect();
    assert!(missing.is_empty(), "capture classes no file shows: {missing:?}");
}

/// The cases of a corpus file: (name, input, expected tree).
fn corpus_cases(text: &str) -> Vec<(String, String, String)> {
    let is_rule = |l: &str, c: char| l.len() >= 3 && l.chars().all(|x| x == c);
    let lines: Vec<&str> = text.lines().collect();
    let mut cases = Vec::new();
    let mut i = 0;
    while i + 2 < lines.len() {
        if !(is_rule(lines[i], '=') && is_rule(lines[i + 2], '=')) {
            i += 1;
            continue;
        }
        let name = lines[i + 1].to_string();
        let body_start = i + 3;
        let dash = (body_start..lines.len())
            .find(|&j| is_rule(lines[j], '-'))
            .expect("a --- line");
        let end = (dash + 1..lines.len())
            .find(|&j| j + 2 < lines.len() && is_rule(lines[j], '=') && is_rule(lines[j + 2], '='))
            .unwrap_or(lines.len());
        let input = lines[body_start..dash].join("\n");
        let expected = lines[dash + 1..end].join("\n");
        cases.push((name, input.trim().to_string() + "\n", expected));
        i = end;
    }
    cases
}

/// An S-expression with its white space normalised and without field
/// names (`name: (identifier)`), as `tree-sitter test` compares a corpus
/// that states none.
fn normalise(sexp: &str) -> String {
    sexp.split_whitespace()
        .filter(|w| !w.ends_with(':'))
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" )", ")")
}

#[test]
fn the_corpus_parses_to_the_trees_it_states() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/tree-sitter-edict/test/corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    let mut parser = parser();
    let mut count = 0;
    let mut failures = Vec::new();
    for file in files {
        for (name, input, expected) in corpus_cases(&std::fs::read_to_string(&file).unwrap()) {
            count += 1;
            let actual = parser.parse(&input, None).unwrap().root_node().to_sexp();
            if normalise(&actual) != normalise(&expected) {
                failures.push(format!(
                    "{}: {name}\n  expected: {}\n  actual:   {}",
                    file.display(),
                    normalise(&expected),
                    normalise(&actual)
                ));
            }
        }
    }
    assert!(count >= 10, "only {count} corpus cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
