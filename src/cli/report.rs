//! How diagnostics reach standard error: rendered by miette, at most
//! [`SHOWN_PER_CODE`] of one code, then one line saying how many more.

use miette::{Diagnostic, GraphicalTheme};
use rustc_hash::FxHashMap;
use std::io::IsTerminal;
use std::sync::Mutex;

/// Diagnostics of one code shown before the rest are counted only.
pub const SHOWN_PER_CODE: usize = 20;

/// What has been reported so far in this run.
#[derive(Default)]
struct State {
    /// How many diagnostics of each code were reported, and in which
    /// order the codes first came.
    counts: FxHashMap<String, usize>,
    order: Vec<String>,
}

static STATE: Mutex<Option<State>> = Mutex::new(None);

fn with_state<T>(f: impl FnOnce(&mut State) -> T) -> T {
    let mut guard = STATE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    f(guard.get_or_insert_with(State::default))
}

/// Reports one diagnostic: renders it on standard error, unless
/// [`SHOWN_PER_CODE`] of its code have been shown already.
pub fn diagnostic(d: &dyn Diagnostic) {
    let code = d.code().map(|c| c.to_string()).unwrap_or_default();
    let shown = with_state(|state| {
        let count = match state.counts.get_mut(&code) {
            Some(count) => count,
            None => {
                state.order.push(code.clone());
                state.counts.entry(code.clone()).or_insert(0)
            }
        };
        *count += 1;
        *count <= SHOWN_PER_CODE
    });
    if !shown {
        return;
    }
    let theme = if std::io::stderr().is_terminal() {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    super::out::stderr_line(&crate::diagnostics::render(d, theme, None));
}

/// Ends the run's reporting: one line for each code with more diagnostics
/// than were shown ("and 99 980 more like this (edict::…)").
pub fn finish() {
    let lines: Vec<String> = with_state(|state| {
        let state = std::mem::take(state);
        state
            .order
            .iter()
            .filter_map(|code| {
                let more = state.counts.get(code)?.checked_sub(SHOWN_PER_CODE).filter(|&n| n > 0)?;
                Some(format!("and {} more like this ({code})", grouped(more)))
            })
            .collect()
    });
    for line in lines {
        super::out::stderr_line(&line);
    }
}

/// `99980` as `99 980`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(99_980), "99 980");
        assert_eq!(grouped(1_000_000), "1 000 000");
    }
}
