"""Management API under load: authenticated list and get requests against ``glue serve`` backed by
PostgreSQL, from 64 concurrent connections on loopback; requests/s and p50/p99 latency per kind.

    python -m bench.api                                   # 64 connections, 5,000 requests per kind
    python -m bench.api --requests 1000 --customers 50    # a quick check
    python -m bench.api --workers 2                       # glue serve --workers 2

Kinds: ``list_customers`` (GET /customers, every customer of the application),
``get_customer`` (GET /customers/{id}), ``list_connections`` (GET /customers/{id}/connections),
``get_connection`` (GET /customers/{id}/connections/hubspot), and the Vault API's ``vault_list_consumers``,
``vault_get_consumer``, ``vault_list_connections`` and ``vault_get_connection`` (crm/hubspot). Each kind runs on its
own, after a short warm-up, until its request count or its time limit is reached.

The load comes from bench/http_load.py, a client light enough (tens of microseconds of CPU a request) that the
servers, not the client, are what is measured. Right before each kind, it sends the same load to the baseline
(bench/baseline.py): a bare FastAPI app under the same uvicorn, with as many workers, whose one route looks the API key up in the same
PostgreSQL and returns a small JSON list. Each figure's JSON line carries the baseline's as ``baseline``.

    python -m bench.api --profile api.prof    # glue serve under cProfile; the top functions on stderr
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pstats
import statistics
import sys
import tempfile
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx

from bench.glue_server import BaselineServe, GlueServe, create_app
from bench.http_load import request_bytes, run_load
from bench.postgres import PostgresServer
from bench.report import command_line, emit, emit_load_average, exit_on_sigterm, note
from bench.store import new_store

KINDS: dict[str, Callable[[int], str]] = {
    "list_customers": lambda i: "/mgmt/v2/customers",
    "get_customer": lambda i: f"/mgmt/v2/customers/c{i}",
    "list_connections": lambda i: f"/mgmt/v2/customers/c{i}/connections",
    "get_connection": lambda i: f"/mgmt/v2/customers/c{i}/connections/hubspot",
    # The Vault API over the same store: its customers are the Vault's consumers (x-apideck-consumer-id: c{i}).
    "vault_list_consumers": lambda i: "/vault/consumers",
    "vault_get_consumer": lambda i: f"/vault/consumers/c{i}",
    "vault_list_connections": lambda i: "/vault/connections",
    "vault_get_connection": lambda i: "/vault/connections/crm/hubspot",
}


async def seed(url: str, api_key: str, customers: int) -> None:
    async with httpx.AsyncClient(base_url=url, headers={"x-api-key": api_key}, timeout=60) as client:
        await seed_with(client, customers)


async def seed_with(client: httpx.AsyncClient, customers: int) -> None:
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


def quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def measure(base_url: str, name: str, request_for: Callable[[int], bytes], args: argparse.Namespace,
            ) -> tuple[float, float, float, int]:
    """Requests/s, p50 (ms), p99 (ms) and failures of one kind, after a warm-up."""
    run_load(base_url, request_for, min(500, args.requests), args.concurrency, 30)
    result = run_load(base_url, request_for, args.requests, args.concurrency, args.seconds)
    latencies, failed = result.latencies, sum(result.errors.values())
    note(f"{name}: {len(latencies)} answered 200 in {result.elapsed:.1f} s, failures: {result.errors or 'none'}")
    if len(latencies) < 2 or failed > 0.01 * (failed + len(latencies)):
        raise RuntimeError(f"{name}: {failed} of {failed + len(latencies)} requests failed: {result.errors}")
    return len(latencies) / result.elapsed, quantile(latencies, 0.5) * 1000, quantile(latencies, 0.99) * 1000, failed


def requests_of(base_url: str, path: Callable[[int], str], headers: Callable[[int], dict[str, str]], count: int,
                ) -> Callable[[int], bytes]:
    """The i-th request's bytes: ``count`` distinct requests, made once and sent in turn."""
    host = urlsplit(base_url).netloc
    made = [request_bytes(host, path(i), headers(i)) for i in range(count)]
    return lambda i: made[i % count]


def run(glue_url: str, baseline_url: str, application_id: str, api_key: str, args: argparse.Namespace) -> None:
    def mgmt_headers(i: int) -> dict[str, str]:
        return {"x-api-key": api_key}

    def vault_headers(i: int) -> dict[str, str]:
        return {"authorization": f"Bearer {api_key}", "x-apideck-app-id": application_id,
                "x-apideck-consumer-id": f"c{i}"}

    note(f"seeding {args.customers} customers with a HubSpot connection each")
    asyncio.run(seed(glue_url, api_key, args.customers))
    baseline_items = requests_of(baseline_url, lambda i: "/items", mgmt_headers, 1)
    for kind in args.kinds:
        headers = vault_headers if kind.startswith("vault_") else mgmt_headers
        base = measure(baseline_url, f"baseline before {kind}", baseline_items, args)
        ours = measure(glue_url, kind, requests_of(glue_url, KINDS[kind], headers, args.customers), args)
        prefix = f"api_{kind}_c{args.concurrency}" + (f"_w{args.workers}" if args.workers > 1 else "")
        emit(f"{prefix}_throughput", ours[0], "requests/s (answered 200)", base[0])
        emit(f"{prefix}_p50", ours[1], "ms", base[1])
        emit(f"{prefix}_p99", ours[2], "ms", base[2])
        emit(f"{prefix}_failed", ours[3], "requests (transport errors or non-200)", base[3])
        note(f"{kind}: throughput {ours[0] / base[0]:.2f}x the baseline's, p99 {ours[2] / base[2]:.2f}x")
    emit_load_average("api_load_average")


def show_profile(path: str, top: int = 35) -> None:
    """Where glue serve's time went: functions by own time, then by cumulative time."""
    stats = pstats.Stats(path, stream=sys.stderr).strip_dirs()
    for order in ("tottime", "cumulative"):
        note(f"profile of glue serve, top {top} by {order} (full profile in {path})")
        stats.sort_stats(order).print_stats(top)


def main(argv: list[str] | None = None) -> None:
    parser = command_line("python -m bench.api", __doc__)
    parser.add_argument("--concurrency", type=int, default=64, help="concurrent connections (default 64)")
    parser.add_argument("--requests", type=int, default=5000, help="requests per kind (default 5,000)")
    parser.add_argument("--seconds", type=float, default=60, help="time limit per kind (default 60 s)")
    parser.add_argument("--workers", type=int, default=1, help="glue serve --workers (default 1)")
    parser.add_argument("--customers", type=int, default=100,
                        help="customers (each with a connection); list_customers returns all of them (default 100)")
    parser.add_argument("--kinds", nargs="+", choices=list(KINDS), default=list(KINDS),
                        help="the kinds to measure (default: all)")
    parser.add_argument("--profile", metavar="PATH",
                        help="run glue serve under cProfile (all threads), write the profile to PATH and show its top")
    args = parser.parse_args(argv)
    exit_on_sigterm()
    profile = os.path.abspath(args.profile) if args.profile else None
    with PostgresServer() as pg, tempfile.TemporaryDirectory(prefix="glue-bench-api.") as workdir:
        config = new_store(pg.create_database("glue_api"), os.path.join(workdir, "home"), {})
        env = {k: v for k, v in config.env().items() if k != "GLUE_PROVIDER_BASE_URLS"}
        application_id, api_key = create_app(env, "bench")
        workers = ("--workers", str(args.workers))
        logs = {name: os.path.join(workdir, f"{name}.log") for name in ("glue", "baseline")}
        try:
            with GlueServe(env, logs["glue"], *workers, profile_path=profile) as glue, \
                    BaselineServe(env, logs["baseline"], *workers) as baseline:
                run(glue.url, baseline.url, application_id, api_key, args)
        except BaseException:
            for name, log_path in logs.items():
                with open(log_path) as log:
                    note(f"{name}'s log ends with:\n" + log.read()[-3000:])
            raise
    if profile:
        show_profile(profile)


if __name__ == "__main__":
    main()
