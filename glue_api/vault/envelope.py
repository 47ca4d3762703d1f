"""The Vault API's success envelope: ``{status_code, status, data[, meta, links]}``."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any


def envelope(data: Any, status_code: int = 200, meta: dict | None = None, links: dict | None = None) -> dict:
    body = {"status_code": status_code, "status": HTTPStatus(status_code).phrase, "data": data}
    if meta is not None:
        body["meta"] = meta
    if links is not None:
        body["links"] = links
    return body
