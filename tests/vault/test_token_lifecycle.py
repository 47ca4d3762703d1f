"""Token lifecycle: refresh ahead of expiry, refused refresh tokens, back-off, one refresh at a time."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from glue_api.config import Settings
from glue_api.crypto import KeyRing
from glue_api.db import make_engine, make_session_factory, transaction
from glue_api.models import Connection
from glue_api.tokens.service import (
    BACKOFF_KEY,
    ConnectionInvalid,
    ConnectionNotAuthorized,
    TokenRefreshBackingOff,
    TokenRefreshFailed,
    backoff_delay,
    fresh_credentials,
)
from tests.support.store import dump_all_rows
from tests.vault.oauth_support import (
    CLIENT_ID,
    OAUTH_PROVIDERS,
    add_connection,
    configure_integration,
    connection_state,
    event_types,
    stored_credentials,
)


@pytest.fixture
def connect(app, mgmt, emulators, first_application):
    """A callable connection holding tokens the emulator issued, with an access token expiring in ``expires_in``."""

    def make(provider: str, expires_in: timedelta):
        emulated = emulators(provider)
        configure_integration(mgmt, app, emulated)
        minted = emulated.mint()
        credentials = {"type": "oauth2", "access_token": minted["access_token"],
                       "refresh_token": minted["refresh_token"],
                       "expires_at": (datetime.now(timezone.utc) + expires_in).isoformat()}
        connection_id = add_connection(app, first_application.application_id, provider, state="callable",
                                       credentials=credentials)
        return emulated, connection_id, credentials

    return make


def fresh(app, connection_id: str, **kwargs) -> dict:
    return fresh_credentials(app.state.session_factory, app.state.keyring, app.state.settings, connection_id, **kwargs)


def failing_provider(status_code: int = 503):
    """A stand-in HTTP client whose token endpoint is down; counts the requests it got."""
    calls = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(status_code, json={"error": "temporarily_unavailable"})

    return httpx.Client(transport=httpx.MockTransport(answer)), calls


def test_token_far_from_expiry_is_handed_out_as_is(app, connect):
    emulated, connection_id, credentials = connect("hubspot", timedelta(minutes=30))

    assert fresh(app, connection_id)["access_token"] == credentials["access_token"]
    assert emulated.counter.token_requests == 0


@pytest.mark.parametrize("provider", OAUTH_PROVIDERS)
def test_token_expiring_within_15_minutes_is_refreshed(provider, app, connect):
    emulated, connection_id, old = connect(provider, timedelta(minutes=14))

    refreshed = fresh(app, connection_id)

    assert refreshed["access_token"] != old["access_token"]
    assert emulated.oauth.grant_for(refreshed["access_token"]).client_id == CLIENT_ID
    assert refreshed["refresh_token"]  # Salesforce keeps the old one, the others rotate or reissue
    assert datetime.fromisoformat(refreshed["expires_at"]) - datetime.now(timezone.utc) > timedelta(minutes=15)
    assert stored_credentials(app, connection_id) == refreshed
    raw = str(dump_all_rows(app.state.engine))
    assert refreshed["access_token"] not in raw and refreshed["refresh_token"] not in raw
    assert fresh(app, connection_id)["access_token"] == refreshed["access_token"]
    assert emulated.counter.token_requests == 1


@pytest.mark.parametrize("provider", OAUTH_PROVIDERS)
def test_refused_refresh_token_makes_the_connection_invalid_and_emits_once(provider, app, connect):
    emulated, connection_id, _ = connect(provider, timedelta(minutes=-1))
    emulated.oauth.revoke_all()  # the customer uninstalled the app at the provider

    with pytest.raises(ConnectionInvalid):
        fresh(app, connection_id)

    assert connection_state(app, connection_id) == "invalid"  # kept although the call raised
    assert event_types(app, connection_id) == ["vault.connection.token_refresh.failed"]
    with pytest.raises(ConnectionInvalid):
        fresh(app, connection_id)
    assert emulated.counter.token_requests == 1  # an invalid connection is not refreshed again
    assert event_types(app, connection_id) == ["vault.connection.token_refresh.failed"]


def test_other_failures_back_off(app, connect):
    emulated, connection_id, old = connect("pipedrive", timedelta(minutes=-1))
    down, calls = failing_provider()
    now = datetime.now(timezone.utc)

    with pytest.raises(TokenRefreshFailed) as first:
        fresh(app, connection_id, http=down, now=now)
    assert type(first.value) is TokenRefreshFailed and first.value.status_code == 502
    backoff = stored_credentials(app, connection_id)[BACKOFF_KEY]
    assert backoff["failures"] == 1
    assert datetime.fromisoformat(backoff["next_attempt_at"]) == now + backoff_delay(1)
    assert connection_state(app, connection_id) == "callable" and event_types(app, connection_id) == []

    with pytest.raises(TokenRefreshBackingOff) as waiting:  # no call to the provider while backing off
        fresh(app, connection_id, http=down, now=now + timedelta(seconds=5))
    assert waiting.value.retry_at == now + backoff_delay(1)
    assert len(calls) == 1

    later = now + backoff_delay(1) + timedelta(seconds=1)
    with pytest.raises(TokenRefreshFailed):
        fresh(app, connection_id, http=down, now=later)
    assert len(calls) == 2
    backoff = stored_credentials(app, connection_id)[BACKOFF_KEY]
    assert backoff["failures"] == 2
    assert datetime.fromisoformat(backoff["next_attempt_at"]) == later + backoff_delay(2)

    recovered = fresh(app, connection_id, now=later + backoff_delay(2) + timedelta(seconds=1))
    assert recovered["access_token"] != old["access_token"] and BACKOFF_KEY not in recovered
    assert BACKOFF_KEY not in stored_credentials(app, connection_id)
    assert emulated.counter.token_requests == 1


def test_unreachable_provider_backs_off_too(app, connect):
    _, connection_id, _ = connect("hubspot", timedelta(minutes=-1))

    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(TokenRefreshFailed) as failed:
        fresh(app, connection_id, http=httpx.Client(transport=httpx.MockTransport(unreachable)))

    assert "ConnectError" in str(failed.value)
    assert stored_credentials(app, connection_id)[BACKOFF_KEY]["failures"] == 1
    assert connection_state(app, connection_id) == "callable"


def test_failed_refresh_still_hands_out_a_token_that_works(app, connect):
    _, connection_id, old = connect("hubspot", timedelta(minutes=10))
    down, calls = failing_provider()

    assert fresh(app, connection_id, http=down)["access_token"] == old["access_token"]
    assert fresh(app, connection_id, http=down)["access_token"] == old["access_token"]

    assert len(calls) == 1  # the second call was inside the back-off
    assert stored_credentials(app, connection_id)[BACKOFF_KEY]["failures"] == 1


def test_backoff_grows_and_is_capped():
    assert [backoff_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff_delay(30) == timedelta(minutes=30)


def test_reauthorized_connection_is_refreshed_again(app, connect):
    """A connection made invalid is handed out again once new tokens are stored (as the callback does)."""
    emulated, connection_id, _ = connect("hubspot", timedelta(minutes=-1))
    emulated.oauth.revoke_all()
    with pytest.raises(ConnectionInvalid):
        fresh(app, connection_id)

    minted = emulated.mint()
    with transaction(app.state.session_factory) as session:
        connection = session.get(Connection, connection_id)
        connection.credentials = app.state.keyring.seal_json(
            {"type": "oauth2", "access_token": minted["access_token"], "refresh_token": minted["refresh_token"],
             "expires_at": (datetime.now(timezone.utc) - timedelta(minutes=1)).isoformat()})
        connection.state = "callable"

    assert fresh(app, connection_id)["access_token"] not in (None, minted["access_token"])


# --- at most one refresh per connection at a time ---------------------------------------------------


def _concurrently(count: int, work) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.parametrize("provider", ["hubspot", "salesforce"])
def test_fifty_concurrent_callers_cause_one_refresh(provider, app, connect):
    emulated, connection_id, old = connect(provider, timedelta(minutes=2))

    results = _concurrently(50, lambda _: fresh(app, connection_id)["access_token"])

    assert all(isinstance(token, str) for token in results), results
    assert len(set(results)) == 1 and results[0] != old["access_token"]
    assert emulated.counter.token_requests == 1


def test_callers_with_their_own_engines_cause_one_refresh(app, connect, store_url):
    """Each worker has its own engine and connection pool, as separate processes would."""
    emulated, connection_id, old = connect("pipedrive", timedelta(minutes=-5))
    engines = [make_engine(store_url) for _ in range(8)]
    try:
        results = _concurrently(8, lambda i: fresh_credentials(
            make_session_factory(engines[i]), app.state.keyring, app.state.settings, connection_id)["access_token"])
    finally:
        for engine in engines:
            engine.dispose()

    assert all(isinstance(token, str) for token in results), results
    assert len(set(results)) == 1 and results[0] != old["access_token"]
    assert emulated.counter.token_requests == 1


def _refresh_in_child(store_url: str, keyring_text: str, base_urls: dict, connection_id: str, barrier, results) -> None:
    settings = Settings(database_url=store_url, provider_base_urls=base_urls)
    engine = make_engine(store_url)
    try:
        barrier.wait(timeout=60)
        credentials = fresh_credentials(make_session_factory(engine), KeyRing.parse(keyring_text), settings,
                                        connection_id)
        results.put(credentials["access_token"])
    except Exception as exc:  # noqa: BLE001 - the parent asserts on what arrives
        results.put(f"error: {type(exc).__name__}: {exc}")
    finally:
        engine.dispose()


def test_processes_cause_one_refresh(app, connect, store_url):
    emulated, connection_id, old = connect("hubspot", timedelta(minutes=-5))
    context = multiprocessing.get_context("spawn")
    count = 4
    barrier, results = context.Barrier(count), context.Queue()
    processes = [
        context.Process(target=_refresh_in_child, args=(
            store_url, app.state.keyring.serialize(), dict(app.state.settings.provider_base_urls), connection_id,
            barrier, results))
        for _ in range(count)
    ]
    for process in processes:
        process.start()
    tokens = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)

    assert len(set(tokens)) == 1 and tokens[0].startswith("at-") and tokens[0] != old["access_token"], tokens
    assert emulated.counter.token_requests == 1


def test_a_connection_not_yet_authorized_has_no_token_to_hand_out(app, mgmt, emulators, first_application):
    emulated = emulators("hubspot")
    configure_integration(mgmt, app, emulated)
    connection_id = add_connection(app, first_application.application_id, "hubspot")

    with pytest.raises(ConnectionNotAuthorized):
        fresh(app, connection_id)
    assert emulated.counter.token_requests == 0


def test_backoff_does_not_hold_back_a_newly_stored_refresh_token(app, connect):
    """An import that keeps the rest of the credentials keeps the back-off record too; it names the old token."""
    emulated, connection_id, _ = connect("hubspot", timedelta(minutes=-1))
    down, _ = failing_provider()
    with pytest.raises(TokenRefreshFailed):
        fresh(app, connection_id, http=down)

    minted = emulated.mint()
    with transaction(app.state.session_factory) as session:
        connection = session.get(Connection, connection_id)
        credentials = app.state.keyring.open_json(connection.credentials)
        connection.credentials = app.state.keyring.seal_json(
            credentials | {"access_token": None, "refresh_token": minted["refresh_token"], "expires_at": None})

    assert fresh(app, connection_id)["access_token"].startswith("at-")
    assert emulated.counter.token_requests == 1
