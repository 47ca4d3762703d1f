"""How results are printed (one JSON line each) and how memory is read."""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def command_line(prog: str, doc: str) -> argparse.ArgumentParser:
    """A parser whose --help shows the module's docstring: its first paragraph, then the rest."""
    summary, _, rest = doc.strip().partition("\n\n")
    return argparse.ArgumentParser(prog=prog, description=" ".join(summary.split()), epilog=rest,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)


def emit(name: str, value: float, unit: str, baseline: float | None = None) -> dict:
    line = {"name": name, "value": _round(value), "unit": unit}
    if baseline is not None:
        line["baseline"] = _round(baseline)
    print(json.dumps(line), flush=True)
    return line


def emit_load_average(name: str) -> None:
    """Other work on the machine skews every figure: say how busy it was."""
    emit(name, os.getloadavg()[0], f"load average (1 min) on {os.cpu_count()} CPUs")


def exit_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C, so a stopped benchmark still stops what it started."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def note(message: str) -> None:
    """Progress for the person waiting, on stderr so stdout stays JSON lines."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def peak_rss_mb() -> float:
    """The largest resident set this process has had, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User + system CPU time of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def current_rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def _round(value: float) -> float:
    if isinstance(value, int):
        return value
    return round(value, 4) if abs(value) < 10 else round(value, 1)
