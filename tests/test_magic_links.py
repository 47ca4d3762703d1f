from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from glue_api.models import MagicLink
from tests.support.store import dump_all_rows

HUBSPOT = {
    "name": "hubspot", "category": "crm", "auth_type": "oauth2",
    "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": ["crm.objects.contacts.read"],
               "credentials": {"oauth_client_id": "cid", "oauth_client_secret": "csecret"}}},
}
LINK = {"customer_id": "c1", "provider_name": "hubspot", "return_url": "https://app.acme.test/done", "expiration_secs": 3600}


@pytest.fixture
def seeded(mgmt):
    assert mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "a@acme.test"}).status_code == 200
    assert mgmt.post("/providers", json=HUBSPOT).status_code == 201
    return mgmt


def count_links(app) -> int:
    with app.state.session_factory() as session:
        return session.execute(select(func.count()).select_from(MagicLink)).scalar()


def test_create_list_delete(seeded):
    first = seeded.post("/magic_links", json=LINK)
    assert first.status_code == 201
    link = first.json()
    assert (link["customer_id"], link["provider_name"], link["status"]) == ("c1", "hubspot", "new")
    assert link["return_url"] == LINK["return_url"]
    second = seeded.post("/magic_links", json={**LINK, "expiration_secs": 60}).json()

    assert [item["id"] for item in seeded.get("/magic_links").json()] == [second["id"], link["id"]]
    deleted = seeded.delete(f"/magic_links/{link['id']}")
    assert deleted.status_code == 204 and deleted.content == b""
    assert [item["id"] for item in seeded.get("/magic_links").json()] == [second["id"]]
    assert seeded.delete(f"/magic_links/{link['id']}").status_code == 404


def test_url_is_public_and_unguessable(seeded):
    urls = [seeded.post("/magic_links", json=LINK).json()["url"] for _ in range(2)]
    prefix = "http://glue.test/links/"
    assert all(url.startswith(prefix) for url in urls)
    tokens = [url.removeprefix(prefix) for url in urls]
    assert tokens[0] != tokens[1]
    assert all(len(token) >= 43 for token in tokens)  # 32 random bytes, base64url


def test_expires_at_is_utc_and_after_expiration_secs(seeded):
    before = datetime.now(timezone.utc)
    expires_at = seeded.post("/magic_links", json={**LINK, "expiration_secs": 18000}).json()["expires_at"]
    after = datetime.now(timezone.utc)
    assert expires_at.endswith("Z")
    moment = datetime.fromisoformat(expires_at.replace("Z", "+00:00"))
    slack = timedelta(milliseconds=1)  # the wire format keeps milliseconds
    assert before + timedelta(seconds=18000) - slack <= moment <= after + timedelta(seconds=18000)
    assert seeded.get("/magic_links").json()[0]["expires_at"] == expires_at


def test_expired_link_is_still_listed_with_its_status(app, seeded):
    link = seeded.post("/magic_links", json={**LINK, "expiration_secs": 0.001}).json()
    with app.state.session_factory() as session:
        session.get(MagicLink, link["id"]).expires_at = datetime.now(timezone.utc) - timedelta(days=1)
        session.commit()
    listed = seeded.get("/magic_links").json()
    assert [(item["id"], item["status"]) for item in listed] == [(link["id"], "new")]


def test_other_application_cannot_see_or_delete(app, seeded, other_mgmt):
    link = seeded.post("/magic_links", json=LINK).json()
    assert other_mgmt.get("/magic_links").json() == []
    response = other_mgmt.delete(f"/magic_links/{link['id']}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "NOT_FOUND"
    # Nor can it make links for the first application's customer.
    other_mgmt.post("/providers", json=HUBSPOT)
    assert other_mgmt.post("/magic_links", json=LINK).status_code == 404
    assert [item["id"] for item in seeded.get("/magic_links").json()] == [link["id"]]


NOT_FOUND_BODIES = [
    ({**LINK, "customer_id": "nobody"}, "unknown customer"),
    ({**LINK, "provider_name": "salesforce"}, "provider not configured"),
]


@pytest.mark.parametrize("body,why", NOT_FOUND_BODIES, ids=[case[1] for case in NOT_FOUND_BODIES])
def test_unknown_customer_or_provider_is_404(app, seeded, body, why):
    before = dump_all_rows(app.state.engine)
    response = seeded.post("/magic_links", json=body)
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "NOT_FOUND"
    assert dump_all_rows(app.state.engine) == before


def test_unknown_id_is_404(seeded):
    assert seeded.delete("/magic_links/6bf954f9-dba3-4c34-9275-3830dccb0030").status_code == 404


BAD_BODIES = [
    *[({k: v for k, v in LINK.items() if k != field}, f"{field} missing") for field in LINK],
    ({**LINK, "expiration_secs": "soon"}, "expiration_secs is a string"),
    ({**LINK, "expiration_secs": True}, "expiration_secs is a boolean"),
    ({**LINK, "expiration_secs": -60}, "negative expiration"),
    ({**LINK, "expiration_secs": 0}, "zero expiration"),
    ({**LINK, "expiration_secs": 31 * 24 * 3600}, "expiration over 30 days"),
    ({**LINK, "customer_id": 42}, "customer_id is a number"),
    ({**LINK, "customer_id": ""}, "customer_id empty"),
    ({**LINK, "provider_name": "myspace"}, "unknown provider name"),
    ({**LINK, "return_url": "/connections/done"}, "relative return_url"),
    ({**LINK, "return_url": "ftp://files.acme.test/x"}, "return_url not http"),
    ({**LINK, "return_url": "javascript:alert(1)"}, "return_url script"),
    ({**LINK, "return_url": "https:///no-host"}, "return_url without host"),
    ({**LINK, "return_url": "https://acme.test/a\r\nSet-Cookie: x=1"}, "return_url with line break"),
    ([LINK], "body is not an object"),
]


@pytest.mark.parametrize("body,why", BAD_BODIES, ids=[case[1] for case in BAD_BODIES])
def test_bad_input_is_400_and_changes_nothing(app, seeded, body, why):
    before = dump_all_rows(app.state.engine)
    response = seeded.post("/magic_links", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["code"] == "BAD_REQUEST"
    assert dump_all_rows(app.state.engine) == before


def test_malformed_json_is_400_and_changes_nothing(app, seeded):
    before = dump_all_rows(app.state.engine)
    response = seeded.post("/magic_links", content=b"{", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "BAD_REQUEST"
    assert dump_all_rows(app.state.engine) == before


def test_deleting_the_customer_deletes_its_links(app, seeded):
    seeded.post("/magic_links", json=LINK)
    seeded.put("/customers", json={"customer_id": "c2", "name": "Other", "email": "o@acme.test"})
    kept = seeded.post("/magic_links", json={**LINK, "customer_id": "c2"}).json()
    assert seeded.delete("/customers/c1").status_code == 204
    assert [item["id"] for item in seeded.get("/magic_links").json()] == [kept["id"]]
    assert count_links(app) == 1


def test_missing_key_is_401(anonymous_mgmt):
    assert anonymous_mgmt.get("/magic_links").status_code == 401
