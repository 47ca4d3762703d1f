"""The Management API's error body: ``{"errors": [{id, title, detail, code, status}]}``."""

from __future__ import annotations

import uuid

from fastapi.responses import JSONResponse

from glue_api.errors import GlueError


def supaglue_error_response(status_code: int, code: str, title: str, detail: str,
                            origin: str = "supaglue") -> JSONResponse:
    error = {
        "id": str(uuid.uuid4()),
        "title": title,
        "detail": detail,
        "code": code,
        "problem_type": code,
        "status": str(status_code),
        # "supaglue" is the spec's name for errors raised by the service itself, "remote-provider" for a provider's.
        "meta": {"origin": origin},
    }
    return JSONResponse({"errors": [error]}, status_code=status_code)


def render_glue_error(exc: GlueError) -> JSONResponse:
    return supaglue_error_response(exc.status_code, exc.code, exc.title, exc.detail, exc.origin)
