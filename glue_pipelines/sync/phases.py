"""Phase marks of a sync run, for crash trials (tests/pipelines/crash_trials.py, bench/crash.py).

A run marks where it is: "extract" (the read starting, then each page read), "normalize", "load",
"soft-delete" and "cursor-commit". Inert unless ``GLUE_TEST_PHASE_SOCKET`` is set, which only a trial
does: it names a Unix socket the trial listens on. Then each mark sends the phase's name and a newline
and waits for one byte back, so the trial knows where the run is and can SIGKILL it right there.
"""

from __future__ import annotations

import os
import socket

PHASE_SOCKET = "GLUE_TEST_PHASE_SOCKET"
PHASES = ("extract", "normalize", "load", "soft-delete", "cursor-commit")

_trial: socket.socket | None = None  # the connection to the trial, opened at the first mark


def reached(phase: str) -> None:
    global _trial
    path = os.environ.get(PHASE_SOCKET)
    if not path:
        return
    if _trial is None:
        _trial = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        _trial.connect(path)
    _trial.sendall(phase.encode() + b"\n")
    _trial.recv(1)  # the trial's go-ahead
