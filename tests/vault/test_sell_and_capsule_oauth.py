"""Zendesk Sell and Capsule connected through the Vault's OAuth links against their emulators: each provider's
own authorize path and default scopes, the code exchanged with the client as each provider wants it (HTTP
Basic for Sell, the form for Capsule), and revocation: Sell revokes the refresh token at the provider, Capsule
documents no revocation endpoint, so Glue forgets the token without calling it."""

from __future__ import annotations

import pytest

from glue_api.tokens.service import fresh_credentials
from glue_emulators.oauth import OAuthError
from glue_providers import registry
from tests.vault.oauth_support import CLIENT_ID, REDIRECT_URI, configure_integration, consent, query_of
from tests.vault.test_oauth import allowed_redirects, browser, visit  # noqa: F401 (fixtures)


@pytest.mark.parametrize("provider,authorize_path,scope", [("zendesk_sell", "/oauth2/authorize", "read profile"),
                                                           ("capsule", "/oauth/authorise", "read")])
def test_authorize_then_revoke_through_the_vaults_links(
    provider, authorize_path, scope, app, mgmt, vault, browser, emulators, allowed_redirects,  # noqa: F811
):
    emulated = emulators(provider)
    configure_integration(mgmt, app, emulated)
    added = vault.post(f"/vault/connections/crm/{provider}", json={})
    assert added.status_code == 200, added.text
    connection_id = added.json()["data"]["id"]

    provider_url = visit(browser, added.json()["data"]["authorize_url"], redirect_uri=REDIRECT_URI).headers["location"]
    assert provider_url.startswith(emulated.url + authorize_path + "?")
    assert query_of(provider_url)["scope"] == scope
    back = visit(browser, consent(provider_url))
    assert back.headers["location"] == REDIRECT_URI

    connection = vault.get(f"/vault/connections/crm/{provider}").json()["data"]
    assert connection["state"] == "callable"
    token = fresh_credentials(app.state.session_factory, app.state.keyring, app.state.settings, connection_id)
    assert emulated.oauth.grant_for(token["access_token"]).client_id == CLIENT_ID

    assert visit(browser, connection["revoke_url"], redirect_uri=REDIRECT_URI).headers["location"] == REDIRECT_URI
    assert vault.get(f"/vault/connections/crm/{provider}").json()["data"]["state"] == "added"
    if registry.get(provider).oauth.revoke_path:  # Sell: the provider no longer honours the refresh token
        with pytest.raises(OAuthError):
            emulated.oauth.refresh(token["refresh_token"], CLIENT_ID)
    else:  # Capsule: nothing to call; the token is only forgotten by Glue
        assert emulated.oauth.refresh(token["refresh_token"], CLIENT_ID)["access_token"]
