//! `GET /metrics`: what the server has done, in the Prometheus text format
//! (version 0.0.4). Requests by route and status, a latency histogram by
//! route, decisions by outcome, reloads by result and the law's generation.
//! Durations are counted in whole microseconds and written as decimal
//! seconds: no floating point.

use crate::outcome::Outcome;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// The histogram's upper bounds, in microseconds, and as Prometheus writes them.
const BUCKETS: [(u64, &str); 12] = [
    (1_000, "0.001"),
    (2_500, "0.0025"),
    (5_000, "0.005"),
    (10_000, "0.01"),
    (25_000, "0.025"),
    (50_000, "0.05"),
    (100_000, "0.1"),
    (250_000, "0.25"),
    (500_000, "0.5"),
    (1_000_000, "1"),
    (2_500_000, "2.5"),
    (10_000_000, "10"),
];

/// One route's latencies.
#[derive(Debug, Default, Clone)]
struct Histogram {
    /// Requests at or under each bound (not cumulative; summed when written).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum_micros: u64,
}

/// The counters.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
    decisions: [AtomicU64; Outcome::ALL.len()],
}

impl Metrics {
    /// Counts one answered request.
    pub fn request(&self, method: &str, route: &str, status: u16, took: Duration) {
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        *lock(&self.requests)
            .entry((method.to_string(), route.to_string(), status))
            .or_insert(0) += 1;
        let mut latency = lock(&self.latency);
        let h = latency.entry(route.to_string()).or_default();
        if let Some(i) = BUCKETS.iter().position(|(bound, _)| micros <= *bound) {
            h.buckets[i] += 1;
        }
        h.count += 1;
        h.sum_micros = h.sum_micros.saturating_add(micros);
    }

    /// Counts decisions by their overall outcome.
    pub fn decided(&self, outcomes: impl Iterator<Item = Outcome>) {
        let mut counts = [0u64; Outcome::ALL.len()];
        for o in outcomes {
            if let Some(i) = Outcome::ALL.iter().position(|x| *x == o) {
                counts[i] += 1;
            }
        }
        for (counter, n) in self.decisions.iter().zip(counts) {
            if n > 0 {
                counter.fetch_add(n, Ordering::Relaxed);
            }
        }
    }

    /// The text of `/metrics`; `law` adds the generation and reload counters.
    pub fn render(&self, generation: u64, (reloads_ok, reloads_refused): (u64, u64)) -> String {
        let mut out = String::new();
        out.push_str("# HELP edict_http_requests_total Requests answered, by method, route and status.\n");
        out.push_str("# TYPE edict_http_requests_total counter\n");
        for ((method, route, status), n) in lock(&self.requests).iter() {
            let _ = writeln!(
                out,
                "edict_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {n}"
            );
        }
        out.push_str(
            "# HELP edict_http_request_duration_seconds Time from a request's arrival to its answer, by route.\n",
        );
        out.push_str("# TYPE edict_http_request_duration_seconds histogram\n");
        for (route, h) in lock(&self.latency).iter() {
            let mut cumulative = 0;
            for ((_, le), n) in BUCKETS.iter().zip(h.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "edict_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{le}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "edict_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "edict_http_request_duration_seconds_sum{{route=\"{route}\"}} {}.{:06}",
                h.sum_micros / 1_000_000,
                h.sum_micros % 1_000_000
            );
            let _ = writeln!(
                out,
                "edict_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        out.push_str("# HELP edict_decisions_total Shipments decided, by overall outcome.\n");
        out.push_str("# TYPE edict_decisions_total counter\n");
        for (o, n) in Outcome::ALL.iter().zip(&self.decisions) {
            let _ = writeln!(
                out,
                "edict_decisions_total{{outcome=\"{}\"}} {}",
                o.as_str(),
                n.load(Ordering::Relaxed)
            );
        }
        out.push_str("# HELP edict_reloads_total Reloads of the law, by result.\n");
        out.push_str("# TYPE edict_reloads_total counter\n");
        let _ = writeln!(out, "edict_reloads_total{{result=\"ok\"}} {reloads_ok}");
        let _ = writeln!(out, "edict_reloads_total{{result=\"refused\"}} {reloads_refused}");
        out.push_str("# HELP edict_law_generation The version of the law being served (1 at start, +1 per reload).\n");
        out.push_str("# TYPE edict_law_generation gauge\n");
        let _ = writeln!(out, "edict_law_generation {generation}");
        out
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_histogram_is_cumulative_and_its_sum_is_in_seconds() {
        let m = Metrics::default();
        m.request("GET", "/health", 200, Duration::from_micros(900));
        m.request("GET", "/health", 200, Duration::from_micros(3_000_100));
        let text = m.render(1, (0, 0));
        assert!(text.contains("edict_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"} 2"));
        assert!(text.contains("bucket{route=\"/health\",le=\"0.001\"} 1\n"), "{text}");
        assert!(text.contains("bucket{route=\"/health\",le=\"2.5\"} 1\n"), "{text}");
        assert!(text.contains("bucket{route=\"/health\",le=\"10\"} 2\n"), "{text}");
        assert!(text.contains("_sum{route=\"/health\"} 3.001000\n"), "{text}");
    }

    #[test]
    fn decisions_are_counted_by_outcome() {
        let m = Metrics::default();
        m.decided([Outcome::Prohibited, Outcome::Prohibited, Outcome::Exempt].into_iter());
        let text = m.render(3, (2, 1));
        assert!(
            text.contains("edict_decisions_total{outcome=\"prohibited\"} 2\n"),
            "{text}"
        );
        assert!(text.contains("edict_decisions_total{outcome=\"exempt\"} 1\n"), "{text}");
        assert!(text.contains("edict_reloads_total{result=\"refused\"} 1\n"), "{text}");
        assert!(text.contains("edict_law_generation 3\n"), "{text}");
    }
}
