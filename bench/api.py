"""Management API under load: authenticated list and get requests against ``glue serve`` backed by
PostgreSQL, from 64 concurrent connections on loopback; requests/s and p50/p99 latency per kind.

    python -m bench.api                                   # 64 connections, 5,000 requests per kind
    python -m bench.api --requests 1000 --customers 50    # a quick check
    python -m bench.api --workers 2                       # glue serve --workers 2

Kinds: ``list_customers`` (GET /customers, every customer of the application),
``get_customer`` (GET /customers/{id}), ``list_connections`` (GET /customers/{id}/connections),
``get_connection`` (GET /customers/{id}/connections/hubspot). Each kind runs on its own, after a
short warm-up, until its request count or its time limit is reached.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Callable

import httpx

from bench.glue_server import create_app_key, run_against_glue_serve
from bench.postgres import PostgresServer
from bench.report import command_line, emit, exit_on_sigterm, note
from bench.store import new_store

KINDS: dict[str, Callable[[int], str]] = {
    "list_customers": lambda i: "/mgmt/v2/customers",
    "get_customer": lambda i: f"/mgmt/v2/customers/c{i}",
    "list_connections": lambda i: f"/mgmt/v2/customers/c{i}/connections",
    "get_connection": lambda i: f"/mgmt/v2/customers/c{i}/connections/hubspot",
}


async def seed(client: httpx.AsyncClient, customers: int) -> None:
    provider = {"name": "hubspot", "category": "crm", "auth_type": "oauth2",
                "config": {"provider_app_id": "glue-bench", "oauth": {"oauth_scopes": [], "credentials": {
                    "oauth_client_id": "bench-client", "oauth_client_secret": "bench-secret"}}}}
    (await client.post("/mgmt/v2/providers", json=provider)).raise_for_status()
    gate = asyncio.Semaphore(16)

    async def one(i: int) -> None:
        async with gate:
            body = {"customer_id": f"c{i}", "name": f"Customer {i}", "email": f"it@c{i}.test"}
            (await client.put("/mgmt/v2/customers", json=body)).raise_for_status()
            connection = {"provider_name": "hubspot", "type": "oauth2", "refresh_token": f"refresh-token-{i}"}
            (await client.post(f"/mgmt/v2/customers/c{i}/connections", json=connection)).raise_for_status()

    await asyncio.gather(*(one(i) for i in range(customers)))


async def load(client: httpx.AsyncClient, path: Callable[[int], str], customers: int, requests: int,
               concurrency: int, seconds: float) -> tuple[list[float], float, dict[str, int]]:
    """Latencies (s) of successful requests, elapsed seconds, failures by status or exception."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    failures = 0
    issued = 0
    deadline = time.monotonic() + seconds

    async def worker() -> None:
        nonlocal issued, failures
        while issued < requests and time.monotonic() < deadline:
            i = issued % customers
            issued += 1
            started = time.perf_counter()
            try:
                response = await client.get(path(i))
            except httpx.TransportError as exc:
                failures += 1
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                continue
            elapsed = time.perf_counter() - started
            if response.status_code == 200:
                latencies.append(elapsed)
            else:
                failures += 1
                errors[str(response.status_code)] = errors.get(str(response.status_code), 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, time.perf_counter() - started, errors


def quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


async def run(url: str, api_key: str, args: argparse.Namespace) -> None:
    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
    async with httpx.AsyncClient(base_url=url, headers={"x-api-key": api_key}, limits=limits, timeout=60) as client:
        note(f"seeding {args.customers} customers with a HubSpot connection each")
        await seed(client, args.customers)
        for kind, path in KINDS.items():
            await load(client, path, args.customers, min(500, args.requests), args.concurrency, 30)  # warm-up
            latencies, elapsed, errors = await load(client, path, args.customers, args.requests,
                                                    args.concurrency, args.seconds)
            failed = sum(errors.values())
            note(f"{kind}: {len(latencies)} answered 200 in {elapsed:.1f} s, failures: {errors or 'none'}")
            if len(latencies) < 2 or failed > 0.01 * (failed + len(latencies)):
                raise RuntimeError(f"{kind}: {failed} of {failed + len(latencies)} requests failed: {errors}")
            prefix = f"api_{kind}_c{args.concurrency}" + (f"_w{args.workers}" if args.workers > 1 else "")
            emit(f"{prefix}_throughput", len(latencies) / elapsed, "requests/s (answered 200)")
            emit(f"{prefix}_p50", quantile(latencies, 0.5) * 1000, "ms")
            emit(f"{prefix}_p99", quantile(latencies, 0.99) * 1000, "ms")
            emit(f"{prefix}_failed", failed, "requests (transport errors or non-200)")


def main(argv: list[str] | None = None) -> None:
    parser = command_line("python -m bench.api", __doc__)
    parser.add_argument("--concurrency", type=int, default=64, help="concurrent connections (default 64)")
    parser.add_argument("--requests", type=int, default=5000, help="requests per kind (default 5,000)")
    parser.add_argument("--seconds", type=float, default=60, help="time limit per kind (default 60 s)")
    parser.add_argument("--workers", type=int, default=1, help="glue serve --workers (default 1)")
    parser.add_argument("--customers", type=int, default=100,
                        help="customers (each with a connection); list_customers returns all of them (default 100)")
    args = parser.parse_args(argv)
    exit_on_sigterm()
    with PostgresServer() as pg, tempfile.TemporaryDirectory(prefix="glue-bench-api.") as workdir:
        config = new_store(pg.create_database("glue_api"), os.path.join(workdir, "home"), {})
        env = {k: v for k, v in config.env().items() if k != "GLUE_PROVIDER_BASE_URLS"}
        api_key = create_app_key(env, "bench")
        run_against_glue_serve(env, workdir, lambda url: run(url, api_key, args), "--workers", str(args.workers))


if __name__ == "__main__":
    main()
