"""Errors that carry their HTTP status; each API renders them in its own body."""

from __future__ import annotations


class GlueError(Exception):
    status_code = 500
    code = "INTERNAL_SERVER_ERROR"
    title = "Internal server error"
    origin = "supaglue"  # or "remote-provider": whose refusal the error reports (the Management API's meta.origin)

    def __init__(self, detail: str, *, title: str | None = None):
        super().__init__(detail)
        self.detail = detail
        if title:
            self.title = title


class BadRequest(GlueError):
    status_code = 400
    code = "BAD_REQUEST"
    title = "Bad request"


class Unauthorized(GlueError):
    status_code = 401
    code = "UNAUTHORIZED"
    title = "Unauthorized"


class NotFound(GlueError):
    status_code = 404
    code = "NOT_FOUND"
    title = "Not found"


class Conflict(GlueError):
    status_code = 409
    code = "CONFLICT"
    title = "Conflict"


class Unprocessable(GlueError):
    status_code = 422
    code = "UNPROCESSABLE_ENTITY"
    title = "Unprocessable entity"


class NotImplementedYet(GlueError):
    status_code = 501
    code = "NOT_IMPLEMENTED"
    title = "Not implemented"


class RemoteProviderError(GlueError):
    """The connection's provider refused or failed a call Glue made for the caller (the Management API's 499)."""

    status_code = 499
    code = "REMOTE_PROVIDER_ERROR"
    title = "The provider refused the request"
    origin = "remote-provider"
