//! Checker diagnostics: typed data, with all their wording in this file.

use crate::source::{SourceMap, Span};
use miette::{Diagnostic, LabeledSpan, Severity, SourceCode};
use std::fmt;

/// What is wrong, as data. The wording is in [`CheckErrorKind::describe`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckErrorKind {
    /// `rule origin` declared twice in one policy.
    Duplicate {
        /// `policy`, `rule`, `category`, `list`, …
        what: &'static str,
        /// The name.
        name: String,
    },
    /// `the item is in part-l` where no `part-l` is declared.
    Unknown {
        /// `category`, `list`, `end use`, `country or country group`, …
        what: &'static str,
        /// The name as written.
        name: String,
        /// A declared name it is probably a typo of.
        suggestion: Option<String>,
        /// Extra advice.
        advice: Option<String>,
    },
    /// `2025-02-30`
    InvalidDate {
        /// The date as written.
        text: String,
        /// Why it is not a date.
        reason: String,
    },
    /// `in force from 2026-01-01 until 2025-01-01`
    EmptyWindow {
        /// The first day.
        from: String,
        /// The end as written.
        end: String,
        /// `until` or `through`.
        word: &'static str,
    },
    /// `at least 150%`; `owned at least 0%`
    PercentOutOfRange {
        /// The value as written.
        value: String,
        /// Whether it is an ownership threshold, which must be above 0%.
        ownership: bool,
    },
    /// `rule origin` without `"Art. …"`.
    MissingCitation {
        /// `rule` or `amendment`.
        what: &'static str,
        /// Its id.
        name: String,
    },
    /// A rule without `outcome`, `raises` or `exempts`.
    MissingEffect {
        /// The rule id.
        name: String,
    },
    /// A clause given twice.
    RepeatedClause {
        /// The clause keyword.
        clause: &'static str,
    },
    /// A required header property is missing.
    MissingProperty {
        /// The property keyword.
        property: &'static str,
        /// The policy id.
        policy: String,
    },
    /// `a and b or c`
    MixedConnectives,
    /// Categories that include each other.
    CategoryCycle {
        /// The cycle, first name repeated at the end.
        path: Vec<String>,
    },
    /// Exceptions that exempt or yield to each other in a circle.
    ExceptionCycle {
        /// The cycle, first name repeated at the end.
        path: Vec<String>,
    },
    /// `country group CN of HK and MO`: a group named like a country code.
    GroupNamedLikeCountry {
        /// The group.
        name: String,
    },
    /// Country groups that include each other.
    GroupCycle {
        /// The group.
        name: String,
    },
    /// An ownership test that does not say `directly …` or `individually …`.
    OwnershipReadingMissing {
        /// `directly` or `individually`.
        missing: &'static str,
    },
    /// An ownership test with `at most` or `below`.
    OwnershipComparator {
        /// The words used.
        words: &'static str,
    },
    /// `exempts other-policy.rule`
    CrossPolicyRule {
        /// The reference.
        name: String,
        /// The clause.
        clause: &'static str,
    },
    /// `raises a required licence to licence-required`
    EscalationNotHigher {
        /// The outcome.
        to: String,
    },
    /// `outcome exempt` with a listing attribute, and similar.
    InvalidEffect {
        /// Why.
        reason: String,
    },
    /// An amendment that does not say what or when.
    IncompleteAmendment {
        /// What is missing.
        missing: String,
    },
    /// An amendment that changes a threshold the rule does not have.
    NothingToChange {
        /// What was to be changed.
        what: &'static str,
        /// The rule.
        rule: String,
    },
    /// `any item`, `any item of Sm`, `any item with a component in …`:
    /// `item` is not a material form, and the line does not say what the
    /// item contains.
    AnyItemUnqualified {
        /// What follows `any item`, as written (`of Sm`), or empty.
        rest: String,
    },
    /// A reading's `for "…"` text found in its item not exactly once.
    ReadingTextNotFound {
        /// The reading's tag.
        tag: String,
        /// The text looked for.
        text: String,
        /// How many times it was found (0, or more than 1).
        count: usize,
    },
    /// Related location: "first declared here".
    FirstDeclaredHere,
    /// Related location: "part of the cycle".
    InCycle,
}

impl CheckErrorKind {
    /// The stable code, message, label and help.
    pub fn describe(&self) -> (&'static str, String, String, Option<String>) {
        use CheckErrorKind as K;
        match self {
            K::Duplicate { what, name } => (
                duplicate_code(what),
                format!("{what} `{name}` is declared more than once"),
                "declared again here".into(),
                Some(format!("give each {what} its own id, or remove one of the declarations")),
            ),
            K::Unknown {
                what,
                name,
                suggestion,
                advice,
            } => (
                unknown_code(what),
                format!("unknown {what} `{name}`"),
                unknown_label(what).into(),
                match (suggestion, advice) {
                    (Some(s), _) => Some(format!("did you mean `{s}`?")),
                    (None, Some(a)) => Some(a.clone()),
                    (None, None) => None,
                },
            ),
            K::InvalidDate { text, reason } => (
                "edict::invalid-date",
                format!("`{text}` is not a calendar date"),
                reason.clone(),
                Some("write dates as YYYY-MM-DD, e.g. 2025-12-01".into()),
            ),
            K::EmptyWindow { from, end, word } => (
                "edict::empty-window",
                format!("the window from {from} {word} {end} contains no day"),
                format!("`{word}` must be after the start"),
                Some(if *word == "until" {
                    "`until` names the first day it no longer holds; for a last day, write `through`".into()
                } else {
                    "the last day cannot be before the first".into()
                }),
            ),
            K::PercentOutOfRange { value, ownership: false } => (
                "edict::percent-out-of-range",
                format!("{value}% is not a share between 0% and 100%"),
                "out of range".into(),
                None,
            ),
            K::PercentOutOfRange { value, ownership: true } => (
                "edict::percent-out-of-range",
                format!("{value}% is not an ownership threshold above 0% and at most 100%"),
                "out of range".into(),
                Some("an ownership test needs a threshold above 0%, such as `at least 50%`".into()),
            ),
            K::MissingCitation { what, name } => (
                "edict::missing-citation",
                format!("{what} `{name}` does not cite the article it encodes"),
                "no citation".into(),
                Some(format!("add the article after the id: {what} {name} \"Art. 1(1)\"")),
            ),
            K::MissingEffect { name } => (
                "edict::missing-effect",
                format!("rule `{name}` does not say what it does"),
                "no `outcome`, `raises` or `exempts` clause".into(),
                Some("add e.g. `outcome licence-required`".into()),
            ),
            K::RepeatedClause { clause } => (
                "edict::repeated-clause",
                format!("`{clause}` is given more than once"),
                "given again here".into(),
                Some("combine the two into one clause".into()),
            ),
            K::MissingProperty { property, policy } => (
                "edict::missing-property",
                format!("policy `{policy}` has no `{property}`"),
                "the header".into(),
                Some(format!("add `{property} …` to the header")),
            ),
            K::ReadingTextNotFound { tag, text, count: 0 } => (
                "edict::reading-text-not-found",
                format!("the alternative of reading {tag} replaces “{text}”, which its item does not say"),
                "not found in the item".into(),
                Some("quote the item's own words (outside its quotes and notes), as `edict fmt` lays them out".into()),
            ),
            K::ReadingTextNotFound { tag, text, count } => (
                "edict::reading-text-ambiguous",
                format!("the alternative of reading {tag} replaces “{text}”, which its item says {count} times"),
                "found more than once".into(),
                Some("quote more of the item's words, so that they name one place".into()),
            ),
            K::MixedConnectives => (
                "edict::mixed-connectives",
                "`and` and `or` are mixed without parentheses".into(),
                "ambiguous".into(),
                Some("add parentheses to say which binds first: `(a and b) or c` or `a and (b or c)`".into()),
            ),
            K::CategoryCycle { path } => (
                "edict::category-cycle",
                format!("categories include each other: {}", path.join(" → ")),
                "this category is part of the cycle".into(),
                Some("a category cannot contain itself; remove one of the `any item in …` lines".into()),
            ),
            K::ExceptionCycle { path } => (
                "edict::exception-cycle",
                format!("exceptions refer to each other in a circle: {}", path.join(" → ")),
                "this rule is part of the cycle".into(),
                Some("make precedence one-way: one of these rules must not exempt or yield to the other".into()),
            ),
            K::GroupNamedLikeCountry { name } => (
                "edict::duplicate-declaration",
                format!("country group `{name}` has the name of a country"),
                "a country code".into(),
                Some(format!("`{name}` already names the country; give the group a name that is not an ISO 3166-1 code")),
            ),
            K::GroupCycle { name } => (
                "edict::group-cycle",
                format!("country group `{name}` includes itself"),
                "part of the cycle".into(),
                None,
            ),
            K::OwnershipReadingMissing { missing } => (
                "edict::ownership-reading-missing",
                format!("the ownership test does not say whether it counts holdings {}", match *missing {
                    "directly" => "directly only or also indirectly",
                    _ => "of each owner alone or in aggregate",
                }),
                "say how ownership is counted".into(),
                Some(match *missing {
                    "directly" => "add `, directly` (only listed owners' own holdings) or `, directly or indirectly` (a party caught by the test passes its whole stake down)".into(),
                    _ => "add `, individually` (one owner must reach the threshold) or `, individually or in aggregate` (stakes of listed owners add up)".into(),
                }),
            ),
            K::OwnershipComparator { words } => (
                "edict::ownership-comparator",
                format!("an ownership test cannot be `{words}`"),
                "use `at least` or `more than`".into(),
                Some("ownership tests catch parties owned at least (≥) or more than (>) a share".into()),
            ),
            K::CrossPolicyRule { name, clause } => (
                "edict::cross-policy-rule",
                format!("`{clause}` names `{name}`, a rule of another policy"),
                "must be a rule of this policy".into(),
                Some("exceptions and escalations act within one policy; to change another policy, write an `amendment`".into()),
            ),
            K::EscalationNotHigher { to } => (
                "edict::escalation-not-higher",
                format!("a licence requirement cannot be raised to `{to}`"),
                "not above licence-required".into(),
                Some("raise to `case-by-case`, `presumption-of-denial` or `prohibited`".into()),
            ),
            K::InvalidEffect { reason } => ("edict::invalid-effect", reason.clone(), "here".into(), None),
            K::IncompleteAmendment { missing } => (
                "edict::incomplete-amendment",
                format!("the amendment does not say {missing}"),
                "incomplete".into(),
                None,
            ),
            K::NothingToChange { what, rule } => (
                "edict::nothing-to-change",
                format!("rule `{rule}` has no {what} to change"),
                "nothing to change".into(),
                None,
            ),
            K::AnyItemUnqualified { rest } => (
                "edict::any-item-unqualified",
                if rest.is_empty() {
                    "`any item` covers every item".to_string()
                } else {
                    format!("`any item {rest}` does not say what the item is or contains")
                },
                "`item` is not a material form".into(),
                Some(if rest.starts_with("of") {
                    "`of` reads as what the item is made of, which needs a form: write `any alloy of …` (or another form), or `any item containing …` for an item that contains the elements, itself or in a component at any depth".into()
                } else {
                    "say what the line covers: `any item containing Sm` (the item or a component at any depth contains it), `any item classed …`, `any item in CATEGORY`, or a form such as `any assembly with a component in …`".into()
                }),
            ),
            K::FirstDeclaredHere => ("edict::note", "first declared here".into(), "first declared here".into(), None),
            K::InCycle => ("edict::note", "part of the same cycle".into(), "here".into(), None),
        }
    }
}

fn duplicate_code(what: &str) -> &'static str {
    match what {
        "policy" => "edict::duplicate-policy",
        "rule" => "edict::duplicate-rule",
        "category" => "edict::duplicate-category",
        "amendment" => "edict::duplicate-amendment",
        _ => "edict::duplicate-declaration",
    }
}

/// What the span of an unknown name is, by what was looked for.
fn unknown_label(what: &str) -> &'static str {
    match what {
        "element" => "not a chemical symbol",
        "outcome" => "not an outcome",
        "country" => "not an ISO 3166-1 alpha-2 code",
        "country or country group" => "neither a country code nor a declared group",
        _ => "not declared in any loaded policy",
    }
}

fn unknown_code(what: &str) -> &'static str {
    match what {
        "policy" => "edict::unknown-policy",
        "rule" => "edict::unknown-rule",
        "category" => "edict::unknown-category",
        "list" => "edict::unknown-list",
        "end use" => "edict::unknown-end-use",
        "party kind" => "edict::unknown-kind",
        "item class" => "edict::unknown-class",
        "technology" => "edict::unknown-technology",
        "element" => "edict::unknown-element",
        "outcome" => "edict::unknown-outcome",
        "rule or policy" => "edict::unknown-target",
        _ => "edict::unknown-place",
    }
}

/// A checker diagnostic with its location.
#[derive(Debug, Clone)]
pub struct CheckError {
    /// What is wrong.
    pub kind: CheckErrorKind,
    /// Where.
    pub span: Span,
    /// Error, or warning.
    pub severity: Severity,
    src: crate::source::SourceText,
    related: Vec<CheckError>,
}

impl CheckError {
    /// An error at `span`.
    pub fn new(sources: &SourceMap, kind: CheckErrorKind, span: Span) -> CheckError {
        CheckError {
            kind,
            span,
            severity: Severity::Error,
            src: sources.named_source(span.file),
            related: Vec::new(),
        }
    }

    /// Adds a related location ("first declared here").
    pub fn with_related(mut self, sources: &SourceMap, kind: CheckErrorKind, span: Span) -> CheckError {
        let mut note = CheckError::new(sources, kind, span);
        note.severity = Severity::Advice;
        self.related.push(note);
        self
    }

    /// The stable code.
    pub fn code_str(&self) -> &'static str {
        self.kind.describe().0
    }
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.kind.describe().1)
    }
}

impl std::error::Error for CheckError {}

impl Diagnostic for CheckError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.kind.describe().0))
    }

    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.kind.describe().3.map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = self.kind.describe().2;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(label),
            self.span,
        ))))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
        }
    }
}
