"""A load generator light enough not to be the bottleneck: keep-alive HTTP/1.1 GETs over asyncio
protocols, responses parsed by httptools (C), on uvloop.

httpx spends a few milliseconds of CPU per request; on a 2-core machine its process ran at one full core
while the server it measured was at a third of one, so figures measured the client. This client spends
tens of microseconds per request, so the server (and its database) are what the figures measure.

    results = run_load("http://127.0.0.1:8000", paths, headers, requests=5000, concurrency=64, seconds=60)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httptools
import uvloop


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)  # seconds, of requests answered 200
    errors: dict[str, int] = field(default_factory=dict)  # by status code or exception name
    elapsed: float = 0.0

    def fail(self, reason: str) -> None:
        self.errors[reason] = self.errors.get(reason, 0) + 1


class _Connection(asyncio.Protocol):
    """One keep-alive connection: one request in flight, its response parsed as bytes arrive."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.answered: asyncio.Future[int] | None = None
        self.keep_alive = True

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._end(exc)

    def connection_lost(self, exc: Exception | None) -> None:
        self.keep_alive = False
        self._end(exc or ConnectionResetError("connection closed"))

    def on_message_complete(self) -> None:
        self.keep_alive = self.parser.should_keep_alive()
        if self.answered is not None and not self.answered.done():
            self.answered.set_result(self.parser.get_status_code())

    def _end(self, exc: BaseException) -> None:
        if self.answered is not None and not self.answered.done():
            self.answered.set_exception(exc)

    async def get(self, request: bytes) -> int:
        self.answered = asyncio.get_running_loop().create_future()
        assert self.transport is not None
        self.transport.write(request)
        return await self.answered


def request_bytes(host: str, path: str, headers: dict[str, str]) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"host: {host}", *(f"{name}: {value}" for name, value in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def load(base_url: str, request_for: Callable[[int], bytes], requests: int, concurrency: int,
               seconds: float) -> LoadResult:
    """Sends ``request_for(i)`` for i = 0, 1, ... from ``concurrency`` connections until ``requests`` are sent or
    ``seconds`` have passed."""
    url = urlsplit(base_url)
    loop = asyncio.get_running_loop()
    result = LoadResult()
    issued = 0
    deadline = time.monotonic() + seconds

    async def connect() -> _Connection:
        _, connection = await loop.create_connection(_Connection, url.hostname, url.port)
        return connection

    async def worker() -> None:
        nonlocal issued
        connection = await connect()
        while issued < requests and time.monotonic() < deadline:
            request = request_for(issued)
            issued += 1
            started = time.perf_counter()
            try:
                status = await connection.get(request)
            except (OSError, httptools.HttpParserError) as exc:
                result.fail(type(exc).__name__)
                connection = await connect()
                continue
            if status == 200:
                result.latencies.append(time.perf_counter() - started)
            else:
                result.fail(str(status))
            if not connection.keep_alive:
                connection.transport.close()
                connection = await connect()
        connection.transport.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    result.elapsed = time.perf_counter() - started
    return result


def run_load(base_url: str, request_for: Callable[[int], bytes], requests: int, concurrency: int,
             seconds: float) -> LoadResult:
    """``load`` on its own uvloop event loop (call from outside any running loop)."""
    return uvloop.run(load(base_url, request_for, requests, concurrency, seconds))
