"""Failure messages fit for a sync run's error_message: the root cause, without secrets."""

from __future__ import annotations

REDACTED = "***"
MAX_LENGTH = 1000


def root_cause(exc: BaseException) -> BaseException:
    seen = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        nested = exc.__cause__ or exc.__context__
        if nested is None:
            break
        exc = nested
    return exc


def describe_failure(exc: BaseException, secrets: list[str]) -> str:
    cause = root_cause(exc)
    text = f"{type(cause).__name__}: {cause}"
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text[:MAX_LENGTH]
