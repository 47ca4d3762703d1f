"""Checks that a custom mapping's value is a JSONPath expression (RFC 9535 style: it starts at the root, ``$``)."""

from __future__ import annotations

from jsonpath_ng.exceptions import JSONPathError
from jsonpath_ng.ext import parse

MAX_EXPRESSION_LENGTH = 1024


def check_jsonpath(expression: str) -> str:
    if not expression.startswith("$"):
        raise ValueError("must be a JSONPath expression starting at the root, like $.root.field")
    if len(expression) > MAX_EXPRESSION_LENGTH:
        raise ValueError(f"must be at most {MAX_EXPRESSION_LENGTH} characters long")
    try:
        parse(expression)
    except (JSONPathError, ValueError, TypeError, AttributeError):
        # The parser's own message quotes the input; the caller's value is not echoed back.
        raise ValueError("is not a valid JSONPath expression") from None
    return expression
