"""Deciding shipments on a Dask cluster: the world broadcast, the shipments partitioned.

Shipments are independent once the world (parties, items, holdings,
listings) is known, so a batch too large for one machine is split into
partitions of shipments, and every partition is decided against the whole
world::

    from dask.distributed import Client
    import dask.dataframe as dd
    import edict.distributed as ed

    world, shipments = ed.split(open("facts.json").read())
    client = Client(n_workers=2, processes=True)
    frame = dd.from_pandas(ed.shipment_frame(shipments), npartitions=8)
    decisions = ed.decide(frame, client.scatter(world, broadcast=True))
    decisions.compute()        # the rows of Law.evaluate_table, in shipment order

What stays whole, on every worker: the law (loaded and checked once per
worker process, from the policy texts sent with the task) and the world
(read and resolved once per worker process, kept as an :class:`edict.World`).
Each partition's shipments are decided against it as one batch, as
``edict eval --shipments`` decides a batch of a stream; the ownership fixed
point is memoised within a batch, so partitions should be few and large.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Iterable, List, Optional, Sequence, Tuple

import pandas as pd

import edict
from edict import _read_all, _policy_files, _as_list, _day

#: The column of a shipments frame that holds each shipment's JSON text.
SHIPMENT = "shipment"

# This worker process's laws, by the digest of their policy texts: each is
# loaded and checked once per process, whatever the number of partitions.
_LAWS: dict = {}
# This worker process's last world: (its JSON text, the law, the World).
_WORLD: list = []
#: How many times this process read a world (for tests and measurement).
WORLD_READS = [0]


def split(facts: str) -> Tuple[str, List[str]]:
    """Splits a facts document (JSON text) into its world (the document with
    ``"shipments": []``, as JSON text) and its shipments (one JSON text each).
    Amounts stay the strings they were."""
    doc = json.loads(facts)
    shipments = doc.pop("shipments", [])
    doc["shipments"] = []
    return json.dumps(doc, ensure_ascii=False), [json.dumps(s, ensure_ascii=False) for s in shipments]


def shipment_frame(shipments: Iterable[str]) -> pd.DataFrame:
    """A pandas frame of one column, ``shipment``, one shipment's JSON text a row
    (as a JSON-lines file of shipments reads)."""
    return pd.DataFrame({SHIPMENT: pd.Series(list(shipments), dtype=object)})


def policy_texts(paths=None, drafts: Iterable = ()) -> Tuple[Optional[List[Tuple[str, str]]], List[Tuple[str, str]]]:
    """The texts of the policies and drafts (read here, sent to the workers,
    so the workers need no copy of the files)."""
    policies = None if paths is None else _read_all(_policy_files(_as_list(paths)))
    return policies, _read_all(_as_list(drafts))


def law(policies: Optional[Sequence[Tuple[str, str]]], drafts: Sequence[Tuple[str, str]]) -> edict.Law:
    """This process's law of these texts (bundled when ``policies`` is None), loaded once."""
    digest = hashlib.sha256(repr((policies, list(drafts))).encode()).hexdigest()
    found = _LAWS.get(digest)
    if found is None:
        found = edict.Law(edict._edict.load(None if policies is None else list(policies), list(drafts)))
        _LAWS[digest] = found
    return found


def world_of(law_here: edict.Law, text: str) -> edict.World:
    """This process's world of ``text`` under ``law_here``, read once (kept
    until another world is asked for)."""
    if _WORLD:
        seen, seen_law, kept = _WORLD
        if seen_law is law_here and (seen is text or seen == text):
            return kept
    kept = law_here.world(text)
    WORLD_READS[0] += 1
    _WORLD[:] = [text, law_here, kept]
    return kept


def facts_of(world: str, shipments: Iterable[str]) -> str:
    """The facts document of ``world`` (JSON text) with these shipments in
    place of its own (a JSON round trip: for checks, not for speed)."""
    doc = json.loads(world)
    doc["shipments"] = [json.loads(s) for s in shipments]
    return json.dumps(doc, ensure_ascii=False)


def decide_partition(
    partition: pd.DataFrame,
    world: str,
    policies: Optional[Sequence[Tuple[str, str]]] = None,
    drafts: Sequence[Tuple[str, str]] = (),
    as_of: Optional[str] = None,
    threads: int = 1,
) -> pd.DataFrame:
    """Decides one partition's shipments against the world: the rows of
    :meth:`edict.Law.evaluate_table` as a pandas frame of Arrow-backed
    columns (``pd.ArrowDtype``: the nested findings travel between processes
    as Arrow buffers, not as Python objects)."""
    law_here = law(policies, drafts)
    lines = "\n".join(partition[SHIPMENT])
    table = world_of(law_here, world).evaluate_table(lines, as_of=as_of, threads=threads)
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def empty() -> pd.DataFrame:
    """The decisions frame with no rows (Dask's ``meta``)."""
    from ._table import SCHEMA

    return SCHEMA.empty_table().to_pandas(types_mapper=pd.ArrowDtype)


def decide(shipments, world: Any, paths=None, drafts: Iterable = (), as_of=None, threads: int = 1):
    """Decides a Dask DataFrame of shipments (a ``shipment`` column of JSON
    texts) against ``world`` (its JSON text, or a future of it from
    ``client.scatter(world, broadcast=True)``) with the policies at ``paths``
    (default: the bundled library) and ``drafts``. Returns a Dask DataFrame of
    decisions, one row per shipment and policy, partitioned as the shipments.
    ``threads`` is per task: keep 1 when the workers already fill the cores."""
    policies, draft_texts = policy_texts(paths, drafts)
    return shipments.map_partitions(
        decide_partition,
        world,
        policies,
        draft_texts,
        _day(as_of),
        threads,
        meta=empty(),
        enforce_metadata=False,
        align_dataframes=False,
    )
