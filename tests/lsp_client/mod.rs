//! A small LSP client for the tests: starts `edict lsp`, frames JSON-RPC
//! messages with `Content-Length` headers over its stdin and stdout, as an
//! editor does, and keeps the notifications the server sends.
#![allow(dead_code, reason = "each test file uses part of the client")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// How long any answer may take before the test fails (a debug build on a
/// shared machine).
const PATIENCE: Duration = Duration::from_secs(60);

/// A running `edict lsp` and what it has sent.
pub struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications received and not yet looked at, in order.
    pub notifications: Vec<Value>,
}

/// A `file://` URI for a path.
pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    /// Starts the server on workspace folder `root` and initializes it.
    pub fn start(root: Option<&Path>) -> (Client, Value) {
        Client::start_with(
            root,
            json!({ "textDocument": { "hover": { "contentFormat": ["markdown", "plaintext"] } } }),
        )
    }

    /// Starts the server on workspace folder `root`, as an editor with `capabilities`.
    pub fn start_with(root: Option<&Path>, capabilities: Value) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_edict"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("edict lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse().expect("a length");
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let value: Value = serde_json::from_slice(&body).expect("the server sends JSON");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages: rx,
            next_id: 0,
            notifications: Vec::new(),
        };
        let root_uri = root.map(|r| Value::String(uri(r))).unwrap_or(Value::Null);
        let folders = root.map_or(Value::Null, |r| json!([{ "uri": uri(r), "name": "workspace" }]));
        let init = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "workspaceFolders": folders,
                "capabilities": capabilities
            }),
        );
        client.notify("initialized", json!({}));
        (client, init)
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).expect("json");
        let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        out.extend(body);
        self.stdin.write_all(&out).expect("the server reads");
        self.stdin.flush().expect("flush");
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let m = self.next_message();
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
            self.notifications.push(m);
        }
    }

    /// Sends a request and returns its result; an error fails the test.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    fn next_message(&mut self) -> Value {
        self.messages
            .recv_timeout(PATIENCE)
            .expect("the server answers within the patience")
    }

    /// Waits for a notification of `method` that `accept` takes, and returns it.
    pub fn wait_for(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self
            .notifications
            .iter()
            .position(|n| n["method"] == method && accept(&n["params"]))
        {
            return self.notifications.remove(i)["params"].clone();
        }
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            let m = self.next_message();
            if m["method"] == method && accept(&m["params"]) {
                return m["params"].clone();
            }
            self.notifications.push(m);
        }
        panic!("no {method} notification");
    }

    /// Waits for a request of `method` from the server, and returns it whole.
    pub fn wait_for_request(&mut self, method: &str) -> Value {
        let is = |m: &Value| m["method"] == method && m.get("id").is_some();
        if let Some(i) = self.notifications.iter().position(is) {
            return self.notifications.remove(i);
        }
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            let m = self.next_message();
            if is(&m) {
                return m;
            }
            self.notifications.push(m);
        }
        panic!("no {method} request");
    }

    /// Answers a request of the server.
    pub fn respond(&mut self, id: &Value, result: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": result }));
    }

    /// The diagnostics published for `uri` most recently, waiting for the first.
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let first = self.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == uri);
        let mut latest = first["diagnostics"].as_array().cloned().unwrap_or_default();
        // Later ones already received replace it.
        while let Some(i) = self
            .notifications
            .iter()
            .position(|n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri)
        {
            latest = self.notifications.remove(i)["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
        latest
    }

    /// Opens a document.
    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "edict", "version": 1, "text": text } }),
        );
    }

    /// `shutdown`, then `exit`; the server must end with status 0.
    pub fn shutdown(mut self) {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(status.success(), "edict lsp exited with {status}");
                return;
            }
            assert!(Instant::now() < deadline, "edict lsp did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// The position `{line, character}` (UTF-16) of the `nth` occurrence of
/// `needle` in `text`, plus `plus` characters.
pub fn position_of(text: &str, needle: &str, nth: usize, plus: u32) -> Value {
    let at = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .expect("the needle is in the text");
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let line = text[..at].matches('\n').count();
    let character = text[line_start..at].encode_utf16().count() as u32 + plus;
    json!({ "line": line, "character": character })
}
