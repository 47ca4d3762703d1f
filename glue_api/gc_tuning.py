"""The garbage collector's settings while the app serves (measured with ``python -m bench.api``).

- What is loaded when serving starts (the app, its routes, models and specs: ~140,000 objects) lives as long
  as the process. Frozen, the collector no longer walks it in each full collection (~30 ms each: a latency spike).
- A request allocates thousands of objects (ORM rows, dicts, responses): at Python's default of a young
  collection every 700 allocations, several per request. Every 10,000 finds the same cycles a little later,
  for about a tenth of the API's CPU less per request.

Both are undone when serving ends, so a process that starts and stops apps (the tests) collects them as before.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

SERVING_THRESHOLDS = (10_000, 10, 10)


@contextmanager
def serving_gc() -> Iterator[None]:
    before = gc.get_threshold()
    gc.freeze()  # no collection first: in a process that has loaded Dagster (the tests) it costs ~60 ms an app
    gc.set_threshold(*SERVING_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
