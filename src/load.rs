//! Parsing and checking a set of policy files in one step.

use crate::check::check;
use crate::policy::PolicySet;
use crate::source::SourceMap;
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
    let started = std::time::Instant::now();
    let mut files = Vec::new();
    let mut syntax = Vec::new();
    for (id, _) in sources.files() {
        let (file, errors) = crate::syntax::parse(&sources, id);
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
    Loaded {
        set: checked.set,
        diagnostics: checked
            .diagnostics
            .into_iter()
            .map(|e| Box::new(e) as AnyDiagnostic)
            .collect(),
    }
}
