"""The Vault API's error body: ``{status_code, error, type_name, message, detail, ref}``."""

from __future__ import annotations

from http import HTTPStatus

from fastapi.responses import JSONResponse

from glue_api.errors import GlueError

TYPE_NAMES = {
    400: "RequestValidationError",
    401: "UnauthorizedError",
    402: "PaymentRequiredError",
    404: "EntityNotFoundError",
    405: "MethodNotAllowedError",
    409: "ConflictError",
    422: "InvalidStateError",
    501: "NotImplementedError",
    502: "ConnectorExecutionError",
}
ERRORS_REF = "/docs#errors"  # Glue's own API documentation, served by every instance


def apideck_error_response(status_code: int, message: str, detail: str | dict, type_name: str | None = None) -> JSONResponse:
    body = {
        "status_code": status_code,
        "error": HTTPStatus(status_code).phrase,
        "type_name": type_name or TYPE_NAMES.get(status_code, "UnexpectedError"),
        "message": message,
        "detail": detail,
        "ref": ERRORS_REF,
    }
    return JSONResponse(body, status_code=status_code)


def render_vault_error(exc: GlueError) -> JSONResponse:
    return apideck_error_response(exc.status_code, exc.title, exc.detail)
