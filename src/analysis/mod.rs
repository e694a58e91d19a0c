//! Change analysis on top of the checked policies and the interpreter:
//! semantic diffs, their impact on a portfolio of shipments, and timelines.

pub mod diff;
pub mod impact;
pub mod readings;
pub mod timeline;
pub mod witness;

pub use diff::{diff, Change, PolicyDiff};
pub use impact::{impact, Deciding, Impact};
pub use timeline::{timeline, timeline_in_worlds, timelines, Interval, OpenInterval, Timeline};
