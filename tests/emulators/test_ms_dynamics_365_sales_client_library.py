"""Microsoft's own identity client (msal) drives the Dynamics 365 Sales emulator's Microsoft identity platform:
it discovers the tenant's endpoints, runs the authorization code flow with PKCE through the consent page,
redeems the code, refreshes with the organisation's scope, and reads the emulator's AADSTS error bodies.
The tokens it gets then open the organisation's Web API (WhoAmI, a paged list, one row).

msal accepts only an https authority, so the emulator is served over TLS here with a certificate made for
the test (msal's requests session trusts it). The authority is the emulator's ``/organizations``; msal's
instance discovery (a call to login.microsoftonline.com) is switched off and ``validate_authority=False``
says the host is known to the developer, as msal documents for private authorities.
"""

from __future__ import annotations

import datetime
import ipaddress
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import msal
import pytest
import requests
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from glue_emulators import ms_dynamics_365_sales as dynamics
from glue_emulators.server import EmulatorServer

CLIENT_ID, CLIENT_SECRET = "11111111-2222-3333-4444-555555555555", "app-secret"
REDIRECT = "https://glue.example/vault/callback"
API = "/api/data/v9.2"
COUNTS = {"account": 23, "contact": 4, "lead": 2, "opportunity": 2, "systemuser": 3}


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "emulator.pem", folder / "emulator.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class TlsEmulatorServer(EmulatorServer):
    """The emulator on a free loopback port, over https with the given certificate."""

    def __init__(self, app, cert_path: Path, key_path: Path):
        super().__init__(app)
        self.url = f"https://{self.host}:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(
            app, host=self.host, port=self.port, log_level="warning", access_log=False, lifespan="off",
            ssl_certfile=str(cert_path), ssl_keyfile=str(key_path)))
        self._thread = threading.Thread(target=self._server.run, name=f"emulator:{self.port}", daemon=True)


@pytest.fixture(scope="module")
def emulator():
    made = dynamics.create_emulator(COUNTS)
    made.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    return made


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def server(emulator, tls):
    with TlsEmulatorServer(emulator.app, *tls) as running:
        yield running


@pytest.fixture
def session(tls):
    trusting = requests.Session()
    trusting.trust_env = False  # else a CA bundle named in the environment overrides ``verify``
    trusting.verify = str(tls[0])
    return trusting


@pytest.fixture
def app(server, session):
    return msal.ConfidentialClientApplication(
        CLIENT_ID, client_credential=CLIENT_SECRET, authority=f"{server.url}/organizations",
        validate_authority=False, instance_discovery=False, http_client=session)


@pytest.fixture(autouse=True)
def no_faults(server, session):
    yield
    session.post(f"{server.url}/_emulator/faults", json={"rate_limit_every": 0, "unauthorized": False})


def scope(server) -> str:
    return f"{server.url}/user_impersonation"


def consent(session, auth_uri: str) -> dict:
    """Approves the consent page msal sent the user to; the redirect's query, as msal wants it back."""
    query = {k: v[0] for k, v in parse_qs(urlsplit(auth_uri).query).items()}
    page = session.get(auth_uri)
    assert page.status_code == 200 and query["scope"].split()[0] in page.text
    approved = session.post(auth_uri.split("?")[0], params=query, data={**query, "decision": "approve"},
                            allow_redirects=False)
    assert approved.status_code == 302
    return {k: v[0] for k, v in parse_qs(urlsplit(approved.headers["location"]).query).items()}


def signed_in(app, server, session) -> dict:
    flow = app.initiate_auth_code_flow([scope(server)], redirect_uri=REDIRECT)
    return app.acquire_token_by_auth_code_flow(flow, consent(session, flow["auth_uri"]))


def test_msal_discovers_the_tenants_endpoints_on_the_emulator(app, server):
    assert app.authority.token_endpoint == f"{server.url}/organizations/oauth2/v2.0/token"
    assert app.authority.authorization_endpoint == f"{server.url}/organizations/oauth2/v2.0/authorize"


def test_the_code_flow_with_pkce_gives_tokens_that_open_the_organisations_api(app, server, session):
    flow = app.initiate_auth_code_flow([scope(server)], redirect_uri=REDIRECT)
    query = parse_qs(urlsplit(flow["auth_uri"]).query)
    assert query["code_challenge_method"] == ["S256"] and "offline_access" in query["scope"][0].split()
    answer = consent(session, flow["auth_uri"])
    result = app.acquire_token_by_auth_code_flow(flow, answer)
    assert "error" not in result, result
    assert result["token_type"] == "Bearer" and result["refresh_token"] and result["expires_in"] > 0
    who = session.get(f"{server.url}{API}/WhoAmI", headers={"Authorization": f"Bearer {result['access_token']}"})
    assert who.status_code == 200 and who.json()["UserId"]
    again = app.acquire_token_by_auth_code_flow(flow, answer)  # a code is single-use
    assert again["error"] == "invalid_grant" and again["error_codes"] == [70000]


def test_a_refresh_names_the_organisations_scope_and_gets_a_new_access_token(app, server, session):
    first = signed_in(app, server, session)
    refreshed = app.acquire_token_by_refresh_token(first["refresh_token"], scopes=[scope(server)])
    assert "error" not in refreshed, refreshed
    assert refreshed["access_token"] != first["access_token"]
    headers = {"Authorization": f"Bearer {refreshed['access_token']}"}
    assert session.get(f"{server.url}{API}/WhoAmI", headers=headers).status_code == 200


def test_aadsts_error_bodies_reach_the_caller_through_msal(app, server, session):
    dead = app.acquire_token_by_refresh_token("not-a-refresh-token", scopes=[scope(server)])
    assert dead["error"] == "invalid_grant" and dead["error_codes"] == [70000]
    assert dead["error_description"].startswith("AADSTS70000:")
    elsewhere = app.acquire_token_by_refresh_token(signed_in(app, server, session)["refresh_token"],
                                                   scopes=["https://other.crm.dynamics.com/user_impersonation"])
    assert elsewhere["error"] == "invalid_scope" and elsewhere["error_codes"] == [70011]
    wrong_secret = msal.ConfidentialClientApplication(
        CLIENT_ID, client_credential="wrong", authority=f"{server.url}/organizations",
        validate_authority=False, instance_discovery=False, http_client=session)
    refused = wrong_secret.acquire_token_by_refresh_token("whatever", scopes=[scope(server)])
    assert refused["error"] == "invalid_client" and refused["error_codes"] == [7000215]


def test_the_token_pages_an_odata_list_and_reads_one_row(app, server, session):
    token = signed_in(app, server, session)["access_token"]
    headers = {"Authorization": f"Bearer {token}", "Prefer": "odata.maxpagesize=10"}
    seen, url, pages = [], f"{server.url}{API}/accounts?$select=name,modifiedon", 0
    while url:
        body = session.get(url, headers=headers).json()
        seen += [row["accountid"] for row in body["value"]]
        url, pages = body.get("@odata.nextLink"), pages + 1
    assert pages == 3 and len(seen) == len(set(seen)) == COUNTS["account"]
    live = set(session.get(f"{server.url}/_emulator/records/account").json()["records"])
    assert set(seen) == live
    user_id = session.get(f"{server.url}{API}/WhoAmI", headers=headers).json()["UserId"]
    one = session.get(f"{server.url}{API}/systemusers({user_id})", headers=headers)
    assert one.status_code == 200 and one.json()["systemuserid"] == user_id


def test_the_api_refuses_without_a_live_token_and_a_429_says_retry_after(app, server, session):
    refused = session.get(f"{server.url}{API}/accounts", headers={"Authorization": "Bearer not-a-token"})
    assert refused.status_code == 401
    token = signed_in(app, server, session)["access_token"]
    session.post(f"{server.url}/_emulator/faults", json={"rate_limit_every": 1, "retry_after_seconds": 5})
    limited = session.get(f"{server.url}{API}/accounts", headers={"Authorization": f"Bearer {token}"})
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "5"
    assert limited.json()["error"]["code"]
