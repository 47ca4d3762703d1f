"""What the egress guard allows: EgressPolicy (GLUE_EGRESS_ALLOW), its checks, and EgressRefused."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

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
