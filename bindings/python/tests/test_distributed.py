"""Decisions made on a Dask cluster of two worker processes equal one process's."""

import json

import pyarrow as pa
import pytest

import edict
import edict.distributed as ed
from edict._table import SCHEMA

dask = pytest.importorskip("dask")  # installed by .ci/run: a missing one fails there
from dask.distributed import Client, LocalCluster  # noqa: E402
import dask.dataframe as dd  # noqa: E402

from conftest import ROOT  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as c:
            yield c


def _table(frame):
    return pa.Table.from_pandas(frame.reset_index(drop=True), schema=SCHEMA, preserve_index=False)


def test_split_and_splice_give_the_same_decisions(law):
    text = (ROOT / "examples/servo-motors/facts.json").read_text(encoding="utf-8")
    world, shipments = ed.split(text)
    assert json.loads(world)["shipments"] == []
    assert law.evaluate(ed.facts_of(world, shipments)) == law.evaluate(text)
    assert law.world(world).evaluate(shipments) == law.evaluate(text)


def test_partitions_on_two_workers_equal_one_process(law, client, generated):
    text = generated(4_000).read_text(encoding="utf-8")
    world, shipments = ed.split(text)
    frame = dd.from_pandas(ed.shipment_frame(shipments), npartitions=6, sort=False)
    assert frame.npartitions == 6
    decided = ed.decide(frame, client.scatter(world, broadcast=True)).compute()
    single = law.evaluate_table(text)
    assert single.num_rows == 4_000 * len(law.policy_ids)
    assert _table(decided).equals(single)
    # Both workers took part, and each loaded the law once.
    ran = client.run(lambda: len(ed._LAWS))
    assert sorted(ran.values()) == [1, 1]


def test_drafts_and_as_of_travel_to_the_workers(client):
    path = ROOT / "examples/servo-motors/facts.json"
    draft = ROOT / "examples/drafts/lower-61-threshold.edict"
    world, shipments = ed.split(path.read_text(encoding="utf-8"))
    frame = dd.from_pandas(ed.shipment_frame(shipments), npartitions=2, sort=False)
    decided = ed.decide(frame, world, drafts=[draft], as_of="2026-01-15").compute()
    single = edict.load(drafts=[draft]).evaluate_table(path, as_of="2026-01-15")
    assert _table(decided).equals(single)


def test_each_worker_reads_the_world_once(law, client, generated):
    text = generated(2_000).read_text(encoding="utf-8")
    world, shipments = ed.split(text)
    before = client.run(lambda: ed.WORLD_READS[0])
    frame = dd.from_pandas(ed.shipment_frame(shipments), npartitions=8, sort=False)
    decided = ed.decide(frame, client.scatter(world, broadcast=True)).compute()
    assert _table(decided).equals(law.evaluate_table(text))
    after = client.run(lambda: ed.WORLD_READS[0])
    assert all(after[w] - before[w] <= 1 for w in after), (before, after)
    assert sum(after.values()) - sum(before.values()) >= 1
