//! The days a policy or rule is actually in force: its window, cut by its
//! suspensions.

use crate::policy::{Policy, Rule, Suspension, Window};
use jiff::civil::Date;

/// The days both windows hold.
pub fn intersect(a: Window, b: Window) -> Window {
    let from = match (a.from, b.from) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    };
    let (until, end_inclusive) = match (a.until, b.until) {
        (Some(x), Some(y)) if y < x => (Some(y), b.end_inclusive),
        (Some(x), _) => (Some(x), a.end_inclusive),
        (None, y) => (y, b.end_inclusive),
    };
    Window {
        from,
        until,
        end_inclusive,
    }
}

fn is_empty(w: &Window) -> bool {
    matches!((w.from, w.until), (Some(f), Some(u)) if f >= u)
}

fn before(a: Option<Date>, b: Option<Date>) -> bool {
    // `a` as a start, `b` as an end: `None` is minus and plus infinity.
    match (a, b) {
        (Some(a), Some(b)) => a < b,
        _ => true,
    }
}

/// The parts of `w` outside `cut`. An end made by a cut is written as the
/// last day (`through`), which reads unambiguously.
fn subtract(w: Window, cut: &Window) -> Vec<Window> {
    let overlaps = before(w.from, cut.until) && before(cut.from, w.until);
    if !overlaps {
        return vec![w];
    }
    let mut parts = Vec::new();
    if let Some(cut_from) = cut.from {
        if w.from.is_none_or(|f| f < cut_from) {
            parts.push(Window {
                from: w.from,
                until: Some(cut_from),
                end_inclusive: true,
            });
        }
    }
    if let Some(cut_until) = cut.until {
        if w.until.is_none_or(|u| cut_until < u) {
            parts.push(Window {
                from: Some(w.from.map_or(cut_until, |f| f.max(cut_until))),
                until: w.until,
                end_inclusive: w.end_inclusive,
            });
        }
    }
    parts
}

/// The days `window` holds, minus each suspension's window, in order.
pub fn in_force<'a>(window: Window, suspensions: impl IntoIterator<Item = &'a Suspension>) -> Vec<Window> {
    let mut parts = if is_empty(&window) { Vec::new() } else { vec![window] };
    for s in suspensions {
        parts = parts
            .into_iter()
            .flat_map(|p| subtract(p, &s.window))
            .filter(|p| !is_empty(p))
            .collect();
    }
    parts
}

/// The days a policy is in force.
pub fn policy_in_force(p: &Policy) -> Vec<Window> {
    in_force(p.window, &p.suspensions)
}

/// The days a rule is in force: its window within its policy's, minus the
/// suspensions of either.
pub fn rule_in_force(p: &Policy, r: &Rule) -> Vec<Window> {
    in_force(
        intersect(p.window, r.window),
        p.suspensions.iter().chain(&r.suspensions),
    )
}
