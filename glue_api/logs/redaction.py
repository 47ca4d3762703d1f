"""Paths as they may be logged: the hosted pages carry a bearer token in the path, and OAuth links in the query."""

from __future__ import annotations

import logging
import re

_TOKEN_IN_PATH = re.compile(r"^(/links/|/vault/session/)[^/?#]+")
_SECRET_QUERY = re.compile(r"([?&](?:state|code|token)=)[^&#\s]+")
REDACTED = "[redacted]"


def redacted_path(path: str) -> str:
    return _SECRET_QUERY.sub(rf"\1{REDACTED}", _TOKEN_IN_PATH.sub(rf"\1{REDACTED}", path))


class RedactAccessLog(logging.Filter):
    """For uvicorn's access log, whose record args are (client, method, path with query, HTTP version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redacted_path(args[2]), *args[3:])
        return True
