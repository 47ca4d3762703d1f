"""``glue`` as a user runs it: ``glue migrate``, ``glue apps create``, ``glue serve`` in a child process."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable

import httpx

from bench.report import REPO, note


def glue_command(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "glue_api.cli", *args], env={**os.environ, **env}, cwd=REPO,
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"glue {' '.join(args)} failed: {result.stderr[-2000:]}")
    return result.stdout


def create_app_key(env: dict[str, str], name: str) -> str:
    return create_app(env, name)[1]


def create_app(env: dict[str, str], name: str) -> tuple[str, str]:
    """A migrated store's new application: (its id, its API key)."""
    glue_command(env, "migrate")
    created = json.loads(glue_command(env, "apps", "create", name, "--json"))
    return created["application_id"], created["api_key"]


def run_against_glue_serve(env: dict[str, str], workdir: str, work: Callable[[str], None], *options: str) -> None:
    """Runs ``work(url)`` against ``glue serve``; if anything fails, shows the end of the server's log."""
    log_path = os.path.join(workdir, "serve.log")
    try:
        with GlueServe(env, log_path, *options) as server:
            work(server.url)
    except BaseException:
        with open(log_path) as log:
            note("glue serve's log ends with:\n" + log.read()[-3000:])
        raise


class GlueServe:
    """``with GlueServe(env, log_path) as server: server.url``; with ``profile_path``, under cProfile
    (bench/profiled.py), its merged profile written there when it stops."""

    def __init__(self, env: dict[str, str], log_path: str, *options: str, profile_path: str | None = None):
        self.env = env
        self.options = options
        self.log_path = log_path
        self.profile_path = profile_path
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> GlueServe:
        log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [*self.command(), "--host", "127.0.0.1", "--port", str(self.port), *self.options],
            env={**os.environ, **self.env}, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{' '.join(self.command()[2:])} exited; see {self.log_path}")
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"{' '.join(self.command()[2:])} did not answer within 60 s")

    def command(self) -> list[str]:
        if self.profile_path:
            return [sys.executable, "-m", "bench.profiled", self.profile_path, "serve"]
        return [sys.executable, "-m", "glue_api.cli", "serve"]

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)  # a profiled server writes its profile first
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)


class BaselineServe(GlueServe):
    """The bare FastAPI app of bench/baseline.py, started and stopped like ``glue serve``."""

    def command(self) -> list[str]:
        return [sys.executable, "-m", "bench.baseline"]
