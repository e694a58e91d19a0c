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
//! The modules below it are the pipeline's stages, public for the command
//! line, the tests and the benchmarks.
// Standard output and error are written only through `cli::out`, which
// ends quietly on a closed pipe (`println!` panics there).
#![deny(clippy::print_stdout, clippy::print_stderr)]
pub mod analysis;
pub mod ast;
pub mod bundled;
pub mod check;
pub mod cli;
pub mod decision;
pub mod describe;
pub mod diagnostics;
pub mod elements;
pub mod engine;
pub mod eval;
pub mod facts;
pub mod format;
pub mod geo;
mod json_plain;
pub mod load;
pub mod outcome;
pub mod policy;
mod prefetch;
pub mod render;
pub mod report;
pub mod serve;
pub mod source;
pub mod syntax;
pub mod testing;
