//! `edict._edict`: the native half of the Python bindings, a thin client of
//! [`edict::engine::Engine`]. Texts go in (policy files, facts JSON), texts
//! and flat columns come out; the Python half (`python/edict/`) turns them
//! into dataclasses, exceptions and Arrow tables. Every call that reads,
//! checks or decides runs with the GIL released.

use edict::decision::Decisions;
use edict::engine::{Engine, FactsRejected, PoliciesRejected, Shipments};
use edict::eval::EvalOptions;
use edict::facts::{Facts, FactsSource, ShipmentStream, StreamError, BATCH_LINES};
use miette::Diagnostic;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::sync::{Arc, Mutex};

/// What refused a request, carried out of the GIL-free part of a call and
/// raised as the Python exception of `edict._errors` once the GIL is held.
enum Refusal {
    Policies(PoliciesRejected),
    Facts(FactsRejected),
    Usage(String),
}

impl Refusal {
    fn into_py_err(self, py: Python<'_>) -> PyErr {
        match self {
            Refusal::Usage(message) => PyValueError::new_err(message),
            Refusal::Policies(e) => {
                let list: Vec<&dyn Diagnostic> = e.diagnostics.iter().map(|d| d.as_ref() as &dyn Diagnostic).collect();
                raise(py, "PolicyError", &e.to_string(), &list)
            }
            Refusal::Facts(e) => {
                let list: Vec<&dyn Diagnostic> = e.problems.iter().map(|d| d as &dyn Diagnostic).collect();
                raise(py, "FactsError", &e.to_string(), &list)
            }
        }
    }
}

/// The exception `class` of `edict._errors`, built from the message, the
/// diagnostics as the JSON of `--message-format json` (one array), and the
/// diagnostics rendered as the command line renders them.
fn raise(py: Python<'_>, class: &str, message: &str, diagnostics: &[&dyn Diagnostic]) -> PyErr {
    let json: Vec<serde_json::Value> = diagnostics.iter().map(|d| edict::diagnostics::to_json(*d)).collect();
    let json = serde_json::Value::Array(json).to_string();
    let rendered: Vec<String> = diagnostics
        .iter()
        .map(|d| edict::diagnostics::render_plain(*d))
        .collect();
    let rendered = rendered.join("\n");
    let made = py
        .import("edict._errors")
        .and_then(|m| m.getattr(class))
        .and_then(|c| c.call1((message, json, rendered)));
    match made {
        Ok(exception) => PyErr::from_value(exception),
        Err(e) => e,
    }
}

/// A checked policy set, shared by every thread that decides with it.
#[pyclass(frozen, module = "edict._edict")]
struct Law {
    engine: Arc<Engine>,
}

/// A world (parties, items, holdings, listings) read and resolved once, to
/// decide streams of shipments (JSON lines) against, batch after batch. The
/// shipments of a batch are lent to it while the batch is decided, so calls
/// on one world take turns.
#[pyclass(frozen, module = "edict._edict")]
struct World {
    facts: Mutex<Facts>,
    source: FactsSource,
}

/// Loads and checks policy files (name, text), or the bundled library when
/// `policies` is None, with `drafts` (name, text) layered over them.
#[pyfunction]
#[pyo3(signature = (policies, drafts))]
fn load(py: Python<'_>, policies: Option<Vec<(String, String)>>, drafts: Vec<(String, String)>) -> PyResult<Law> {
    let loaded = py.detach(|| match policies {
        None => Engine::bundled_with(drafts),
        Some(mut files) => {
            files.extend(drafts);
            Engine::from_texts(files)
        }
    });
    match loaded {
        Ok(engine) => Ok(Law {
            engine: Arc::new(engine),
        }),
        Err(e) => Err(Refusal::Policies(e).into_py_err(py)),
    }
}

/// The evaluation options: `as_of` read as the facts file reads dates.
fn options(as_of: Option<&str>, threads: usize) -> Result<EvalOptions, Refusal> {
    let as_of = match as_of {
        None => None,
        Some(text) => Some(edict::facts::read_date(text).map_err(|e| Refusal::Usage(format!("as_of: {e}")))?),
    };
    Ok(EvalOptions { as_of, threads })
}

/// One policy's decision of one shipment per row, as flat columns; each
/// row's findings are `finding_offsets[row]..finding_offsets[row + 1]` of the
/// finding columns, each finding's reasons likewise of `because`.
#[derive(Default)]
struct Columns {
    shipment: Vec<String>,
    date: Vec<String>,
    outcome: Vec<&'static str>,
    policy: Vec<String>,
    policy_outcome: Vec<&'static str>,
    finding_offsets: Vec<i32>,
    rule: Vec<String>,
    finding_outcome: Vec<&'static str>,
    cite: Vec<String>,
    because_offsets: Vec<i32>,
    because: Vec<String>,
}

impl Columns {
    fn of(decisions: &Decisions) -> Result<Columns, Refusal> {
        let mut c = Columns::default();
        c.finding_offsets.push(0);
        c.because_offsets.push(0);
        for d in &decisions.decisions {
            for p in &d.policies {
                c.shipment.push(d.shipment.clone());
                c.date.push(d.date.to_string());
                c.outcome.push(d.outcome.as_str());
                c.policy.push(p.policy.clone());
                c.policy_outcome.push(p.outcome.as_str());
                for f in &p.findings {
                    c.rule.push(f.rule.clone());
                    c.finding_outcome.push(f.outcome.as_str());
                    c.cite.push(f.cite.clone());
                    c.because.extend(f.because.iter().cloned());
                    c.because_offsets.push(offset(c.because.len())?);
                }
                c.finding_offsets.push(offset(c.rule.len())?);
            }
        }
        Ok(c)
    }
}

impl Columns {
    /// The columns as a dict of Python lists.
    fn into_dict(self, py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
        let out = PyDict::new(py);
        out.set_item("shipment", self.shipment)?;
        out.set_item("date", self.date)?;
        out.set_item("outcome", self.outcome)?;
        out.set_item("policy", self.policy)?;
        out.set_item("policy_outcome", self.policy_outcome)?;
        out.set_item("finding_offsets", self.finding_offsets)?;
        out.set_item("rule", self.rule)?;
        out.set_item("finding_outcome", self.finding_outcome)?;
        out.set_item("cite", self.cite)?;
        out.set_item("because_offsets", self.because_offsets)?;
        out.set_item("because", self.because)?;
        Ok(out)
    }
}

/// An Arrow list offset (32 bits).
fn offset(n: usize) -> Result<i32, Refusal> {
    i32::try_from(n).map_err(|_| Refusal::Usage("too many findings for one table (2^31); split the shipments".into()))
}

impl Law {
    /// Reads the facts and decides them, without the GIL.
    fn decide(&self, name: &str, text: &str, as_of: Option<&str>, threads: usize) -> Result<Decisions, Refusal> {
        let options = options(as_of, threads)?;
        let shipments = self.read(name, text)?;
        self.engine.decide_with(&shipments, &options).map_err(Refusal::Facts)
    }

    fn read(&self, name: &str, text: &str) -> Result<Shipments, Refusal> {
        self.engine.read_facts(name, text).map_err(Refusal::Facts)
    }

    /// Decides the JSON lines `lines` (named `name`) against `world`,
    /// without the GIL: the lines are read and resolved as `edict eval
    /// --shipments` reads them, then decided together.
    fn decide_lines(
        &self,
        world: &World,
        name: &str,
        lines: &str,
        as_of: Option<&str>,
        threads: usize,
    ) -> Result<Decisions, Refusal> {
        let options = options(as_of, threads)?;
        let mut facts = world
            .facts
            .lock()
            .map_err(|_| Refusal::Usage("the world was left half-used by a failed call".into()))?;
        let mut shipments = Vec::new();
        let mut stream = ShipmentStream::new(name, lines.as_bytes(), BATCH_LINES);
        loop {
            match stream.next_batch(&facts) {
                Ok(Some(batch)) => shipments.extend(batch.shipments),
                Ok(None) => break,
                Err(StreamError::Rejected(problems)) => {
                    return Err(Refusal::Facts(FactsRejected {
                        name: name.to_string(),
                        problems,
                    }))
                }
                Err(StreamError::Io(e)) => return Err(Refusal::Usage(format!("cannot read {name}: {e}"))),
                Err(StreamError::NotUtf8(e)) => return Err(Refusal::Usage(e.to_string())),
            }
        }
        facts.shipments = shipments;
        let decided = edict::eval::evaluate(self.engine.policies(), &facts, &world.source, &options);
        facts.shipments = Vec::new();
        decided.map_err(|problems| {
            Refusal::Facts(FactsRejected {
                name: world.source.name().to_string(),
                problems,
            })
        })
    }
}

#[pymethods]
impl Law {
    /// The checker's warnings, rendered as the command line shows them.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.engine.warnings().to_vec()
    }

    /// The ids of the policies that decide (have rules), in the order
    /// decisions list them.
    #[getter]
    fn policy_ids(&self) -> Vec<String> {
        let policies = &self.engine.policies().policies;
        policies
            .iter()
            .filter(|p| p.decides())
            .map(|p| p.id.to_string())
            .collect()
    }

    /// Reads the world of the facts `text` (its shipments, if any, are left
    /// out): parties, items, holdings and listings, resolved once.
    fn read_world(&self, py: Python<'_>, name: &str, text: &str) -> PyResult<World> {
        let read = py.detach(|| {
            let source = FactsSource::new(name, text);
            match edict::facts::load(&source) {
                Ok(mut facts) => {
                    facts.shipments = Vec::new();
                    Ok(World {
                        facts: Mutex::new(facts),
                        source,
                    })
                }
                Err(problems) => Err(Refusal::Facts(FactsRejected {
                    name: name.to_string(),
                    problems,
                })),
            }
        });
        read.map_err(|r| r.into_py_err(py))
    }

    /// Decides the shipments `lines` (JSON lines, named `name`) against
    /// `world`: the decisions as `edict eval --format json` writes them.
    #[pyo3(signature = (world, name, lines, as_of, threads))]
    fn evaluate_lines_json(
        &self,
        py: Python<'_>,
        world: &World,
        name: &str,
        lines: &str,
        as_of: Option<&str>,
        threads: usize,
    ) -> PyResult<String> {
        let written = py.detach(|| {
            let decisions = self.decide_lines(world, name, lines, as_of, threads)?;
            let mut out = Vec::with_capacity(256 * decisions.decisions.len() + 64);
            edict::decision::write_json(&decisions, &mut out).map_err(|e| Refusal::Usage(e.to_string()))?;
            String::from_utf8(out).map_err(|e| Refusal::Usage(e.to_string()))
        });
        written.map_err(|r| r.into_py_err(py))
    }

    /// Decides the shipments `lines` against `world`: the columns of
    /// `evaluate_columns`.
    #[pyo3(signature = (world, name, lines, as_of, threads))]
    fn evaluate_lines_columns<'py>(
        &self,
        py: Python<'py>,
        world: &World,
        name: &str,
        lines: &str,
        as_of: Option<&str>,
        threads: usize,
    ) -> PyResult<Bound<'py, PyDict>> {
        let columns = py
            .detach(|| Columns::of(&self.decide_lines(world, name, lines, as_of, threads)?))
            .map_err(|r| r.into_py_err(py))?;
        columns.into_dict(py)
    }

    /// Decides the facts `text` (named `name` in diagnostics): the decisions
    /// as `edict eval --format json` writes them.
    #[pyo3(signature = (name, text, as_of, threads))]
    fn evaluate_json(
        &self,
        py: Python<'_>,
        name: &str,
        text: &str,
        as_of: Option<&str>,
        threads: usize,
    ) -> PyResult<String> {
        let written = py.detach(|| {
            let decisions = self.decide(name, text, as_of, threads)?;
            let mut out = Vec::with_capacity(256 * decisions.decisions.len() + 64);
            edict::decision::write_json(&decisions, &mut out).map_err(|e| Refusal::Usage(e.to_string()))?;
            String::from_utf8(out).map_err(|e| Refusal::Usage(e.to_string()))
        });
        written.map_err(|r| r.into_py_err(py))
    }

    /// Decides the facts `text`: one row per shipment and policy, as a dict
    /// of flat columns (see `edict._table`).
    #[pyo3(signature = (name, text, as_of, threads))]
    fn evaluate_columns<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        text: &str,
        as_of: Option<&str>,
        threads: usize,
    ) -> PyResult<Bound<'py, PyDict>> {
        let columns = py
            .detach(|| Columns::of(&self.decide(name, text, as_of, threads)?))
            .map_err(|r| r.into_py_err(py))?;
        columns.into_dict(py)
    }

    /// Explains shipment `id` of the facts `text` in `form` (`text`,
    /// `markdown` or `short`); None when the file has no such shipment.
    #[pyo3(signature = (name, text, id, as_of, form))]
    fn explain(
        &self,
        py: Python<'_>,
        name: &str,
        text: &str,
        id: &str,
        as_of: Option<&str>,
        form: &str,
    ) -> PyResult<Option<String>> {
        let explained = py.detach(|| {
            let as_of = options(as_of, 0)?.as_of;
            let shipments = self.read(name, text)?;
            let Some(e) = self.engine.explain(&shipments, id, as_of).map_err(Refusal::Facts)? else {
                return Ok(None);
            };
            Ok(Some(match form {
                "text" => edict::report::explain::text(&e),
                "markdown" => edict::report::explain::markdown(&e),
                "short" => edict::report::explain::short(&e),
                other => {
                    return Err(Refusal::Usage(format!(
                        "form: `{other}` is not text, markdown or short"
                    )))
                }
            }))
        });
        explained.map_err(|r| r.into_py_err(py))
    }

    /// What changes in the law from this law to `newer`: the text of
    /// `edict diff` and the changes as JSON.
    fn diff(&self, py: Python<'_>, newer: &Law) -> PyResult<(String, String)> {
        let (text, json) = py.detach(|| {
            let changes = self.engine.diff(&newer.engine);
            let text = edict::report::diff::text(&changes, None, None, false);
            (text, serde_json::to_string(&changes.changes))
        });
        Ok((text, json.map_err(|e| PyValueError::new_err(e.to_string()))?))
    }
}

/// The native module.
#[pymodule]
fn _edict(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Law>()?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    Ok(())
}
