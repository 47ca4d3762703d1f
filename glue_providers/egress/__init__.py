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

from glue_providers.egress.http import GuardedTransport, guarded_client
from glue_providers.egress.policy import ALLOW_VARIABLE, EgressPolicy, EgressRefused, UnresolvableHost
from glue_providers.egress.provider_urls import host_of, provider_origin

__all__ = [
    "ALLOW_VARIABLE", "EgressPolicy", "EgressRefused", "GuardedTransport", "UnresolvableHost", "guarded_client",
    "host_of", "provider_origin",
]
