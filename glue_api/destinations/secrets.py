"""Which config fields of each destination type are secrets, and how they are split and merged."""

from __future__ import annotations

from typing import Any

# Dotted paths into the config; the first ones listed per type must be given on create.
SECRET_FIELDS: dict[str, list[str]] = {
    "postgres": ["password", "client_key"],
    "bigquery": ["credentials.private_key"],
    "snowflake": ["password"],
    "redshift": ["s3_access_key", "password"],
    "s3": ["secret_access_key"],
    "supaglue": [],
}
REQUIRED_ON_CREATE: dict[str, list[str]] = {
    "postgres": ["password"],
    "bigquery": ["credentials.private_key"],
    "snowflake": ["password"],
    "redshift": ["s3_access_key"],
    "s3": ["secret_access_key"],
    "supaglue": [],
}


def split_secrets(kind: str, config: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(safe config, {path: secret}) — the safe part never holds a secret field."""
    safe = _deep_copy(config)
    secrets: dict[str, str] = {}
    for path in SECRET_FIELDS[kind]:
        *parents, leaf = path.split(".")
        node = safe
        for parent in parents:
            node = node.get(parent, {})
        value = node.pop(leaf, None)
        if value is not None:
            secrets[path] = value
    return safe, secrets


def merge_secrets(config: dict[str, Any], secrets: dict[str, str]) -> dict[str, Any]:
    """The full config a loader needs: safe part plus the opened secrets."""
    full = _deep_copy(config)
    for path, value in secrets.items():
        *parents, leaf = path.split(".")
        node = full
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = value
    return full


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value
