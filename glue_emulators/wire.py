"""What every emulator's answers share: whole-second ``Retry-After`` and JSON for unknown routes.

RFC 9110 defines ``Retry-After`` as an HTTP date or a whole number of seconds;
clients built on urllib3 (HubSpot's SDK among them) refuse anything else, so a
fractional wait is rounded up. Starlette answers unknown paths and methods in
text/plain; each provider answers them in its own JSON error body instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

# (status code, request) -> the provider's error answer for a route or method it does not serve
RouteError = Callable[[int, Request], Response]


def retry_after(seconds: float) -> str:
    """The header value for a wait: whole seconds, never less than the wait itself."""
    return str(max(0, math.ceil(seconds)))


def route_error_handlers(answer: RouteError) -> dict:
    """Starlette ``exception_handlers`` answering 404 and 405 in the provider's words."""

    async def handle(request: Request, exc: HTTPException) -> Response:
        response = answer(exc.status_code, request)
        for name, value in (exc.headers or {}).items():  # e.g. Allow on a 405
            response.headers[name] = value
        return response

    return {404: handle, 405: handle}


def aware_time(value: str, unreadable: Callable[[], Exception], no_offset: Callable[[], Exception]) -> datetime:
    """An ISO 8601 time that names its offset (``Z`` too), as the providers' APIs take them; each provider
    words its refusals (``unreadable()`` / ``no_offset()`` are raised)."""
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise unreadable() from None
    if at.tzinfo is None:
        raise no_offset()
    return at
