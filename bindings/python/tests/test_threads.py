"""The GIL is released while the law decides, and one Law serves many threads."""

import concurrent.futures
import threading
import time


def test_other_threads_run_while_it_decides(law, generated):
    text = generated(20_000).read_text(encoding="utf-8")
    law._native.evaluate_json("warm", text, None, 1)
    ticks = 0
    running = True

    def count():
        nonlocal ticks
        while running:
            ticks += 1

    counter = threading.Thread(target=count)
    counter.start()
    time.sleep(0.01)
    started = time.perf_counter()
    before = ticks
    law._native.evaluate_json("facts.json", text, None, 1)  # one native call
    during = ticks - before
    elapsed = time.perf_counter() - started
    running = False
    counter.join()
    assert elapsed > 0.02, "too little work to tell"
    # With the GIL held the counter could not advance at all during the call.
    assert during > 1000, f"{during} ticks in {elapsed:.3f} s"


def test_one_law_on_four_threads(law, generated):
    path = generated(3_000)
    alone = law.evaluate_json(path, threads=1)
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: law.evaluate_json(path, threads=1), range(8)))
    assert all(r == alone for r in results)
