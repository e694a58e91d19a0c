//! Checking test files: each test's clauses, then its names against the
//! policies it runs under and the facts it reads.
//!
//! [`check_file`] needs only the file; [`check_names`] runs once the
//! test's policy set (with its drafts) and facts are loaded.

use crate::ast::suite::{Test, TestFile};
use crate::outcome::Outcome;
use crate::policy::PolicySet;
use crate::source::{SourceMap, Span};
use miette::{Diagnostic, SourceSpan};
use std::collections::HashMap;
use thiserror::Error;

/// What is wrong with a test. Each variant shows a minimal test that
/// triggers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SuiteProblem {
    /// `test a "A"` twice in one file.
    DuplicateTest(String),
    /// A test with no `facts` clause.
    MissingFacts(String),
    /// `facts "a.json"` and `facts { … }` in one test (or `as of` twice).
    RepeatedClause(&'static str),
    /// A test with no `expect` line.
    NoExpectation(String),
    /// `as of 2025-02-30`.
    InvalidDate(String, String),
    /// `expect S-1 licenced`.
    UnknownOutcome(String),
    /// `expect S-1 exempt under cn-mofcom-2025-16`.
    UnknownPolicy(String),
    /// `under` a policy with no rules (it declares vocabulary only).
    PolicyDecidesNothing(String),
    /// `by part-9`, or `by p.part-9`.
    UnknownRule(String, Option<String>),
    /// `expect S-9 …` for a shipment the facts do not have.
    UnknownShipment(String),
    /// `under reading A-ROLUP alternative`: no reading of the policies has the tag.
    UnknownReading(String),
    /// `under reading BIS-SAVINGS alternative`: its alternative is prose only.
    ReadingNotExecutable(String),
    /// `under reading A-ROLLUP alternative` twice in one test.
    RepeatedReading(String),
}

impl SuiteProblem {
    /// The code, message and label.
    fn describe(&self) -> (&'static str, String, &'static str) {
        match self {
            SuiteProblem::DuplicateTest(id) => (
                "edict::test::duplicate-test",
                format!("the test `{id}` is defined twice in this file"),
                "defined again here",
            ),
            SuiteProblem::MissingFacts(id) => (
                "edict::test::missing-facts",
                format!("the test `{id}` has no facts"),
                "add `facts \"<file>.json\"` or `facts { … }`",
            ),
            SuiteProblem::RepeatedClause(what) => (
                "edict::test::repeated-clause",
                format!("a test has one `{what}` clause"),
                "a second one",
            ),
            SuiteProblem::NoExpectation(id) => (
                "edict::test::no-expectation",
                format!("the test `{id}` expects nothing"),
                "add an `expect <shipment> <outcome>` line",
            ),
            SuiteProblem::InvalidDate(text, why) => (
                "edict::test::invalid-date",
                format!("`{text}` is not a date: {why}"),
                "not a calendar date",
            ),
            SuiteProblem::UnknownOutcome(w) => (
                "edict::test::unknown-outcome",
                format!("unknown outcome `{w}`"),
                "not an outcome",
            ),
            SuiteProblem::UnknownPolicy(p) => (
                "edict::test::unknown-policy",
                format!("unknown policy `{p}`"),
                "no loaded policy has this id",
            ),
            SuiteProblem::PolicyDecidesNothing(p) => (
                "edict::test::unknown-policy",
                format!("the policy `{p}` has no rules, so it decides no shipment"),
                "declares vocabulary only",
            ),
            SuiteProblem::UnknownRule(r, Some(p)) => (
                "edict::test::unknown-rule",
                format!("the policy `{p}` has no rule `{r}`"),
                "not a rule of this policy",
            ),
            SuiteProblem::UnknownRule(r, None) => (
                "edict::test::unknown-rule",
                format!("no loaded policy has a rule `{r}`"),
                "not a rule of any policy",
            ),
            SuiteProblem::UnknownShipment(s) => (
                "edict::test::unknown-shipment",
                format!("the facts have no shipment `{s}`"),
                "not a shipment of the test's facts",
            ),
            SuiteProblem::UnknownReading(t) => (
                "edict::test::unknown-reading",
                format!("no loaded policy has a reading `{t}`"),
                "not a reading of the policies",
            ),
            SuiteProblem::ReadingNotExecutable(t) => (
                "edict::test::reading-not-executable",
                format!("the alternative of the reading `{t}` is prose only, so no test can decide under it"),
                "prose only",
            ),
            SuiteProblem::RepeatedReading(t) => (
                "edict::test::repeated-clause",
                format!("the test names the reading `{t}` twice"),
                "named again here",
            ),
        }
    }
}

/// A problem with a test, as a diagnostic.
#[derive(Debug, Error)]
#[error("{message}")]
pub struct SuiteCheckError {
    /// What is wrong.
    pub problem: SuiteProblem,
    message: String,
    code: &'static str,
    src: crate::source::SourceText,
    span: SourceSpan,
    label: &'static str,
    help: Option<String>,
    /// Where, for sorting.
    #[doc(hidden)]
    pub at: Span,
}

impl Diagnostic for SuiteCheckError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(miette::LabeledSpan::new_with_span(
            Some(self.label.to_string()),
            self.span,
        ))))
    }
}

impl SuiteCheckError {
    /// A diagnostic for `problem` at `at`, with a suggestion when one is likely.
    pub fn new(sources: &SourceMap, problem: SuiteProblem, at: Span, suggestion: Option<String>) -> SuiteCheckError {
        let (code, message, label) = problem.describe();
        let help = match (&problem, suggestion) {
            (_, Some(s)) => Some(format!("did you mean `{s}`?")),
            (SuiteProblem::ReadingNotExecutable(_), None) => Some(
                "give the reading an executable alternative (`for \"…\" read \"…\"` under it), or test its chosen reading only"
                    .to_string(),
            ),
            _ => None,
        };
        SuiteCheckError {
            problem,
            message,
            code,
            src: sources.named_source(at.file),
            span: at.into(),
            label,
            help,
            at,
        }
    }

    /// The stable code, e.g. `edict::test::unknown-rule`.
    pub fn code_str(&self) -> &'static str {
        self.code
    }
}

/// Checks what a test file says on its own: unique ids, one `facts` and at
/// most one `as of` per test, at least one expectation, dates and outcome
/// words.
pub fn check_file(sources: &SourceMap, file: &TestFile) -> Vec<SuiteCheckError> {
    let mut out = Vec::new();
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for test in &file.tests {
        if seen.insert(&test.id.name, test.id.span).is_some() {
            out.push(SuiteCheckError::new(
                sources,
                SuiteProblem::DuplicateTest(test.id.name.clone()),
                test.id.span,
                None,
            ));
        }
        check_clauses(sources, test, &mut out);
    }
    out.sort_by_key(|e| (e.at.file, e.at.start));
    out
}

fn check_clauses(sources: &SourceMap, test: &Test, out: &mut Vec<SuiteCheckError>) {
    let problem = |p, at| SuiteCheckError::new(sources, p, at, None);
    match test.facts.as_slice() {
        [] => out.push(problem(SuiteProblem::MissingFacts(test.id.name.clone()), test.id.span)),
        [_] => {}
        [_, again, ..] => out.push(problem(SuiteProblem::RepeatedClause("facts"), again.span())),
    }
    if let Some(again) = test.as_of.get(1) {
        out.push(problem(SuiteProblem::RepeatedClause("as of"), again.span));
    }
    for d in &test.as_of {
        if let Err(why) = crate::facts::read_date(&d.text) {
            out.push(problem(SuiteProblem::InvalidDate(d.text.clone(), why), d.span));
        }
    }
    if test.expects.is_empty() {
        out.push(problem(SuiteProblem::NoExpectation(test.id.name.clone()), test.id.span));
    }
    let mut named: Vec<&str> = Vec::new();
    for r in &test.readings {
        if named.contains(&r.name.as_str()) {
            out.push(problem(SuiteProblem::RepeatedReading(r.name.clone()), r.span));
        }
        named.push(&r.name);
    }
    for e in &test.expects {
        if Outcome::from_word(&e.outcome.name).is_none() {
            let hint = crate::check::suggest(&e.outcome.name, Outcome::ALL.iter().map(|o| o.as_str()));
            out.push(SuiteCheckError::new(
                sources,
                SuiteProblem::UnknownOutcome(e.outcome.name.clone()),
                e.outcome.span,
                hint,
            ));
        }
    }
}

/// Checks a test's names against the policies it runs under and the
/// shipments of its facts: `expect` shipments, `under` policies, `by` rules.
pub fn check_names<'a>(
    sources: &SourceMap,
    test: &Test,
    set: &PolicySet,
    shipments: impl Iterator<Item = &'a str> + Clone,
) -> Vec<SuiteCheckError> {
    let mut out = Vec::new();
    let policies = || set.policies.iter().map(|p| p.id.as_str());
    for e in &test.expects {
        if !shipments.clone().any(|s| s == e.shipment.value) {
            let hint = crate::check::suggest(&e.shipment.value, shipments.clone());
            out.push(SuiteCheckError::new(
                sources,
                SuiteProblem::UnknownShipment(e.shipment.value.clone()),
                e.shipment.span,
                hint,
            ));
        }
        let mut scope = None;
        if let Some(p) = &e.under {
            match set.policy(&p.name) {
                Some(policy) if policy.decides() => scope = Some(policy),
                Some(_) => out.push(SuiteCheckError::new(
                    sources,
                    SuiteProblem::PolicyDecidesNothing(p.name.clone()),
                    p.span,
                    None,
                )),
                None => out.push(SuiteCheckError::new(
                    sources,
                    SuiteProblem::UnknownPolicy(p.name.clone()),
                    p.span,
                    crate::check::suggest(&p.name, policies()),
                )),
            }
        }
        let Some(by) = &e.by else { continue };
        if let Some(p) = &by.policy {
            match set.policy(&p.name) {
                Some(policy) => scope = Some(policy),
                None => {
                    out.push(SuiteCheckError::new(
                        sources,
                        SuiteProblem::UnknownPolicy(p.name.clone()),
                        p.span,
                        crate::check::suggest(&p.name, policies()),
                    ));
                    continue;
                }
            }
        }
        let rule = &by.name.name;
        let found = match scope {
            Some(policy) => policy.rules.iter().any(|r| r.id == *rule),
            None => set.policies.iter().any(|p| p.rules.iter().any(|r| r.id == *rule)),
        };
        if !found {
            let hint = match scope {
                Some(policy) => crate::check::suggest(rule, policy.rules.iter().map(|r| r.id.as_str())),
                None => crate::check::suggest(
                    rule,
                    set.policies.iter().flat_map(|p| p.rules.iter().map(|r| r.id.as_str())),
                ),
            };
            out.push(SuiteCheckError::new(
                sources,
                SuiteProblem::UnknownRule(rule.clone(), scope.map(|p| p.id.clone())),
                by.name.span,
                hint,
            ));
        }
    }
    out
}

/// Checks the readings a test decides under (`under reading TAG
/// alternative`) against the readings of the policies it runs under: each
/// must exist and have an executable alternative.
pub fn check_readings(sources: &SourceMap, test: &Test, set: &PolicySet) -> Vec<SuiteCheckError> {
    if test.readings.is_empty() {
        return Vec::new();
    }
    let all = crate::readings::readings(set);
    let mut out = Vec::new();
    for tag in &test.readings {
        match all.iter().find(|r| r.tag == tag.name) {
            Some(r) if r.executable() => {}
            Some(_) => out.push(SuiteCheckError::new(
                sources,
                SuiteProblem::ReadingNotExecutable(tag.name.clone()),
                tag.span,
                None,
            )),
            None => out.push(SuiteCheckError::new(
                sources,
                SuiteProblem::UnknownReading(tag.name.clone()),
                tag.span,
                crate::check::suggest(&tag.name, all.iter().map(|r| r.tag.as_str())),
            )),
        }
    }
    out
}
