"""POST /vault/sessions and the signed session token."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import jwt
import pytest
from sqlalchemy import select, update

from glue_api.crypto import KeyRing, generate_key
from glue_api.db import transaction
from glue_api.models import Application, Customer, VaultSession
from glue_api.models.base import utcnow
from glue_api.vault.sessions.tokens import SessionTokenExpired, SessionTokenInvalid, verify_session_token
from tests.support.store import dump_all_rows

FULL_SESSION = {
    "consumer_metadata": {"account_name": "SpaceX", "user_name": "Elon", "email": "elon@spacex.test",
                          "image": "https://spacex.test/me.png"},
    "redirect_uri": "https://app.example.com/integrations/done",
    "settings": {"unified_apis": ["crm"], "hide_resource_settings": True, "sandbox_mode": False,
                 "isolation_mode": True, "session_length": "30m", "show_logs": False, "show_suggestions": True,
                 "show_sidebar": False, "auto_redirect": True, "hide_guides": True, "allow_actions": ["delete"]},
    "theme": {"vault_name": "Acme", "primary_color": "#286efa", "logo": "https://app.example.com/logo.svg"},
    "custom_consumer_settings": {"feature_flag_1": True},
}


def allow_redirects(app, application_id: str, uris: list[str]) -> None:
    with transaction(app.state.session_factory) as session:
        session.execute(update(Application).where(Application.id == application_id).values(allowed_redirect_uris=uris))


def stored_sessions(app) -> list[VaultSession]:
    with transaction(app.state.session_factory) as session:
        return list(session.execute(select(VaultSession)).scalars())


def consumer(app, application_id: str, consumer_id: str) -> Customer | None:
    with transaction(app.state.session_factory) as session:
        return session.execute(
            select(Customer).where(Customer.application_id == application_id, Customer.external_id == consumer_id)
        ).scalar_one_or_none()


def create(vault, body=None, **kwargs):
    response = vault.post("/vault/sessions", json=body, **kwargs) if body is not None else vault.post("/vault/sessions")
    assert response.status_code == 200, response.text
    return response.json()["data"]


def test_a_session_is_signed_stored_and_honours_its_settings(app, vault, keyring, first_application):
    allow_redirects(app, first_application.application_id, ["https://app.example.com/integrations/"])
    before = utcnow()
    data = create(vault, FULL_SESSION)
    after = utcnow()

    token = data["session_token"]
    assert data["session_uri"] == f"http://glue.test/vault/session/{token}"
    claims = verify_session_token(token, keyring)
    [stored] = stored_sessions(app)
    assert claims["session_id"] == stored.id
    assert claims["application_id"] == first_application.application_id
    assert claims["consumer_id"] == "consumer-1"
    assert claims["exp"] - claims["iat"] == 30 * 60
    assert int(before.timestamp()) <= claims["iat"] <= int(after.timestamp())  # issued during the request

    assert stored.expires_at - stored.created_at == timedelta(minutes=30)
    assert stored.settings == FULL_SESSION["settings"] | {"custom_consumer_settings": {"feature_flag_1": True}}
    assert stored.theme == FULL_SESSION["theme"]
    assert stored.consumer_metadata == FULL_SESSION["consumer_metadata"]
    assert stored.redirect_uri == "https://app.example.com/integrations/done"

    created = consumer(app, first_application.application_id, "consumer-1")
    assert created.id == stored.customer_id
    assert created.consumer_metadata == FULL_SESSION["consumer_metadata"]
    assert created.name == "SpaceX" and created.email == "elon@spacex.test"


def test_defaults_without_a_body(app, vault, keyring):
    claims = verify_session_token(create(vault)["session_token"], keyring)
    assert claims["exp"] - claims["iat"] == 3600
    [stored] = stored_sessions(app)
    assert stored.settings == {
        "unified_apis": None, "hide_resource_settings": False, "sandbox_mode": False, "isolation_mode": False,
        "session_length": "1h", "show_logs": True, "show_suggestions": False, "show_sidebar": True,
        "auto_redirect": False, "hide_guides": False, "allow_actions": None,
    }
    assert stored.theme is None and stored.redirect_uri is None and stored.consumer_metadata is None


@pytest.mark.parametrize("length,seconds", [("45s", 45), ("30m", 1800), ("2h", 7200), ("1d", 86400), ("1w", 604800),
                                             ("7d", 604800), ("168h", 604800)])
def test_session_lengths(vault, keyring, length, seconds):
    claims = verify_session_token(create(vault, {"settings": {"session_length": length}})["session_token"], keyring)
    assert claims["exp"] - claims["iat"] == seconds


def test_an_existing_consumer_is_reused_and_its_metadata_updated(app, vault, first_application):
    create(vault, {"consumer_metadata": {"account_name": "First"}})
    create(vault, {"consumer_metadata": {"account_name": "Second", "email": "b@acme.test"}})
    create(vault)  # no metadata: what was there stays
    with transaction(app.state.session_factory) as session:
        customers = list(session.execute(select(Customer)).scalars())
    assert len(customers) == 1
    assert customers[0].consumer_metadata == {"account_name": "Second", "email": "b@acme.test"}
    assert len({s.customer_id for s in stored_sessions(app)}) == 1


def test_each_application_has_its_own_consumer(app, vault, other_vault, first_application, second_application):
    create(vault)
    create(other_vault)
    mine = consumer(app, first_application.application_id, "consumer-1")
    theirs = consumer(app, second_application.application_id, "consumer-1")
    assert mine.id != theirs.id


@pytest.mark.parametrize("body", [
    {"settings": {"session_length": "8d"}},
    {"settings": {"session_length": "2w"}},
    {"settings": {"session_length": "0m"}},
    {"settings": {"session_length": "1.5h"}},
    {"settings": {"session_length": "60"}},
    {"settings": {"session_length": "1 h"}},
    {"settings": {"session_length": "1y"}},
    {"settings": {"session_length": 3600}},
    {"settings": {"session_length": ""}},
    {"settings": {"unified_apis": ["myspace"]}},
    {"settings": {"allow_actions": ["explode"]}},
    {"settings": {"show_logs": "yes"}},
    {"settings": "compact"},
    {"theme": {"primary_color": 286}},
    {"consumer_metadata": {"email": ["a@b.c"]}},
    {"redirect_uri": "https://evil.example.com/steal"},
    {"redirect_uri": "https://app.example.com/integrationsX"},
    {"redirect_uri": ""},
    {"redirect_uri": "https://app.example.com/integrations/../evil"},
    {"redirect_uri": "https://app.example.com/integrations/%2e%2e/evil"},
    {"redirect_uri": "https://app.example.com/integrations/..\\evil"},
    {"redirect_uri": "https://app.example.com/integrations/x#frag"},
    [1, 2],
], ids=["8 days", "2 weeks", "zero", "fraction", "no unit", "space", "years", "a number", "empty", "unknown api",
        "unknown action", "string boolean", "settings not an object", "color a number", "email a list",
        "redirect not allowed", "redirect prefix without slash", "redirect empty", "redirect dot segments",
        "redirect escaped dot segments", "redirect backslash", "redirect fragment", "body a list"])
def test_bad_sessions_are_refused_and_change_nothing(app, vault, first_application, body):
    allow_redirects(app, first_application.application_id,
                    ["https://app.example.com/integrations", "https://app.example.com/integrations/"])
    before = dump_all_rows(app.state.engine)
    response = vault.post("/vault/sessions", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["type_name"] == "RequestValidationError"
    assert dump_all_rows(app.state.engine) == before


def test_redirect_uri_needs_an_allowed_list(app, vault):
    response = vault.post("/vault/sessions", json={"redirect_uri": "https://app.example.com/done"})
    assert response.status_code == 400
    assert stored_sessions(app) == []


def test_authentication_and_consumer_are_required(app, http, vault, first_application):
    from tests.support.clients import vault_client

    assert http.post("/vault/sessions", json={}).status_code == 401
    no_consumer = vault_client(http, first_application.api_key, first_application.application_id)
    assert no_consumer.post("/vault/sessions", json={}).status_code == 400
    assert stored_sessions(app) == []


def test_expiry(vault, keyring):
    token = create(vault, {"settings": {"session_length": "30m"}})["session_token"]
    claims = verify_session_token(token, keyring)
    issued = utcnow()
    verify_session_token(token, keyring, now=issued + timedelta(minutes=29))
    with pytest.raises(SessionTokenExpired):
        verify_session_token(token, keyring, now=issued + timedelta(minutes=31))
    with pytest.raises(SessionTokenExpired) as raised:
        verify_session_token(token, keyring, now=issued + timedelta(days=2))
    assert raised.value.status_code == 401
    assert claims["session_id"] not in str(raised.value)


def _tamper_payload(token: str, **changes) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    forged = base64.urlsafe_b64encode(json.dumps(claims | changes).encode()).decode().rstrip("=")
    return f"{header}.{forged}.{signature}"


def test_tampered_tokens_are_refused(vault, keyring):
    token = create(vault)["session_token"]
    for forged in (
        _tamper_payload(token, consumer_id="someone-else"),
        _tamper_payload(token, exp=4102444800),  # the year 2100
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        token + "x",
        "not-a-token",
        "",
        jwt.encode({"session_id": "s", "application_id": "a", "consumer_id": "c", "iat": 0, "exp": 4102444800},
                   key=None, algorithm="none", headers={"kid": keyring.primary_id}),
    ):
        with pytest.raises(SessionTokenInvalid) as raised:
            verify_session_token(forged, keyring)
        assert not isinstance(raised.value, SessionTokenExpired)


def test_a_token_from_another_key_is_refused(vault, keyring):
    token = create(vault)["session_token"]
    with pytest.raises(SessionTokenInvalid):
        verify_session_token(token, KeyRing([("another", generate_key())]))
    # Same key id, other key material: the signature gives it away.
    with pytest.raises(SessionTokenInvalid):
        verify_session_token(token, KeyRing([(keyring.primary_id, generate_key())]))
    # A token signed with the raw key ring key (not the derived one) is refused too.
    raw_key = base64.b64decode(keyring.serialize().split(",")[0].rpartition(":")[2])
    claims = verify_session_token(token, keyring)
    raw = jwt.encode(claims, raw_key, algorithm="HS256", headers={"kid": keyring.primary_id})
    with pytest.raises(SessionTokenInvalid):
        verify_session_token(raw, keyring)


def test_tokens_survive_a_key_rotation_while_the_old_key_is_kept(vault, keyring):
    token = create(vault)["session_token"]
    rotated = keyring.with_new_primary(generate_key())
    assert verify_session_token(token, rotated)["consumer_id"] == "consumer-1"
    assert jwt.get_unverified_header(token)["kid"] == keyring.primary_id
