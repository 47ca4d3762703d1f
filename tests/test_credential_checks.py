"""check_credentials asks the provider (here its emulator, over real HTTP) before Glue stores a key."""

from __future__ import annotations

import logging
import socket

import httpx
import pytest

from glue_api.config import Settings
from glue_api.credential_checks import (
    CredentialsRejected,
    ProviderUnreachable,
    check_credentials,
)
from glue_emulators import apollo, gong
from glue_emulators.server import EmulatorServer

APOLLO_KEY = "apollo-right-key-5f1c"
GONG_KEY, GONG_SECRET = "gong-right-key-9a2e", "gong-right-secret-77d0"


@pytest.fixture(scope="module")
def apollo_server():
    with EmulatorServer(apollo.create_emulator([APOLLO_KEY]).app) as server:
        yield server


@pytest.fixture(scope="module")
def gong_server():
    with EmulatorServer(gong.create_emulator([(GONG_KEY, GONG_SECRET)]).app) as server:
        yield server


@pytest.fixture
def settings(apollo_server, gong_server) -> Settings:
    return Settings(provider_base_urls={"apollo": apollo_server.url, "gong": gong_server.url})


def assert_secret_kept(exc: Exception, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in str(exc) and secret not in repr(exc)
    # No chained httpx error whose traceback could print the request.
    assert exc.__cause__ is None and (exc.__context__ is None or exc.__suppress_context__)


def recording_client() -> tuple[list[httpx.Request], httpx.Client]:
    """A client that sends nothing anywhere and keeps what it was asked to send."""
    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    return sent, httpx.Client(transport=httpx.MockTransport(record))


def test_apollo_right_key(settings):
    assert check_credentials(settings, "apollo", {"api_key": APOLLO_KEY}) is True


def test_apollo_wrong_key(settings, caplog):
    wrong = "apollo-wrong-key-0b3d"
    with caplog.at_level(logging.DEBUG), pytest.raises(CredentialsRejected) as rejected:
        check_credentials(settings, "apollo", {"api_key": wrong})
    assert str(rejected.value) == "Apollo did not accept this API key."
    assert_secret_kept(rejected.value, wrong)
    assert wrong not in caplog.text


@pytest.mark.parametrize("credentials", [{}, {"api_key": ""}, {"api_key": None}])
def test_apollo_missing_key_is_rejected_without_a_call(settings, credentials):
    sent, http = recording_client()
    with http, pytest.raises(CredentialsRejected):
        check_credentials(settings, "apollo", credentials, http=http)
    assert sent == []


@pytest.mark.parametrize("key", ["clé-avec-accent", "two\nlines", " padded "])
def test_apollo_key_that_cannot_be_a_header_is_rejected_quietly(settings, key):
    with pytest.raises(CredentialsRejected) as rejected:
        check_credentials(settings, "apollo", {"api_key": key})
    assert_secret_kept(rejected.value, key)


def test_apollo_logged_out_answer_rejects(settings):
    """Apollo has answered 200 with ``is_logged_in: false`` to bad keys; that is a refusal too."""

    def logged_out(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"healthy": True, "is_logged_in": False})

    with httpx.Client(transport=httpx.MockTransport(logged_out)) as http, pytest.raises(CredentialsRejected):
        check_credentials(settings, "apollo", {"api_key": APOLLO_KEY}, http=http)


def test_gong_right_credentials(settings):
    assert check_credentials(settings, "gong", {"access_key": GONG_KEY, "access_key_secret": GONG_SECRET}) is True


@pytest.mark.parametrize("key, secret", [(GONG_KEY, "gong-wrong-secret-1"), ("gong-wrong-key-2", GONG_SECRET)])
def test_gong_wrong_credentials(settings, key, secret, caplog):
    with caplog.at_level(logging.DEBUG), pytest.raises(CredentialsRejected) as rejected:
        check_credentials(settings, "gong", {"access_key": key, "access_key_secret": secret})
    assert "Gong" in str(rejected.value)
    assert_secret_kept(rejected.value, key, secret)
    assert key not in caplog.text and secret not in caplog.text


def test_gong_missing_secret_is_rejected(settings):
    with pytest.raises(CredentialsRejected):
        check_credentials(settings, "gong", {"access_key": GONG_KEY})


@pytest.mark.parametrize("provider, credentials", [
    ("apollo", {"api_key": APOLLO_KEY}),
    ("gong", {"access_key": GONG_KEY, "access_key_secret": GONG_SECRET}),
])
def test_stopped_provider_is_unreachable(provider, credentials):
    server = EmulatorServer(apollo.create_emulator([APOLLO_KEY]).app).start()
    server.stop()  # the port was live a moment ago and now refuses connections
    settings = Settings(provider_base_urls={provider: server.url})
    with pytest.raises(ProviderUnreachable) as unreachable:
        check_credentials(settings, provider, credentials)
    assert_secret_kept(unreachable.value, *credentials.values())


@pytest.mark.parametrize("fault, status", [({"server_error_every": 1}, "500"), ({"rate_limit_every": 1}, "429")])
def test_outage_or_rate_limit_is_unreachable_not_rejected(fault, status):
    emulator = gong.create_emulator([(GONG_KEY, GONG_SECRET)])
    emulator.faults.configure(**fault)
    with EmulatorServer(emulator.app) as server:
        settings = Settings(provider_base_urls={"gong": server.url})
        with pytest.raises(ProviderUnreachable) as unreachable:
            check_credentials(settings, "gong", {"access_key": GONG_KEY, "access_key_secret": GONG_SECRET})
    assert status in str(unreachable.value)
    assert_secret_kept(unreachable.value, GONG_KEY, GONG_SECRET)


def test_silent_provider_times_out_as_unreachable():
    with socket.socket() as silent:  # listens, so connecting works, but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings = Settings(provider_base_urls={"apollo": f"http://127.0.0.1:{silent.getsockname()[1]}"})
        with httpx.Client(timeout=0.3) as http, pytest.raises(ProviderUnreachable) as unreachable:
            check_credentials(settings, "apollo", {"api_key": APOLLO_KEY}, http=http)
    assert "Timeout" in str(unreachable.value)
    assert_secret_kept(unreachable.value, APOLLO_KEY)


def test_unknown_provider_sends_nothing(settings):
    sent, http = recording_client()
    with http:
        assert check_credentials(settings, "zoho_crm", {"api_key": "a-key"}, http=http) is False
    assert sent == []


def test_emulator_key_added_later_passes():
    """The check follows the provider's answer, not a list of its own: a key the provider starts accepting passes."""
    emulator = apollo.create_emulator()
    with EmulatorServer(emulator.app) as server:
        settings = Settings(provider_base_urls={"apollo": server.url})
        with pytest.raises(CredentialsRejected):
            check_credentials(settings, "apollo", {"api_key": "fresh-key"})
        httpx.post(server.url + "/_emulator/keys", json={"key": "fresh-key"}).raise_for_status()
        assert check_credentials(settings, "apollo", {"api_key": "fresh-key"}) is True
