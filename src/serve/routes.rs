//! The endpoints. Each reads its request (the body as the facts contract's
//! JSON, or the draft document of `/v1/diff`; the query's few parameters),
//! then does its work on a blocking thread under the server's limits
//! ([`super::work`]), with the law as it was when the work began.

use super::law::Law;
use super::reply::{json_response, pretty, with_type, Problem};
use super::Shared;
use crate::engine::{FactsRejected, Shipments};
use crate::eval::EvalOptions;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;
use std::time::Instant;

/// How diagnostics name a facts document sent in a request body.
pub const FACTS_NAME: &str = "<request>";

/// The query's parameters, each known to the endpoint.
struct Params(Vec<(String, String)>);

impl Params {
    /// Reads the query; a parameter the endpoint does not know is refused
    /// (a misspelt `as_of` must not be ignored).
    fn read(query: Option<String>, known: &[&str]) -> Result<Params, Problem> {
        let pairs = match query.as_deref() {
            None | Some("") => Vec::new(),
            Some(q) => {
                axum::extract::Query::<Vec<(String, String)>>::try_from_uri(
                    &format!("/?{q}")
                        .parse()
                        .map_err(|_| bad("the query is not a valid URI query"))?,
                )
                .map_err(|e| bad(format!("the query cannot be read: {e}")))?
                .0
            }
        };
        for (key, _) in &pairs {
            if !known.contains(&key.as_str()) {
                let hint = crate::check::suggest(key, known.iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return Err(bad(format!(
                    "unknown query parameter `{key}`{hint}; this endpoint takes {}",
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                )));
            }
        }
        Ok(Params(pairs))
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// A date parameter, read as the facts file's dates are read.
    fn date(&self, key: &str) -> Result<Option<crate::facts::Date>, Problem> {
        self.get(key)
            .map(|text| crate::facts::read_date(text).map_err(|e| bad(format!("`{key}`: {e}"))))
            .transpose()
    }

    /// A parameter with a few allowed values; the first is the default.
    fn choice(&self, key: &str, allowed: &[&'static str]) -> Result<&'static str, Problem> {
        match self.get(key) {
            None => Ok(allowed[0]),
            Some(v) => allowed
                .iter()
                .find(|a| **a == v)
                .copied()
                .ok_or_else(|| bad(format!("`{key}` is one of {}, not `{v}`", allowed.join(", ")))),
        }
    }
}

fn bad(message: impl Into<String>) -> Problem {
    Problem::usage(StatusCode::BAD_REQUEST, message)
}

/// The body as text: refused when too large (413) or not UTF-8 (400).
fn body_text(body: Result<Bytes, BytesRejection>) -> Result<String, Problem> {
    let bytes = body.map_err(|rejection| {
        let status = rejection.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "the request body is larger than the server's limit (--max-body)".to_string()
        } else {
            format!("the request body cannot be read: {rejection}")
        };
        Problem::usage(status, message)
    })?;
    crate::source::decode(FACTS_NAME, bytes.to_vec()).map_err(|e| {
        Problem::diagnosed(
            "the request body is not UTF-8".to_string(),
            std::iter::once(e.as_ref() as &dyn miette::Diagnostic),
        )
    })
}

fn rejected(r: FactsRejected) -> Problem {
    Problem::diagnosed(r.to_string(), r.problems.iter().map(|p| p as &dyn miette::Diagnostic))
}

fn read_facts(law: &Law, text: &str) -> Result<Shipments, Problem> {
    law.engine.read_facts(FACTS_NAME, text).map_err(rejected)
}

/// `POST /v1/decisions[?as_of=DATE]`: the decision JSON, byte for byte as
/// `edict eval --format json` prints it.
pub async fn decisions(
    State(state): State<Shared>,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let started = Instant::now();
    let params = Params::read(query, &["as_of"])?;
    let as_of = params.date("as_of")?;
    let text = body_text(body)?;
    let metrics = state.clone();
    let (json, generation) = super::work(&state, started, move |law| {
        let shipments = read_facts(&law, &text)?;
        drop(text);
        let options = EvalOptions { as_of, threads: 1 };
        let decisions = law.engine.decide_with(&shipments, &options).map_err(rejected)?;
        metrics.metrics.decided(decisions.decisions.iter().map(|d| d.outcome));
        let mut out = Vec::with_capacity(256 * decisions.decisions.len() + 64);
        crate::decision::write_json(&decisions, &mut out)
            .map_err(|e| Problem::usage(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        out.push(b'\n');
        Ok((out, law.generation))
    })
    .await?;
    Ok(generation_header(json_response(StatusCode::OK, json), generation))
}

/// Says which version of the law answered.
fn generation_header(mut response: Response, generation: u64) -> Response {
    response.headers_mut().insert("edict-law-generation", generation.into());
    response
}

/// `POST /v1/explain?shipment=ID[&as_of=DATE][&format=json|text|markdown]`:
/// one shipment's justification, as `edict explain` prints it.
pub async fn explain(
    State(state): State<Shared>,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let started = Instant::now();
    let params = Params::read(query, &["shipment", "as_of", "format"])?;
    let as_of = params.date("as_of")?;
    let format = params.choice("format", &["json", "text", "markdown"])?;
    let shipment = params
        .get("shipment")
        .ok_or_else(|| bad("give the shipment to explain: `?shipment=ID`"))?
        .to_string();
    let text = body_text(body)?;
    let (out, generation) = super::work(&state, started, move |law| {
        let shipments = read_facts(&law, &text)?;
        let Some(explanation) = law.engine.explain(&shipments, &shipment, as_of).map_err(rejected)? else {
            let hint = crate::check::suggest(&shipment, shipments.ids())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(Problem::usage(
                StatusCode::NOT_FOUND,
                format!("no shipment `{shipment}` in {FACTS_NAME}{hint}"),
            ));
        };
        let out = match format {
            "text" => crate::report::explain::text(&explanation) + "\n",
            "markdown" => crate::report::explain::markdown(&explanation) + "\n",
            _ => pretty(&explanation),
        };
        Ok((out, law.generation))
    })
    .await?;
    let content_type = match format {
        "text" => "text/plain; charset=utf-8",
        "markdown" => "text/markdown; charset=utf-8",
        _ => "application/json",
    };
    Ok(generation_header(
        with_type(StatusCode::OK, content_type, out),
        generation,
    ))
}

/// The body of `POST /v1/diff`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DiffRequest {
    /// Drafts layered over the law being served, in order.
    drafts: Vec<Draft>,
    /// A facts document whose shipments are decided under both.
    #[serde(default)]
    facts: Option<Box<serde_json::value::RawValue>>,
    /// Decide every shipment as of this day.
    #[serde(default)]
    as_of: Option<String>,
}

/// A draft amendment: an ordinary policy file, sent as text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Draft {
    /// The name its diagnostics and citations give it.
    #[serde(default)]
    name: Option<String>,
    /// The policy text.
    text: String,
}

/// The answer of `/v1/diff`, shaped as `edict diff --format json` prints it.
#[derive(serde::Serialize)]
struct DiffReport<'a> {
    diff: &'a crate::analysis::PolicyDiff,
    #[serde(skip_serializing_if = "Option::is_none")]
    impact: Option<&'a crate::analysis::Impact>,
}

/// `POST /v1/diff`: what the drafts change in the law being served, and
/// with `facts`, which shipments change outcome: the JSON of
/// `edict diff --with DRAFT --facts FACTS --format json`.
pub async fn diff(State(state): State<Shared>, body: Result<Bytes, BytesRejection>) -> Result<Response, Problem> {
    let started = Instant::now();
    let text = body_text(body)?;
    let request: DiffRequest = serde_json::from_str(&text).map_err(|e| {
        bad(format!(
            "the body is not a diff request ({{\"drafts\": [{{\"name\": …, \"text\": …}}], \"facts\": {{…}}, \"as_of\": …}}): {e}"
        ))
    })?;
    if request.drafts.is_empty() {
        return Err(bad("give at least one draft in `drafts`"));
    }
    let as_of = match &request.as_of {
        Some(day) => Some(crate::facts::read_date(day).map_err(|e| bad(format!("`as_of`: {e}")))?),
        None => None,
    };
    let (out, generation) = super::work(&state, started, move |law| {
        let mut sources = law.engine.policies().sources.clone();
        for (i, draft) in request.drafts.into_iter().enumerate() {
            let name = draft.name.unwrap_or_else(|| format!("draft-{}.edict", i + 1));
            sources.add(name, draft.text);
        }
        let newer = crate::engine::Engine::from_sources(sources).map_err(|r| {
            Problem::diagnosed(
                format!("the law with the drafts does not check: {r}"),
                r.diagnostics.iter().map(|d| d.as_ref() as &dyn miette::Diagnostic),
            )
        })?;
        let changes = law.engine.diff(&newer);
        let impact = match &request.facts {
            Some(facts) => {
                let shipments = read_facts(&law, facts.get())?;
                let options = EvalOptions { as_of, threads: 1 };
                let before = law.engine.decide_with(&shipments, &options).map_err(rejected)?;
                let after = newer.decide_with(&shipments, &options).map_err(rejected)?;
                Some(crate::analysis::impact(&before, &after))
            }
            None => None,
        };
        let report = DiffReport {
            diff: &changes,
            impact: impact.as_ref(),
        };
        Ok((pretty(&report), law.generation))
    })
    .await?;
    Ok(generation_header(json_response(StatusCode::OK, out), generation))
}

/// `GET /v1/policies[?as_of=DATE]`: every policy with its window and its
/// status on the day (default: today, UTC).
pub async fn policies(State(state): State<Shared>, RawQuery(query): RawQuery) -> Result<Response, Problem> {
    let params = Params::read(query, &["as_of"])?;
    let day = match params.date("as_of")? {
        Some(d) => d,
        None => jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date(),
    };
    let law = state.library.current();
    let list: Vec<_> = law
        .engine
        .policies()
        .policies
        .iter()
        .map(|p| {
            let w = &p.window;
            json!({
                "id": p.id,
                "title": p.title,
                "authority": p.authority,
                "jurisdiction": p.jurisdiction.map(|c| c.to_string()),
                "window": {
                    "from": w.from.map(|d| d.to_string()),
                    "last_day": w.until.and_then(|u| u.yesterday().ok()).map(|d| d.to_string()),
                    "until": w.until.map(|d| d.to_string()),
                    "text": w.describe(),
                },
                "decides": p.decides(),
                "status": status(p, day),
            })
        })
        .collect();
    let body = json!({ "as_of": day.to_string(), "generation": law.generation, "policies": list });
    Ok(generation_header(
        json_response(StatusCode::OK, pretty(&body)),
        law.generation,
    ))
}

/// A policy's status on `day`: `in-force`, `suspended`, `not-yet-in-force` or `expired`.
fn status(p: &crate::policy::Policy, day: crate::facts::Date) -> &'static str {
    let w = &p.window;
    if w.from.is_some_and(|f| day < f) {
        "not-yet-in-force"
    } else if w.until.is_some_and(|u| u <= day) {
        "expired"
    } else if p.in_force_on(day) {
        "in-force"
    } else {
        "suspended"
    }
}

/// `GET /v1/policies/{id}/render[?format=markdown|html]`: one policy in
/// plain English, as `edict render` writes it (Markdown links to another
/// policy point to `<id>.md`).
pub async fn render(
    State(state): State<Shared>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    let started = Instant::now();
    let params = Params::read(query, &["format"])?;
    let format = params.choice("format", &["markdown", "html"])?;
    let (out, generation) = super::work(&state, started, move |law| {
        let set = law.engine.policies();
        let text = match format {
            "html" => crate::render::html_policy(set, &id),
            _ => crate::render::markdown_policy(set, &id, crate::render::Links::FilePerPolicy),
        };
        let Some(text) = text else {
            let hint = crate::check::suggest(&id, set.policies.iter().map(|p| p.id.as_str()))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(Problem::usage(StatusCode::NOT_FOUND, format!("no policy `{id}`{hint}")));
        };
        Ok((text, law.generation))
    })
    .await?;
    let content_type = match format {
        "html" => "text/html; charset=utf-8",
        _ => "text/markdown; charset=utf-8",
    };
    Ok(generation_header(
        with_type(StatusCode::OK, content_type, out),
        generation,
    ))
}

/// `GET /health`: serving, with the law's version and how the last reload went.
pub async fn health(State(state): State<Shared>) -> Response {
    let (law, last) = state.library.snapshot();
    let last = last.map(|r| match r.refused {
        None => json!({ "at": r.at, "ok": true }),
        Some(refusal) => json!({
            "at": r.at,
            "ok": false,
            "error": refusal.message,
            "diagnostics": refusal.diagnostics,
        }),
    });
    let origin = state.library.origin();
    let shown = |paths: &[std::path::PathBuf]| paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>();
    let body = json!({
        "status": "serving",
        "law": {
            "generation": law.generation,
            "loaded_at": law.loaded_at,
            "policies": law.engine.policies().policies.len(),
            "paths": if origin.paths.is_empty() { vec!["(bundled)".to_string()] } else { shown(&origin.paths) },
            "drafts": shown(&origin.drafts),
        },
        "last_reload": last,
    });
    json_response(StatusCode::OK, pretty(&body))
}

/// `GET /metrics`: the Prometheus text.
pub async fn metrics(State(state): State<Shared>) -> Response {
    let law = state.library.current();
    let text = state.metrics.render(law.generation, state.library.reload_counts());
    with_type(StatusCode::OK, "text/plain; version=0.0.4; charset=utf-8", text)
}

/// Any other path.
pub async fn not_found() -> Problem {
    Problem::usage(
        StatusCode::NOT_FOUND,
        "no such endpoint; see docs/openapi.json for the endpoints",
    )
}
