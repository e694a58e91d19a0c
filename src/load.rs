//! Parsing and checking a set of policy files in one step.

use crate::ast;
use crate::check::check;
use crate::policy::PolicySet;
use crate::source::{FileId, SourceMap};
use crate::syntax::SyntaxError;
use miette::Diagnostic;

/// A diagnostic of any stage.
pub type AnyDiagnostic = Box<dyn Diagnostic + Send + Sync>;

/// The result of loading policy files.
pub struct Loaded {
    /// The checked set, when there was no error.
    pub set: Option<PolicySet>,
    /// Every error and warning, in file order.
    pub diagnostics: Vec<AnyDiagnostic>,
}

/// Parses and checks every file of `sources` as one policy set. Syntax
/// errors of all files are reported together; when there are none, every
/// checker error is.
pub fn load(sources: SourceMap) -> Loaded {
    load_phases(sources, &mut |_, _| {})
}

/// [`load`], telling `phase` how long parsing (`"parse"`) and checking
/// (`"check"`) took.
pub fn load_phases(sources: SourceMap, phase: &mut dyn FnMut(&str, std::time::Duration)) -> Loaded {
    load_parsing(sources, &|sources, id| crate::syntax::parse(sources, id), phase)
}

/// [`load`] of `sources` that differ from those `previous` was loaded from
/// in only some files, as a set under a reading's alternative does: a file
/// with the same id, name and text as one of `previous`'s is not parsed
/// again, its tree is reused. Parsing is most of a load (several times the
/// checking), and an alternative rewrites one or two files of the library.
pub fn load_reusing(sources: SourceMap, previous: &PolicySet) -> Loaded {
    let reuse = |sources: &SourceMap, id: FileId| {
        let unchanged = match (sources.file(id), previous.sources.file(id)) {
            (Some(now), Some(then)) => now.name == then.name && now.text == then.text,
            _ => false,
        };
        match previous.parsed.get(id.0 as usize) {
            Some(tree) if unchanged => (tree.clone(), Vec::new()),
            _ => crate::syntax::parse(sources, id),
        }
    };
    load_parsing(sources, &reuse, &mut |_, _| {})
}

/// A file's tree and its syntax errors.
type Parsed = (ast::PolicyFile, Vec<SyntaxError>);

fn load_parsing(
    sources: SourceMap,
    parse: &dyn Fn(&SourceMap, FileId) -> Parsed,
    phase: &mut dyn FnMut(&str, std::time::Duration),
) -> Loaded {
    let started = std::time::Instant::now();
    let mut files = Vec::new();
    let mut syntax = Vec::new();
    for (id, _) in sources.files() {
        let (file, errors) = parse(&sources, id);
        files.push(file);
        syntax.extend(errors);
    }
    phase("parse", started.elapsed());
    if !syntax.is_empty() {
        syntax.sort_by_key(|e| (e.at().file, e.at().start));
        return Loaded {
            set: None,
            diagnostics: syntax.into_iter().map(|e| Box::new(e) as AnyDiagnostic).collect(),
        };
    }
    let started = std::time::Instant::now();
    let checked = check(sources, &files);
    phase("check", started.elapsed());
    let set = checked.set.map(|mut set| {
        set.parsed = files.into();
        set
    });
    Loaded {
        set,
        diagnostics: checked
            .diagnostics
            .into_iter()
            .map(|e| Box::new(e) as AnyDiagnostic)
            .collect(),
    }
}
