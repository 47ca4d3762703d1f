"""Zoho's consent comes back naming the data centre's accounts server: Glue exchanges the code there and keeps it
for refreshes, but only when it is one of Zoho's own servers."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from glue_api.db import transaction
from glue_api.models import Connection
from tests.support.store import dump_all_rows
from tests.vault.oauth_support import REDIRECT_URI, add_connection, configure_integration, connection_state, consent
from tests.vault.test_oauth import allowed_redirects, browser, to_provider, visit  # noqa: F401 (fixtures)


@pytest.fixture
def zoho(app, mgmt, emulators, first_application, allowed_redirects):  # noqa: F811
    emulated = emulators("zoho_crm")
    configure_integration(mgmt, app, emulated)
    return emulated


def login_url(app, connection_id: str) -> str | None:
    with transaction(app.state.session_factory) as session:
        return (session.get(Connection, connection_id).settings or {}).get("login_url")


def test_the_code_is_exchanged_at_the_accounts_server_the_consent_named(app, zoho, browser, first_application):  # noqa: F811
    connection_id = add_connection(app, first_application.application_id, "zoho_crm")
    callback = consent(to_provider(browser, app, connection_id))
    assert dict(parse_qsl(urlsplit(callback).query))["accounts-server"] == zoho.url
    back = visit(browser, callback)
    assert back.status_code == 301 and back.headers["location"] == REDIRECT_URI
    assert connection_state(app, connection_id) == "callable"
    assert login_url(app, connection_id) == zoho.url
    assert zoho.counter.token_requests == 1


@pytest.mark.parametrize("server", ["https://accounts.zoho.eu.attacker.example", "https://attacker.example",
                                    "http://169.254.169.254"])
def test_a_foreign_accounts_server_is_refused_and_nothing_is_exchanged(
    app, zoho, browser, first_application, server,  # noqa: F811
):
    connection_id = add_connection(app, first_application.application_id, "zoho_crm")
    callback = consent(to_provider(browser, app, connection_id))
    parts = urlsplit(callback)
    params = dict(parse_qsl(parts.query)) | {"accounts-server": server}
    back = visit(browser, f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(params)}")
    assert back.status_code == 301
    answered = dict(parse_qsl(urlsplit(back.headers["location"]).query))
    assert answered["error"] == "server_error" and back.headers["location"].startswith(REDIRECT_URI)
    assert connection_state(app, connection_id) == "added" and login_url(app, connection_id) is None
    assert zoho.counter.token_requests == 0  # the code went nowhere
    assert server not in str(dump_all_rows(app.state.engine))
