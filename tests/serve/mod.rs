//! `edict serve` over real HTTP on 127.0.0.1: the binary is started on an
//! ephemeral port and spoken to with a small HTTP/1.1 client. Every answer
//! is checked against `docs/openapi.json` (its status, content type and,
//! for JSON, its schema) by [`spec::Spec::check`].
#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod client;
mod endpoints;
mod limits;
mod readme;
mod reload;
mod spec;

use crate::generator;
