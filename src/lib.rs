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
pub mod diagnostics;
pub mod elements;
pub mod facts;
pub mod geo;
pub mod outcome;
pub mod ast;
pub mod source;
pub mod syntax;
pub mod check;
pub mod policy;
pub mod decision;
pub mod eval;
pub mod load;
pub mod bundled;
pub mod cli;
pub mod report;
pub mod describe;
pub mod analysis;
pub mod render;
pub mod format;
