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
