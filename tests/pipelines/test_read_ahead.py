"""Reading pages ahead: every row once and in order, in batches; the reader's error raised in the pipeline's
thread; the caller's context (who logs provider calls) seen by the reader."""

from __future__ import annotations

import contextvars

import pyarrow as pa
import pytest

from glue_pipelines.sync.read_ahead import read_ahead

listener: contextvars.ContextVar[str | None] = contextvars.ContextVar("listener", default=None)


def pages(count: int, size: int, fail_at: int | None = None, seen: list | None = None):
    for n in range(count):
        if n == fail_at:
            raise PermissionError("the provider refused page %d" % n)
        if seen is not None:
            seen.append(listener.get())
        yield pa.table({"id": [f"{n}-{i}" for i in range(size)]})


def test_every_row_arrives_once_in_order_in_batches():
    batches = list(read_ahead(pages(25, 100), batch_rows=1000))
    assert [batch.num_rows for batch in batches] == [1000, 1000, 500]
    ids = [value for batch in batches for value in batch.column("id").to_pylist()]
    assert ids == [f"{n}-{i}" for n in range(25) for i in range(100)]


def test_what_the_reader_raised_is_raised_to_the_pipeline():
    batches = read_ahead(pages(10, 100, fail_at=4), batch_rows=200)
    assert next(batches).num_rows == 200
    with pytest.raises(PermissionError, match="refused page 4"):
        list(batches)


def test_the_reader_sees_the_callers_context():
    seen: list = []
    token = listener.set("sync-logger")
    try:
        assert sum(batch.num_rows for batch in read_ahead(pages(3, 10, seen=seen))) == 30
    finally:
        listener.reset(token)
    assert seen == ["sync-logger"] * 3


def test_no_pages_is_no_batches():
    assert list(read_ahead(pages(0, 10))) == []
