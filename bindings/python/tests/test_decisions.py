"""Decisions from Python are the command line's, whatever form the facts take."""

import datetime
import decimal
import json

import pytest

import edict
from conftest import EXAMPLE_FACTS, ROOT


def test_the_examples_are_found():
    assert len(EXAMPLE_FACTS) >= 5


@pytest.mark.parametrize("facts", EXAMPLE_FACTS, ids=lambda p: p.parent.name)
def test_decisions_equal_the_command_lines(law, cli, facts):
    expected = cli("eval", "--format", "json", "--facts", str(facts))
    assert law.evaluate_json(facts) == expected
    decisions = law.evaluate(facts)
    assert decisions.to_dict() == json.loads(expected)
    assert len(decisions) == len(json.loads(expected)["decisions"])


def test_as_of_and_drafts_equal_the_command_lines(cli):
    facts = ROOT / "examples/servo-motors/facts.json"
    draft = ROOT / "examples/drafts/lower-61-threshold.edict"
    law = edict.load(drafts=[draft])
    expected = cli("eval", "--format", "json", "--as-of", "2026-01-15", "--with", str(draft), "--facts", str(facts))
    assert law.evaluate(facts, as_of=datetime.date(2026, 1, 15)).to_dict() == json.loads(expected)
    assert law.evaluate_json(facts, as_of="2026-01-15") == expected


def test_own_policy_files_equal_the_command_lines(cli):
    facts = ROOT / "examples/tutorial/facts.json"
    policy = ROOT / "examples/tutorial/gallium.edict"
    expected = cli("eval", "--format", "json", "--facts", str(facts), str(policy))
    law = edict.load(paths=[policy])
    assert law.policy_ids == [p["policy"] for p in json.loads(expected)["decisions"][0]["policies"]]
    assert law.evaluate_json(facts) == expected


def test_dict_string_and_path_agree(law):
    path = ROOT / "examples/magnet-licensee/facts.json"
    text = path.read_text(encoding="utf-8")
    as_dict = json.loads(text)
    by_path = law.evaluate(path)
    assert law.evaluate(str(path)) == by_path
    assert law.evaluate(text) == by_path
    assert law.evaluate(text.encode()) == by_path
    assert law.evaluate(as_dict) == by_path
    assert any(d.outcome != "not-controlled" for d in by_path)


def test_decimals_stay_exact(law):
    doc = json.loads((ROOT / "examples/magnet-licensee/facts.json").read_text(encoding="utf-8"))
    with_decimals = json.loads(json.dumps(doc), parse_float=decimal.Decimal)
    for item in with_decimals["items"].values():
        if "value" in item:
            item["value"] = decimal.Decimal(item["value"])
    assert law.evaluate(with_decimals) == law.evaluate(doc)
    # A float is not an amount of money: refused, never rounded.
    item = next(iter(doc["items"].values()))
    item["value"] = 0.1
    with pytest.raises(edict.FactsError) as refused:
        law.evaluate(doc)
    assert refused.value.diagnostics[0].path.startswith("items[")


def test_objects_read_as_the_law_does(law):
    decisions = law.evaluate(ROOT / "examples/servo-motors/facts.json")
    first = decisions[0]
    assert isinstance(first.date, datetime.date)
    assert first.outcome in edict.OUTCOMES
    assert decisions[first.shipment] is first
    controlling = [p for p in first.policies if p.outcome == first.outcome]
    assert controlling, "a shipment's outcome is one of its policies'"
    restrictive = [d for d in decisions if d.outcome != "not-controlled"]
    assert restrictive
    finding = next(f for d in restrictive for p in d.policies for f in p.findings)
    assert finding.rule and finding.cite and finding.because
    with pytest.raises(KeyError):
        decisions["no-such-shipment"]


def test_explain_and_diff(law, cli):
    facts = ROOT / "examples/servo-motors/facts.json"
    shipment = law.evaluate(facts)[0].shipment
    expected = cli("explain", "--facts", str(facts), "--shipment", shipment)
    assert law.explain(facts, shipment) == expected.rstrip("\n")
    assert law.explain(facts, "no-such-shipment") is None
    draft = ROOT / "examples/drafts/add-holmium-61.edict"
    changes = law.diff(edict.load(drafts=[draft]))
    assert changes and changes.text == cli("diff", "--with", str(draft), ok=(0, 1)).rstrip("\n")
    assert not law.diff(law)


def test_undetermined_decisions_carry_their_range_and_settling_facts(law):
    # examples/unknown-origins: the dysprosium alloy's origin is unknown; if it is CN,
    # S-2026-1111 needs a licence under No. 61 (0.272% of CN-origin Part 1 content).
    decisions = law.evaluate(ROOT / "examples/unknown-origins/facts.json")
    d = decisions["S-2026-1111"]
    assert d.outcome == "undetermined"
    assert d.range == edict.OutcomeRange("not-controlled", "licence-required")
    assert [s.fact for s in d.settled_by] == ['items["dy-fe-alloy"].origin']
    assert d.settled_by[0].settles
    assert [(v.outcome) for v in d.settled_by[0].values] == ["not-controlled", "licence-required"]
    assert d.policy("cn-mofcom-2025-61").range == d.range
    assert decisions["S-2026-1113-MIL"].range.at_most == "presumption-of-denial"
