"""Fault injection shared by the emulators: 429 storms, 5xx bursts, revoked access."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Faults:
    rate_limit_every: int = 0  # every n-th API request answers 429
    rate_limit_burst: int = 1  # ... and so do the next burst-1 ones
    retry_after_seconds: float = 1.0  # sent as whole seconds, rounded up (RFC 9110 delay-seconds)
    server_error_every: int = 0  # every n-th API request answers 5xx
    server_error_burst: int = 1
    unauthorized: bool = False  # every API request answers 401
    forbidden: bool = False  # every API request answers 403 (a scope the app lost, access withdrawn)
    requests: int = 0
    # What was served: fault name -> count, and API requests that came before an injected 429's
    # Retry-After had passed (a client that honours Retry-After makes none).
    served: dict[str, int] = field(default_factory=dict)
    early_retries: int = 0
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    _retry_at: float = field(default=0.0, repr=False)
    _counted_from: int = field(default=0, repr=False)  # "every n-th" counts from the last configure
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def configure(self, **settings) -> None:
        with self._lock:
            for name, value in settings.items():
                if name.startswith("_") or name in ("served", "early_retries", "clock") or not hasattr(self, name):
                    raise ValueError(f"unknown fault setting {name}")
                setattr(self, name, value)
            # A new setting counts its n-th requests afresh: which request is the 7th must not depend on
            # how many came before (a 5xx due on a request that is also a 429's would never be served).
            self._counted_from = self.requests

    def next_fault(self) -> str | None:
        """'unauthorized', 'forbidden', 'rate_limit', 'server_error' or None for this request."""
        with self._lock:
            self.requests += 1
            n = self.requests - self._counted_from
            now = self.clock()
            if now < self._retry_at:
                self.early_retries += 1
            fault = None
            if self.unauthorized:
                fault = "unauthorized"
            elif self.forbidden:
                fault = "forbidden"
            elif self.rate_limit_every and (n % self.rate_limit_every) < self.rate_limit_burst:
                fault = "rate_limit"
                # The answer says Retry-After in whole seconds, rounded up.
                self._retry_at = now + math.ceil(self.retry_after_seconds)
            elif self.server_error_every and (n % self.server_error_every) < self.server_error_burst:
                fault = "server_error"
            if fault is not None:
                self.served[fault] = self.served.get(fault, 0) + 1
            return fault

    def report(self) -> dict:
        """Requests seen and faults served, for the control API."""
        with self._lock:
            return {"requests": self.requests, "served": dict(self.served), "early_retries": self.early_retries}
