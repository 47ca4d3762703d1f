"""The Vault's OAuth flows over HTTP against the provider emulators, driven like a browser.

Glue authorize link -> provider consent page (GET, then POST approve) -> Glue callback
-> the application's redirect_uri. Every refused state leaves the store as it was.
"""

from __future__ import annotations

import base64
import json
import secrets
from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlalchemy import select, update

from glue_providers import registry
from glue_api.db import transaction
from glue_api.models import Connection, OAuthAttempt, ProviderConfig
from glue_api.models.base import utcnow
from glue_api.tokens.service import fresh_credentials
from glue_api.vault.oauth.attempts import PURPOSE_AUTHORIZE, state_hash
from glue_api.vault.oauth.link_states import issue_link_state
from glue_api.vault.oauth.links import authorize_url, revoke_url
from glue_emulators.oauth import OAuthError
from tests.support.clients import SpecCheckedClient, vault_responses
from tests.support.store import dump_all_rows
from tests.vault.oauth_support import (
    CLIENT_ID,
    OAUTH_PROVIDERS,
    REDIRECT_URI,
    add_connection,
    configure_integration,
    connection_state,
    consent,
    event_types,
    query_of,
    stored_credentials,
)

PREFIX_ENTRY = "https://app.example.com/callbacks/"
CALLBACK = "http://glue.test/vault/callback"


@pytest.fixture
def browser(http) -> SpecCheckedClient:
    """The customer's browser at Glue: no API key; every answer is checked against the Vault spec."""
    return SpecCheckedClient(http, None, vault_responses(), auth_headers={})


@pytest.fixture
def allowed_redirects(http, first_application) -> None:
    response = http.put("/glue/v1/redirect_uris", headers={"x-api-key": first_application.api_key},
                        json={"redirect_uris": [REDIRECT_URI, PREFIX_ENTRY]})
    assert response.status_code == 200


@pytest.fixture
def hubspot(app, mgmt, emulators, first_application, allowed_redirects):
    emulated = emulators("hubspot")
    configure_integration(mgmt, app, emulated)
    return emulated


def link(app, connection_id: str, make=authorize_url) -> str:
    with transaction(app.state.session_factory) as session:
        connection = session.get(Connection, connection_id)
        return make(session, app.state.settings, app.state.keyring, connection)


def visit(browser, url: str, **params):
    """A browser GET of an absolute Glue URL (the spec check wants the query apart from the path)."""
    parts = urlsplit(url)
    return browser.get(parts.path, params=[*parse_qsl(parts.query), *params.items()], follow_redirects=False)


def get(browser, path: str, params: dict):
    return browser.get(path, params=params, follow_redirects=False)


def to_provider(browser, app, connection_id: str, **params) -> str:
    answer = visit(browser, link(app, connection_id), **({"redirect_uri": REDIRECT_URI} | params))
    assert answer.status_code == 301, answer.text
    assert answer.headers["cache-control"] == "no-store"
    return answer.headers["location"]


def authorize_through_browser(browser, app, connection_id: str, **params):
    callback = consent(to_provider(browser, app, connection_id, **params))
    assert callback.startswith(CALLBACK + "?")
    return visit(browser, callback)


def assert_refused(response, status: int = 401) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status_code"] == status and body["message"] and body["detail"]


def attempt_for(app, state: str) -> OAuthAttempt:
    with transaction(app.state.session_factory) as session:
        return session.scalars(select(OAuthAttempt).where(OAuthAttempt.state_hash == state_hash(state))).one()


def expire(app, state: str) -> None:
    with transaction(app.state.session_factory) as session:
        session.execute(update(OAuthAttempt).where(OAuthAttempt.state_hash == state_hash(state))
                        .values(expires_at=utcnow() - timedelta(seconds=1)))


@pytest.mark.parametrize("provider", OAUTH_PROVIDERS)
def test_authorization_code_flow_ends_with_a_callable_connection(
    provider, app, mgmt, browser, emulators, first_application, allowed_redirects
):
    emulated = emulators(provider)
    configure_integration(mgmt, app, emulated)
    connection_id = add_connection(app, first_application.application_id, provider)
    authorize_link = link(app, connection_id)
    assert authorize_link.startswith(
        f"http://glue.test/vault/authorize/{provider}/{first_application.application_id}?state=")

    provider_url = to_provider(browser, app, connection_id)
    oauth = registry.get(provider).oauth
    assert provider_url.startswith(emulated.url + oauth.authorize_path + "?")
    params = query_of(provider_url)
    assert params["client_id"] == CLIENT_ID and params["redirect_uri"] == CALLBACK
    assert params["response_type"] == "code" and params["state"]
    assert params.get("scope", "") == oauth.scope_separator.join(oauth.default_scopes)
    if oauth.pkce:
        assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) == 43
    else:
        assert "code_challenge" not in params

    back = visit(browser, consent(provider_url))
    assert back.status_code == 301 and back.headers["location"] == REDIRECT_URI

    assert connection_state(app, connection_id) == "callable"
    credentials = stored_credentials(app, connection_id)
    assert credentials["type"] == "oauth2" and credentials["expires_at"]
    assert emulated.oauth.grant_for(credentials["access_token"]).client_id == CLIENT_ID
    assert credentials["refresh_token"]
    if provider == "salesforce":
        assert credentials["instance_url"] == emulated.url
    if provider in ("pipedrive", "zoho_crm"):
        assert credentials["api_domain"] == emulated.url
    raw = str(dump_all_rows(app.state.engine))
    assert credentials["access_token"] not in raw and credentials["refresh_token"] not in raw
    assert event_types(app, connection_id) == ["vault.connection.updated", "vault.connection.callable"]

    handed_out = fresh_credentials(app.state.session_factory, app.state.keyring, app.state.settings, connection_id)
    assert handed_out["access_token"] == credentials["access_token"]
    assert emulated.counter.token_requests == 1  # the code exchange only: the token was fresh


@pytest.mark.parametrize("provider", ["hubspot", "salesforce"])
def test_links_from_the_vault_api_authorize_and_revoke(
    provider, app, mgmt, vault, browser, emulators, first_application, allowed_redirects
):
    """The whole story as an application tells it: add the connection, send the browser to its links."""
    emulated = emulators(provider)
    configure_integration(mgmt, app, emulated)
    added = vault.post(f"/vault/connections/crm/{provider}", json={})
    assert added.status_code == 200, added.text
    connection_id = added.json()["data"]["id"]

    back = visit(browser, consent(visit(browser, added.json()["data"]["authorize_url"], redirect_uri=REDIRECT_URI)
                                  .headers["location"]))
    assert back.headers["location"] == REDIRECT_URI

    connection = vault.get(f"/vault/connections/crm/{provider}").json()["data"]
    assert connection["state"] == "callable" and connection["revoke_url"]
    token = fresh_credentials(app.state.session_factory, app.state.keyring, app.state.settings, connection_id)
    assert emulated.oauth.grant_for(token["access_token"]) is not None
    assert token["access_token"] not in str(vault.received) and token["refresh_token"] not in str(vault.received)

    assert visit(browser, connection["revoke_url"], redirect_uri=REDIRECT_URI).headers["location"] == REDIRECT_URI
    assert vault.get(f"/vault/connections/crm/{provider}").json()["data"]["state"] == "added"
    assert event_types(app, connection_id) == [
        "vault.connection.created", "vault.connection.updated", "vault.connection.callable",
        "vault.connection.revoked",
    ]


def test_pkce_verifier_is_checked_by_the_provider(app, mgmt, browser, emulators, first_application, allowed_redirects):
    emulated = emulators("salesforce")
    configure_integration(mgmt, app, emulated)
    connection_id = add_connection(app, first_application.application_id, "salesforce")
    provider_url = to_provider(browser, app, connection_id)
    with transaction(app.state.session_factory) as session:  # as if the verifier had been lost or swapped
        session.execute(update(OAuthAttempt).where(OAuthAttempt.state_hash == state_hash(query_of(provider_url)["state"]))
                        .values(code_verifier=app.state.keyring.seal(secrets.token_urlsafe(64).encode())))

    back = visit(browser, consent(provider_url))

    assert back.status_code == 301
    assert back.headers["location"].startswith(REDIRECT_URI + "?")
    assert query_of(back.headers["location"])["error"] == "server_error"
    assert connection_state(app, connection_id) == "added" and stored_credentials(app, connection_id) is None
    assert event_types(app, connection_id) == []


def test_scopes_come_from_the_integration_plus_the_scope_parameter(
    app, mgmt, browser, emulators, first_application, allowed_redirects
):
    emulated = emulators("hubspot")
    configure_integration(mgmt, app, emulated, scopes=["oauth", "crm.objects.contacts.read"])
    connection_id = add_connection(app, first_application.application_id, "hubspot")

    provider_url = to_provider(browser, app, connection_id, scope="crm.objects.deals.read oauth")

    assert query_of(provider_url)["scope"] == "oauth crm.objects.contacts.read crm.objects.deals.read"
    assert authorize_through_browser(browser, app, connection_id).headers["location"] == REDIRECT_URI
    granted = emulated.oauth.grant_for(stored_credentials(app, connection_id)["access_token"])
    assert granted.scopes == ["oauth", "crm.objects.contacts.read"]


def test_consent_denied_sends_the_browser_back_with_an_error(app, hubspot, browser, first_application):
    connection_id = add_connection(app, first_application.application_id, "hubspot")
    callback = consent(to_provider(browser, app, connection_id), decision="deny")
    assert query_of(callback)["error"] == "access_denied"

    back = visit(browser, callback)

    assert back.status_code == 301
    assert back.headers["location"].startswith(REDIRECT_URI + "?")
    assert query_of(back.headers["location"])["error"] == "access_denied"
    assert connection_state(app, connection_id) == "added" and stored_credentials(app, connection_id) is None
    assert event_types(app, connection_id) == []
    assert_refused(visit(browser, callback))  # the state was spent


# --- the authorize step refuses bad states and redirect URIs, changing nothing ---------------------


def test_replayed_authorize_state_is_refused(app, hubspot, browser, first_application):
    connection_id = add_connection(app, first_application.application_id, "hubspot")
    authorize_link = link(app, connection_id)
    assert visit(browser, authorize_link, redirect_uri=REDIRECT_URI).status_code == 301
    before = dump_all_rows(app.state.engine)

    assert_refused(visit(browser, authorize_link, redirect_uri=REDIRECT_URI))

    assert dump_all_rows(app.state.engine) == before


def test_forged_authorize_state_is_refused(app, hubspot, browser, first_application):
    add_connection(app, first_application.application_id, "hubspot")
    before = dump_all_rows(app.state.engine)
    forged = {"state": secrets.token_urlsafe(32), "redirect_uri": REDIRECT_URI}

    assert_refused(get(browser, f"/vault/authorize/hubspot/{first_application.application_id}", forged))

    assert dump_all_rows(app.state.engine) == before


def test_a_tampered_link_state_is_refused(app, hubspot, browser, first_application):
    connection_id = add_connection(app, first_application.application_id, "hubspot")
    payload, _, signature = query_of(link(app, connection_id, revoke_url))["state"].partition(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    as_authorize = base64.urlsafe_b64encode(json.dumps({**claims, "p": "authorize"}).encode()).rstrip(b"=").decode()
    before = dump_all_rows(app.state.engine)

    for state in (f"{as_authorize}.{signature}", f"{payload}.{signature[:-2]}AA", payload, f"{payload}.", "."):
        assert_refused(get(browser, f"/vault/authorize/hubspot/{first_application.application_id}",
                           {"state": state, "redirect_uri": REDIRECT_URI}))

    assert dump_all_rows(app.state.engine) == before


def test_expired_authorize_state_is_refused(app, hubspot, browser, first_application):
    connection_id = add_connection(app, first_application.application_id, "hubspot")
    with transaction(app.state.session_factory) as session:
        issued_long_ago = utcnow() - timedelta(hours=2)
        state = issue_link_state(app.state.keyring, session.get(Connection, connection_id), PURPOSE_AUTHORIZE,
                                 issued_long_ago, timedelta(hours=1))
    before = dump_all_rows(app.state.engine)

    assert_refused(get(browser, f"/vault/authorize/hubspot/{first_application.application_id}",
                       {"state": state, "redirect_uri": REDIRECT_URI}))

    assert dump_all_rows(app.state.engine) == before


def test_authorize_state_for_another_service_or_application_is_refused(
    app, hubspot, browser, first_application, second_application
):
    connection_id = add_connection(app, first_application.application_id, "hubspot")
    authorize_link = link(app, connection_id)
    state = query_of(authorize_link)["state"]
    before = dump_all_rows(app.state.engine)
    query = {"state": state, "redirect_uri": REDIRECT_URI}

    for path in (f"/vault/authorize/salesforce/{first_application.application_id}",
                 f"/vault/authorize/hubspot/{second_application.application_id}"):
        assert_refused(get(browser, path, query))

    assert dump_all_rows(app.state.engine) == before
    assert visit(browser, authorize_link, redirect_uri=REDIRECT_URI).status_code == 301  # still unused


def test_revoke_state_does_not_authorize(app, hubspot, browser, first_application):
    connection_id = add_connection(app, first_application.application_id, "hubspot")
    state = query_of(link(app, connection_id, revoke_url))["state"]
    before = dump_all_rows(app.state.engine)

    assert_refused(get(browser, f"/vault/authorize/hubspot/{first_application.application_id}",
                       {"state": state, "redirect_uri": REDIRECT_URI}))

    assert dump_all_rows(app.state.engine) == before


@pytest.mark.parametrize("redirect_uri", [
    "https://evil.example.net/integrations/done",
    REDIRECT_URI + "/more",  # an exact entry is not a prefix
    "https://app.example.com/callbacksx",
    "https://app.example.com/callbacks/#fragment",
    "javascript:alert(1)",
    "/integrations/done",
    PREFIX_ENTRY + "../evil",  # dot segments climb out of the allowed tree
    PREFIX_ENTRY + "%2e%2e/evil",
    PREFIX_ENTRY + "..%2Fevil",
    PREFIX_ENTRY + "..\\evil",
    "https://app.example.com@evil.example.net/callbacks/",
])
def test_redirect_uri_not_on_the_allowed_list_is_refused(app, hubspot, browser, first_application, redirect_uri):
    connection_id = add_connection(app, first_application.application_id, "hubspot")
    authorize_link = link(app, connection_id)
    before = dump_all_rows(app.state.engine)

    assert_refused(visit(browser, authorize_link, redirect_uri=redirect_uri), 400)

    assert dump_all_rows(app.state.engine) == before


def test_redirect_uri_under_a_prefix_entry_is_allowed(app, hubspot, browser, first_application):
    connection_id = add_connection(app, first_application.application_id, "hubspot")
    target = PREFIX_ENTRY + "hubspot?tab=crm"

    back = authorize_through_browser(browser, app, connection_id, redirect_uri=target)

    assert back.headers["location"] == target
    assert connection_state(app, connection_id) == "callable"


def test_missing_redirect_uri_means_the_first_allowed_one(app, hubspot, browser, first_application):
    connection_id = add_connection(app, first_application.application_id, "hubspot")
    provider_url = visit(browser, link(app, connection_id)).headers["location"]

    assert visit(browser, consent(provider_url)).headers["location"] == REDIRECT_URI


def test_without_allowed_redirect_uris_every_redirect_is_refused(app, mgmt, browser, emulators, first_application):
    configure_integration(mgmt, app, emulators("hubspot"))
    connection_id = add_connection(app, first_application.application_id, "hubspot")
    authorize_link = link(app, connection_id)
    before = dump_all_rows(app.state.engine)

    assert_refused(visit(browser, authorize_link, redirect_uri=REDIRECT_URI), 400)
    assert_refused(visit(browser, authorize_link), 400)

    assert dump_all_rows(app.state.engine) == before


def test_missing_state_is_a_bad_request(app, hubspot, browser, first_application):
    before = dump_all_rows(app.state.engine)

    assert_refused(get(browser, f"/vault/authorize/hubspot/{first_application.application_id}",
                       {"redirect_uri": REDIRECT_URI}), 400)
    assert_refused(get(browser, "/vault/callback", {"code": "abc"}), 400)

    assert dump_all_rows(app.state.engine) == before


def test_integration_without_an_oauth_client_cannot_authorize(app, mgmt, browser, first_application,
                                                              allowed_redirects):
    assert mgmt.put("/customers", json={"customer_id": "consumer-1", "name": "Acme", "email": "it@acme.test"}
                    ).status_code == 200
    with transaction(app.state.session_factory) as session:  # an integration whose OAuth app is not set up yet
        session.add(ProviderConfig(application_id=first_application.application_id, name="hubspot", category="crm",
                                   auth_type="oauth2"))
    connection_id = add_connection(app, first_application.application_id, "hubspot")
    authorize_link = link(app, connection_id)
    before = dump_all_rows(app.state.engine)

    assert_refused(visit(browser, authorize_link, redirect_uri=REDIRECT_URI), 422)

    assert dump_all_rows(app.state.engine) == before


# --- the callback refuses bad states, changing nothing ---------------------------------------------


def test_replayed_callback_is_refused(app, hubspot, browser, first_application):
    connection_id = add_connection(app, first_application.application_id, "hubspot")
    callback = consent(to_provider(browser, app, connection_id))
    assert visit(browser, callback).status_code == 301
    before = dump_all_rows(app.state.engine)

    assert_refused(visit(browser, callback))

    assert dump_all_rows(app.state.engine) == before


def test_forged_callback_state_is_refused(app, hubspot, browser, first_application):
    connection_id = add_connection(app, first_application.application_id, "hubspot")
    callback = consent(to_provider(browser, app, connection_id))
    before = dump_all_rows(app.state.engine)

    forged = {"code": query_of(callback)["code"], "state": secrets.token_urlsafe(32)}
    assert_refused(get(browser, "/vault/callback", forged))

    assert dump_all_rows(app.state.engine) == before
    assert stored_credentials(app, connection_id) is None


def test_expired_callback_state_is_refused(app, hubspot, browser, first_application):
    connection_id = add_connection(app, first_application.application_id, "hubspot")
    provider_url = to_provider(browser, app, connection_id)
    expire(app, query_of(provider_url)["state"])
    callback = consent(provider_url)
    before = dump_all_rows(app.state.engine)

    assert_refused(visit(browser, callback))

    assert dump_all_rows(app.state.engine) == before
    assert connection_state(app, connection_id) == "added"


def test_authorize_state_is_not_a_callback_state(app, hubspot, browser, first_application):
    connection_id = add_connection(app, first_application.application_id, "hubspot")
    state = query_of(link(app, connection_id))["state"]
    before = dump_all_rows(app.state.engine)

    assert_refused(get(browser, "/vault/callback", {"state": state, "code": "abc"}))

    assert dump_all_rows(app.state.engine) == before


# --- revoke ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", OAUTH_PROVIDERS)
def test_revoke_forgets_the_tokens_and_revokes_them_at_the_provider(
    provider, app, mgmt, browser, emulators, first_application, allowed_redirects
):
    emulated = emulators(provider)
    configure_integration(mgmt, app, emulated)
    connection_id = add_connection(app, first_application.application_id, provider)
    authorize_through_browser(browser, app, connection_id)
    refresh_token = stored_credentials(app, connection_id)["refresh_token"]
    revoke_link = link(app, connection_id, revoke_url)
    assert revoke_link.startswith(f"http://glue.test/vault/revoke/{provider}/{first_application.application_id}?state=")

    back = visit(browser, revoke_link, redirect_uri=REDIRECT_URI)

    assert back.status_code == 301 and back.headers["location"] == REDIRECT_URI
    assert connection_state(app, connection_id) == "added"
    assert stored_credentials(app, connection_id) is None
    assert event_types(app, connection_id)[-1] == "vault.connection.revoked"
    assert registry.get(provider).oauth.revoke_path
    with pytest.raises(OAuthError):
        emulated.oauth.refresh(refresh_token, CLIENT_ID)  # revoked at the provider too
    assert_refused(visit(browser, revoke_link, redirect_uri=REDIRECT_URI))  # single use


def test_revoke_refuses_bad_states_and_redirect_uris(app, hubspot, browser, first_application):
    connection_id = add_connection(app, first_application.application_id, "hubspot")
    authorize_through_browser(browser, app, connection_id)
    revoke_link = link(app, connection_id, revoke_url)
    before = dump_all_rows(app.state.engine)

    assert_refused(visit(browser, revoke_link, redirect_uri="https://evil.example.net/"), 400)
    forged = {"state": secrets.token_urlsafe(32), "redirect_uri": REDIRECT_URI}
    assert_refused(get(browser, f"/vault/revoke/hubspot/{first_application.application_id}", forged))

    assert dump_all_rows(app.state.engine) == before
    assert connection_state(app, connection_id) == "callable"


def test_links_are_stored_only_once_used(app, hubspot, browser, first_application):
    connection_id = add_connection(app, first_application.application_id, "hubspot")
    before = dump_all_rows(app.state.engine)
    authorize_link, revoke_link = link(app, connection_id), link(app, connection_id, revoke_url)

    assert dump_all_rows(app.state.engine) == before  # handing out links writes nothing
    provider_url = visit(browser, authorize_link, redirect_uri=REDIRECT_URI).headers["location"]
    used = attempt_for(app, query_of(authorize_link)["state"])
    assert used.used_at is not None and used.purpose == PURPOSE_AUTHORIZE
    assert query_of(provider_url)["state"] != query_of(authorize_link)["state"]
    assert_refused(visit(browser, authorize_link, redirect_uri=REDIRECT_URI))  # single use
    assert revoke_link
