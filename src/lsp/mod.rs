//! `edict lsp`: a Language Server Protocol server over standard input and
//! output, another client of the pipeline beside `cli`.
//!
//! It reuses what the command line shows: the checker's diagnostics (codes,
//! help, related locations, the names it suggests), `render`'s sentences
//! for hovers, and `format` for formatting; it never words them again.
//!
//! Built on `lsp-server` + `lsp-types` (rust-analyzer's): a synchronous
//! loop on one thread, no async runtime. Checking the whole bundled library
//! takes milliseconds, so there is nothing to run concurrently; edits that
//! arrive together are applied together and checked once.
//!
//! ```text
//!  editor ──JSON-RPC──▶ Server::handle ──▶ Workspace (files, Analysis) ──▶ answers
//!                          └─ after each batch of messages: refresh, publish diagnostics
//! ```

mod complete;
mod hover;
mod lex;
mod nav;
mod outline;
mod symbols;
mod text;
mod workspace;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    notification, request, CodeActionProviderCapability, CompletionOptions, Diagnostic, HoverProviderCapability,
    InitializeParams, OneOf, PositionEncodingKind, PublishDiagnosticsParams, SemanticTokensFullOptions,
    SemanticTokensOptions, SemanticTokensServerCapabilities, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, Url,
};
use serde_json::Value;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use workspace::Workspace;

/// Serves one editor over standard input and output until it says `exit`.
pub fn run() -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    let (id, init) = connection.initialize_start().map_err(|e| e.to_string())?;
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo { name: "edict".into(), version: Some(env!("CARGO_PKG_VERSION").into()) },
    });
    connection.initialize_finish(id, result).map_err(|e| e.to_string())?;
    let init: InitializeParams = serde_json::from_value(init).map_err(|e| e.to_string())?;
    let root = root(&init);
    let bundled = bundled_dir();
    let mut server = Server {
        connection: &connection,
        ws: Workspace::load(root.as_deref(), bundled.as_deref()),
        published: HashMap::new(),
    };
    if root.is_some() && can_watch(&init) {
        server.watch_files()?;
    }
    server.serve()?;
    drop(connection);
    io_threads.join().map_err(|e| e.to_string())
}

/// What the server can do, as it tells the editor.
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::INCREMENTAL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into(), " ".into()]),
            ..CompletionOptions::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(lsp_types::FoldingRangeProviderCapability::Simple(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: outline::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                ..SemanticTokensOptions::default()
            },
        )),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// The workspace folder the editor opened, if it is a local folder.
fn root(init: &InitializeParams) -> Option<PathBuf> {
    let folder = init
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone());
    #[allow(deprecated)]
    let uri = folder.or_else(|| init.root_uri.clone())?;
    uri.to_file_path().ok()
}

/// Whether the editor lets the server ask it to watch files: then files
/// changed on disk (a `git checkout`, another tool) are checked again even
/// when the editor does not have them open.
fn can_watch(init: &InitializeParams) -> bool {
    init.capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false)
}

/// Writes the bundled library under the temporary folder, so that go to
/// definition can open a bundled policy; `None` when that fails (its
/// files are then named by a URI no editor opens).
fn bundled_dir() -> Option<PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "edict-lsp-{}-{}",
        env!("CARGO_PKG_VERSION"),
        env!("EDICT_LAW_AS_OF")
    ));
    std::fs::create_dir_all(&dir).ok()?;
    for (name, text) in crate::bundled::BUNDLED {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(*text) {
            std::fs::write(&path, text).ok()?;
        }
    }
    Some(dir)
}

/// The server's state between messages.
struct Server<'c> {
    connection: &'c Connection,
    ws: Workspace,
    /// What was last published for each file, to send only changes.
    published: HashMap<Url, Vec<Diagnostic>>,
}

impl Server<'_> {
    /// Handles messages until `shutdown`; after each batch of messages
    /// already waiting, checks the files again and publishes diagnostics.
    fn serve(&mut self) -> Result<(), String> {
        let receiver = &self.connection.receiver;
        // The workspace's files are checked before any is opened.
        self.refresh();
        self.publish()?;
        while let Ok(first) = receiver.recv() {
            let mut next = Some(first);
            while let Some(message) = next.take() {
                if self.handle(message)? {
                    return Ok(());
                }
                next = receiver.try_recv().ok();
            }
            self.refresh();
            self.publish()?;
        }
        Ok(())
    }

    /// Handles one message; `true` on `shutdown`.
    fn handle(&mut self, message: Message) -> Result<bool, String> {
        match message {
            Message::Request(req) => {
                if self.connection.handle_shutdown(&req).map_err(|e| e.to_string())? {
                    return Ok(true);
                }
                self.refresh();
                let id = req.id.clone();
                let response = match catch_unwind(AssertUnwindSafe(|| self.answer(req))) {
                    Ok(Ok(value)) => Response::new_ok(id, value),
                    Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
                    Err(_) => {
                        Response::new_err(id, ErrorCode::InternalError as i32, "edict lsp: internal error".into())
                    }
                };
                self.send(response.into())?;
            }
            Message::Notification(n) => {
                // A notification that cannot be applied is dropped, as the protocol says.
                let _ = catch_unwind(AssertUnwindSafe(|| self.notify(n)));
            }
            Message::Response(_) => {}
        }
        Ok(false)
    }

    /// Asks the editor to tell of every `*.edict` file created, changed or
    /// deleted (`workspace/didChangeWatchedFiles`). Its answer is not
    /// needed: an editor that refuses sends no events.
    fn watch_files(&self) -> Result<(), String> {
        let options = lsp_types::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![lsp_types::FileSystemWatcher {
                glob_pattern: lsp_types::GlobPattern::String("**/*.edict".into()),
                kind: None,
            }],
        };
        let params = lsp_types::RegistrationParams {
            registrations: vec![lsp_types::Registration {
                id: "edict-watch-files".into(),
                method: notification::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let id = lsp_server::RequestId::from("edict-watch-files".to_string());
        self.send(Request::new(id, request::RegisterCapability::METHOD.into(), params).into())
    }

    fn send(&self, message: Message) -> Result<(), String> {
        self.connection.sender.send(message).map_err(|e| e.to_string())
    }

    /// Checks the files again if one changed.
    fn refresh(&mut self) {
        if self.ws.dirty {
            if catch_unwind(AssertUnwindSafe(|| self.ws.refresh())).is_err() {
                // Keep answering from the previous analysis.
                self.ws.dirty = false;
                return;
            }
            let a = &self.ws.analysis;
            let message = format!(
                "checked {} files in {:.1} ms",
                a.asts.len(),
                a.took.as_secs_f64() * 1000.0
            );
            let params = lsp_types::LogMessageParams {
                typ: lsp_types::MessageType::LOG,
                message,
            };
            let n = Notification::new(notification::LogMessage::METHOD.into(), params);
            let _ = self.send(n.into());
        }
    }

    /// Publishes the diagnostics of every open or workspace file that
    /// changed, and clears those of files gone (deleted, or closed and not
    /// on disk).
    fn publish(&mut self) -> Result<(), String> {
        let mut out = Vec::new();
        let known: std::collections::HashSet<&Url> = self.ws.files.iter().map(|f| &f.uri).collect();
        let gone: Vec<Url> = self.published.keys().filter(|u| !known.contains(u)).cloned().collect();
        for uri in gone {
            if self.published.remove(&uri).is_some_and(|d| !d.is_empty()) {
                out.push(PublishDiagnosticsParams::new(uri, Vec::new(), None));
            }
        }
        for (i, f) in self.ws.files.iter().enumerate() {
            let diagnostics = if f.shown() {
                self.ws.analysis.diagnostics.get(i).cloned().unwrap_or_default()
            } else {
                Vec::new()
            };
            let before = self.published.get(&f.uri);
            if before == Some(&diagnostics) || (before.is_none() && diagnostics.is_empty() && !f.open) {
                continue;
            }
            self.published.insert(f.uri.clone(), diagnostics.clone());
            out.push(PublishDiagnosticsParams::new(f.uri.clone(), diagnostics, None));
        }
        for params in out {
            let n = Notification::new(notification::PublishDiagnostics::METHOD.into(), params);
            self.send(n.into())?;
        }
        Ok(())
    }

    fn notify(&mut self, n: Notification) {
        match n.method.as_str() {
            notification::DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params) {
                    self.ws.set_text(&p.text_document.uri, p.text_document.text, true);
                }
            }
            notification::DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params) {
                    self.change(p);
                }
            }
            notification::DidChangeWatchedFiles::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(n.params) {
                    for event in p.changes {
                        self.ws
                            .disk_changed(&event.uri, event.typ == lsp_types::FileChangeType::DELETED);
                    }
                }
            }
            notification::DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params) {
                    self.ws.close(&p.text_document.uri);
                }
            }
            _ => {}
        }
    }

    /// Applies an editor's changes, each range in UTF-16 positions of the
    /// text as the previous change left it.
    fn change(&mut self, p: lsp_types::DidChangeTextDocumentParams) {
        let uri = &p.text_document.uri;
        let mut text: String = match self.ws.index(uri) {
            Some(i) => self.ws.files[i].text.to_string(),
            None => String::new(),
        };
        for change in p.content_changes {
            match change.range {
                Some(range) => {
                    let lines = text::LineIndex::new(&text);
                    let start = lines.offset(&text, range.start);
                    let end = lines.offset(&text, range.end).max(start);
                    text.replace_range(start..end, &change.text);
                }
                None => text = change.text,
            }
        }
        self.ws.set_text(uri, text, true);
    }

    /// The answer to a request, or an error code and message.
    fn answer(&mut self, req: Request) -> Result<Value, (ErrorCode, String)> {
        fn params<P: serde::de::DeserializeOwned>(v: Value) -> Result<P, (ErrorCode, String)> {
            serde_json::from_value(v).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
        }
        fn json<T: serde::Serialize>(v: T) -> Result<Value, (ErrorCode, String)> {
            serde_json::to_value(v).map_err(|e| (ErrorCode::InternalError, e.to_string()))
        }
        let ws = &self.ws;
        match req.method.as_str() {
            request::HoverRequest::METHOD => json(hover::hover(ws, &params(req.params)?)),
            request::GotoDefinition::METHOD => json(nav::definition(ws, &params(req.params)?)),
            request::References::METHOD => json(nav::references(ws, &params(req.params)?)),
            request::Completion::METHOD => json(complete::complete(ws, &params(req.params)?)),
            request::DocumentSymbolRequest::METHOD => json(outline::document_symbols(ws, &params(req.params)?)),
            request::WorkspaceSymbolRequest::METHOD => json(outline::workspace_symbols(ws, &params(req.params)?)),
            request::FoldingRangeRequest::METHOD => json(outline::folding_ranges(ws, &params(req.params)?)),
            request::SemanticTokensFullRequest::METHOD => json(outline::semantic_tokens(ws, &params(req.params)?)),
            request::Formatting::METHOD => json(nav::format(ws, &params(req.params)?)?),
            request::CodeActionRequest::METHOD => json(nav::code_actions(ws, &params(req.params)?)),
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("edict lsp does not answer {}", req.method),
            )),
        }
    }
}
