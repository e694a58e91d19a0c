#!/usr/bin/env python3
"""Load test of `edict serve`, on 127.0.0.1 only, bounded in time and count.

    scripts/serve-load.py [--seconds 5] [--clients 4] [--max-requests 20000]

Builds the release binary (unless --binary is given), starts
`edict serve --listen 127.0.0.1:0` on a scratch copy of policies/, and for
a 1-shipment and a 1000-shipment facts document (examples/gen_facts.rs)
sends POST /v1/decisions from --clients threads, each on its own keep-alive
connection, for --seconds (or --max-requests in all) per document. Half way
through each run the law is reloaded (SIGHUP; the same law, read and
checked again, swapped in while requests are in flight).

Every answer must be 200 and byte for byte what `edict eval --format json`
prints for the document; the script prints the sustained requests per
second and the p50/p99 latency, and exits 1 if any request was lost,
refused or wrong, or if the reload did not happen. Standard library only.
"""

import argparse
import http.client
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import json

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(args, **kw):
    return subprocess.run(args, cwd=ROOT, check=True, **kw)


def start(binary, policies):
    server = subprocess.Popen(
        [binary, "serve", policies, "--listen", "127.0.0.1:0", "--watch", "0"],
        cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    for line in server.stderr:
        if "listening on http://" in line:
            addr = line.split("listening on http://")[1].split()[0]
            threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
            return server, addr
        if time.monotonic() > deadline:
            break
    server.kill()
    sys.exit("the server did not start")


def get(addr, path):
    host, port = addr.rsplit(":", 1)
    c = http.client.HTTPConnection(host, int(port), timeout=60)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, body


def load(addr, server, body, expected, seconds, clients, max_requests):
    """Closed loop: each client sends its next request when the last is answered."""
    host, port = addr.rsplit(":", 1)
    assert host == "127.0.0.1"
    latencies, failures, lock = [], [], threading.Lock()
    sent = [0]
    stop_at = time.monotonic() + seconds

    def client():
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        mine = []
        while time.monotonic() < stop_at:
            with lock:
                if sent[0] >= max_requests:
                    break
                sent[0] += 1
            t0 = time.perf_counter_ns()
            try:
                conn.request("POST", "/v1/decisions", body=body, headers={"Content-Type": "application/json"})
                r = conn.getresponse()
                answer = r.read()
                status = r.status
            except (OSError, http.client.HTTPException) as e:
                with lock:
                    failures.append(f"no answer: {e!r}")
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=60)
                continue
            took = time.perf_counter_ns() - t0
            if status != 200 or answer != expected:
                with lock:
                    failures.append(f"status {status}, {len(answer)} bytes, wrong" if status == 200 else f"status {status}: {answer[:200]!r}")
            mine.append(took)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    # The reload, half way through, while requests are in flight.
    time.sleep(seconds / 2)
    before = json.loads(get(addr, "/health")[1])["law"]["generation"]
    server.send_signal(signal.SIGHUP)
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    after = json.loads(get(addr, "/health")[1])
    return latencies, failures, elapsed, sent[0], before, after


def percentile(sorted_ns, p):
    if not sorted_ns:
        return float("nan")
    i = min(len(sorted_ns) - 1, max(0, round(p / 100 * len(sorted_ns)) - 1))
    return sorted_ns[i] / 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=5.0, help="per document (at most 60)")
    ap.add_argument("--clients", type=int, default=4, help="concurrent connections (at most 64)")
    ap.add_argument("--max-requests", type=int, default=20000, help="per document (at most 200000)")
    ap.add_argument("--binary", help="an edict binary (default: cargo build --release)")
    a = ap.parse_args()
    seconds, clients = min(a.seconds, 60.0), max(1, min(a.clients, 64))
    max_requests = max(1, min(a.max_requests, 200000))
    binary = a.binary
    if binary is None:
        run(["cargo", "build", "--release", "--quiet", "--bin", "edict", "--example", "gen_facts"])
        binary = os.path.join(ROOT, "target", "release", "edict")
    scratch = tempfile.mkdtemp(prefix="edict-serve-load-")
    failed = False
    try:
        policies = os.path.join(scratch, "policies")
        shutil.copytree(os.path.join(ROOT, "policies"), policies)
        server, addr = start(binary, policies)
        try:
            gen = os.path.join(os.path.dirname(binary), "examples", "gen_facts")
            print(f"edict serve on {addr}: {clients} clients, {seconds:g} s or {max_requests} requests per document, "
                  "a SIGHUP reload half way")
            print(f"{'document':<16} {'bytes in':>9} {'bytes out':>10} {'requests':>9} {'req/s':>8} "
                  f"{'p50 ms':>8} {'p99 ms':>8} {'failed':>7}  reload")
            for n in (1, 1000):
                facts = subprocess.run([gen, str(n)], check=True, capture_output=True).stdout
                path = os.path.join(scratch, f"facts-{n}.json")
                with open(path, "wb") as f:
                    f.write(facts)
                expected = subprocess.run([binary, "eval", policies, "--facts", path, "--format", "json"],
                                          check=True, capture_output=True).stdout
                lat, failures, elapsed, sent, before, after = load(
                    addr, server, facts, expected, seconds, clients, max_requests)
                lat.sort()
                reloaded = after["law"]["generation"] == before + 1 and (after["last_reload"] or {}).get("ok")
                lost = sent - len(lat) - len(failures)
                print(f"{f'{n} shipment' + ('s' if n > 1 else ''):<16} {len(facts):>9} {len(expected):>10} "
                      f"{len(lat):>9} {len(lat) / elapsed:>8.0f} {percentile(lat, 50):>8.2f} "
                      f"{percentile(lat, 99):>8.2f} {len(failures) + lost:>7}  "
                      f"{'law ' + str(before) + ' -> ' + str(after['law']['generation']) if reloaded else 'NOT RELOADED'}")
                for f in failures[:5]:
                    print("   ", f)
                failed |= bool(failures) or lost != 0 or not reloaded or not lat
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                code = server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                code = "killed"
            if code != 0:
                print(f"the server ended with {code}")
                failed = True
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if failed:
        sys.exit("FAILED: a request was lost, refused or wrong, or the reload did not happen")
    print("every request answered, every answer byte for byte eval's")


if __name__ == "__main__":
    main()
