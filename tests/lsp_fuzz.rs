//! Random edits to an open policy, seeded and so the same on every run:
//! after each, the server must still answer hover, completion, the outline,
//! semantic tokens and formatting (with a result or an error, never by
//! dying), and end cleanly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use crate::lsp_client;

use lsp_client::{uri, Client};
use serde_json::json;
use std::path::Path;

/// A 64-bit linear congruential generator (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below.max(1)
    }
}

/// What an edit may insert: grammar words, names, broken syntax, quotes,
/// CJK and emoji (two UTF-16 units), parentheses, newlines.
const PIECES: &[&str] = &[
    "rule ",
    "when ",
    "the item is in ",
    "part-1",
    "cn-mofcom-2025-61.",
    "\"",
    "\\",
    "(",
    ")",
    "\n",
    "\n  ",
    "稀土",
    "😀",
    "0.1%",
    "2025-02-30",
    "outcome ",
    "and ",
    "or ",
    "not ",
    "#",
    "category x\n  any metal of Zz\n",
    ",",
    "policy ",
    "amendment a \"Art. 1\"\n  changes ",
    "\u{0}",
    "\r\n",
    "é",
    " ",
];

#[test]
fn random_edits_never_stop_the_server() {
    let policies = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let path = policies.join("cn-mofcom-2025-61.edict");
    let text = std::fs::read_to_string(&path).unwrap();
    // Positions fall anywhere in the text, and sometimes past its end.
    let lines = text.lines().count() as u64 + 10;
    let u = uri(&path);
    let (mut c, _) = Client::start(Some(&policies));
    c.open(&u, &text);
    let mut rng = Lcg(1);
    let mut answered = 0;
    for version in 2..302 {
        let pos = |rng: &mut Lcg| json!({ "line": rng.next(lines), "character": rng.next(90) });
        let (start, end) = (pos(&mut rng), pos(&mut rng));
        let (start, end) = if (start["line"].as_u64(), start["character"].as_u64())
            <= (end["line"].as_u64(), end["character"].as_u64())
        {
            (start, end)
        } else {
            (end, start)
        };
        let insert = PIECES[rng.next(PIECES.len() as u64) as usize];
        // Mostly small edits; sometimes a deletion of a range.
        let end = if rng.next(4) == 0 { end } else { start.clone() };
        c.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": u, "version": version },
                    "contentChanges": [{ "range": { "start": start, "end": end }, "text": insert }] }),
        );
        let at = json!({ "textDocument": { "uri": u }, "position": pos(&mut rng) });
        let method = [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
            "textDocument/documentSymbol",
            "textDocument/semanticTokens/full",
            "textDocument/formatting",
            "textDocument/foldingRange",
        ][rng.next(7) as usize];
        let params = match method {
            "textDocument/hover" | "textDocument/completion" | "textDocument/definition" => at,
            "textDocument/formatting" => {
                json!({ "textDocument": { "uri": u }, "options": { "tabSize": 2, "insertSpaces": true } })
            }
            _ => json!({ "textDocument": { "uri": u } }),
        };
        let response = c.request_raw(method, params);
        // Formatting a broken file is refused; nothing else fails.
        if response.get("error").is_some() {
            assert_eq!(method, "textDocument/formatting", "{response}");
            assert_eq!(response["error"]["code"], -32803, "{response}");
        }
        answered += 1;
    }
    assert_eq!(answered, 300);
    // Still checking: a document symbol request on a fresh, valid file answers.
    let canonical = std::fs::read_to_string(&path).unwrap();
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": u, "version": 400 }, "contentChanges": [{ "text": canonical }] }),
    );
    let symbols = c.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": u } }));
    assert_eq!(symbols[0]["name"], "cn-mofcom-2025-61");
    c.shutdown();
}
