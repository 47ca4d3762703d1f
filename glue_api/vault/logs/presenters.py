"""The spec's Log: one API request or provider call. Never headers, bodies, query strings or IP addresses."""

from __future__ import annotations

from glue_api.models import RequestLog
from glue_api.vault.logs.repository import LOG_UNIFIED_APIS
from glue_api.vault.presenters import iso_z
from glue_providers import registry

GLUE_SERVICES = {"vault": {"id": "vault", "name": "Vault API"}, "mgmt": {"id": "mgmt", "name": "Management API"}}


def log_view(row: RequestLog, has_children: bool) -> dict:
    provider_call = row.api == "provider"
    return {
        "id": row.id,
        "parent_id": row.parent_id,
        "api_style": "REST",
        "base_url": row.base_url,
        "child_request": row.child_request,
        "consumer_id": row.consumer_id or "",
        "duration": row.duration_ms,
        "error_message": row.error_message,
        "execution": round(row.duration_ms),
        "has_children": has_children,
        "http_method": row.http_method,
        # Time Glue itself added: all of an API request's, none of a provider's answer time.
        "latency": 0.0 if provider_call else row.duration_ms,
        "operation": {"id": row.operation_id, "name": row.operation_name},
        "path": row.path,
        "sandbox": False,
        "service": _service(row),
        "source_ip": None,  # not kept
        "status_code": row.status_code,
        "success": row.success,
        "timestamp": iso_z(row.created_at),
        "unified_api": row.unified_api if row.unified_api in LOG_UNIFIED_APIS else "proxy",
    }


def _service(row: RequestLog) -> dict:
    if row.api != "provider":
        return GLUE_SERVICES.get(row.api, {"id": row.api, "name": row.api})
    info = registry.find(row.service_id or "")
    return {"id": row.service_id or "", "name": info.title if info is not None else (row.service_id or "")}
