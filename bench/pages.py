"""Hosted pages under load: ``glue serve`` on the embedded default (SQLite) renders the magic link
page, the hosted vault's integrations and one integration's page for concurrent browsers; requests/s
and p50/p99 latency per page.

    python -m bench.pages                       # 16 connections, 2,000 requests per page
    python -m bench.pages --requests 300        # a quick check

Each page is read as a customer's browser reads it (the load from bench/http_load.py, as in bench.api): a GET
with the token in the path, the answer a full HTML page (the vault pages also look up the session, its
integrations, connections and logs).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from urllib.parse import urlsplit

import httpx

from bench.api import measure, requests_of
from bench.glue_server import create_app_key, run_against_glue_serve
from bench.report import command_line, emit, emit_load_average, exit_on_sigterm

OAUTH_CONFIG = {"provider_app_id": "glue-bench", "oauth": {"oauth_scopes": [], "credentials": {
    "oauth_client_id": "bench-client", "oauth_client_secret": "bench-secret"}}}
PROVIDERS = [
    {"name": "hubspot", "category": "crm", "auth_type": "oauth2", "config": OAUTH_CONFIG},
    {"name": "salesforce", "category": "crm", "auth_type": "oauth2", "config": OAUTH_CONFIG},
    {"name": "pipedrive", "category": "crm", "auth_type": "oauth2", "config": OAUTH_CONFIG},
    {"name": "apollo", "category": "engagement", "auth_type": "api_key"},
    {"name": "gong", "category": "no_category", "auth_type": "access_key_secret"},
]


async def seed(client: httpx.AsyncClient, api_key: str) -> dict[str, str]:
    """The pages' paths: a magic link, a vault session's home and its HubSpot page."""
    for provider in PROVIDERS:
        (await client.post("/mgmt/v2/providers", json=provider)).raise_for_status()
    customer = {"customer_id": "c1", "name": "Customer 1", "email": "it@c1.test"}
    (await client.put("/mgmt/v2/customers", json=customer)).raise_for_status()
    connection = {"provider_name": "hubspot", "type": "oauth2", "refresh_token": "refresh-token-1"}
    (await client.post("/mgmt/v2/customers/c1/connections", json=connection)).raise_for_status()
    link = await client.post("/mgmt/v2/magic_links", json={
        "customer_id": "c1", "provider_name": "salesforce", "expiration_secs": 3600,
        "return_url": "https://app.example.com/done"})
    link.raise_for_status()
    application_id = (await client.get("/mgmt/v2/customers/c1")).json()["application_id"]
    session = await client.post("/vault/sessions", headers={
        "authorization": f"Bearer {api_key}", "x-apideck-app-id": application_id, "x-apideck-consumer-id": "c1"},
        json={"theme": {"vault_name": "Bench"}})
    session.raise_for_status()
    home = urlsplit(session.json()["data"]["session_uri"]).path
    return {"magic_link": urlsplit(link.json()["url"]).path, "vault_home": home,
            "vault_connection": f"{home}/crm/hubspot"}


async def seed_pages(url: str, api_key: str) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=url, headers={"x-api-key": api_key}, timeout=60) as client:
        return await seed(client, api_key)


def run(url: str, api_key: str, args: argparse.Namespace) -> None:
    """Each page under the load of bench/http_load.py (the client bench.api uses), after a warm-up."""
    pages = asyncio.run(seed_pages(url, api_key))
    for name, path in pages.items():
        def same_page(i: int, path: str = path) -> str:
            return path

        throughput, p50, p99, failed = measure(url, name, requests_of(url, same_page, lambda i: {}, 1), args)
        if failed:
            raise RuntimeError(f"{name}: {failed} requests failed")
        prefix = f"pages_{name}_c{args.concurrency}"
        emit(f"{prefix}_throughput", throughput, "pages/s")
        emit(f"{prefix}_p50", p50, "ms")
        emit(f"{prefix}_p99", p99, "ms")
    emit_load_average("pages_load_average")


def main(argv: list[str] | None = None) -> None:
    parser = command_line("python -m bench.pages", __doc__)
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--requests", type=int, default=2000, help="requests per page (default 2,000)")
    parser.add_argument("--seconds", type=float, default=60, help="time limit per page (default 60 s)")
    args = parser.parse_args(argv)
    exit_on_sigterm()
    with tempfile.TemporaryDirectory(prefix="glue-bench-pages.") as workdir:
        env = {"GLUE_HOME": os.path.join(workdir, "home")}
        api_key = create_app_key(env, "bench")
        run_against_glue_serve(env, workdir, lambda url: run(url, api_key, args))


if __name__ == "__main__":
    main()
