"""httpx through the egress guard: connections resolve once, check every address and connect to the checked one."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from functools import cache

import httpcore
import httpx

from glue_providers.egress.policy import EgressPolicy, UnresolvableHost


class _GuardedBackend(httpcore.NetworkBackend):
    """Opens TCP connections only to checked addresses: resolve, check, connect to the checked IP."""

    def __init__(self, policy: EgressPolicy):
        self.policy = policy
        self.inner = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        failure: Exception | None = None
        try:
            addresses = self.policy.resolve(host, port)
        except UnresolvableHost as exc:
            raise httpcore.ConnectError(str(exc)) from None
        for address in addresses:
            try:
                return self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                failure = exc
        raise failure or httpcore.ConnectError("no address to connect to")

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        self.policy.check_unix_socket(path)
        return self.inner.connect_unix_socket(path, timeout, socket_options)

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


@cache
def _verifying_context() -> ssl.SSLContext:
    """Loading the CA bundle costs 50-80 ms, paid by every client made (a sync makes several, a batch run
    hundreds): one verifying context serves the process, as contexts may be shared between connections."""
    return httpx.create_ssl_context(verify=True)


def _ssl_context(verify: ssl.SSLContext | bool) -> ssl.SSLContext:
    if verify is True:
        return _verifying_context()
    return verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context(verify=verify)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool whose every connection goes through the guard."""

    def __init__(self, policy: EgressPolicy, *, limits: httpx.Limits = httpx.Limits(),
                 verify: ssl.SSLContext | bool = True):
        context = _ssl_context(verify)
        super().__init__(limits=limits, verify=context)
        # httpx builds its pool without a network backend; the pool it builds is replaced by the same pool
        # with the guarded backend (HTTPTransport.handle_request only uses it through handle_request).
        self._pool = httpcore.ConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GuardedBackend(policy),
        )


def guarded_client(
    policy: EgressPolicy | None = None, *, url_check: Callable[[str], None] | None = None,
    **client_options,
) -> httpx.Client:
    """An httpx client that refuses (``EgressRefused``) any request, first or redirected, to an address
    ``policy`` (default: from the environment) does not allow. ``url_check`` runs on every hop's URL too
    (a provider's own domains, say). Environment proxies are ignored: the guard must see the real address."""
    policy = policy or EgressPolicy.from_env()

    def check(request: httpx.Request) -> None:
        policy.check_url(request.url)
        if url_check is not None:
            url_check(str(request.url))

    hooks = client_options.pop("event_hooks", {}) or {}
    hooks = {**hooks, "request": [check, *hooks.get("request", [])]}
    transport = GuardedTransport(policy, limits=client_options.pop("limits", httpx.Limits()),
                                 verify=client_options.pop("verify", True))
    return httpx.Client(transport=transport, event_hooks=hooks, trust_env=False, **client_options)
