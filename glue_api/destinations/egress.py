"""Where a destination's clients may connect: its host (or Unix socket) and S3 endpoint through the egress guard.

``pinned_config`` checks the addresses a destination config names and returns the config
with PostgreSQL's address pinned (libpq's ``hostaddr``: the name stays for TLS, the
connection goes to the address that was checked, so a second DNS answer gains nothing).
S3 endpoints are checked by resolution just before boto3 or s3fs connect.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from glue_providers.egress import EgressPolicy, EgressRefused, UnresolvableHost

# Destination types whose config names a host Glue connects to with a PostgreSQL-protocol client.
HOST_PORT_TYPES = {"postgres", "redshift"}


def pinned_config(destination_type: str, config: dict[str, Any], policy: EgressPolicy | None = None) -> dict[str, Any]:
    """``config`` plus ``hostaddr`` (the checked address) where it names a host; raises EgressRefused."""
    policy = policy or EgressPolicy.from_env()
    pinned = dict(config)
    if destination_type in HOST_PORT_TYPES and config.get("host"):
        address = _checked_host(policy, str(config["host"]), _port(config.get("port")))
        if address is not None:
            pinned["hostaddr"] = address
    if destination_type == "s3" and config.get("endpoint_url"):
        check_endpoint_url(policy, str(config["endpoint_url"]))
    return pinned


def check_endpoint_url(policy: EgressPolicy, url: str) -> None:
    policy.check_url(url)
    parts = urlsplit(url)
    try:
        policy.resolve(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
    except UnresolvableHost:
        pass  # the S3 client says it could not connect, as for any unknown name


def _checked_host(policy: EgressPolicy, host: str, port: int) -> str | None:
    if host.startswith("/"):
        policy.check_unix_socket(host)  # libpq reads a host starting with / as a socket directory
        return None
    if "," in host:
        raise EgressRefused(host, "one host only (libpq would try each host in a list)")
    try:
        return policy.resolve(host, port)[0]
    except UnresolvableHost:
        return None  # the client reports the unknown name itself


def _port(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 5432
