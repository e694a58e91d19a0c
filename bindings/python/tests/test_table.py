"""Batches as a pyarrow Table and a pandas DataFrame: one row per shipment x policy."""

import datetime

from conftest import ROOT

FACTS = ROOT / "examples/servo-motors/facts.json"


def test_one_row_per_shipment_and_policy(law):
    decisions = law.evaluate(FACTS)
    table = law.evaluate_table(FACTS)
    assert table.column_names == ["shipment", "date", "outcome", "policy", "policy_outcome", "rules", "findings"]
    rows = [
        {
            "shipment": d.shipment,
            "date": d.date,
            "outcome": d.outcome,
            "policy": p.policy,
            "policy_outcome": p.outcome,
            "rules": [f.rule for f in p.findings],
            "findings": [
                {"rule": f.rule, "outcome": f.outcome, "cite": f.cite, "because": list(f.because)}
                for f in p.findings
            ],
        }
        for d in decisions
        for p in d.policies
    ]
    assert table.num_rows == len(rows) == len(decisions) * len(law.policy_ids)
    assert table.to_pylist() == rows


def test_a_dataframe_to_filter(law):
    frame = law.evaluate_table(FACTS, as_of="2026-01-15").to_pandas()
    decisions = law.evaluate(FACTS, as_of="2026-01-15")
    assert len(frame) == sum(len(d.policies) for d in decisions)
    assert set(frame["date"]) == {datetime.date(2026, 1, 15)}
    needing = frame[frame["policy_outcome"] != "not-controlled"]
    expected = {(d.shipment, p.policy) for d in decisions for p in d.policies if p.outcome != "not-controlled"}
    assert expected and set(zip(needing["shipment"], needing["policy"])) == expected
    per_shipment = frame.groupby("shipment", sort=False)["outcome"].first()
    assert list(per_shipment.index) == [d.shipment for d in decisions]
    assert list(per_shipment) == [d.outcome for d in decisions]


def test_no_shipments_no_rows(law):
    table = law.evaluate_table({"version": 1, "shipments": []})
    assert table.num_rows == 0 and table.num_columns == 7
