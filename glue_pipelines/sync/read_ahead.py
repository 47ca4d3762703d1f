"""A provider object's pages read ahead in a thread and handed on in batches.

Mapping records to a common object is CPU work; reading the next page is mostly waiting on the
provider. Reading ahead overlaps the two. Batches of a few thousand rows also spare dlt's
per-item work (it checks the table's hints on every item it extracts, ~5 ms each).
"""

from __future__ import annotations

import contextvars
import queue
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyarrow as pa

BATCH_ROWS = 5000
PAGES_AHEAD = 4


@dataclass(frozen=True)
class _Failed:
    error: BaseException


_DONE = object()


def read_ahead(pages: Iterable[pa.Table], batch_rows: int = BATCH_ROWS) -> Iterator[pa.Table]:
    """``pages`` (Arrow tables of one schema) as batches of about ``batch_rows``, read in a thread that keeps
    the caller's context (who logs provider calls); what the reading raised is raised here."""
    handed: queue.Queue = queue.Queue(maxsize=PAGES_AHEAD)
    stopped = threading.Event()

    def hand(item) -> bool:
        while not stopped.is_set():
            try:
                handed.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        batch: list[pa.Table] = []
        try:
            for page in pages:
                batch.append(page)
                if sum(table.num_rows for table in batch) >= batch_rows:
                    if not hand(pa.concat_tables(batch)):
                        return
                    batch = []
            if batch and not hand(pa.concat_tables(batch)):
                return
            hand(_DONE)
        except BaseException as error:  # handed to the pipeline's thread, which raises it
            hand(_Failed(error))

    reader = threading.Thread(target=contextvars.copy_context().run, args=(read,), daemon=True,
                              name="glue-read-ahead")
    reader.start()
    try:
        while True:
            item = handed.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stopped.set()  # the reader stops at its next page when the pipeline gives up early
