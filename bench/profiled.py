"""Runs the ``glue`` command under cProfile, in every thread, and writes the merged profile on exit.

    python -m bench.profiled OUT.prof serve --port 8000

cProfile watches only the thread that enables it, and Glue serves sync endpoints, its sync
dependencies and the request log from a thread pool: each new thread therefore enables a
profiler of its own the first time it runs Python code, and all of them are merged at the end.
"""

from __future__ import annotations

import cProfile
import pstats
import signal
import sys
import threading

_profilers: list[cProfile.Profile] = []
_lock = threading.Lock()


def _profile_this_thread(*_args) -> None:
    sys.setprofile(None)  # this hook's one job is to hand the thread over to a profiler of its own
    profiler = cProfile.Profile()
    with _lock:
        _profilers.append(profiler)
    profiler.enable()


def main() -> int:
    out, argv = sys.argv[1], sys.argv[2:]
    from glue_api.cli import main as glue

    # uvicorn re-raises the SIGTERM it stopped on once it has shut down: let that unwind, so the profile is written.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    threading.setprofile(_profile_this_thread)
    profiler = cProfile.Profile()
    _profilers.append(profiler)
    profiler.enable()
    try:
        return glue(argv)
    finally:
        profiler.disable()
        threading.setprofile(None)
        with _lock:
            merged = pstats.Stats(*_profilers)
        merged.dump_stats(out)


if __name__ == "__main__":
    sys.exit(main())
