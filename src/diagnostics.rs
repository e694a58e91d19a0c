//! Collecting, ordering and rendering diagnostics from every stage.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, Severity};

/// Renders one diagnostic the way tests snapshot it: unicode, no colour,
/// 80 columns, no links.
pub fn render_plain(diagnostic: &dyn Diagnostic) -> String {
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(80)
        .with_links(false);
    let mut out = String::new();
    if handler.render_report(&mut out, diagnostic).is_err() {
        out = format!("{diagnostic}");
    }
    out
}

/// Whether a diagnostic stops the run (errors do; warnings and advice do not).
pub fn is_error(diagnostic: &dyn Diagnostic) -> bool {
    matches!(diagnostic.severity(), None | Some(Severity::Error))
}
