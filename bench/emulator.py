"""The HubSpot emulator in its own process, so it does not share the GIL with what is measured.

``python -m bench.emulator --contacts N`` serves an emulator with raised rate limits on a
free loopback port and prints ``{"url": ...}`` once it answers; it stops on SIGTERM or when
its standard input closes. ``EmulatorProcess`` starts and stops it from a benchmark.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import threading

import httpx

CLIENT_ID, CLIENT_SECRET = "glue-bench-client", "glue-bench-client-secret"
UNLIMITED = 10**9


class EmulatorProcess:
    """``with EmulatorProcess({"contacts": 1000}) as emulator: emulator.url``"""

    def __init__(self, counts: dict[str, int], *, start_timeout: float = 60):
        self.counts = counts
        self.start_timeout = start_timeout
        self.process: subprocess.Popen | None = None
        self.url = ""

    def start(self) -> EmulatorProcess:
        args = [sys.executable, "-m", "bench.emulator", "--counts", json.dumps(self.counts)]
        self.process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = _read_line(self.process, self.start_timeout)
        self.url = json.loads(line)["url"]
        self.control("POST", "/clients", json={"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET})
        return self

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)

    def control(self, method: str, path: str, **kwargs) -> dict:
        response = httpx.request(method, f"{self.url}/_emulator{path}", timeout=300, **kwargs)
        response.raise_for_status()
        return response.json()

    def refresh_token(self) -> str:
        return self.control("POST", "/tokens", json={"client_id": CLIENT_ID})["refresh_token"]

    def access_token(self) -> str:
        return self.control("POST", "/tokens", json={"client_id": CLIENT_ID})["access_token"]

    def change(self, object_name: str, fraction: float) -> int:
        """Updates ``fraction`` of the object's live records upstream; how many were changed."""
        body = {"object": object_name, "fraction": fraction}
        return len(self.control("POST", "/changes/update", json=body)["ids"])

    def __enter__(self) -> EmulatorProcess:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()


def _read_line(process: subprocess.Popen, timeout: float) -> str:
    found: list[str] = []
    reader = threading.Thread(target=lambda: found.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if not found or not found[0].strip():
        process.kill()
        raise RuntimeError(f"the emulator did not start within {timeout} s")
    return found[0]


def serve(counts: dict[str, int]) -> None:
    from glue_emulators.hubspot import Limits, create_emulator
    from glue_emulators.server import EmulatorServer

    emulator = create_emulator(counts, limits=Limits(requests_per_interval=UNLIMITED, search_per_second=UNLIMITED))
    server = EmulatorServer(emulator.app).start()
    print(json.dumps({"url": server.url}), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    # a parent that dies without stopping us closes our standard input
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    while not stop.wait(1):
        pass
    server.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.emulator", description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default='{"contacts": 1000}',
                        help='JSON records per object, e.g. {"contacts": 1000}')
    args = parser.parse_args(argv)
    serve(json.loads(args.counts))


if __name__ == "__main__":
    main()
