from sqlalchemy import select

from glue_api.applications.service import API_KEY_PREFIX
from glue_api.models import ApiKey


def test_missing_key_is_401(anonymous_mgmt):
    response = anonymous_mgmt.get("/customers")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "UNAUTHORIZED"


def test_wrong_key_is_401(anonymous_mgmt, mgmt):
    forged = mgmt.api_key[:-4] + ("AAAA" if not mgmt.api_key.endswith("AAAA") else "BBBB")
    assert anonymous_mgmt.get("/customers", headers={"x-api-key": forged}).status_code == 401
    assert anonymous_mgmt.get("/customers", headers={"x-api-key": "not-a-glue-key"}).status_code == 401


def test_keys_are_long_random_and_stored_hashed(app, mgmt, other_mgmt):
    assert mgmt.api_key.startswith(API_KEY_PREFIX)
    assert len(mgmt.api_key) - len(API_KEY_PREFIX) >= 43  # 32 random bytes, base64url
    assert mgmt.api_key != other_mgmt.api_key
    with app.state.session_factory() as session:
        stored = session.execute(select(ApiKey.key_hash, ApiKey.hint)).all()
    assert len(stored) == 2
    for key_hash, hint in stored:
        assert mgmt.api_key not in key_hash and other_mgmt.api_key not in key_hash
        assert len(hint) < 16
    assert mgmt.get("/customers").status_code == 200


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _revoke_elsewhere(app, api_key: str) -> None:
    """Revokes a key the way another process would: straight in the store, unseen by this app's sessions."""
    from sqlalchemy import update

    from glue_api.applications.service import hash_api_key
    from glue_api.models.base import utcnow

    with app.state.engine.begin() as connection:
        connection.execute(update(ApiKey).where(ApiKey.key_hash == hash_api_key(api_key)).values(revoked_at=utcnow()))


def test_a_key_revoked_in_the_store_is_refused_once_its_cached_copy_expires(app, mgmt):
    from glue_api.applications.key_cache import ApiKeyCache

    clock = FakeClock()
    app.state.api_keys = ApiKeyCache(ttl=2.0, clock=clock)
    assert mgmt.get("/customers").status_code == 200
    _revoke_elsewhere(app, mgmt.api_key)

    clock.now += 1.9
    assert mgmt.get("/customers").status_code == 200  # the window the cache allows
    clock.now += 0.1
    assert mgmt.get("/customers").status_code == 401
    clock.now += 60
    assert mgmt.get("/customers").status_code == 401  # a refused key is looked up again, never cached


def test_a_rotated_key_works_at_once_and_the_old_one_stops_when_this_process_revokes_it(app, mgmt):
    from glue_api.applications.key_cache import ApiKeyCache
    from glue_api.applications.service import hash_api_key, issue_api_key
    from glue_api.db import transaction
    from glue_api.models import Application
    from glue_api.models.base import utcnow

    app.state.api_keys = ApiKeyCache(ttl=3600, clock=FakeClock())  # time stands still: only invalidation can act
    app.state.api_keys.watch(app.state.session_factory)
    assert mgmt.get("/customers").status_code == 200
    with transaction(app.state.session_factory) as session:
        new_key = issue_api_key(session, session.get(Application, mgmt.application_id)).api_key
    assert mgmt.get("/customers", headers={"x-api-key": new_key}).status_code == 200

    with transaction(app.state.session_factory) as session:
        old = session.execute(select(ApiKey).where(ApiKey.key_hash == hash_api_key(mgmt.api_key))).scalar_one()
        old.revoked_at = utcnow()
    assert mgmt.get("/customers").status_code == 401
    assert mgmt.get("/customers", headers={"x-api-key": new_key}).status_code == 200


def test_a_cached_application_is_seen_with_its_latest_redirect_uris(app, http, mgmt):
    from glue_api.applications.key_cache import ApiKeyCache

    app.state.api_keys = ApiKeyCache(ttl=3600, clock=FakeClock())
    app.state.api_keys.watch(app.state.session_factory)
    headers = {"x-api-key": mgmt.api_key}
    for uris in (["https://app.example.com/a"], ["https://app.example.com/b"]):
        assert http.put("/glue/v1/redirect_uris", headers=headers, json={"redirect_uris": uris}).status_code == 200
        assert http.get("/glue/v1/redirect_uris", headers=headers).json() == {"redirect_uris": uris}
