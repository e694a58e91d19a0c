#!/usr/bin/env python3
"""Measures the Dask recipe (edict.distributed) on a generated batch: one
process, then a LocalCluster of 1 and 2 worker processes (one thread each),
the same partitions each time. Short and bounded: a few runs of each.

    cargo build --release --example gen_facts
    target/release/examples/gen_facts 100000 > /tmp/facts-100k.json
    scripts/build-python-wheel.sh && pip install target/wheels/edict-*.whl pyarrow pandas "dask[distributed]"
    python scripts/bench-python-distributed.py /tmp/facts-100k.json [PARTITIONS] [RUNS]

Prints wall times (best of RUNS) and decisions per second; cluster start-up
and the first load of the law on each worker are left out (a long-lived
cluster pays them once).
"""

import sys
import time

import pyarrow as pa

import dask.dataframe as dd
from dask.distributed import Client, LocalCluster

import edict
import edict.distributed as ed
from edict._table import SCHEMA


def best(runs, f):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - start)
    return min(times), out


def main():
    path = sys.argv[1]
    partitions = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    text = open(path, encoding="utf-8").read()
    world, shipments = ed.split(text)
    n = len(shipments)
    law = edict.load()
    print(f"{n} shipments, world {len(world) / 1e6:.1f} MB of JSON, {partitions} partitions, best of {runs}")

    pa.array(["warm"])  # pyarrow's first call initialises it (seconds on a loaded machine)
    t, single = best(runs, lambda: law.evaluate_table(text, threads=1))
    print(f"one process, 1 thread:  {t:6.2f} s  {n / t:9.0f} shipments/s  (evaluate_table)")
    t, _ = best(runs, lambda: law.evaluate_table(text, threads=2))
    print(f"one process, 2 threads: {t:6.2f} s  {n / t:9.0f} shipments/s")
    t, _ = best(runs, lambda: law.world(world))
    print(f"reading the world (once per worker):    {t:6.3f} s")

    frame = dd.from_pandas(ed.shipment_frame(shipments), npartitions=partitions, sort=False).persist()
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as c:
            with Client(c) as client:
                frame_here = client.persist(frame)
                future = client.scatter(world, broadcast=True)
                client.run(lambda: ed.law(None, []) and None)  # the law loaded on every worker
                cpu = client.run(time.process_time)
                t, out = best(runs, lambda: ed.decide(frame_here, future).compute())
                after = client.run(time.process_time)
                spent = ", ".join(f"{(after[w] - cpu[w]) / runs:.2f}" for w in sorted(cpu))
                same = pa.Table.from_pandas(out.reset_index(drop=True), schema=SCHEMA, preserve_index=False).equals(single)
                print(f"dask, {workers} worker{'s' if workers > 1 else ' '}:       {t:6.2f} s  {n / t:9.0f} shipments/s  identical: {same}  worker CPU s per run: {spent}")


if __name__ == "__main__":
    main()
