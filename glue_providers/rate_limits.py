"""A connection's rate-limit figures, read from a provider's answer as its spec's RateLimitReport says.

The result has Supaglue's ``rate_limit_info`` shape: ``daily`` and ``hourly`` windows, any other window under
``other``, each ``{limit, remaining}`` and, for a fixed window, ``reset_time`` in epoch seconds. A window the
answer does not report, or reports with values that are not whole numbers, is left out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from glue_providers.spec import RateLimitReport, RateWindowHeaders, resolve

TOP_LEVEL_WINDOWS = ("daily", "hourly")


def read_rate_limits(report: RateLimitReport, headers: Mapping[str, str], body: Any, now: float) -> dict:
    """``headers`` must look names up case-insensitively (httpx's do); ``now`` is epoch seconds."""
    info: dict = {}
    for window in report.windows:
        figures = _from_headers(window, headers, now)
        if figures is not None:
            _put(info, window.window, figures)
    if report.from_body:
        for name, figures in (resolve(report.from_body)(body if isinstance(body, dict) else {}) or {}).items():
            for window, values in ((figures or {}).items() if name == "other" else [(name, figures)]):
                _put(info, window, values)
    return info


def _from_headers(window: RateWindowHeaders, headers: Mapping[str, str], now: float) -> dict | None:
    limit, remaining = whole_number(headers.get(window.limit)) if window.limit else None, \
        whole_number(headers.get(window.remaining))
    if limit is None and window.known_limit and remaining is not None:
        limit = max(window.known_limit, remaining)
    if limit is None or remaining is None:
        return None
    figures = {"limit": limit, "remaining": remaining}
    reset_after = number(headers.get(window.reset_after)) if window.reset_after else None
    if reset_after is not None and reset_after >= 0:
        figures["reset_time"] = math.ceil(now + reset_after)
    reset_at = whole_number(headers.get(window.reset_at)) if window.reset_at else None
    if reset_at is not None:
        figures["reset_time"] = reset_at
    reset_at_ms = whole_number(headers.get(window.reset_at_ms)) if window.reset_at_ms else None
    if reset_at_ms is not None:
        figures["reset_time"] = math.ceil(reset_at_ms / 1000)
    return figures


def _put(info: dict, window: str, figures: dict) -> None:
    if window in TOP_LEVEL_WINDOWS:
        info[window] = figures
    else:
        info.setdefault("other", {})[window] = figures


def whole_number(value: Any) -> int | None:
    """A non-negative integer from a header or JSON value; None for anything else (providers' headers are text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    text = value.strip() if isinstance(value, str) else ""
    if text.isascii() and text.isdigit():  # not int(): it takes "1_000" and "+5", and "²" passes isdigit()
        return int(text)
    return None


def number(value: Any) -> float | None:
    """A finite number of seconds from a header value ("2", "0.250"); None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) else None
