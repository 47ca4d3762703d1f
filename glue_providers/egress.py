"""The egress guard: which addresses Glue may send a request to when a tenant or a consumer chose it.

Link-local and cloud metadata addresses are always refused. Loopback, private and
shared ranges, unspecified addresses and Unix sockets are refused unless the operator
allows them in ``GLUE_EGRESS_ALLOW`` (comma-separated CIDRs, host names, and Unix
socket directories starting with ``/``), read each time a policy is built.

A name is checked by what it resolves to, at connect time: ``guarded_client`` builds an
httpx client whose connections resolve the host, check every address and connect to
the checked one, so a name that resolves differently a second later (DNS rebinding)
gains nothing; every redirect hop goes through the same check. TLS still verifies the
host name, which is kept for SNI and the certificate.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpcore
import httpx

ALLOW_VARIABLE = "GLUE_EGRESS_ALLOW"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Never reachable, whatever the operator allows: instance metadata hands out cloud credentials.
ALWAYS_REFUSED_NETWORKS: tuple[IPNetwork, ...] = tuple(ipaddress.ip_network(n) for n in (
    "169.254.0.0/16",      # link-local, with AWS/GCP/Azure/OpenStack metadata at 169.254.169.254
    "fe80::/10",           # IPv6 link-local
    "fd00:ec2::254/128",   # AWS metadata over IPv6
    "100.100.100.200/32",  # Alibaba Cloud metadata
))
METADATA_HOSTS = frozenset({
    "metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal",
    "metadata.azure.internal", "metadata.tencentyun.com", "metadata.oraclecloud.com",
})
# IPv6 forms that carry an IPv4 address inside: the IPv4 address is what gets reached.
NAT64_NETWORK = ipaddress.ip_network("64:ff9b::/96")


class UnresolvableHost(OSError):
    """The host name resolved to nothing: not a refusal, the client reports it as it would any DNS failure."""


class EgressRefused(Exception):
    """Glue will not send a request there. The message names the host and why; it is safe to show to clients."""

    def __init__(self, host: str, reason: str):
        super().__init__(f"The address {host or '(none)'} is not allowed: {reason}.")
        self.host = host
        self.reason = reason


@dataclass(frozen=True)
class EgressPolicy:
    """What the operator allows beyond public addresses. The default allows nothing private."""

    allowed_networks: tuple[IPNetwork, ...] = ()
    allowed_hosts: frozenset[str] = frozenset()
    allowed_socket_dirs: tuple[str, ...] = ()
    resolver: Callable[..., list] | None = field(default=None, compare=False, repr=False)  # None: socket.getaddrinfo

    @classmethod
    def from_setting(cls, value: str | None) -> EgressPolicy:
        """Parses ``GLUE_EGRESS_ALLOW``: ``127.0.0.0/8,::1,localhost,10.1.0.0/16,/var/run/postgresql``."""
        networks: list[IPNetwork] = []
        hosts: set[str] = set()
        socket_dirs: list[str] = []
        for entry in (part.strip() for part in (value or "").split(",")):
            if not entry:
                continue
            if entry.startswith("/"):
                socket_dirs.append(entry.rstrip("/") or "/")
                continue
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                hosts.add(_normal_host(entry))
        return cls(tuple(networks), frozenset(hosts), tuple(socket_dirs))

    @classmethod
    def from_env(cls) -> EgressPolicy:
        return cls.from_setting(os.environ.get(ALLOW_VARIABLE))

    def allowing_hosts(self, hosts: Iterable[str]) -> EgressPolicy:
        """This policy, plus host names or literal addresses the operator configured elsewhere."""
        networks = list(self.allowed_networks)
        names = set(self.allowed_hosts)
        for host in hosts:
            address = _literal_address(host)
            if address is not None:
                networks.append(ipaddress.ip_network(address))
            elif host:
                names.add(_normal_host(host))
        return EgressPolicy(tuple(networks), frozenset(names), self.allowed_socket_dirs, self.resolver)

    # -- checks -------------------------------------------------------------------------------

    def check_address(self, address: IPAddress | str, host: str = "") -> None:
        """Refuses an address the policy does not allow; ``host`` is the name it came from, if any."""
        address = _effective(ipaddress.ip_address(address) if isinstance(address, str) else address)
        shown = host or str(address)
        if any(address in network for network in ALWAYS_REFUSED_NETWORKS):
            raise EgressRefused(shown, "link-local and cloud metadata addresses are never reachable")
        if address.is_global and not address.is_multicast:
            return
        if host and _normal_host(host) in self.allowed_hosts:
            return
        if any(address.version == network.version and address in network for network in self.allowed_networks):
            return
        raise EgressRefused(shown, f"{address} is a private, loopback or reserved address "
                                   f"(an operator can allow it with {ALLOW_VARIABLE})")

    def check_host(self, host: str) -> None:
        """What can be told from the host alone: literal addresses and names that are never allowed."""
        name = _normal_host(host)
        if not name:
            raise EgressRefused(host, "the URL has no host")
        if name in METADATA_HOSTS:
            raise EgressRefused(host, "link-local and cloud metadata addresses are never reachable")
        address = _literal_address(name)
        if address is not None:
            self.check_address(address)
            return
        if (name == "localhost" or name.endswith(".localhost")) and name not in self.allowed_hosts:
            raise EgressRefused(host, f"loopback names are not reachable (an operator can allow them with "
                                      f"{ALLOW_VARIABLE})")

    def check_url(self, url: str | httpx.URL, schemes: tuple[str, ...] = ("http", "https")) -> None:
        text = str(url)
        parts = urlsplit(text)
        if parts.scheme.lower() not in schemes:
            raise EgressRefused(parts.hostname or "", f"only {' and '.join(schemes)} URLs are allowed")
        self.check_host(parts.hostname or "")

    def check_unix_socket(self, path: str) -> None:
        resolved = os.path.normpath(path)
        if any(resolved == d or resolved.startswith(d.rstrip("/") + "/") for d in self.allowed_socket_dirs):
            return
        raise EgressRefused(path, f"Unix sockets are not reachable (an operator can allow a directory with "
                                  f"{ALLOW_VARIABLE})")

    def resolve(self, host: str, port: int) -> list[str]:
        """Every address ``host`` resolves to, each checked; refused if any one is not allowed
        (a name that mixes public and private answers is someone's trick)."""
        self.check_host(host)
        literal = _literal_address(_normal_host(host))
        if literal is not None:
            return [str(literal)]
        try:
            answers = (self.resolver or socket.getaddrinfo)(_normal_host(host), port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise UnresolvableHost(f"could not resolve the host ({type(exc).__name__})") from None
        addresses = list(dict.fromkeys(answer[4][0] for answer in answers))
        if not addresses:
            raise UnresolvableHost("the host resolved to no address")
        for address in addresses:
            self.check_address(address.split("%")[0], host)
        return addresses


def _normal_host(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


def _literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return _legacy_ipv4(host)


def _legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """Forms like ``2130706433``, ``0x7f.1`` or ``127.1`` that resolvers read as IPv4 addresses."""
    try:
        packed = socket.inet_aton(host)
    except (OSError, ValueError):
        return None
    if not all(part and (part.isdigit() or part.lower().startswith("0x")) for part in host.split(".")):
        return None
    return ipaddress.IPv4Address(packed)


def _effective(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4), or the address itself."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address in NAT64_NETWORK:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if address.sixtofour is not None:
            return address.sixtofour
    return address


# -- httpx ----------------------------------------------------------------------------------------


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


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool whose every connection goes through the guard."""

    def __init__(self, policy: EgressPolicy, *, limits: httpx.Limits = httpx.Limits(),
                 verify: ssl.SSLContext | bool = True):
        super().__init__(limits=limits)
        # httpx builds its pool without a network backend; the pool it builds is replaced by the same pool
        # with the guarded backend (HTTPTransport.handle_request only uses it through handle_request).
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify),
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


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def provider_origin(url: str, provider_title: str, tenant_hosts: Iterable[str], operator_base_url: str = "") -> str:
    """A provider URL a tenant or the provider's token answer supplied, as ``https://host[:port]``, if it is on
    the provider's own domains (suffixes like ``.salesforce.com``) or at the base URL the operator pointed the
    provider at. Paths, queries, fragments and user info are refused: Glue appends its own paths."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").rstrip(".")
    try:
        port = parts.port
    except ValueError:
        raise EgressRefused(host, "the URL's port is not a number") from None
    if parts.username is not None or parts.password is not None or parts.query or parts.fragment \
            or "?" in url or "#" in url or parts.path not in ("", "/"):
        raise EgressRefused(host, f"a {provider_title} URL is an origin only (scheme and host, no path or query)")
    origin = f"{parts.scheme.lower()}://{host}{f':{port}' if port is not None else ''}"
    if operator_base_url:
        base = urlsplit(operator_base_url)
        if (parts.scheme.lower(), host, port or _default_port(parts.scheme)) == \
                (base.scheme.lower(), (base.hostname or "").lower(), base.port or _default_port(base.scheme)):
            return origin
    if parts.scheme.lower() != "https" or port not in (None, 443):
        raise EgressRefused(host, f"{provider_title} URLs are https on the default port")
    if not any(host == suffix.lstrip(".") or host.endswith("." + suffix.lstrip(".")) for suffix in tenant_hosts):
        raise EgressRefused(host, f"it is not one of {provider_title}'s own domains")
    return origin


def _default_port(scheme: str) -> int | None:
    return {"http": 80, "https": 443}.get(scheme.lower())
