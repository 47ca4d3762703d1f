"""The egress guard itself (glue_providers/egress/), with explicit policies and real sockets."""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from glue_providers.egress import EgressPolicy, EgressRefused, guarded_client, provider_origin
from tests.security.listeners import Listener

DEFAULT = EgressPolicy()
LOOPBACK_ALLOWED = EgressPolicy.from_setting("127.0.0.0/8, ::1, localhost")


def resolving(table: dict[str, str]):
    """A resolver that answers each name from ``table`` (and literal addresses as themselves)."""

    def resolve(host, port, *args, **kwargs):
        address = table.get(host, host)
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    return resolve


@pytest.mark.parametrize("host", [
    "127.0.0.1", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "::1", "[::1]", "::ffff:127.0.0.1", "0.0.0.0",
    "::", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1", "fc00::1", "fd12::1", "localhost", "app.localhost",
    "224.0.0.1",
])
def test_private_and_loopback_addresses_need_the_operators_allowance(host):
    with pytest.raises(EgressRefused, match="GLUE_EGRESS_ALLOW"):
        DEFAULT.check_host(host)


@pytest.mark.parametrize("host", [
    "169.254.169.254", "169.254.0.1", "fe80::1", "fd00:ec2::254", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe",
    "2002:a9fe:a9fe::1", "100.100.100.200", "metadata.google.internal", "METADATA.GOOGLE.INTERNAL.",
])
def test_link_local_and_metadata_are_never_reachable(host):
    allow_all = EgressPolicy.from_setting("0.0.0.0/0,::/0,metadata.google.internal")
    with pytest.raises(EgressRefused, match="never reachable"):
        allow_all.check_host(host)


def test_the_setting_allows_exactly_what_it_lists():
    policy = EgressPolicy.from_setting("10.1.0.0/16, db.internal, /var/run/postgresql")
    policy.check_address("10.1.200.3")
    with pytest.raises(EgressRefused):
        policy.check_address("10.2.0.1")
    policy.check_address("192.168.0.9", host="db.internal")  # a listed name may resolve to a private address
    policy.check_unix_socket("/var/run/postgresql/.s.PGSQL.5432")
    with pytest.raises(EgressRefused, match="Unix sockets"):
        policy.check_unix_socket("/var/run/postgresql/../../tmp/.s.PGSQL.5432")
    DEFAULT.check_host("8.8.8.8")
    DEFAULT.check_host("api.hubapi.com")


def test_a_refusal_names_the_host_and_no_secret():
    with pytest.raises(EgressRefused) as refused:
        DEFAULT.check_url("http://user:hunter2@127.0.0.1:5432/path?token=abc")
    assert "127.0.0.1" in str(refused.value)
    assert "hunter2" not in str(refused.value) and "abc" not in str(refused.value)


def test_a_name_resolving_to_loopback_is_refused_when_connecting():
    listener = Listener()
    try:
        policy = EgressPolicy(resolver=resolving({"innocent.test": "127.0.0.1"}))
        with guarded_client(policy) as client, pytest.raises(EgressRefused, match="127.0.0.1"):
            client.get(f"http://innocent.test:{listener.port}/")
        assert listener.connections == 0
    finally:
        listener.close()


def test_a_name_with_one_private_answer_among_public_ones_is_refused():
    def mixed(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    with pytest.raises(EgressRefused):
        EgressPolicy(resolver=mixed).resolve("mixed.test", 80)


def test_the_connection_goes_to_the_address_that_was_checked():
    """DNS rebinding: a name answers an allowed address to the check and a forbidden one to any later lookup.
    The guard resolves once and connects to the address it checked."""
    allowed = Listener(host="127.0.0.2")
    forbidden = Listener(port=allowed.port)  # 127.0.0.1, same port: where a second lookup would lead
    lookups = []

    def rebinding(host, port, *args, **kwargs):
        lookups.append(host)
        address = "127.0.0.2" if len(lookups) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    try:
        policy = EgressPolicy((ipaddress.ip_network("127.0.0.2/32"),), resolver=rebinding)
        with guarded_client(policy) as client:
            assert client.get(f"http://rebind.test:{allowed.port}/").status_code == 200
            with pytest.raises(EgressRefused, match="127.0.0.1"):  # the next connection's lookup is checked too
                client.get(f"http://rebind.test:{allowed.port}/")
        assert allowed.connections == 1 and forbidden.connections == 0
    finally:
        allowed.close()
        forbidden.close()


def test_every_redirect_hop_is_checked():
    internal = Listener()
    hop = Listener(b"HTTP/1.1 302 Found\r\nlocation: http://127.0.0.1:%d/secret\r\ncontent-length: 0\r\n"
                   b"connection: close\r\n\r\n" % internal.port)
    try:
        # The first host is allowed by name; the address it redirects to is not.
        policy = EgressPolicy(allowed_hosts=frozenset({"public.test"}),
                              resolver=resolving({"public.test": "127.0.0.1"}))
        with guarded_client(policy, follow_redirects=True) as client, pytest.raises(EgressRefused):
            client.get(f"http://public.test:{hop.port}/")
        assert hop.connections == 1 and internal.connections == 0
    finally:
        hop.close()
        internal.close()


def test_https_keeps_the_host_name_for_sni_and_the_certificate(tmp_path):
    """The connection goes to the checked IP, while TLS still verifies the certificate for the name."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "tls.test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("tls.test")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
    seen_sni: list[str | None] = []

    class Hello(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("content-length", "5")
            self.end_headers()
            self.wfile.write(b"hello")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    context.sni_callback = lambda sock, server_name, ctx: seen_sni.append(server_name)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        trust = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
        policy = EgressPolicy(LOOPBACK_ALLOWED.allowed_networks, resolver=resolving({"tls.test": "127.0.0.1"}))
        with guarded_client(policy, verify=trust) as client:
            assert client.get(f"https://tls.test:{server.server_port}/").text == "hello"
        assert seen_sni == ["tls.test"]
        wrong = EgressPolicy(LOOPBACK_ALLOWED.allowed_networks, resolver=resolving({"other.test": "127.0.0.1"}))
        with guarded_client(wrong, verify=trust) as client, pytest.raises(Exception, match="(?i)certificate|hostname"):
            client.get(f"https://other.test:{server.server_port}/")
    finally:
        server.shutdown()


def test_provider_origins_stay_on_the_providers_domains():
    suffixes = (".salesforce.com", ".force.com")
    origin = provider_origin("https://acme.my.salesforce.com/", "Salesforce", suffixes)
    assert origin == "https://acme.my.salesforce.com"
    assert provider_origin("https://login.salesforce.com", "Salesforce", suffixes) == "https://login.salesforce.com"
    for url in ("https://salesforce.com.evil.test", "https://evilsalesforce.com", "http://acme.my.salesforce.com",
                "https://acme.my.salesforce.com:8443", "https://acme.my.salesforce.com/x", "https://acme.force.com?x",
                "https://acme.force.com#x", "https://u:p@acme.force.com", "https://127.0.0.1"):
        with pytest.raises(EgressRefused):
            provider_origin(url, "Salesforce", suffixes)
    # The operator pointed the provider at an emulator: that origin, and only it, is accepted too.
    assert provider_origin("http://127.0.0.1:9101", "Salesforce", suffixes, "http://127.0.0.1:9101/") \
        == "http://127.0.0.1:9101"
    with pytest.raises(EgressRefused):
        provider_origin("http://127.0.0.1:5432", "Salesforce", suffixes, "http://127.0.0.1:9101")


def test_ipv4_mapped_and_embedded_forms_are_judged_by_their_ipv4_address():
    LOOPBACK_ALLOWED.check_address(ipaddress.ip_address("::ffff:127.0.0.1"))
    with pytest.raises(EgressRefused):
        DEFAULT.check_address(ipaddress.ip_address("::ffff:10.0.0.1"))
