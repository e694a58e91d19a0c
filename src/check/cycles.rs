//! Cycles among categories and among exceptions.

use super::errors::CheckErrorKind as K;
use super::Checker;
use crate::policy::{Effect, MemberTest};

/// Finds one cycle in a graph given by its successor lists; returns the
/// nodes of the cycle, first node repeated at the end.
fn find_cycle(successors: &[Vec<usize>]) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut marks = vec![Mark::New; successors.len()];
    let mut cycles = Vec::new();
    for start in 0..successors.len() {
        if marks.get(start) != Some(&Mark::New) {
            continue;
        }
        // Iterative DFS: (node, next successor index)
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        if let Some(m) = marks.get_mut(start) {
            *m = Mark::Active;
        }
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let succ = successors.get(node).and_then(|s| s.get(*next)).copied();
            *next += 1;
            match succ {
                Some(s) => match marks.get(s).copied() {
                    Some(Mark::New) => {
                        if let Some(m) = marks.get_mut(s) {
                            *m = Mark::Active;
                        }
                        stack.push((s, 0));
                    }
                    Some(Mark::Active) => {
                        let from = stack.iter().position(|(n, _)| *n == s).unwrap_or(0);
                        let mut cycle: Vec<usize> = stack.iter().skip(from).map(|(n, _)| *n).collect();
                        cycle.push(s);
                        cycles.push(cycle);
                    }
                    _ => {}
                },
                None => {
                    if let Some(m) = marks.get_mut(node) {
                        *m = Mark::Done;
                    }
                    stack.pop();
                }
            }
        }
    }
    cycles
}

impl Checker<'_> {
    pub(super) fn check_category_cycles(&mut self) {
        let successors: Vec<Vec<usize>> = self
            .set
            .categories
            .iter()
            .map(|c| {
                c.members
                    .iter()
                    .filter_map(|m| match m.test {
                        MemberTest::InCategory(id) => Some(id.0 as usize),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        for cycle in find_cycle(&successors) {
            let names: Vec<String> = cycle
                .iter()
                .filter_map(|i| self.set.categories.get(*i).map(|c| c.id.clone()))
                .collect();
            let spans: Vec<_> = cycle
                .iter()
                .filter_map(|i| self.set.categories.get(*i).map(|c| c.span))
                .collect();
            if let Some(first) = spans.first() {
                let mut e = super::CheckError::new(self.sources, K::CategoryCycle { path: names }, *first);
                for s in spans.iter().skip(1).take(spans.len().saturating_sub(2)) {
                    e = e.with_related(self.sources, K::InCycle, *s);
                }
                self.errors.push(e);
            }
        }
    }

    pub(super) fn check_exception_cycles(&mut self) {
        let mut found = Vec::new();
        for policy in &self.set.policies {
            let successors: Vec<Vec<usize>> = policy
                .rules
                .iter()
                .map(|r| {
                    let mut next = Vec::new();
                    for v in &r.versions {
                        next.extend(v.yields.iter().copied());
                        if let Effect::Exempts(targets) = &v.effect {
                            next.extend(targets.iter().copied());
                        }
                    }
                    next
                })
                .collect();
            for cycle in find_cycle(&successors) {
                let names: Vec<String> = cycle
                    .iter()
                    .filter_map(|i| policy.rules.get(*i).map(|r| r.id.clone()))
                    .collect();
                if let Some(first) = cycle.first().and_then(|i| policy.rules.get(*i)) {
                    found.push((names, first.span));
                }
            }
        }
        for (path, span) in found {
            self.error(K::ExceptionCycle { path }, span);
        }
    }
}
