//! `edict diff`

use super::io::{load_facts, print_all, read_policies, usage};
use super::{DiffFormat, EXIT_USAGE};
use crate::analysis::{diff, impact, Deciding, Impact, PolicyDiff};
use crate::eval::{evaluate_with_progress, Deciders, EvalOptions};
use crate::facts::{Facts, FactsError, FactsSource};
use crate::policy::PolicySet;
use crate::report::diff::text;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// The arguments of `edict diff`.
pub struct Args {
    /// OLD
    pub old: Option<PathBuf>,
    /// NEW
    pub new: Option<PathBuf>,
    /// `--with`
    pub with: Vec<PathBuf>,
    /// `--facts`
    pub facts: Vec<PathBuf>,
    /// `--as-of`
    pub as_of: Option<jiff::civil::Date>,
    /// `--witness`
    pub witness: bool,
    /// `--witness-dir`
    pub witness_dir: Option<PathBuf>,
    /// `--format`
    pub format: DiffFormat,
    /// `--reading`
    pub reading: Vec<crate::readings::Choice>,
}

/// Exit status: no semantic difference.
const SAME: u8 = 0;
/// Exit status: a semantic difference.
const DIFFERENT: u8 = 1;

/// Loads a version of the law; invalid input is exit status 2 here, as in diff(1).
fn load(paths: &[PathBuf], drafts: &[PathBuf]) -> Result<PolicySet, u8> {
    let sources = read_policies(paths, drafts)?;
    let loaded = crate::load::load(sources);
    print_all(&loaded.diagnostics);
    loaded.set.ok_or(EXIT_USAGE)
}

#[derive(Serialize)]
struct Report<'a> {
    diff: &'a PolicyDiff,
    #[serde(skip_serializing_if = "Option::is_none")]
    impact: Option<&'a Impact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    witnesses: Option<&'a [crate::analysis::witness::Witness]>,
}

/// Runs the diff; prints the changes, the impact and the witnesses.
pub fn run(args: Args) -> u8 {
    let readings = !crate::readings::taken(&args.reading).is_empty();
    let (old, new) = match (&args.old, &args.new, args.with.is_empty()) {
        (o, None, true) if readings => {
            let base: Vec<PathBuf> = o.iter().cloned().collect();
            let old = load(&base, &[]);
            let new = match &old {
                Ok(set) => super::io::under_readings(set.clone(), &args.reading).map_err(|_| EXIT_USAGE),
                Err(c) => Err(*c),
            };
            (old, new)
        }
        (_, _, _) if readings => {
            return usage("--reading compares OLD (or the bundled policies) with itself: give no NEW and no --with")
        }
        (Some(o), Some(n), true) => (load(std::slice::from_ref(o), &[]), load(std::slice::from_ref(n), &[])),
        (o, None, false) => {
            let base: Vec<PathBuf> = o.iter().cloned().collect();
            (load(&base, &[]), load(&base, &args.with))
        }
        (_, Some(_), false) => {
            return usage("give either OLD and NEW, or --with drafts over OLD (or the bundled policies)")
        }
        _ => return usage("give OLD and NEW policy paths, or --with FILE"),
    };
    let (old, new) = match (old, new) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(c), _) | (_, Err(c)) => return c,
    };
    let changes = diff(&old, &new);
    let impact = match (!args.facts.is_empty()).then_some(&args.facts) {
        Some(paths) => {
            let (facts, source) = match load_facts(paths) {
                Ok(f) => f,
                Err(_) => return EXIT_USAGE,
            };
            let options = EvalOptions {
                as_of: args.as_of,
                ..Default::default()
            };
            match decided_impact(&old, &new, &facts, &source, &options) {
                Ok(impact) => Some(impact),
                Err(errors) => {
                    for e in &errors {
                        super::io::print_one(e);
                    }
                    return EXIT_USAGE;
                }
            }
        }
        None => None,
    };
    let witnesses = args
        .witness
        .then(|| crate::analysis::witness::witnesses(&old, &new, &changes));
    if let (Some(dir), Some(ws)) = (&args.witness_dir, &witnesses) {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return usage(&format!("cannot create {}: {e}", dir.display()));
        }
        for w in ws {
            if let Some(facts) = &w.facts {
                let path = dir.join(format!("{}.json", w.rule.replace('.', "_")));
                let text = serde_json::to_string_pretty(facts).unwrap_or_default();
                if let Err(e) = std::fs::write(&path, text + "\n") {
                    return usage(&format!("cannot write {}: {e}", path.display()));
                }
                super::out::stderr_line(&format!("wrote {}", path.display()));
            }
        }
    }
    let out = match args.format {
        DiffFormat::Json => {
            let report = Report {
                diff: &changes,
                impact: impact.as_ref(),
                witnesses: witnesses.as_deref(),
            };
            serde_json::to_string_pretty(&report).unwrap_or_default()
        }
        DiffFormat::Text => text(
            &changes,
            impact.as_ref(),
            witnesses.as_deref(),
            args.witness_dir.is_some(),
        ),
    };
    let status = if changes.is_empty() { SAME } else { DIFFERENT };
    super::out::print_line(&out, status)
}

/// How many shipments are decided at a time under each version of the law.
const PART: usize = 1 << 16;

/// The shipments whose decisions change from `old` to `new`. A facts file
/// without unknown facts is decided a part at a time under `old`, keeping
/// of each decision only what the comparison reads (shared by the
/// shipments decided alike), then a part at a time under `new`, each part
/// compared as it is decided: neither version's decisions are held. With
/// unknowns, every shipment is decided at once under each (their
/// decisions are settled together). On failure, the problems of `old` if
/// it has any, else those of `new`, every one of them.
fn decided_impact(
    old: &PolicySet,
    new: &PolicySet,
    facts: &Facts,
    source: &FactsSource,
    options: &EvalOptions,
) -> Result<Impact, Vec<FactsError>> {
    let n = facts.shipments.len();
    let started = std::time::Instant::now();
    let mut progress = super::progress::Progress::new("shipments (old, then new)", 2 * n);
    if !facts.unknowns.is_empty() {
        let before = evaluate_with_progress(old, facts, source, options, &mut |k| progress.tick(k));
        let after = evaluate_with_progress(new, facts, source, options, &mut |k| progress.tick(n + k));
        progress.finish();
        super::report::phase("evaluate", started.elapsed());
        return match (before, after) {
            (Ok(a), Ok(b)) => Ok(impact(&a, &b)),
            (Err(errors), _) | (_, Err(errors)) => Err(errors),
        };
    }
    // Under the old version: what each decision says, by number.
    let mut said: Vec<Deciding> = Vec::new();
    let mut numbers: HashMap<Deciding, u32> = HashMap::new();
    let mut before: Vec<u32> = Vec::with_capacity(n);
    let mut errors = BTreeMap::new();
    let mut deciders = Deciders::new(old, facts, source, options.threads);
    let mut decided = 0;
    for part in facts.shipments.chunks(PART) {
        let (decisions, found) = deciders.decide_part(part, options, &mut |k| progress.tick(decided + k));
        decided += part.len();
        for (path, e) in found {
            errors.entry(path).or_insert(e);
        }
        if !errors.is_empty() {
            continue;
        }
        for d in &decisions {
            let deciding = Deciding::of(d);
            let number = match numbers.get(&deciding) {
                Some(&number) => number,
                None => {
                    let number = u32::try_from(said.len()).unwrap_or(u32::MAX);
                    said.push(deciding.clone());
                    numbers.insert(deciding, number);
                    number
                }
            };
            before.push(number);
        }
    }
    drop(deciders);
    drop(numbers);
    let mut impact = Impact::default();
    if errors.is_empty() {
        let mut deciders = Deciders::new(new, facts, source, options.threads);
        let mut decided = 0;
        for part in facts.shipments.chunks(PART) {
            let (decisions, found) = deciders.decide_part(part, options, &mut |k| progress.tick(n + decided + k));
            for (path, e) in found {
                errors.entry(path).or_insert(e);
            }
            if errors.is_empty() {
                for (d, &number) in decisions.iter().zip(before.get(decided..).unwrap_or_default()) {
                    if let Some(was) = said.get(number as usize) {
                        impact.add(was, d);
                    }
                }
            }
            decided += part.len();
        }
    }
    progress.finish();
    super::report::phase("evaluate", started.elapsed());
    if errors.is_empty() {
        return Ok(impact);
    }
    let mut errors: Vec<FactsError> = errors.into_values().collect();
    errors.sort_by_key(FactsError::offset);
    Err(errors)
}
