"""A world read once decides streams of shipments as the whole facts file does."""

import json

import pytest

import edict
from conftest import EXAMPLE_FACTS


@pytest.mark.parametrize("facts", EXAMPLE_FACTS, ids=lambda p: p.parent.name)
def test_a_world_and_its_shipments_decide_as_the_file(law, facts):
    doc = json.loads(facts.read_text(encoding="utf-8"))
    world = law.world(facts)  # its own shipments left out
    as_lines = "\n".join(json.dumps(s) for s in doc["shipments"])
    whole = law.evaluate(facts)
    assert world.evaluate(as_lines) == whole
    assert world.evaluate(doc["shipments"]) == whole  # dicts
    assert world.evaluate_table(as_lines).equals(law.evaluate_table(facts))
    assert world.evaluate([]).decisions == ()


def test_a_bad_line_names_its_line(law):
    doc = json.loads(EXAMPLE_FACTS[0].read_text(encoding="utf-8"))
    world = law.world(doc)
    good = json.dumps(doc["shipments"][0])
    bad = dict(doc["shipments"][0], item="no-such-item")
    with pytest.raises(edict.FactsError) as refused:
        world.evaluate("\n".join([good, good.replace(doc["shipments"][0]["id"], "other"), json.dumps(bad)]), name="s.jsonl")
    (problem,) = refused.value.diagnostics
    assert problem.file == "s.jsonl" and problem.line == 3
    assert "no-such-item" in problem.message
    # The world is whole after a refusal.
    assert world.evaluate(good).decisions[0].shipment == doc["shipments"][0]["id"]
