//! What the commands print: text and Markdown renderings of decisions,
//! explanations, timelines and diffs, built from the library's results.

pub mod coverage;
pub mod coverage_html;
pub mod coverage_markdown;
pub mod diff;
pub mod explain;
pub mod mutants;
pub mod needed;
pub mod readings;
pub mod table;
pub mod test_run;
pub mod timeline;
pub mod undetermined;
