//! The library's front door: load the law once, then decide, explain and
//! compare shipments with it, from as many threads as there are.
//!
//! [`Engine`] holds a checked policy set (the bundled library, policy texts
//! of your own, drafts layered over either). It is `Send + Sync` and never
//! changes after it is built, so a server shares one `Arc<Engine>` among
//! its workers. Facts are read once into [`Shipments`] and can be decided
//! any number of times, on their own dates or as of another day.
//!
//! ```
//! use edict::Engine;
//! use edict::outcome::Outcome;
//!
//! let law = Engine::bundled()?;
//! let facts = law.read_facts("order-4711.json", r#"{
//!   "version": 1,
//!   "parties": {
//!     "maker": { "name": "Magnet maker", "country": "CN" },
//!     "buyer": { "name": "Buyer", "country": "US" }
//!   },
//!   "items": {
//!     "magnet": { "origin": "CN", "value": "6.80", "classes": ["1C905.a", "permanent-magnet"],
//!                 "elements": ["Nd", "Fe", "B", "Dy"] }
//!   },
//!   "shipments": [ { "id": "S-1", "date": "2025-06-01", "item": "magnet", "quantity": 100,
//!                    "exporter": "maker", "from": "CN", "to": "US", "end_user": "buyer",
//!                    "end_uses": [] } ]
//! }"#)?;
//! let decisions = law.decide(&facts)?;
//! // China's Announcement No. 18 of 2025 requires a licence for Dy magnets.
//! assert_eq!(decisions.decisions[0].outcome, Outcome::LicenceRequired);
//! let why = law.explain(&facts, "S-1", None)?.expect("S-1 is in the file");
//! assert!(edict::report::explain::text(&why).contains("cn-mofcom-2025-18"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Every error is a [`miette::Diagnostic`] carrying the diagnostics of the
//! stage that refused (with their codes, spans and help), rendered the way
//! the command line renders them by [`crate::diagnostics::render_plain`]
//! or by any miette report handler.

use crate::analysis::{PolicyDiff, Timeline};
use crate::decision::Decisions;
use crate::eval::Explanation;
use crate::eval::{EvalOptions, Evaluator};
use crate::facts::{Date, Facts, FactsError, FactsSource};
use crate::load::AnyDiagnostic;
use crate::policy::PolicySet;
use crate::source::SourceMap;
use miette::Diagnostic;
use thiserror::Error;

/// A checked policy set, ready to decide shipments.
#[derive(Debug)]
pub struct Engine {
    set: PolicySet,
    warnings: Vec<String>,
}

/// Policy files that do not check: every error found, each a diagnostic.
#[derive(Debug, Error, Diagnostic)]
#[error("the policies do not check ({} problem{})", diagnostics.len(), if diagnostics.len() == 1 { "" } else { "s" })]
#[diagnostic(code(edict::engine::policies))]
pub struct PoliciesRejected {
    /// The checker's (or parser's) diagnostics.
    #[related]
    pub diagnostics: Vec<AnyDiagnostic>,
}

/// A facts file that cannot be read or decided: every problem found.
#[derive(Debug, Error, Diagnostic)]
#[error("{name} cannot be decided ({} problem{})", problems.len(), if problems.len() == 1 { "" } else { "s" })]
#[diagnostic(code(edict::engine::facts))]
pub struct FactsRejected {
    /// The facts file's name, as given.
    pub name: String,
    /// The loader's or the evaluator's diagnostics.
    #[related]
    pub problems: Vec<FactsError>,
}

/// A facts file read and resolved against nothing but itself: its parties,
/// items, holdings, listings and shipments, ready to be decided.
#[derive(Debug)]
pub struct Shipments {
    source: FactsSource,
    facts: Facts,
}

impl Shipments {
    /// The facts as the evaluator reads them.
    pub fn facts(&self) -> &Facts {
        &self.facts
    }

    /// The shipments' ids, in file order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.facts.shipments.iter().map(|s| s.id.as_str())
    }
}

impl Engine {
    /// The bundled library (`policies/`, embedded in the binary).
    pub fn bundled() -> Result<Engine, PoliciesRejected> {
        Engine::from_sources(crate::bundled::sources())
    }

    /// The bundled library with `drafts` (name, text) layered over it: the
    /// what-if of `--with`.
    pub fn bundled_with<N: Into<String>, T: Into<String>>(
        drafts: impl IntoIterator<Item = (N, T)>,
    ) -> Result<Engine, PoliciesRejected> {
        let mut sources = crate::bundled::sources();
        for (name, text) in drafts {
            sources.add(name.into(), text.into());
        }
        Engine::from_sources(sources)
    }

    /// Policy files of your own, given as (name, text): the names appear in
    /// diagnostics and citations.
    pub fn from_texts<N: Into<String>, T: Into<String>>(
        files: impl IntoIterator<Item = (N, T)>,
    ) -> Result<Engine, PoliciesRejected> {
        let mut sources = SourceMap::new();
        for (name, text) in files {
            sources.add(name.into(), text.into());
        }
        Engine::from_sources(sources)
    }

    /// Policy files already in a [`SourceMap`].
    pub fn from_sources(sources: SourceMap) -> Result<Engine, PoliciesRejected> {
        let loaded = crate::load::load(sources);
        match loaded.set {
            Some(set) => Ok(Engine {
                set,
                warnings: loaded
                    .diagnostics
                    .iter()
                    .map(|d| crate::diagnostics::render_plain(d.as_ref()))
                    .collect(),
            }),
            None => Err(PoliciesRejected {
                diagnostics: loaded.diagnostics,
            }),
        }
    }

    /// The checked policy set, for rendering and analysis.
    pub fn policies(&self) -> &PolicySet {
        &self.set
    }

    /// The warnings the checker gave, rendered as the command line shows them.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Reads a facts file (the JSON of the facts contract, version 1).
    pub fn read_facts(&self, name: &str, json: &str) -> Result<Shipments, FactsRejected> {
        let source = FactsSource::new(name, json);
        match crate::facts::load(&source) {
            Ok(facts) => Ok(Shipments { source, facts }),
            Err(problems) => Err(FactsRejected {
                name: name.to_string(),
                problems,
            }),
        }
    }

    /// Decides every shipment on its own date.
    pub fn decide(&self, shipments: &Shipments) -> Result<Decisions, FactsRejected> {
        self.decide_with(shipments, &EvalOptions::default())
    }

    /// Decides every shipment with `options` (e.g. as of another day).
    pub fn decide_with(&self, shipments: &Shipments, options: &EvalOptions) -> Result<Decisions, FactsRejected> {
        crate::eval::evaluate(&self.set, &shipments.facts, &shipments.source, options)
            .map_err(|problems| shipments.rejected(problems))
    }

    /// Explains the shipment `id` on its date (or on `as_of`): every rule
    /// of every policy, whether it applied and why. `Ok(None)` when the
    /// file has no such shipment.
    pub fn explain(
        &self,
        shipments: &Shipments,
        id: &str,
        as_of: Option<Date>,
    ) -> Result<Option<Explanation>, FactsRejected> {
        let facts = &shipments.facts;
        let Some(index) = facts.shipments.iter().position(|s| s.id == id) else {
            return Ok(None);
        };
        let shipment = &facts.shipments[index];
        let day = as_of.unwrap_or(shipment.date);
        let mut evaluator = Evaluator::new(&self.set, facts, &shipments.source);
        let decision = evaluator.decide(index, shipment, day);
        let explanation = evaluator.explain_shipment(index, day, &decision);
        evaluator.finish().map_err(|problems| shipments.rejected(problems))?;
        Ok(explanation)
    }

    /// Each shipment's outcome as a function of the date, between `from`
    /// and `to` (both optional, inclusive).
    pub fn timelines(
        &self,
        shipments: &Shipments,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<Timeline>, FactsRejected> {
        crate::analysis::timelines(&self.set, &shipments.facts, &shipments.source, from, to)
            .map_err(|problems| shipments.rejected(problems))
    }

    /// What changes in the law from this engine's policies to `newer`'s.
    pub fn diff(&self, newer: &Engine) -> PolicyDiff {
        crate::analysis::diff(&self.set, &newer.set)
    }
}

impl Shipments {
    fn rejected(&self, problems: Vec<FactsError>) -> FactsRejected {
        FactsRejected {
            name: self.source.name().to_string(),
            problems,
        }
    }
}
