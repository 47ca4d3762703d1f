"""Errors a customer's browser sees as a page rather than as an API error body."""

from __future__ import annotations

from glue_api.errors import GlueError


class PageError(GlueError):
    """Rendered as an HTML page wherever it is raised (even under /vault, where API errors are JSON)."""

    status_code = 400
    code = "PAGE_ERROR"


class LinkUnavailable(PageError):
    status_code = 410
    code = "LINK_UNAVAILABLE"


class UnknownLink(LinkUnavailable):
    status_code = 404


class SessionUnavailable(PageError):
    status_code = 401
    code = "SESSION_UNAVAILABLE"


class ActionNotAllowed(PageError):
    status_code = 403
    code = "ACTION_NOT_ALLOWED"
