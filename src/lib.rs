//! edict: a declarative policy language for export-control law.
//!
//! The pipeline is the module tree; data flows one way:
//!
//! ```text
//!  policy text ──syntax::parse──▶ ast::PolicyFile (spans)
//!                                     │
//!                              check::check
//!                                     ▼
//!  facts JSON ──facts::load──▶ Facts  policy::PolicySet (resolved ids, windows)
//!                     │               │
//!                     └──eval::evaluate┘
//!                             ▼
//!                  decision::Decisions (findings with reasons)
//! ```
//!
//! To embed edict, start with [`engine::Engine`]: it loads the law once
//! (the bundled library, your own policy texts, drafts over either) and
//! decides, explains and compares shipments from any number of threads.
//!
//! **The API.** [`Engine`] and the types its methods take and return are
//! the library's stable surface: [`Shipments`], [`Decisions`] (with
//! [`Decision`], [`PolicyDecision`], [`Finding`] and [`Outcome`]),
//! [`EvalOptions`], and the errors [`PoliciesRejected`] and
//! [`FactsRejected`], which render with miette. The modules documented
//! below hold the types those reach (facts, policies, explanations,
//! timelines, diffs).
//!
//! **Not the API.** The pipeline's other stages (parser, checker,
//! formatter, renderer, reports, the command line itself) are public only
//! so that edict's own binary, tests and benchmarks can reach them; they
//! are hidden from these docs and may change in any release.
// Standard output and error are written only through `cli::out`, which
// ends quietly on a closed pipe (`println!` panics there).
#![deny(clippy::print_stdout, clippy::print_stderr)]
pub mod analysis;
#[doc(hidden)]
pub mod ast;
#[doc(hidden)]
pub mod bundled;
#[doc(hidden)]
pub mod check;
#[doc(hidden)]
pub mod cli;
pub mod decision;
#[doc(hidden)]
pub mod describe;
#[doc(hidden)]
pub mod diagnostics;
#[doc(hidden)]
pub mod elements;
pub mod engine;
pub mod eval;
pub mod facts;
#[doc(hidden)]
pub mod format;
#[doc(hidden)]
pub mod geo;
mod json_plain;
#[doc(hidden)]
pub mod load;
pub mod lsp;
pub mod outcome;
pub mod policy;
mod prefetch;
#[doc(hidden)]
pub mod readings;
#[doc(hidden)]
pub mod render;
#[doc(hidden)]
pub mod report;
pub mod serve;
pub mod source;
#[doc(hidden)]
pub mod syntax;
#[doc(hidden)]
pub mod testing;

pub use decision::{Decision, Decisions, Finding, PolicyDecision};
pub use engine::{Engine, FactsRejected, PoliciesRejected, Shipments};
pub use eval::EvalOptions;
pub use outcome::Outcome;
