"""Refusals raise Python exceptions carrying the command line's diagnostics."""

import json

import pytest

import edict
from conftest import ROOT

FACTS = ROOT / "examples/servo-motors/facts.json"


def test_bad_facts_raise_facts_error_with_diagnostics(law):
    doc = json.loads(FACTS.read_text(encoding="utf-8"))
    doc["shipments"][1]["date"] = "2025-02-30"
    doc["shipments"][2]["to"] = "XX"
    with pytest.raises(edict.FactsError) as refused:
        law.evaluate(doc)
    error = refused.value
    assert len(error.diagnostics) == 2
    date, country = error.diagnostics
    assert date.code == "edict::facts::invalid-date"
    assert date.path == "shipments[1].date"
    assert date.file == "<facts>" and date.line and date.column
    assert country.path == "shipments[2].to"
    assert country.help
    assert "edict::facts::invalid-date" in error.rendered and "2025-02-30" in error.rendered
    assert error.codes == [date.code, country.code]


def test_invalid_json_names_the_place(law):
    with pytest.raises(edict.FactsError) as refused:
        law.evaluate('{"version": 1, "parties": {')
    assert refused.value.diagnostics[0].code == "edict::facts::invalid-json"
    assert refused.value.diagnostics[0].line == 1


def test_bad_policy_raises_policy_error(tmp_path):
    bad = tmp_path / "bad.edict"
    bad.write_text((ROOT / "examples/tutorial/gallium.edict").read_text().replace("\npolicy ", "\npolcy ", 1))
    with pytest.raises(edict.PolicyError) as refused:
        edict.load(paths=[bad])
    first = refused.value.diagnostics[0]
    assert first.code and first.code.startswith("edict::")
    assert first.file == str(bad) and first.line
    assert str(bad) in refused.value.rendered
    assert isinstance(refused.value, edict.EdictError)


def test_usage_problems_are_value_and_type_errors(law):
    with pytest.raises(ValueError, match="as_of"):
        law.evaluate(FACTS, as_of="yesterday")
    with pytest.raises(TypeError):
        law.evaluate(42)
    with pytest.raises(FileNotFoundError):
        law.evaluate("no/such/facts.json")
    with pytest.raises(ValueError):
        law.explain(FACTS, "x", form="pdf")
