//! Collecting, ordering and rendering diagnostics from every stage.

mod json;
mod window;

pub use json::{severity_name, to_json};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, Severity};
pub use window::{windowed, Windowed};

/// Renders one diagnostic the way tests snapshot it: unicode, no colour,
/// 80 columns, no links.
pub fn render_plain(diagnostic: &dyn Diagnostic) -> String {
    render(diagnostic, GraphicalTheme::unicode_nocolor(), Some(80))
}

/// Renders one diagnostic with miette's graphical handler in `theme`,
/// wrapping its text at `width` columns (default: the terminal's). Only a
/// window of each line the labels are on is shown (see [`windowed`]).
pub fn render(diagnostic: &dyn Diagnostic, theme: GraphicalTheme, width: Option<usize>) -> String {
    let mut handler = GraphicalReportHandler::new_themed(theme).with_links(false);
    if let Some(width) = width {
        handler = handler.with_width(width);
    }
    let mut out = String::new();
    if handler.render_report(&mut out, &windowed(diagnostic)).is_err() {
        out = format!("{diagnostic}");
    }
    out
}

/// Whether a diagnostic stops the run (errors do; warnings and advice do not).
pub fn is_error(diagnostic: &dyn Diagnostic) -> bool {
    matches!(diagnostic.severity(), None | Some(Severity::Error))
}
