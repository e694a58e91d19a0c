//! The TextMate grammar (`editors/textmate/edict.tmLanguage.json`, used by
//! VS Code and GitHub's linguist) against the bundled policies: every
//! token class it names appears in them, and on every line of every policy
//! file the pest grammar accepts, no character but white space is left
//! with the bare `source.edict` scope.
//!
//! The grammar is run by a small TextMate tokenizer written here (match,
//! begin/end with inner patterns, captures, includes) over `fancy-regex`,
//! which has the look-arounds Oniguruma has; the grammar keeps to the
//! syntax both share. Rust rather than vscode-textmate under Node, so that
//! plain `cargo test` runs it with no other toolchain.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use fancy_regex::Regex;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One rule of the grammar, compiled.
enum Rule {
    Match {
        regex: Regex,
        name: Option<String>,
        captures: BTreeMap<usize, String>,
    },
    Block {
        begin: Regex,
        end: Regex,
        name: Option<String>,
        edges: Vec<(BTreeMap<usize, String>, BTreeMap<usize, String>)>,
        patterns: Vec<Rule>,
    },
}

fn captures(v: &Value) -> BTreeMap<usize, String> {
    v.as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.parse().unwrap(), v["name"].as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn compile(v: &Value, repo: &Value) -> Vec<Rule> {
    if let Some(include) = v["include"].as_str() {
        let key = include.strip_prefix('#').expect("repository includes only");
        return compile(&repo[key], repo);
    }
    if let Some(list) = v["patterns"].as_array().filter(|_| v.get("begin").is_none()) {
        return list.iter().flat_map(|p| compile(p, repo)).collect();
    }
    let name = v["name"].as_str().map(str::to_string);
    if let Some(m) = v["match"].as_str() {
        return vec![Rule::Match {
            regex: Regex::new(m).unwrap_or_else(|e| panic!("{m}: {e}")),
            name,
            captures: captures(&v["captures"]),
        }];
    }
    let begin = v["begin"].as_str().expect("match or begin");
    let patterns = v["patterns"]
        .as_array()
        .map(|l| l.iter().flat_map(|p| compile(p, repo)).collect());
    vec![Rule::Block {
        begin: Regex::new(begin).unwrap(),
        end: Regex::new(v["end"].as_str().expect("end")).unwrap(),
        name,
        edges: vec![(captures(&v["beginCaptures"]), captures(&v["endCaptures"]))],
        patterns: patterns.unwrap_or_default(),
    }]
}

/// Gives `scope` to the bytes `start..end` of the line.
fn paint(scopes: &mut [Vec<String>], start: usize, end: usize, scope: &str) {
    for s in &mut scopes[start..end] {
        s.push(scope.to_string());
    }
}

fn paint_captures(scopes: &mut [Vec<String>], caps: &fancy_regex::Captures<'_>, names: &BTreeMap<usize, String>) {
    for (i, name) in names {
        if let Some(m) = caps.get(*i) {
            paint(scopes, m.start(), m.end(), name);
        }
    }
}

/// The scopes of each byte of `line`, with the open begin/end rules
/// carried from line to line in `stack`.
fn tokenize_line<'g>(line: &str, top: &'g [Rule], stack: &mut Vec<&'g Rule>) -> Vec<Vec<String>> {
    let mut scopes = vec![Vec::new(); line.len()];
    let mut pos = 0;
    while pos <= line.len() {
        let patterns: &[Rule] = match stack.last() {
            Some(Rule::Block { patterns, .. }) => patterns,
            _ => top,
        };
        // The end of the open block competes with its patterns; the earliest wins.
        let end_at = match stack.last() {
            Some(Rule::Block { end, .. }) => end.captures_from_pos(line, pos).unwrap(),
            _ => None,
        };
        let mut best: Option<(usize, &Rule, fancy_regex::Captures<'_>)> = None;
        for rule in patterns {
            let regex = match rule {
                Rule::Match { regex, .. } => regex,
                Rule::Block { begin, .. } => begin,
            };
            if let Some(c) = regex.captures_from_pos(line, pos).unwrap() {
                let start = c.get(0).unwrap().start();
                if best.as_ref().is_none_or(|b| start < b.0) {
                    best = Some((start, rule, c));
                }
            }
        }
        let end_start = end_at.as_ref().map(|c| c.get(0).unwrap().start());
        match (best, end_at) {
            (best, Some(end)) if best.as_ref().is_none_or(|b| end_start.unwrap() <= b.0) => {
                let m = end.get(0).unwrap();
                if let Some(Rule::Block { name, edges, .. }) = stack.pop() {
                    if let Some(n) = name {
                        paint(&mut scopes, pos, m.end(), n);
                    }
                    paint_captures(&mut scopes, &end, &edges[0].1);
                }
                pos = m.end().max(pos + 1);
            }
            (Some((_, rule, c)), _) => {
                let m = c.get(0).unwrap();
                match rule {
                    Rule::Match { name, captures, .. } => {
                        if let Some(n) = name {
                            paint(&mut scopes, m.start(), m.end(), n);
                        }
                        paint_captures(&mut scopes, &c, captures);
                    }
                    Rule::Block { name, edges, .. } => {
                        if let Some(n) = name {
                            paint(&mut scopes, m.start(), m.end(), n);
                        }
                        paint_captures(&mut scopes, &c, &edges[0].0);
                        stack.push(rule);
                    }
                }
                pos = m.end().max(pos + 1);
            }
            (None, _) => break,
        }
    }
    // A block still open covers the rest of the line.
    if let Some(Rule::Block { name: Some(n), .. }) = stack.last() {
        for s in &mut scopes {
            if s.is_empty() {
                s.push(n.clone());
            }
        }
    }
    scopes
}

fn grammar() -> (Value, Vec<Rule>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/textmate/edict.tmLanguage.json");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let top = json["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| compile(p, &json["repository"]))
        .collect();
    (json, top)
}

/// Every scope name the grammar gives.
fn names(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(o) => {
            for (k, v) in o {
                if k == "name" && v.is_string() && o.contains_key("scopeName").then_some(()).is_none() {
                    out.insert(v.as_str().unwrap().to_string());
                }
                names(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| names(v, out)),
        _ => {}
    }
}

fn edict_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            edict_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "edict") && !p.to_string_lossy().ends_with(".test.edict") {
            out.push(p);
        }
    }
}

/// The files the pest grammar accepts: the bundled library and the examples.
fn accepted_files() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    edict_files(&root.join("policies"), &mut paths);
    edict_files(&root.join("examples"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let mut map = edict::source::SourceMap::new();
            let id = map.add(p.display().to_string(), text.as_str());
            let (_, errors) = edict::syntax::parse(&map, id);
            errors.is_empty().then_some((p, text))
        })
        .collect()
}

#[test]
fn every_token_class_appears_in_the_bundled_policies_and_no_accepted_line_is_unscoped() {
    let (json, top) = grammar();
    assert_eq!(json["scopeName"], "source.edict");
    let mut declared = BTreeSet::new();
    names(&json["repository"], &mut declared);
    let files = accepted_files();
    assert!(files.len() >= 22, "{}", files.len());
    let mut seen = BTreeSet::new();
    let mut unscoped = Vec::new();
    for (path, text) in &files {
        let bundled = path.parent().is_some_and(|d| d.ends_with("policies"));
        let mut stack = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let scopes = tokenize_line(line, &top, &mut stack);
            for (i, c) in line.char_indices() {
                let s = &scopes[i];
                if s.is_empty() && !c.is_whitespace() {
                    unscoped.push(format!("{}:{}:{}: {line}", path.display(), n + 1, i + 1));
                    break;
                }
                if bundled {
                    seen.extend(s.iter().cloned());
                }
            }
        }
    }
    assert!(
        unscoped.is_empty(),
        "lines with unscoped text:\n{}",
        unscoped.join("\n")
    );
    let missing: Vec<_> = declared.difference(&seen).collect();
    assert!(missing.is_empty(), "token classes no bundled policy shows: {missing:?}");
}

#[test]
fn the_tokenizer_sees_what_an_editor_would() {
    let (_, top) = grammar();
    let line = "  when the item is in cn-mofcom-2025-61.part-1 and the value is at least 0.1% # c";
    let scopes = tokenize_line(line, &top, &mut Vec::new());
    let at = |word: &str| scopes[line.find(word).unwrap()].clone();
    assert_eq!(at("when"), ["keyword.control.edict"]);
    assert_eq!(at("the"), ["keyword.other.edict"]);
    assert_eq!(at("cn-mofcom"), ["entity.name.namespace.edict"]);
    assert_eq!(at("part-1"), ["variable.other.member.edict"]);
    assert_eq!(at(" and").len(), 0);
    assert_eq!(at("and"), ["keyword.operator.logical.edict"]);
    assert_eq!(at("0.1%"), ["constant.numeric.percent.edict"]);
    assert_eq!(at("# c"), ["comment.line.number-sign.edict"]);
    // A text that spans lines keeps its scope on the next line.
    let mut stack = Vec::new();
    tokenize_line("  note \"first", &top, &mut stack);
    let next = tokenize_line("second\" outcome", &top, &mut stack);
    assert_eq!(next[0], ["string.quoted.double.edict"]);
    assert_eq!(next[8], ["keyword.control.edict"], "a clause keyword anywhere");
}
