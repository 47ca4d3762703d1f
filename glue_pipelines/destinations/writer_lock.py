"""One writer at a time for destinations that allow no more (a DuckDB file takes one writing process)."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def exclusive_writer(lock_path: str | None) -> Iterator[None]:
    """Waits until no other process holds ``lock_path``; None means the destination takes concurrent writers."""
    if lock_path is None:
        yield
        return
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released by the kernel too if the process dies
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
