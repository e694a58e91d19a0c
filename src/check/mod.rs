//! Stage 2: AST → checked, resolved [`PolicySet`].
//!
//! Every problem is collected; the set is returned only when there is none.
//! Naming convention: `check_<thing>` validates and resolves one construct.

mod amendments;
mod conditions;
mod cycles;
mod declarations;
mod errors;
mod literals;
mod names;
mod rules;
pub mod suite;

pub use errors::{CheckError, CheckErrorKind};
pub use names::suggest;

use crate::ast::{self, TagKind};
use crate::policy::{self, CategoryId, Policy, PolicySet, Window};
use crate::source::{SourceMap, Span};
use errors::CheckErrorKind as K;
use std::collections::{BTreeMap, HashMap};

/// The result of checking: the set, or every error found. Warnings come
/// with either.
pub struct Checked {
    /// The policy set, when there was no error.
    pub set: Option<PolicySet>,
    /// Errors and warnings, sorted by file and position.
    pub diagnostics: Vec<CheckError>,
    /// The set as far as it resolved, when there were errors (`set` is
    /// then `None`): what an editor still hovers over and completes from
    /// while the text is being written. Never evaluated.
    pub partial: Option<PolicySet>,
}

/// Checks parsed files (with their sources) into a policy set.
pub fn check(sources: SourceMap, files: &[ast::PolicyFile]) -> Checked {
    let mut checker = Checker {
        sources: &sources,
        errors: Vec::new(),
        set: PolicySet::default(),
        policy_index: BTreeMap::new(),
        categories: HashMap::new(),
        rules: HashMap::new(),
        content_tests: 0,
    };
    checker.check_files(files);
    let mut diagnostics = std::mem::take(&mut checker.errors);
    diagnostics.sort_by_key(|e| (e.span.file, e.span.start, e.code_str()));
    let failed = diagnostics.iter().any(|d| d.severity == miette::Severity::Error);
    let mut set = checker.set;
    set.content_tests = checker.content_tests;
    set.sources = sources;
    let (set, partial) = if failed { (None, Some(set)) } else { (Some(set), None) };
    Checked {
        set,
        diagnostics,
        partial,
    }
}

/// The checker's state.
pub(crate) struct Checker<'a> {
    pub(crate) sources: &'a SourceMap,
    pub(crate) errors: Vec<CheckError>,
    pub(crate) set: PolicySet,
    /// Policy id → index in `set.policies`.
    pub(crate) policy_index: BTreeMap<String, usize>,
    /// (policy id, local name) → category.
    pub(crate) categories: HashMap<(String, String), CategoryId>,
    /// (policy id, local name) → rule index in that policy.
    pub(crate) rules: HashMap<(String, String), usize>,
    pub(crate) content_tests: usize,
}

/// One policy file whose header parsed.
pub(crate) struct Source<'f> {
    pub(crate) header: &'f ast::Header,
    pub(crate) file: &'f ast::PolicyFile,
}

impl<'a> Checker<'a> {
    pub(crate) fn error(&mut self, kind: CheckErrorKind, span: Span) {
        self.errors.push(CheckError::new(self.sources, kind, span));
    }

    pub(crate) fn error_with(&mut self, kind: CheckErrorKind, span: Span, related: CheckErrorKind, at: Span) {
        let e = CheckError::new(self.sources, kind, span).with_related(self.sources, related, at);
        self.errors.push(e);
    }

    fn check_files(&mut self, files: &[ast::PolicyFile]) {
        let mut sources: Vec<Source<'_>> = Vec::new();
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        for file in files {
            let Some(header) = &file.header else { continue };
            if let Some(first) = seen.get(header.id.name.as_str()) {
                let first = *first;
                self.error_with(
                    K::Duplicate {
                        what: "policy",
                        name: header.id.name.clone(),
                    },
                    header.id.span,
                    K::FirstDeclaredHere,
                    first,
                );
                continue;
            }
            seen.insert(&header.id.name, header.id.span);
            sources.push(Source { header, file });
        }
        sources.sort_by(|a, b| a.header.id.name.cmp(&b.header.id.name));
        for (i, s) in sources.iter().enumerate() {
            self.policy_index.insert(s.header.id.name.clone(), i);
            let policy = self.check_header(s.header);
            self.set.policies.push(policy);
        }
        for s in &sources {
            self.declare_tags(s);
        }
        for s in &sources {
            self.declare_groups(s);
        }
        self.resolve_groups(&sources);
        for s in &sources {
            self.declare_categories(s);
        }
        for s in &sources {
            self.resolve_categories(s);
        }
        self.check_category_cycles();
        for s in &sources {
            self.declare_rules(s);
        }
        for s in &sources {
            self.resolve_rules(s);
        }
        for s in &sources {
            self.apply_amendments(s);
        }
        self.mark_dated_categories();
        self.check_exception_cycles();
        for policy in &mut self.set.policies {
            for rule in &mut policy.rules {
                rule.versions.sort_by_key(|v| v.from);
            }
        }
    }

    fn check_header(&mut self, h: &ast::Header) -> Policy {
        for (keyword, span) in &h.repeated {
            self.error(K::RepeatedClause { clause: keyword }, *span);
        }
        let require = |present: bool, property: &'static str, errors: &mut Vec<(CheckErrorKind, Span)>| {
            if !present {
                errors.push((
                    K::MissingProperty {
                        property,
                        policy: h.id.name.clone(),
                    },
                    h.id.span,
                ));
            }
        };
        let mut missing = Vec::new();
        require(h.title.is_some(), "title", &mut missing);
        require(h.authority.is_some(), "authority", &mut missing);
        require(h.issued.is_some(), "issued", &mut missing);
        for (k, s) in missing {
            self.error(k, s);
        }
        let issued = h.issued.as_ref().and_then(|d| self.date(d));
        let jurisdiction = h
            .jurisdiction
            .as_ref()
            .and_then(|j| match crate::geo::country(&j.name) {
                Some(c) => Some(c),
                None => {
                    let suggestion = crate::geo::suggest_country(&j.name).map(|c| c.to_string());
                    self.error(
                        K::Unknown {
                            what: "country",
                            name: j.name.clone(),
                            suggestion,
                            advice: Some("jurisdictions are ISO 3166-1 alpha-2 codes such as CN or US".into()),
                        },
                        j.span,
                    );
                    None
                }
            });
        let window = match &h.window {
            Some(w) => self.window(w),
            None => Window {
                from: issued,
                until: None,
                end_inclusive: false,
            },
        };
        let literate = self.literate(&h.literate, h.span);
        Policy {
            id: h.id.name.clone(),
            title: h.title.as_ref().map(|t| t.value.clone()).unwrap_or_default(),
            authority: h.authority.as_ref().map(|t| t.value.clone()).unwrap_or_default(),
            jurisdiction,
            issued,
            source: h.source.as_ref().map(|t| t.value.clone()),
            citation: h.citation.as_ref().map(|t| t.value.clone()),
            window,
            suspensions: Vec::new(),
            rules: Vec::new(),
            categories: Vec::new(),
            amendments: Vec::new(),
            literate,
            span: h.span,
        }
    }

    /// The index of the policy a source declares.
    pub(crate) fn index_of(&self, s: &Source<'_>) -> Option<usize> {
        self.policy_index.get(&s.header.id.name).copied()
    }

    /// Resolves a category reference seen from policy `from`.
    pub(crate) fn category_ref(&mut self, from: &str, r: &ast::Reference) -> Option<CategoryId> {
        let policy = r.policy.as_ref().map_or(from, |p| p.name.as_str());
        let key = (policy.to_string(), r.name.name.clone());
        if let Some(id) = self.categories.get(&key) {
            return Some(*id);
        }
        let visible: Vec<String> = self
            .categories
            .keys()
            .map(|(p, c)| if p == from { c.clone() } else { format!("{p}.{c}") })
            .collect();
        let suggestion = suggest(&r.display(), visible.iter().map(String::as_str));
        let advice = if crate::geo::country(&r.name.name).is_some() {
            Some(format!(
                "`{}` is a country: write `is made in {}`",
                r.name.name, r.name.name
            ))
        } else {
            None
        };
        self.error(
            K::Unknown {
                what: "category",
                name: r.display(),
                suggestion,
                advice,
            },
            r.span,
        );
        None
    }

    /// Checks that a tag is declared.
    pub(crate) fn tag_ref(&mut self, kind: TagKind, r: &ast::Reference) -> bool {
        let name = r.display();
        if self.set.declares(kind, &name) {
            return true;
        }
        let declared = self.set.vocabulary.get(&kind);
        let suggestion = declared.and_then(|m| suggest(&name, m.keys().map(String::as_str)));
        let what = kind.noun();
        let advice = Some(format!("declare it with `{} {name} \"…\"`", kind.keyword()));
        self.error(
            K::Unknown {
                what,
                name,
                suggestion,
                advice,
            },
            r.span,
        );
        false
    }
}

impl Checker<'_> {
    /// Quotes, notes and readings of the item at `within`, checked form: each
    /// `for "…"` of an executable alternative must name text found exactly once
    /// in the item's own words (see [`crate::syntax::substitute`]).
    pub(crate) fn literate(&mut self, items: &[ast::Literate], within: Span) -> Vec<policy::Literate> {
        let mut out = Vec::with_capacity(items.len());
        for l in items {
            out.push(match l {
                ast::Literate::Quote(t) => policy::Literate::Quote(t.value.clone()),
                ast::Literate::Note(t) => policy::Literate::Note(t.value.clone()),
                ast::Literate::Reading {
                    tag,
                    text,
                    alternative,
                    substitutions,
                } => policy::Literate::Reading {
                    tag: tag.name.clone(),
                    text: text.value.clone(),
                    alternative: alternative.as_ref().map(|a| a.value.clone()),
                    substitutions: substitutions
                        .iter()
                        .filter_map(|s| self.substitution(&tag.name, s, within))
                        .collect(),
                },
            });
        }
        out
    }

    fn substitution(&mut self, tag: &str, s: &ast::Substitution, within: Span) -> Option<policy::Substitution> {
        let text = self.sources.file(within.file).map(|f| f.text.clone())?;
        let found = crate::syntax::substitute::occurrences(&text, within.start..within.end, &s.chosen.value);
        match found.as_slice() {
            [one] => Some(policy::Substitution {
                chosen: s.chosen.value.clone(),
                alternative: s.alternative.value.clone(),
                at: Span::new(within.file, one.start, one.end),
                clause: s.span,
            }),
            _ => {
                self.error(
                    K::ReadingTextNotFound {
                        tag: tag.to_string(),
                        text: s.chosen.value.clone(),
                        count: found.len(),
                    },
                    s.chosen.span,
                );
                None
            }
        }
    }
}
