//! The files the server knows (open documents, the workspace's `*.edict`
//! files, the bundled library) and what the checker says about them.
//!
//! A file of the workspace that declares a bundled policy's id stands in
//! for it (a checkout of the library edits its own `policies/`); every
//! other bundled policy is loaded beside the workspace, so that drafts
//! amending it resolve, as `edict check --with` does.

use super::lex::{self, Token};
use super::symbols::Symbols;
use super::text::LineIndex;
use crate::ast::PolicyFile;
use crate::check::{CheckError, CheckErrorKind};
use crate::policy::PolicySet;
use crate::source::{SourceMap, Span};
use lsp_types::{Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, Location, NumberOrString, Range, Url};
use miette::{Diagnostic, Severity};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// At most this many files of a workspace are read (a root folder that
/// is a home directory must not make the server read a disk).
const MAX_WORKSPACE_FILES: usize = 5000;

/// One policy file.
#[derive(Debug, Clone)]
pub struct File {
    /// Where the editor has it.
    pub uri: Url,
    /// The name shown in messages: the path under the workspace root, or
    /// `policies/…` for the bundled library.
    pub name: String,
    /// Its text: the editor's while open, else the disk's.
    pub text: Arc<str>,
    /// Its line starts.
    pub lines: LineIndex,
    /// Its tokens.
    pub tokens: Vec<Token>,
    /// Whether it is part of the bundled library (and not of the workspace).
    pub bundled: bool,
    /// Whether it is a workspace file (under the root, on disk).
    pub on_disk: bool,
    /// Whether the editor has it open.
    pub open: bool,
}

impl File {
    fn new(uri: Url, name: String, text: Arc<str>, bundled: bool, on_disk: bool) -> File {
        File {
            lines: LineIndex::new(&text),
            tokens: lex::tokens(&text),
            uri,
            name,
            text,
            bundled,
            on_disk,
            open: false,
        }
    }

    /// The LSP range of bytes `start..end`.
    pub fn range(&self, start: usize, end: usize) -> Range {
        self.lines.range(&self.text, start, end)
    }

    /// Whether its diagnostics are shown: it is open or in the workspace.
    pub fn shown(&self) -> bool {
        self.open || !self.bundled
    }
}

/// A fix the checker knows for a diagnostic: replace a range's text.
#[derive(Debug, Clone)]
pub struct Fix {
    /// The file.
    pub file: usize,
    /// The diagnostic it fixes.
    pub diagnostic: LspDiagnostic,
    /// What the editor shows.
    pub title: String,
    /// The bytes replaced.
    pub at: (usize, usize),
    /// The new text.
    pub text: String,
}

/// What the parser and the checker made of the files.
#[derive(Default)]
pub struct Analysis {
    /// Each file's AST (as far as it parsed), by file index.
    pub asts: Vec<PolicyFile>,
    /// The files as the parser read them.
    pub sources: Option<SourceMap>,
    /// Whether each file has syntax errors.
    pub broken: Vec<bool>,
    /// The text each AST was parsed from, and its syntax errors: a file
    /// that did not change is not parsed again.
    parsed: Vec<(Arc<str>, Vec<LspDiagnostic>)>,
    /// Whether each file was checked (a bundled file a workspace file stands in for is not).
    pub included: Vec<bool>,
    /// The declarations.
    pub symbols: Symbols,
    /// The checked set, or as far as it resolved when there were errors.
    pub set: Option<PolicySet>,
    /// Each file's diagnostics.
    pub diagnostics: Vec<Vec<LspDiagnostic>>,
    /// The fixes the checker knows.
    pub fixes: Vec<Fix>,
    /// How long parsing and checking took.
    pub took: Duration,
}

/// The files and the latest analysis of them.
#[derive(Default)]
pub struct Workspace {
    /// Every file, workspace and bundled.
    pub files: Vec<File>,
    /// The latest analysis (of the files as they are, unless `dirty`).
    pub analysis: Analysis,
    /// Whether a file changed since the analysis.
    pub dirty: bool,
    /// The workspace folder, if the editor opened one.
    pub root: Option<PathBuf>,
}

impl Workspace {
    /// The bundled library (written under `bundled_dir` so that an editor
    /// can open it) and the `*.edict` files under `root`.
    pub fn load(root: Option<&Path>, bundled_dir: Option<&Path>) -> Workspace {
        let mut ws = Workspace {
            dirty: true,
            root: root.map(Path::to_path_buf),
            ..Workspace::default()
        };
        if let Some(root) = root {
            for path in edict_files(root) {
                let Ok(bytes) = std::fs::read(&path) else { continue };
                let Ok(uri) = Url::from_file_path(&path) else { continue };
                let name = path.strip_prefix(root).unwrap_or(&path).display().to_string();
                let text = String::from_utf8_lossy(&bytes).into_owned();
                ws.files.push(File::new(uri, name, text.into(), false, true));
            }
        }
        for (name, text) in crate::bundled::BUNDLED {
            let uri = match bundled_dir.map(|d| d.join(name)) {
                Some(path) => Url::from_file_path(path).ok(),
                None => None,
            };
            let uri = uri.or_else(|| Url::parse(&format!("edict-bundled:///policies/{name}")).ok());
            if let Some(uri) = uri {
                if ws.index(&uri).is_none() {
                    ws.files.push(File::new(
                        uri,
                        format!("policies/{name}"),
                        Arc::from(*text),
                        true,
                        false,
                    ));
                }
            }
        }
        ws
    }

    /// The index of the file at `uri`.
    pub fn index(&self, uri: &Url) -> Option<usize> {
        self.files.iter().position(|f| &f.uri == uri)
    }

    /// The editor opened or changed a file: its text is now `text`.
    pub fn set_text(&mut self, uri: &Url, text: String, open: bool) {
        let text: Arc<str> = text.into();
        match self.index(uri) {
            Some(i) => {
                let f = &mut self.files[i];
                f.lines = LineIndex::new(&text);
                f.tokens = lex::tokens(&text);
                f.text = text;
                f.open |= open;
            }
            None => {
                let name = uri
                    .to_file_path()
                    .ok()
                    .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .unwrap_or_else(|| uri.to_string());
                let mut f = File::new(uri.clone(), name, text, false, false);
                f.open = open;
                self.files.push(f);
            }
        }
        self.dirty = true;
    }

    /// The editor closed a file: a workspace or bundled file goes back to
    /// its text on disk; any other file is forgotten.
    pub fn close(&mut self, uri: &Url) {
        let Some(i) = self.index(uri) else { return };
        let f = &self.files[i];
        if f.bundled {
            let name = f.name.trim_start_matches("policies/");
            let text = crate::bundled::BUNDLED
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| *t);
            self.set_text(uri, text.unwrap_or_default().to_string(), false);
        } else if f.on_disk {
            let text = uri.to_file_path().ok().and_then(|p| std::fs::read(p).ok());
            self.set_text(
                uri,
                String::from_utf8_lossy(&text.unwrap_or_default()).into_owned(),
                false,
            );
        } else {
            self.files.remove(i);
        }
        if let Some(f) = self.index(uri).and_then(|i| self.files.get_mut(i)) {
            f.open = false;
        }
        self.dirty = true;
    }

    /// A file changed on disk (the editor's watcher says so): a workspace
    /// file that is not open is read again, a new one is added, a deleted
    /// one is forgotten. An open file keeps the editor's text until it is
    /// closed; files outside the workspace, test files and the folders
    /// `load` skips are left alone.
    pub fn disk_changed(&mut self, uri: &Url, deleted: bool) {
        let index = self.index(uri);
        if index.is_some_and(|i| self.files[i].open || self.files[i].bundled) {
            return;
        }
        let Some(root) = self.root.as_deref() else { return };
        let Ok(path) = uri.to_file_path() else { return };
        let Some(name) = in_workspace(root, &path) else { return };
        let text = if deleted { None } else { std::fs::read(&path).ok() };
        match (index, text) {
            (Some(i), Some(bytes)) => {
                let f = &mut self.files[i];
                f.text = String::from_utf8_lossy(&bytes).into_owned().into();
                f.lines = LineIndex::new(&f.text);
                f.tokens = lex::tokens(&f.text);
            }
            (Some(i), None) => {
                self.files.remove(i);
            }
            (None, Some(bytes)) => {
                if self.files.iter().filter(|f| f.on_disk).count() >= MAX_WORKSPACE_FILES {
                    return;
                }
                let text = String::from_utf8_lossy(&bytes).into_owned();
                self.files.push(File::new(uri.clone(), name, text.into(), false, true));
            }
            (None, None) => return,
        }
        self.dirty = true;
    }

    /// Parses and checks every file again, if one changed.
    pub fn refresh(&mut self) {
        if self.dirty {
            self.analysis = analyze(&self.files, std::mem::take(&mut self.analysis));
            self.dirty = false;
        }
    }
}

/// The name under `root` of `path`, if it is a file `edict_files` would
/// read (a `*.edict` file that is not a test file, in no skipped folder).
fn in_workspace(root: &Path, path: &Path) -> Option<String> {
    let under = path.strip_prefix(root).ok()?;
    let name = under.file_name()?.to_string_lossy();
    if !name.ends_with(".edict") || name.ends_with(".test.edict") {
        return None;
    }
    let skipped = under.parent()?.components().any(|c| {
        let c = c.as_os_str().to_string_lossy();
        c.starts_with('.') || c == "target" || c == "node_modules"
    });
    (!skipped).then(|| under.display().to_string())
}

/// Every `*.edict` file under `root` that is not a test file, skipping
/// hidden folders, `target` and `node_modules`; without recursion.
fn edict_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(dir) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if path.is_dir() {
                if !name.starts_with('.') && name != "target" && name != "node_modules" {
                    folders.push(path);
                }
            } else if name.ends_with(".edict") && !name.ends_with(".test.edict") && out.len() < MAX_WORKSPACE_FILES {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Parses and checks `files` as one policy set.
/// A file whose text is the one `previous` parsed keeps its AST.
fn analyze(files: &[File], previous: Analysis) -> Analysis {
    let started = Instant::now();
    let mut sources = SourceMap::new();
    for f in files {
        sources.add(f.name.clone(), Arc::clone(&f.text));
    }
    let by_name: HashMap<&str, usize> = files.iter().enumerate().map(|(i, f)| (f.name.as_str(), i)).collect();
    let mut asts = Vec::with_capacity(files.len());
    let mut parsed = Vec::with_capacity(files.len());
    let mut old = previous.asts.into_iter().zip(previous.parsed);
    for (id, f) in sources.files() {
        match old.next() {
            Some((ast, (text, errors))) if Arc::ptr_eq(&text, &f.text) => {
                asts.push(ast);
                parsed.push((text, errors));
            }
            _ => {
                let (ast, errors) = crate::syntax::parse(&sources, id);
                let i = id.0 as usize;
                let errors = errors.iter().filter_map(|e| to_lsp(e, i, files, &by_name)).collect();
                asts.push(ast);
                parsed.push((Arc::clone(&f.text), errors));
            }
        }
    }
    let header = |a: &PolicyFile| a.header.as_ref().map(|h| h.id.name.clone());
    let own: HashSet<String> = asts
        .iter()
        .zip(files)
        .filter(|(_, f)| !f.bundled)
        .filter_map(|(a, _)| header(a))
        .collect();
    let included: Vec<bool> = asts
        .iter()
        .zip(files)
        .map(|(a, f)| !f.bundled || !header(a).is_some_and(|id| own.contains(&id)))
        .collect();
    let checked_files: Vec<PolicyFile> = asts
        .iter()
        .zip(&included)
        .filter(|(_, inc)| **inc)
        .map(|(a, _)| a.clone())
        .collect();
    let checked = crate::check::check(sources.clone(), &checked_files);
    let set = checked.set.or(checked.partial);
    let symbols = Symbols::build(
        &asts
            .iter()
            .zip(&included)
            .map(|(a, i)| i.then_some(a))
            .collect::<Vec<_>>(),
    );

    let mut diagnostics: Vec<Vec<LspDiagnostic>> = parsed.iter().map(|(_, e)| e.clone()).collect();
    let mut fixes = Vec::new();
    for e in &checked.diagnostics {
        let file = e.span.file.0 as usize;
        let Some(d) = to_lsp(e, file, files, &by_name) else {
            continue;
        };
        if let Some((title, at, text)) = fix(e, &files[file]) {
            fixes.push(Fix {
                file,
                diagnostic: d.clone(),
                title,
                at,
                text,
            });
        }
        if let Some(list) = diagnostics.get_mut(file) {
            list.push(d);
        }
    }
    Analysis {
        sources: Some(sources),
        broken: parsed.iter().map(|(_, e)| !e.is_empty()).collect(),
        parsed,
        asts,
        included,
        symbols,
        set,
        diagnostics,
        fixes,
        took: started.elapsed(),
    }
}

/// A diagnostic of file `file` as the protocol writes it: the checker's
/// code, message and help, its related locations.
fn to_lsp(d: &dyn Diagnostic, file: usize, files: &[File], by_name: &HashMap<&str, usize>) -> Option<LspDiagnostic> {
    let f = files.get(file)?;
    let (start, end) = main_span(d);
    let mut message = d.to_string();
    if let Some(help) = d.help() {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .related()
        .into_iter()
        .flatten()
        .filter_map(|r| {
            let (start, end) = main_span(r);
            let name = r
                .source_code()?
                .read_span(&(start, 0).into(), 0, 0)
                .ok()?
                .name()
                .map(str::to_string)?;
            let other = files.get(*by_name.get(name.as_str())?)?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(other.uri.clone(), other.range(start, end)),
                message: r.to_string(),
            })
        })
        .collect();
    Some(LspDiagnostic {
        range: f.range(start, end),
        severity: Some(match d.severity() {
            None | Some(Severity::Error) => lsp_types::DiagnosticSeverity::ERROR,
            Some(Severity::Warning) => lsp_types::DiagnosticSeverity::WARNING,
            Some(Severity::Advice) => lsp_types::DiagnosticSeverity::INFORMATION,
        }),
        code: d.code().map(|c| NumberOrString::String(c.to_string())),
        source: Some("edict".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..LspDiagnostic::default()
    })
}

/// The bytes of a diagnostic's primary (or first) label.
fn main_span(d: &dyn Diagnostic) -> (usize, usize) {
    let labels: Vec<miette::LabeledSpan> = d.labels().map(|l| l.collect()).unwrap_or_default();
    labels
        .iter()
        .find(|l| l.primary())
        .or(labels.first())
        .map_or((0, 0), |l| (l.offset(), l.offset() + l.len()))
}

/// The fix of a checker diagnostic, when the checker already knows it:
/// the name it suggests, the citation skeleton it asks for, `through` for
/// an `until` that ends a window on its first day.
fn fix(e: &CheckError, file: &File) -> Option<(String, (usize, usize), String)> {
    let Span { start, end, .. } = e.span;
    match &e.kind {
        CheckErrorKind::Unknown {
            suggestion: Some(s), ..
        } => Some((format!("Replace with `{s}`"), (start, end), s.clone())),
        CheckErrorKind::MissingCitation { .. } => {
            Some(("Add the article it encodes".into(), (end, end), " \"Art. …\"".into()))
        }
        CheckErrorKind::EmptyWindow { from, end: last, word } if *word == "until" && from == last => {
            let i = lex::at(&file.tokens, start)?.checked_sub(1)?;
            let until = file.tokens.get(i)?;
            (file.text.get(until.start..until.end) == Some("until")).then(|| {
                (
                    "Write `through` (the last day it holds)".to_string(),
                    (until.start, until.end),
                    "through".to_string(),
                )
            })
        }
        _ => None,
    }
}
