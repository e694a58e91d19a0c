//! `edict lsp` spoken to as an editor does: JSON-RPC over stdio, on the
//! bundled policies (the repository's `policies/` as the workspace) and on
//! a broken draft over the bundled library.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use crate::lsp_client;

use lsp_client::{position_of, uri, Client};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn policies() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")
}

/// The bundled file `name`, its URI and text, opened in the client.
fn open_policy(c: &mut Client, name: &str) -> (String, String) {
    let path = policies().join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let u = uri(&path);
    c.open(&u, &text);
    (u, text)
}

fn at(u: &str, pos: Value) -> Value {
    json!({ "textDocument": { "uri": u }, "position": pos })
}

fn hover(c: &mut Client, u: &str, pos: Value) -> String {
    let h = c.request("textDocument/hover", at(u, pos));
    h["contents"]["value"].as_str().unwrap_or_default().to_string()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("edict-lsp-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn hovers_speak_the_law_on_the_bundled_policies() {
    let (mut c, init) = Client::start(Some(&policies()));
    assert_eq!(init["serverInfo"]["name"], "edict");
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    let (u, text) = open_policy(&mut c, "cn-mofcom-2025-61.edict");
    // The bundled library checks: nothing to report.
    assert_eq!(c.diagnostics(&u), Vec::<Value>::new());

    // A rule: render's sentence and its window in words.
    let rule = hover(&mut c, &u, position_of(&text, "rule deminimis", 0, 6));
    assert!(rule.contains("a licence is required to export"), "{rule}");
    assert!(
        rule.contains("listed in Annex 1, Part 1 make up at least 0.1% of the item's value"),
        "{rule}"
    );
    assert!(rule.contains("From 1 December 2025, a licence is required"), "{rule}");
    // Suspended by No. 70 until 10 November 2026.
    assert!(rule.contains("**In force:** from 11 November 2026"), "{rule}");
    assert!(!rule.contains("](#"), "no links that lead nowhere: {rule}");
    assert!(
        rule.contains(&format!(
            "Declared in `cn-mofcom-2025-61.edict`, line {}",
            position_of(&text, "rule deminimis", 0, 0)["line"].as_u64().unwrap() + 1
        )),
        "{rule}"
    );

    // A category where it is used: its definition and where it is declared.
    let category = hover(&mut c, &u, position_of(&text, "components in part-1", 0, 15));
    assert!(
        category.contains("An item is in this category when it is"),
        "{category}"
    );
    assert!(category.contains("samarium"), "{category}");
    assert!(
        category.contains(&format!(
            "line {}",
            position_of(&text, "category part-1", 0, 0)["line"].as_u64().unwrap() + 1
        )),
        "{category}"
    );

    // A date in words, and what else changes on that day.
    let date = hover(&mut c, &u, position_of(&text, "issued 2025-10-09", 0, 9));
    assert!(date.contains("**9 October 2025** (Thursday)"), "{date}");
    assert!(date.contains("cn-mofcom-2025-61 takes effect"), "{date}");

    // A threshold: the exact decimal and which side of it is caught.
    let threshold = hover(&mut c, &u, position_of(&text, "0.1% of the item", 0, 1));
    assert!(threshold.contains("the fraction 0.001"), "{threshold}");
    assert!(
        threshold.contains("a share of exactly 0.1% is caught (≥)"),
        "{threshold}"
    );

    // A reading tag: both texts.
    let reading = hover(&mut c, &u, position_of(&text, "A-ROLLUP", 0, 2));
    assert!(
        reading.contains("**Read as:** China-origin Part 1 content is summed"),
        "{reading}"
    );
    assert!(reading.contains("**Alternative not taken:** Count only"), "{reading}");

    // A country, an outcome.
    assert!(hover(&mut c, &u, position_of(&text, "outside CN", 0, 8)).contains("China"));
    assert!(hover(&mut c, &u, position_of(&text, "licence-required", 0, 2)).contains("a licence is required"));

    // A list and a country group, declared in other files.
    let (u2, text2) = open_policy(&mut c, "us-bis-2025-affiliates.edict");
    let list = hover(&mut c, &u2, position_of(&text2, "us-entity-list", 0, 3));
    assert!(list.contains("**list** `us-entity-list`: BIS Entity List"), "{list}");
    assert!(list.contains("Declared in `vocabulary.edict`"), "{list}");
    let group = hover(&mut c, &u2, position_of(&text2, "us-group-a6", 0, 3));
    assert!(group.contains("Country Group A:6"), "{group}");
    assert!(group.contains("Singapore"), "{group}");
    c.shutdown();
}

#[test]
fn definitions_references_symbols_and_tokens_cross_files() {
    let (mut c, _) = Client::start(Some(&policies()));
    let (u, text) = open_policy(&mut c, "cn-mofcom-2025-61.edict");

    // Go to a category declared in the same file.
    let def = c.request(
        "textDocument/definition",
        at(&u, position_of(&text, "item in part-2-materials", 0, 9)),
    );
    assert_eq!(def[0]["uri"], u.as_str());
    assert_eq!(
        def[0]["range"]["start"],
        position_of(&text, "part-2-materials \"", 0, 0)
    );

    // An amendment's target in another file: the policy, then the rule.
    let (u70, text70) = open_policy(&mut c, "cn-mofcom-2025-70.edict");
    let suspends = text70.find("suspends ").expect("No. 70 suspends");
    let target = text70[suspends + 9..].split([' ', ',']).next().unwrap().to_string();
    let def = c.request(
        "textDocument/definition",
        at(&u70, position_of(&text70, &format!("suspends {target}"), 0, 10)),
    );
    let target_text = std::fs::read_to_string(policies().join(format!("{target}.edict"))).unwrap();
    assert_eq!(def[0]["uri"], uri(&policies().join(format!("{target}.edict"))), "{def}");
    assert_eq!(
        def[0]["range"]["start"],
        position_of(&target_text, &format!("policy {target}"), 0, 7)
    );

    // References to part-1: its declaration and its uses, here and in amendments.
    let refs = c.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": u }, "position": position_of(&text, "category part-1", 0, 10),
                "context": { "includeDeclaration": true } }),
    );
    let refs = refs.as_array().unwrap();
    assert!(refs.len() >= 3, "{refs:?}");
    // The policy's id: suspended by No. 70, in another file.
    let policy_refs = c.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": u }, "position": position_of(&text, "policy cn-mofcom-2025-61", 0, 9),
                "context": { "includeDeclaration": false } }),
    );
    assert!(
        policy_refs.as_array().unwrap().iter().any(|r| r["uri"] == u70.as_str()),
        "{policy_refs}"
    );
    let without = c.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": u }, "position": position_of(&text, "category part-1", 0, 10),
                "context": { "includeDeclaration": false } }),
    );
    assert_eq!(without.as_array().unwrap().len(), refs.len() - 1);

    // The outline: the policy, its categories and rules.
    let symbols = c.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": u } }));
    assert_eq!(symbols[0]["name"], "cn-mofcom-2025-61");
    let children: Vec<&str> = symbols[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        children.starts_with(&["part-1", "part-2-materials", "part-2", "annex-1", "deminimis"]),
        "{children:?}"
    );
    let found = c.request("workspace/symbol", json!({ "query": "deminimis" }));
    assert!(found
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["containerName"] == "cn-mofcom-2025-61"));

    // Folding: each multi-line item folds.
    let folds = c.request("textDocument/foldingRange", json!({ "textDocument": { "uri": u } }));
    assert!(folds.as_array().unwrap().len() >= 8, "{folds}");

    // Semantic tokens: five numbers a token, the first one the comment on line 0.
    let tokens = c.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": u } }),
    );
    let data = tokens["data"].as_array().unwrap();
    assert_eq!(data.len() % 5, 0);
    let first_line = text.lines().next().unwrap().encode_utf16().count();
    assert_eq!(&data[..5], &[json!(0), json!(0), json!(first_line), json!(2), json!(0)]);
    c.shutdown();
}

#[test]
fn completion_offers_what_may_come_next() {
    let (mut c, _) = Client::start(Some(&policies()));
    let u = uri(&policies().join("draft-in-editor.edict"));
    let text = "policy draft-in-editor\n  title \"t\"\n  authority \"a\"\n  issued 2026-01-01\n\nrule r \"Art. 1\"\n  outcome \n";
    c.open(&u, text);
    let labels = |c: &mut Client, line: u32, character: u32| -> Vec<String> {
        let r = c.request(
            "textDocument/completion",
            at(&u, json!({ "line": line, "character": character })),
        );
        r.as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(labels(&mut c, 6, 10).contains(&"licence-required".into()));
    let edit = |c: &mut Client, line: &str| {
        let new = format!("{text}{line}");
        c.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": u, "version": 2 }, "contentChanges": [{ "text": new }] }),
        );
        (7u32, line.encode_utf16().count() as u32)
    };
    let (l, ch) = edit(&mut c, "  when the item is in ");
    assert!(labels(&mut c, l, ch).contains(&"cn-mofcom-2025-61.part-1".into()));
    let (l, ch) = edit(&mut c, "  when the end user is on ");
    assert!(labels(&mut c, l, ch).contains(&"us-entity-list".into()));
    let (l, ch) = edit(&mut c, "  when the destination is outside ");
    assert!(labels(&mut c, l, ch).contains(&"CN".into()));
    assert!(labels(&mut c, l, ch).contains(&"us-group-a5".into()));
    let (l, ch) = edit(&mut c, "  when the item contains Dy or ");
    assert!(labels(&mut c, l, ch).contains(&"Tb".into()));
    let (l, ch) = edit(&mut c, "  when the item is classed ");
    assert!(labels(&mut c, l, ch).contains(&"1C902.a".into()));
    let (l, ch) = edit(&mut c, "  replaces cn-mofcom-2025-61.");
    let targets = labels(&mut c, l, ch);
    assert!(targets.contains(&"cn-mofcom-2025-61.deminimis".into()), "{targets:?}");
    let (l, ch) = edit(&mut c, "r");
    assert!(labels(&mut c, l, ch - 1).contains(&"rule".into()));
    c.shutdown();
}

/// A draft over the bundled library with a typo, a syntax error and text
/// in Chinese and an emoji before the typo on its line.
const BROKEN: &str = "policy draft-holmium
  title \"Draft\"
  authority \"Test\"
  issued 2026-01-01

rule holmium \"Art. 1 稀土😀\" outcome licence-required when the item is in cn-mofcom-2025-61.part-l

rule tellurium
  outcome licence-requird
  whn the item contains Te
";

#[test]
fn a_broken_draft_gets_the_checkers_diagnostics_and_fixes() {
    let dir = scratch("broken");
    let path = dir.join("draft.edict");
    std::fs::write(&path, BROKEN).unwrap();
    let (mut c, _) = Client::start(Some(&dir));
    let u = uri(&path);
    // Workspace files are checked before they are opened.
    let diagnostics = c.diagnostics(&u);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"edict::syntax"), "{diagnostics:#?}");
    assert!(codes.contains(&"edict::unknown-category"), "{diagnostics:#?}");
    let unknown = diagnostics
        .iter()
        .find(|d| d["code"] == "edict::unknown-category")
        .unwrap();
    assert!(
        unknown["message"]
            .as_str()
            .unwrap()
            .contains("help: did you mean `cn-mofcom-2025-61.part-1`?"),
        "{unknown}"
    );
    // Columns are UTF-16 units: 稀土 are one each, the emoji two.
    assert_eq!(
        unknown["range"]["start"],
        position_of(BROKEN, "cn-mofcom-2025-61.part-l", 0, 0)
    );
    assert_eq!(unknown["range"]["start"]["character"], 72);
    assert_eq!(unknown["severity"], 1);
    assert_eq!(unknown["source"], "edict");

    // The quick fix the checker knows.
    c.open(&u, BROKEN);
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": u }, "range": unknown["range"], "context": { "diagnostics": [unknown] } }),
    );
    assert_eq!(actions[0]["title"], "Replace with `cn-mofcom-2025-61.part-1`");
    assert_eq!(actions[0]["kind"], "quickfix");
    let edit = &actions[0]["edit"]["changes"][&u][0];
    assert_eq!(edit["newText"], "cn-mofcom-2025-61.part-1");
    assert_eq!(edit["range"], unknown["range"]);

    // No formatting with syntax errors.
    let refused = c.request_raw(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": u }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert!(
        refused["error"]["message"].as_str().unwrap().contains("syntax errors"),
        "{refused}"
    );

    // Fix the syntax with an incremental edit after the emoji (UTF-16 range):
    // the diagnostics follow.
    let whn = position_of(BROKEN, "whn", 0, 0);
    let requird = position_of(BROKEN, "requird", 0, 6);
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": u, "version": 2 }, "contentChanges": [
            { "range": { "start": whn, "end": { "line": whn["line"], "character": 5 } }, "text": "when" },
            { "range": { "start": requird, "end": requird }, "text": "e" },
            { "range": { "start": position_of(BROKEN, "part-l", 0, 5), "end": position_of(BROKEN, "part-l", 0, 6) }, "text": "1" },
        ] }),
    );
    let after = c.diagnostics(&u);
    let codes: Vec<&str> = after.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, vec!["edict::missing-citation"], "{after:#?}");
    let fix = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": u }, "range": after[0]["range"], "context": { "diagnostics": after } }),
    );
    assert_eq!(fix[0]["edit"]["changes"][&u][0]["newText"], " \"Art. …\"");
    c.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn formatting_is_edict_fmt() {
    let (mut c, _) = Client::start(None);
    let canonical = std::fs::read_to_string(policies().join("cn-mofcom-2025-72.edict")).unwrap();
    let messy = canonical.replace("\n  ", "\n      ").replace("\n\n", "\n\n\n");
    assert_ne!(messy, canonical);
    let u = "file:///tmp/edict-lsp-format-test/messy.edict";
    c.open(u, &messy);
    let edits = c.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": u }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(edits.as_array().unwrap().len(), 1, "{edits}");
    assert_eq!(edits[0]["newText"], canonical.as_str());
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": u, "version": 2 }, "contentChanges": [{ "text": canonical }] }),
    );
    let none = c.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": u }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(none, json!([]));
    c.shutdown();
}

/// The time from a keystroke in a bundled policy to the end of checking
/// the whole library again (the server's own log line), and to the answer
/// of the next request. Printed for the record; asserted loosely, as a debug
/// build on a shared machine is slow (the note gives the release figure).
#[test]
fn a_keystroke_is_checked_again_quickly() {
    let (mut c, _) = Client::start(Some(&policies()));
    let (u, text) = open_policy(&mut c, "cn-mofcom-2025-61.edict");
    c.diagnostics(&u);
    c.notifications.clear();
    let mut took = Vec::new();
    for n in 0..10u32 {
        let started = std::time::Instant::now();
        c.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": u, "version": n + 2 }, "contentChanges": [
                { "range": { "start": { "line": 0, "character": 1 }, "end": { "line": 0, "character": 1 } }, "text": "x" }
            ] }),
        );
        let log = c.wait_for("window/logMessage", |p| {
            p["message"].as_str().unwrap_or("").starts_with("checked")
        });
        let hover = c.request("textDocument/hover", at(&u, position_of(&text, "rule deminimis", 0, 6)));
        assert!(
            hover["contents"]["value"]
                .as_str()
                .unwrap()
                .contains("a licence is required"),
            "{hover}"
        );
        took.push((
            started.elapsed().as_secs_f64() * 1000.0,
            log["message"].as_str().unwrap().to_string(),
        ));
    }
    eprintln!("keystroke → checked → hover answered: {took:?}");
    let mut wall: Vec<f64> = took.iter().map(|t| t.0).collect();
    wall.sort_by(f64::total_cmp);
    assert!(wall[5] < 2000.0, "median {} ms", wall[5]);
    c.shutdown();
}

/// A workspace policy with a misspelt bundled category (`part-l`), or without.
fn watched_policy(typo: bool) -> String {
    let category = if typo { "part-l" } else { "part-1" };
    format!(
        "policy watched-draft\n  title \"Draft\"\n  authority \"Test\"\n  issued 2026-01-01\n\n\
         rule holmium \"Art. 1\"\n  outcome licence-required\n  when the item is in cn-mofcom-2025-61.{category}\n"
    )
}

/// Whether `diagnostics` has the checker's unknown-category error.
fn has_unknown_category(diagnostics: &Value) -> bool {
    diagnostics
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "edict::unknown-category")
}

/// Files that change on disk while the editor does not have them open (a
/// `git checkout`, another tool): the server asks the editor to watch
/// `*.edict` files (dynamic registration), and on each event reads the file
/// again, checks, and publishes; a deleted file's diagnostics are cleared.
#[test]
fn files_changed_on_disk_are_checked_again() {
    let dir = scratch("watched");
    let path = dir.join("draft.edict");
    std::fs::write(&path, watched_policy(false)).unwrap();
    let (mut c, _) = Client::start_with(
        Some(&dir),
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } }),
    );
    let registration = c.wait_for_request("client/registerCapability");
    let r = &registration["params"]["registrations"][0];
    assert_eq!(r["method"], "workspace/didChangeWatchedFiles", "{registration}");
    assert_eq!(
        r["registerOptions"]["watchers"][0]["globPattern"], "**/*.edict",
        "{registration}"
    );
    let id = registration["id"].clone();
    c.respond(&id, Value::Null);
    let u = uri(&path);
    let changed = |c: &mut Client, u: &str, kind: u32| {
        c.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": u, "type": kind }] }),
        );
    };

    // Changed on disk: the typo is reported without the file being opened.
    std::fs::write(&path, watched_policy(true)).unwrap();
    changed(&mut c, &u, 2);
    c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == u.as_str() && has_unknown_category(&p["diagnostics"])
    });
    // Fixed on disk: cleared.
    std::fs::write(&path, watched_policy(false)).unwrap();
    changed(&mut c, &u, 2);
    c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == u.as_str() && !has_unknown_category(&p["diagnostics"])
    });

    // A new file is read and checked; deleted, its diagnostics are cleared.
    let new = dir.join("sub").join("new.edict");
    std::fs::create_dir_all(new.parent().unwrap()).unwrap();
    std::fs::write(&new, watched_policy(true).replace("watched-draft", "second-draft")).unwrap();
    let nu = uri(&new);
    changed(&mut c, &nu, 1);
    c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == nu.as_str() && has_unknown_category(&p["diagnostics"])
    });
    std::fs::remove_file(&new).unwrap();
    changed(&mut c, &nu, 3);
    c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == nu.as_str() && p["diagnostics"].as_array().unwrap().is_empty()
    });

    // An open file keeps the editor's text: the disk's is not read over it.
    c.open(&u, &watched_policy(false));
    std::fs::write(&path, watched_policy(true)).unwrap();
    changed(&mut c, &u, 2);
    // (A request is answered from the files as they are after the event.)
    let text = watched_policy(false);
    let def = c.request("textDocument/definition", at(&u, position_of(&text, "part-1", 0, 1)));
    assert!(def.to_string().contains("cn-mofcom-2025-61.edict"), "{def}");
    c.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}
