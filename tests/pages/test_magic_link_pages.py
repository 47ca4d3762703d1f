"""Magic link pages over HTTP: every way a link can fail connects nothing and says why."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update

from glue_api.db import transaction
from glue_api.models import Connection, Event, MagicLink
from glue_api.models.base import utcnow
from glue_emulators import apollo, gong
from glue_emulators.server import EmulatorServer
from tests.pages.support import APOLLO, GONG, PageText, offer, post_form
from tests.support.processes import GlueServer, glue
from tests.support.store import dump_all_rows
from tests.vault.oauth_support import (
    configure_integration,
    consent,
    path_of,
    stored_credentials,
)

RETURN_URL = "https://app.example.com/integrations/done"


def make_link(mgmt, provider: str) -> tuple[dict, str]:
    response = mgmt.post("/magic_links", json={"customer_id": "consumer-1", "provider_name": provider,
                                               "return_url": RETURN_URL, "expiration_secs": 600})
    assert response.status_code == 201, response.text
    link = response.json()
    return link, path_of(link["url"])


@pytest.fixture
def customer(mgmt):
    assert mgmt.put("/customers", json={"customer_id": "consumer-1", "name": "Acme Ltd", "email": "it@acme.test"}
                    ).status_code == 200


@pytest.fixture
def hubspot(app, mgmt, emulators):
    emulated = emulators("hubspot")
    configure_integration(mgmt, app, emulated)
    return emulated


def connections(app) -> list[Connection]:
    with transaction(app.state.session_factory) as session:
        return list(session.scalars(select(Connection)))


def test_unknown_and_deleted_links_show_a_page(http, mgmt, hubspot):
    missing = http.get("/links/no-such-token")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
    assert "Link not found" in missing.text
    link, path = make_link(mgmt, "hubspot")
    assert mgmt.delete(f"/magic_links/{link['id']}").status_code == 204
    assert http.get(path).status_code == 404
    assert post_form(http, f"{path}/authorize").status_code == 404


def test_declined_consent_comes_back_to_the_link_which_stays_usable(app, http, mgmt, hubspot):
    link, path = make_link(mgmt, "hubspot")
    callback = consent(post_form(http, f"{path}/authorize").headers["location"], decision="deny")
    back = http.get(path_of(callback), follow_redirects=False)
    assert back.headers["location"].startswith(link["url"])
    page = http.get(path_of(back.headers["location"]))
    assert page.status_code == 200 and "HubSpot did not connect" in page.text
    assert PageText(page.text).buttons == ["Connect HubSpot"]
    assert mgmt.get("/magic_links").json()[0]["status"] == "new"
    assert [c.state for c in connections(app)] == ["added"]


def test_a_link_that_expires_during_consent_connects_nothing(app, http, mgmt, hubspot):
    _, path = make_link(mgmt, "hubspot")
    provider_page = post_form(http, f"{path}/authorize").headers["location"]
    with transaction(app.state.session_factory) as session:
        session.execute(update(MagicLink).values(expires_at=utcnow() - timedelta(seconds=1)))
    callback = consent(provider_page)
    answer = http.get(path_of(callback), follow_redirects=False)
    assert answer.status_code == 410 and "Link expired" in answer.text
    assert [(c.state, c.credentials) for c in connections(app)] == [("added", None)]
    with transaction(app.state.session_factory) as session:
        assert list(session.scalars(select(Event.type).where(Event.type == "connection.created"))) == []


def test_a_link_deleted_during_consent_connects_nothing(app, http, mgmt, hubspot):
    link, path = make_link(mgmt, "hubspot")
    provider_page = post_form(http, f"{path}/authorize").headers["location"]
    assert mgmt.delete(f"/magic_links/{link['id']}").status_code == 204
    answer = http.get(path_of(consent(provider_page)), follow_redirects=False)
    assert answer.status_code == 401
    assert [c.credentials for c in connections(app)] == [None]


def test_salesforce_sandbox_orgs_sign_in_at_their_login_url(app, http, mgmt, emulators):
    configure_integration(mgmt, app, emulators("salesforce"))
    _, path = make_link(mgmt, "salesforce")
    page = PageText(http.get(path).text)
    assert [radio["value"] for radio in page.elements("input", type="radio")] == ["production", "sandbox"]
    assert post_form(http, f"{path}/authorize", {"environment": "sandbox"}).status_code == 303
    [connection] = connections(app)
    assert connection.settings == {"login_url": "https://test.salesforce.com"}


def test_gong_needs_both_keys_and_an_unreachable_provider_stores_nothing(app, http, mgmt, customer):
    offer(mgmt, GONG)
    with EmulatorServer(gong.create_emulator([("gk", "gs")]).app) as server:
        app.state.settings.provider_base_urls["gong"] = server.url
        _, path = make_link(mgmt, "gong")
        before = dump_all_rows(app.state.engine)
        half = post_form(http, path, {"access_key": "gk"})
        assert half.status_code == 400 and "Fill in Access key secret" in half.text
    down = post_form(http, path, {"access_key": "gk", "access_key_secret": "gs"})
    assert down.status_code == 502 and "gs" not in PageText(down.text).text
    assert dump_all_rows(app.state.engine) == before


def test_a_right_key_connects_once(app, http, mgmt, customer):
    offer(mgmt, APOLLO)
    with EmulatorServer(apollo.create_emulator(["right-key-1"]).app) as server:
        app.state.settings.provider_base_urls["apollo"] = server.url
        _, path = make_link(mgmt, "apollo")
        done = post_form(http, path, {"api_key": "right-key-1"})
        assert done.status_code == 303 and done.headers["location"] == RETURN_URL
        again = post_form(http, path, {"api_key": "right-key-1"})
    assert again.status_code == 410 and "Link already used" in again.text
    [connection] = connections(app)
    assert stored_credentials(app, connection.id)["api_key"] == "right-key-1"
    with transaction(app.state.session_factory) as session:
        created = list(session.scalars(select(Event.payload).where(Event.type == "connection.created")))
    assert len(created) == 1 and created[0]["provider_name"] == "apollo"


@pytest.mark.parametrize("workers", ["1", "2"])
def test_served_logs_never_show_link_or_session_tokens(tmp_path, workers):
    env = {"GLUE_HOME": str(tmp_path / "home")}
    glue(env, "migrate")
    api_key = json.loads(glue(env, "apps", "create", "acme", "--json").stdout)["api_key"]
    with GlueServer(env, "--workers", workers) as server:
        for _ in range(4):  # with two workers, both answer some of these
            assert httpx.get(server.url + "/links/secret-link-token-123").status_code == 404
            assert httpx.get(server.url + "/vault/session/secret.session.token").status_code == 401
            assert httpx.get(server.url + "/mgmt/v2/customers", headers={"x-api-key": api_key}).status_code == 200
        assert httpx.get(server.url + "/vault/callback?state=secret-state-456&code=secret-code-789").status_code == 401
    assert server.output.count("/links/[redacted]") == 4
    for secret in ("secret-link-token-123", "secret.session.token", "secret-state-456", "secret-code-789", api_key):
        assert secret not in server.output


def test_oauth_routes_show_browsers_a_page_and_api_clients_the_specs_json(http):
    browser = http.get("/vault/callback", params={"state": "forged-state", "code": "c"},
                       headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.status_code == 401 and browser.headers["content-type"].startswith("text/html")
    assert "Invalid state" in PageText(browser.text).text
    client = http.get("/vault/callback", params={"state": "forged-state", "code": "c"},
                      headers={"accept": "application/json"})
    assert client.status_code == 401 and client.json()["error"] == "Unauthorized"


def form_action(response) -> list[str]:
    directives = dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    return directives["form-action"].split()


def test_link_forms_may_lead_only_to_glue_the_provider_and_the_return_url(http, mgmt, hubspot, customer):
    _, path = make_link(mgmt, "hubspot")

    page = http.get(path)

    # The authorize form's 303 goes to the provider's consent page, which may answer straight back through
    # Glue's callback to the return URL: browsers hold every hop of that redirect chain to form-action.
    assert form_action(page) == ["'self'", "https://app.example.com", hubspot.url, "http://glue.test"]
    consent_origin = post_form(http, f"{path}/authorize").headers["location"].split("/oauth")[0]
    assert consent_origin == hubspot.url


def test_salesforce_links_allow_both_sign_in_hosts(app, http, mgmt, emulators, customer):
    configure_integration(mgmt, app, emulators("salesforce"))
    app.state.settings.provider_base_urls.pop("salesforce")  # the real sign-in hosts, not the emulator
    _, path = make_link(mgmt, "salesforce")

    assert form_action(http.get(path)) == [
        "'self'", "https://app.example.com", "https://login.salesforce.com", "https://test.salesforce.com",
        "http://glue.test"]


def test_key_link_forms_lead_only_to_glue_and_the_return_url(http, mgmt, customer):
    offer(mgmt, APOLLO)
    _, path = make_link(mgmt, "apollo")

    assert form_action(http.get(path)) == ["'self'", "https://app.example.com"]
