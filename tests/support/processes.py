"""Runs the `glue` command as a real process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx


def glue(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "glue_api.cli", *args], env=_environment(env), capture_output=True, text=True, timeout=120
    )
    if check and result.returncode != 0:
        raise AssertionError(f"glue {' '.join(args)} failed: {result.stderr}")
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class GlueServer:
    """`glue serve` in a child process, stopped on exit."""

    def __init__(self, env: dict[str, str], *options: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "glue_api.cli", "serve", "--port", str(self.port), *options],
            env=_environment(env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )

    def __enter__(self) -> GlueServer:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"glue serve exited: {self.process.stdout.read()}")
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError("glue serve did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.output = self.process.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.output = self.process.communicate()[0]


def unblocked_signals() -> None:
    """A ``preexec_fn``: the child starts with no signal blocked. A blocked mask is inherited across exec, and a
    library in the test process may have left SIGTERM blocked, so that ``terminate()`` would not stop the child."""
    signal.pthread_sigmask(signal.SIG_SETMASK, set())


def stop(process: subprocess.Popen, timeout: float = 20) -> tuple:
    """Asks the process to stop (SIGTERM), kills it if it has not within ``timeout``; returns its output."""
    process.terminate()
    try:
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.communicate()


def _environment(extra: dict[str, str]) -> dict[str, str]:
    # The test environment's egress allowance goes along: receivers and emulators listen on loopback.
    kept = ("GLUE_TEST_POSTGRES_URL", "GLUE_EGRESS_ALLOW")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GLUE_") or k in kept}
    return env | extra
