//! Running tests: loading each test's policies and facts, evaluating, and
//! comparing with the expectations.

use crate::ast::suite::{Expect, FactsSource as FactsClause, Test, TestFile};
use crate::check::suite::{check_file, check_names, check_readings};
use crate::decision::{Decision, PolicyDecision};
use crate::eval::{evaluate, EvalOptions, Evaluator};
use crate::facts::FactsSource;
use crate::load::{load, AnyDiagnostic};
use crate::outcome::Outcome;
use crate::policy::PolicySet;
use crate::source::{SourceMap, Span};
use crate::syntax::suite::parse_suite;
use miette::{Diagnostic, SourceSpan};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use thiserror::Error;

/// Why a file a test names could not be read.
#[derive(Debug)]
pub enum ReadProblem {
    /// The file system's error, in words.
    Io(String),
    /// The file is not UTF-8.
    NotUtf8(Box<crate::source::InvalidUtf8>),
}

/// Reads the files tests name (facts and drafts), by path.
pub trait Files: Sync {
    /// The text of the file at `path`.
    fn read(&self, path: &Path) -> Result<String, ReadProblem>;
}

/// A facts file or draft named by a test that cannot be read.
#[derive(Debug, Error, Diagnostic)]
#[error("cannot read {path}: {why}")]
#[diagnostic(
    code("edict::test::unreadable"),
    help("paths in a test file are relative to the test file's folder")
)]
pub struct Unreadable {
    path: String,
    why: String,
    #[source_code]
    src: crate::source::SourceText,
    #[label("named here")]
    span: SourceSpan,
}

/// How to run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Run only the tests whose id or title contains this text (ignoring case).
    pub filter: Option<String>,
    /// Evaluate every test as of this day, unless the test says `as of`.
    pub as_of: Option<jiff::civil::Date>,
    /// Measure provision coverage (see [`super::coverage`]).
    pub coverage: bool,
    /// Run the mutants of the policies under test (see [`super::mutants`]),
    /// when every test passed.
    pub mutants: bool,
    /// The names (as in the policies' source map) of the files among the
    /// policies that are drafts layered under every test (`edict test
    /// --with`): what they write is mutated and scored under their ids.
    pub with: Vec<String>,
}

/// What one expectation wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    /// The shipment.
    pub shipment: String,
    /// The outcome expected.
    pub outcome: Outcome,
    /// `under`: the policy whose outcome is meant (else the overall outcome).
    pub policy: Option<String>,
    /// `by`: the rule expected to decide, as written.
    pub rule: Option<String>,
    /// `finding`: words a deciding finding must contain.
    pub finding: Option<String>,
    /// The `expect` line's number in the test file (1-based).
    pub line: usize,
}

/// An expectation not met, with what the policies said instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What was expected.
    pub expected: Expectation,
    /// The outcome the policies gave.
    pub actual: Outcome,
    /// The day the shipment was decided on.
    pub date: String,
    /// The rules that gave the actual outcome, as `policy.rule`.
    pub deciding: Vec<String>,
    /// What did not match, in words (`outcome`, `rule`, `finding`).
    pub what: &'static str,
    /// `edict explain` of the shipment, trimmed to the policies in question.
    pub explanation: Option<crate::eval::Explanation>,
}

/// How a test went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Every expectation met.
    Passed,
    /// At least one expectation not met.
    Failed(Vec<Failure>),
}

/// One test's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    /// The test file, as named.
    pub file: String,
    /// The line of `test` (1-based).
    pub line: usize,
    /// The test's id.
    pub id: String,
    /// The test's title.
    pub title: String,
    /// Its `because` texts.
    pub because: Vec<String>,
    /// How it went.
    pub status: Status,
    /// How many expectations it checked.
    pub expectations: usize,
}

/// The results of a run, in file and test order, or the diagnostics that
/// stopped it.
pub struct TestRun {
    /// One per test run (after the filter).
    pub results: Vec<TestResult>,
    /// Errors in the tests, their facts or the policies: when there is
    /// one, the run is invalid (exit 2) and no result is trusted.
    pub diagnostics: Vec<AnyDiagnostic>,
    /// The coverage of the policies under test (not of the drafts), when asked for.
    pub coverage: Option<super::coverage::Coverage>,
    /// The mutants and which tests noticed them, when asked for and every test passed.
    pub mutants: Option<super::mutants::MutantReport>,
}

impl TestRun {
    /// A run refused for these errors: nothing was decided.
    fn rejected(diagnostics: Vec<AnyDiagnostic>) -> TestRun {
        TestRun {
            results: Vec::new(),
            diagnostics,
            coverage: None,
            mutants: None,
        }
    }

    /// How many tests passed.
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.status == Status::Passed).count()
    }

    /// How many tests failed.
    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }
}

/// One test to run, with what it needs.
struct Job<'a> {
    file: &'a TestFile,
    test: &'a Test,
    /// Index into the loaded policy sets.
    set: usize,
}

/// Runs every test of `tests` (a map of test files) against the policies
/// of `policies`, with each test's drafts layered over them.
pub fn run(policies: &SourceMap, tests: &SourceMap, files: &dyn Files, options: &RunOptions) -> TestRun {
    let mut diagnostics: Vec<AnyDiagnostic> = Vec::new();
    let mut parsed = Vec::new();
    for (id, _) in tests.files() {
        let (file, errors) = parse_suite(tests, id);
        diagnostics.extend(errors.into_iter().map(|e| Box::new(e) as AnyDiagnostic));
        diagnostics.extend(
            check_file(tests, &file)
                .into_iter()
                .map(|e| Box::new(e) as AnyDiagnostic),
        );
        parsed.push(file);
    }
    if !diagnostics.is_empty() {
        return TestRun::rejected(diagnostics);
    }
    let wanted = |t: &Test| {
        options.filter.as_ref().is_none_or(|f| {
            let f = f.to_lowercase();
            t.id.name.to_lowercase().contains(&f) || t.title.value.to_lowercase().contains(&f)
        })
    };
    // One policy set per distinct list of drafts.
    let mut draft_sets: BTreeMap<Vec<PathBuf>, usize> = BTreeMap::new();
    let mut jobs = Vec::new();
    let mut set_drafts: Vec<Vec<(PathBuf, Span)>> = Vec::new();
    for file in &parsed {
        let dir = folder_of(tests, file);
        for test in file.tests.iter().filter(|t| wanted(t)) {
            let drafts: Vec<(PathBuf, Span)> = test.with.iter().map(|w| (dir.join(&w.value), w.span)).collect();
            let key: Vec<PathBuf> = drafts.iter().map(|(p, _)| p.clone()).collect();
            let next = draft_sets.len();
            let set = *draft_sets.entry(key).or_insert_with(|| {
                set_drafts.push(drafts);
                next
            });
            jobs.push(Job { file, test, set });
        }
    }
    // A file a test layers with `with` is a draft, not one of the
    // policies, even when it sits in the folder with them.
    // Every test's drafts count, whether or not the filter runs it.
    let mut drafts: Vec<PathBuf> = Vec::new();
    for file in &parsed {
        let dir = folder_of(tests, file);
        for t in &file.tests {
            drafts.extend(t.with.iter().map(|w| lexical(&dir.join(&w.value))));
        }
    }
    let mut base = SourceMap::new();
    for (_, f) in policies.files() {
        if !drafts.contains(&lexical(Path::new(&f.name))) {
            base.add(f.name.clone(), f.text.clone());
        }
    }
    let mut sets = Vec::new();
    for drafts in &set_drafts {
        let mut sources = base.clone();
        for (path, span) in drafts {
            match files.read(path) {
                Ok(text) => {
                    sources.add(path.display().to_string(), text);
                }
                Err(problem) => diagnostics.push(unreadable(tests, path, *span, problem)),
            }
        }
        let loaded = load(sources);
        let errors = loaded
            .diagnostics
            .into_iter()
            .filter(|d| crate::diagnostics::is_error(d.as_ref()));
        diagnostics.extend(errors);
        sets.push(loaded.set);
    }
    if !diagnostics.is_empty() {
        return TestRun::rejected(diagnostics);
    }
    let mut sets: Vec<PolicySet> = sets.into_iter().flatten().collect();
    // A test `under reading TAG alternative` runs on its drafts' set under
    // those alternatives: one rewritten set per distinct (drafts, readings).
    let mut reading_sets: BTreeMap<(usize, Vec<String>), usize> = BTreeMap::new();
    for job in &mut jobs {
        if job.test.readings.is_empty() {
            continue;
        }
        let Some(base) = sets.get(job.set) else { continue };
        let problems = check_readings(tests, job.test, base);
        if !problems.is_empty() {
            diagnostics.extend(problems.into_iter().map(|e| Box::new(e) as AnyDiagnostic));
            continue;
        }
        let mut tags: Vec<String> = Vec::new();
        for r in &job.test.readings {
            if !tags.contains(&r.name) {
                tags.push(r.name.clone());
            }
        }
        let key = (job.set, tags);
        if let Some(i) = reading_sets.get(&key) {
            job.set = *i;
            continue;
        }
        match crate::readings::under(base, &key.1) {
            Ok(set) => {
                sets.push(set);
                job.set = sets.len() - 1;
                reading_sets.insert(key, job.set);
            }
            Err(errors) => diagnostics.extend(errors),
        }
    }
    if !diagnostics.is_empty() {
        return TestRun::rejected(diagnostics);
    }
    let outcomes = run_parallel(&jobs, |job| {
        let set = sets.get(job.set).ok_or_else(Vec::new)?;
        run_test(tests, job.file, job.test, set, files, options)
    });
    let mut results = Vec::new();
    let mut observed = super::coverage::Observations::default();
    for (outcome, job) in outcomes.into_iter().zip(&jobs) {
        match outcome {
            Ok((r, obs)) => {
                results.push(r);
                // Coverage is of the policies' own text: a set under a
                // reading's alternative is another text.
                if job.test.readings.is_empty() {
                    observed.merge(obs);
                }
            }
            Err(errors) => diagnostics.extend(errors),
        }
    }
    let base_set = || {
        draft_sets
            .get(&Vec::new())
            .and_then(|i| sets.get(*i).cloned())
            .or_else(|| load(base.clone()).set)
            .unwrap_or_default()
    };
    let coverage = options.coverage.then(|| {
        let set = base_set();
        let ids: Vec<String> = set.policies.iter().map(|p| p.id.clone()).collect();
        super::coverage::Coverage {
            policies: super::coverage::coverage(&set, &ids, &observed),
            sources: set.sources.clone(),
        }
    });
    let all_passed = diagnostics.is_empty() && results.iter().all(|r| r.status == Status::Passed);
    let mutants = (options.mutants && all_passed).then(|| {
        let set = base_set();
        // The base set's mutants, against the tests that layer no drafts;
        // then, for each list of drafts tests layer, what those drafts
        // write, against those tests.
        let with = drafts_in(&set, |name| options.with.iter().any(|w| w == name));
        // Tests under a reading decide under its alternative, not the law as
        // written: they neither kill nor spare the law's mutants.
        let prepared = prepare(tests, &jobs, files, options, |j| {
            j.test.with.is_empty() && j.test.readings.is_empty()
        });
        let ids: Vec<String> = set.policies.iter().map(|p| p.id.clone()).collect();
        let mut report = super::mutants::run(&set, super::mutants::mutants(&set, &ids, &with), &prepared);
        for (key, index) in draft_sets.iter().filter(|(k, _)| !k.is_empty()) {
            let Some(drafted) = sets.get(*index) else { continue };
            let files_of_drafts: Vec<PathBuf> = key.iter().map(|p| lexical(p)).collect();
            let drafts = drafts_in(drafted, |name| {
                files_of_drafts.contains(&lexical(Path::new(name))) || options.with.iter().any(|w| w == name)
            });
            let ids: Vec<String> = drafted.policies.iter().map(|p| p.id.clone()).collect();
            let theirs: Vec<super::mutants::Mutant> = super::mutants::mutants(drafted, &ids, &drafts)
                .into_iter()
                .filter(|m| m.draft.is_some())
                .collect();
            let prepared = prepare(tests, &jobs, files, options, |j| {
                j.set == *index && j.test.readings.is_empty()
            });
            report.merge(super::mutants::run(drafted, theirs, &prepared));
        }
        report
    });
    TestRun {
        results,
        diagnostics,
        coverage,
        mutants,
    }
}

/// The ids of the policies of `set` whose files `is_draft` names.
fn drafts_in(set: &PolicySet, is_draft: impl Fn(&str) -> bool) -> Vec<String> {
    set.policies
        .iter()
        .filter(|p| set.sources.file(p.span.file).is_some_and(|f| is_draft(&f.name)))
        .map(|p| p.id.clone())
        .collect()
}

/// The jobs `keep` picks, each with its facts read and its day, for mutants.
fn prepare<'j>(
    tests: &SourceMap,
    jobs: &[Job<'j>],
    files: &dyn Files,
    options: &RunOptions,
    keep: impl Fn(&Job<'j>) -> bool,
) -> Vec<super::mutants::Prepared<'j>> {
    jobs.iter()
        .filter(|j| keep(j))
        .filter_map(|j| {
            let source = facts_of(tests, j.file, j.test, files).ok()?;
            let as_of = j
                .test
                .as_of
                .first()
                .and_then(|d| crate::facts::read_date(&d.text).ok())
                .or(options.as_of);
            Some(super::mutants::Prepared {
                test: j.test,
                source,
                as_of,
            })
        })
        .collect()
}

/// Runs `work` on every job, on as many threads as there are cores;
/// the results in job order.
fn run_parallel<'j, J: Sync, R: Send>(jobs: &'j [J], work: impl Fn(&'j J) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(jobs.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut mine = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    mine.push((i, work(job)));
                }
                if let Ok(mut all) = done.lock() {
                    all.extend(mine);
                }
            });
        }
    });
    let mut all = done.into_inner().unwrap_or_default();
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// A path with `.` and `name/..` removed, without asking the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The folder of a test file, against which the paths it names are read.
fn folder_of(tests: &SourceMap, file: &TestFile) -> PathBuf {
    let name = tests.file(file.file).map(|f| f.name.as_str()).unwrap_or("");
    Path::new(name).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn unreadable(tests: &SourceMap, path: &Path, span: Span, problem: ReadProblem) -> AnyDiagnostic {
    match problem {
        ReadProblem::NotUtf8(e) => e,
        ReadProblem::Io(why) => Box::new(Unreadable {
            path: path.display().to_string(),
            why,
            src: tests.named_source(span.file),
            span: span.into(),
        }),
    }
}

/// A test's facts: the file it names, read, or its inline JSON.
fn facts_of(tests: &SourceMap, file: &TestFile, test: &Test, files: &dyn Files) -> Result<FactsSource, AnyDiagnostic> {
    let Some(clause) = test.facts.first() else {
        return Err(Box::new(Unreadable {
            path: String::new(),
            why: "the test has no facts".to_string(),
            src: tests.named_source(test.span.file),
            span: test.span.into(),
        }));
    };
    Ok(match clause {
        FactsClause::File(path) => {
            let path = folder_of(tests, file).join(&path.value);
            match files.read(&path) {
                Ok(text) => FactsSource::new(&path.display().to_string(), text),
                Err(problem) => return Err(unreadable(tests, &path, clause.span(), problem)),
            }
        }
        FactsClause::Inline { json, span } => {
            let name = tests.file(span.file).map(|f| f.name.as_str()).unwrap_or("");
            let (line, _) = tests.line_col(*span);
            FactsSource::new(&format!("{name}:{line} (inline facts)"), json.clone())
        }
    })
}

/// Runs one test.
fn run_test(
    tests: &SourceMap,
    file: &TestFile,
    test: &Test,
    set: &PolicySet,
    files: &dyn Files,
    options: &RunOptions,
) -> Result<(TestResult, super::coverage::Observations), Vec<AnyDiagnostic>> {
    let source = facts_of(tests, file, test, files).map_err(|e| vec![e])?;
    let facts = crate::facts::load(&source).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| Box::new(e) as AnyDiagnostic)
            .collect::<Vec<_>>()
    })?;
    let names = check_names(tests, test, set, facts.shipments.iter().map(|s| s.id.as_str()));
    if !names.is_empty() {
        return Err(names.into_iter().map(|e| Box::new(e) as AnyDiagnostic).collect());
    }
    let as_of = test
        .as_of
        .first()
        .and_then(|d| crate::facts::read_date(&d.text).ok())
        .or(options.as_of);
    let decisions = evaluate(
        set,
        &facts,
        &source,
        &EvalOptions {
            as_of,
            ..Default::default()
        },
    )
    .map_err(|errors| {
        errors
            .into_iter()
            .map(|e| Box::new(e) as AnyDiagnostic)
            .collect::<Vec<_>>()
    })?;
    let mut observed = super::coverage::Observations::default();
    if options.coverage {
        let mut done = Vec::new();
        for e in &test.expects {
            let Some(index) = decisions.decisions.iter().position(|d| d.shipment == e.shipment.value) else {
                continue;
            };
            let day = decisions.decisions.get(index).and_then(|d| d.date.parse().ok());
            if let (false, Some(day)) = (done.contains(&index), day) {
                done.push(index);
                super::coverage::observe(set, &facts, &source, index, day, &mut observed);
            }
        }
    }
    let mut failures = Vec::new();
    for e in &test.expects {
        let Some(index) = decisions.decisions.iter().position(|d| d.shipment == e.shipment.value) else {
            continue;
        };
        let Some(decision) = decisions.decisions.get(index) else {
            continue;
        };
        if let Some((what, actual, deciding)) = unmet(e, decision) {
            let explanation = explain(set, &facts, &source, index, decision, e, &deciding);
            failures.push(Failure {
                expected: expectation(tests, e),
                actual,
                date: decision.date.to_string(),
                deciding,
                what,
                explanation,
            });
        }
    }
    let result = TestResult {
        file: tests.file(file.file).map(|f| f.name.clone()).unwrap_or_default(),
        line: tests.line_col(test.span).0,
        id: test.id.name.clone(),
        title: test.title.value.clone(),
        because: test.because.iter().map(|b| b.value.clone()).collect(),
        status: if failures.is_empty() {
            Status::Passed
        } else {
            Status::Failed(failures)
        },
        expectations: test.expects.len(),
    };
    Ok((result, observed))
}

fn expectation(tests: &SourceMap, e: &Expect) -> Expectation {
    Expectation {
        shipment: e.shipment.value.clone(),
        outcome: Outcome::from_word(&e.outcome.name).unwrap_or(Outcome::NotControlled),
        policy: e.under.as_ref().map(|p| p.name.clone()),
        rule: e.by.as_ref().map(|r| r.display()),
        finding: e.finding.as_ref().map(|f| f.value.clone()),
        line: tests.line_col(e.span).0,
    }
}

/// The policy decisions an expectation looks at: the one `under` names, or all.
fn in_scope<'d>(e: &Expect, decision: &'d Decision) -> Vec<&'d PolicyDecision> {
    decision
        .policies
        .iter()
        .map(|p| &**p)
        .filter(|p| e.under.as_ref().is_none_or(|u| u.name == p.policy))
        .collect()
}

/// What of an expectation is not met: the part, the actual outcome and
/// the deciding rules; `None` when it is met.
pub(super) fn unmet(e: &Expect, decision: &Decision) -> Option<(&'static str, Outcome, Vec<String>)> {
    let scope = in_scope(e, decision);
    let actual = match &e.under {
        Some(_) => scope.first().map_or(Outcome::NotControlled, |p| p.outcome),
        None => decision.outcome,
    };
    let deciding_findings: Vec<(&str, &crate::decision::Finding)> = if actual == Outcome::NotControlled {
        Vec::new()
    } else {
        scope
            .iter()
            .flat_map(|p| {
                p.findings
                    .iter()
                    .filter(|f| f.outcome == actual)
                    .map(move |f| (p.policy.as_str(), f))
            })
            .collect()
    };
    let deciding: Vec<String> = deciding_findings
        .iter()
        .map(|(p, f)| format!("{p}.{}", f.rule))
        .collect();
    let wanted = Outcome::from_word(&e.outcome.name)?;
    if actual != wanted {
        return Some(("outcome", actual, deciding));
    }
    let by_rule: Vec<&(&str, &crate::decision::Finding)> = deciding_findings
        .iter()
        .filter(|(p, f)| {
            e.by.as_ref()
                .is_none_or(|r| f.rule == r.name.name && r.policy.as_ref().is_none_or(|rp| rp.name == *p))
        })
        .collect();
    if e.by.is_some() && by_rule.is_empty() {
        return Some(("rule", actual, deciding));
    }
    if let Some(words) = &e.finding {
        let found = by_rule
            .iter()
            .any(|(_, f)| f.cite.contains(&words.value) || f.because.iter().any(|b| b.contains(&words.value)));
        if !found {
            return Some(("finding", actual, deciding));
        }
    }
    None
}

/// `edict explain` of the shipment, trimmed to the policies in question:
/// the one `under` or `by` names, else those that decided the outcome,
/// else those in force that day.
fn explain(
    set: &PolicySet,
    facts: &crate::facts::Facts,
    source: &FactsSource,
    index: usize,
    decision: &Decision,
    e: &Expect,
    deciding: &[String],
) -> Option<crate::eval::Explanation> {
    let shipment = facts.shipments.get(index)?;
    let day = decision.date.parse::<jiff::civil::Date>().ok()?;
    let mut evaluator = Evaluator::new(set, facts, source);
    let again = evaluator.decide(index, shipment, day);
    let mut explanation = evaluator.explain_shipment(index, day, &again)?;
    let named: Option<&str> = e
        .under
        .as_ref()
        .map(|p| p.name.as_str())
        .or_else(|| e.by.as_ref().and_then(|r| r.policy.as_ref()).map(|p| p.name.as_str()));
    let decided: Vec<&str> = deciding.iter().filter_map(|d| d.split('.').next()).collect();
    explanation.policies.retain(|p| match named {
        Some(n) => p.policy == n,
        None if !decided.is_empty() => decided.contains(&p.policy.as_str()),
        None => set.policy(&p.policy).is_some_and(|pol| pol.in_force_on(day)),
    });
    Some(explanation)
}
