"""Fault injection shared by the emulators: 429 storms, 5xx bursts, revoked access."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class Faults:
    rate_limit_every: int = 0  # every n-th API request answers 429
    rate_limit_burst: int = 1  # ... and so do the next burst-1 ones
    retry_after_seconds: float = 1.0  # sent as whole seconds, rounded up (RFC 9110 delay-seconds)
    server_error_every: int = 0  # every n-th API request answers 5xx
    server_error_burst: int = 1
    unauthorized: bool = False  # every API request answers 401
    requests: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def configure(self, **settings) -> None:
        with self._lock:
            for name, value in settings.items():
                if name.startswith("_") or not hasattr(self, name):
                    raise ValueError(f"unknown fault setting {name}")
                setattr(self, name, value)

    def next_fault(self) -> str | None:
        """'unauthorized', 'rate_limit', 'server_error' or None for this request."""
        with self._lock:
            self.requests += 1
            n = self.requests
        if self.unauthorized:
            return "unauthorized"
        if self.rate_limit_every and (n % self.rate_limit_every) < self.rate_limit_burst:
            return "rate_limit"
        if self.server_error_every and (n % self.server_error_every) < self.server_error_burst:
            return "server_error"
        return None
