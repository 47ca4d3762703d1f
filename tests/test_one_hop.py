"""@one_hop: the same bytes FastAPI would send, from a read session opened and given back in one worker thread."""

from __future__ import annotations

import threading

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session
from starlette.responses import JSONResponse

from glue_api.deps import SessionDep
from glue_api.errors import NotFound
from glue_api.models import Customer
from glue_api.one_hop import one_hop

# What Glue's views hold: text beyond ASCII, characters JSON escapes, nesting, nulls, booleans, numbers.
DOCUMENT = {
    "name": "Zoë \"Ünïcode\" \\ \u2028 <tag> \U0001F600", "empty": "", "none": None, "yes": True, "no": False,
    "count": 12345678901234, "ratio": 0.1, "nested": [{"a": [1, 2, {"b": None}]}, [], {}],
    "control": "tab\tnew\nline\x01",
}


@pytest.fixture
def twin_routes(app, first_application):
    """One body function served plainly and through @one_hop, on the app's real session factories and store."""
    threads: dict[str, list[int]] = {"one_hop": [], "closed": []}
    event.listen(app.state.read_session_factory, "after_transaction_end",
                 lambda session, transaction: transaction.parent is None
                 and threads["closed"].append(threading.get_ident()))

    def document(session: Session, customer_id: str) -> dict:
        assert session.execute(select(func.count()).select_from(Customer)).scalar() >= 0
        return DOCUMENT | {"customer_id": customer_id}

    twin = FastAPI()
    twin.state.session_factory = app.state.session_factory
    twin.state.read_session_factory = app.state.read_session_factory

    @twin.get("/plain/{customer_id}")
    def plain(customer_id: str, session: SessionDep) -> dict:
        return document(session, customer_id)

    @twin.get("/one_hop/{customer_id}")
    @one_hop
    def hopped(customer_id: str, session: Session) -> dict:
        threads["one_hop"].append(threading.get_ident())
        return document(session, customer_id)

    @twin.get("/list")
    @one_hop
    def hopped_list(session: Session) -> list[dict]:
        return [DOCUMENT, {"only": "one"}]

    @twin.get("/list_plain")
    def plain_list(session: SessionDep) -> list[dict]:
        return [DOCUMENT, {"only": "one"}]

    @twin.get("/missing")
    @one_hop
    def missing(session: Session) -> dict:
        session.execute(select(Customer.id)).all()
        raise NotFound("gone")

    @twin.get("/writes")
    @one_hop
    def writes(session: Session) -> dict:
        session.add(Customer(application_id=first_application.application_id, external_id="never", name="n", email="e"))
        session.flush()
        return {}

    @twin.exception_handler(NotFound)
    async def not_found(request, exc):
        return JSONResponse({"detail": str(exc)}, status_code=404)

    with TestClient(twin, raise_server_exceptions=False) as client:
        yield client, app, threads, twin


def _customers(engine) -> list[str]:
    with engine.connect() as connection:
        return sorted(connection.execute(select(Customer.external_id)).scalars())


def test_one_hop_answers_the_bytes_fastapi_would(twin_routes):
    client, _, _, _ = twin_routes
    plain, hopped = client.get("/plain/a"), client.get("/one_hop/a")
    assert hopped.status_code == plain.status_code == 200
    assert hopped.content == plain.content
    assert hopped.headers["content-type"] == plain.headers["content-type"]
    assert hopped.headers["content-length"] == plain.headers["content-length"]
    assert client.get("/list").content == client.get("/list_plain").content


def test_one_hop_closes_its_read_session_in_the_endpoints_thread(twin_routes):
    client, app, threads, _ = twin_routes
    assert client.get("/one_hop/c1").status_code == 200
    assert threads["closed"] == threads["one_hop"]  # given back where the endpoint ran
    assert app.state.read_engine.pool.checkedout() == 0


def test_a_failing_one_hop_endpoint_gives_its_connection_back(twin_routes):
    client, app, _, _ = twin_routes
    assert client.get("/missing").status_code == 404
    assert app.state.read_engine.pool.checkedout() == 0


def test_a_one_hop_endpoint_cannot_write(twin_routes):
    client, app, _, _ = twin_routes
    assert client.get("/writes").status_code == 500
    assert "never" not in _customers(app.state.engine)
    assert app.state.read_engine.pool.checkedout() == 0


def test_the_session_is_no_parameter_of_the_route(twin_routes):
    _, _, _, twin = twin_routes
    operation = twin.openapi()["paths"]["/one_hop/{customer_id}"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["customer_id"]
    assert "requestBody" not in operation


def test_one_hop_refuses_an_endpoint_without_a_session():
    def no_session(customer_id: str) -> dict:
        return {}

    with pytest.raises(TypeError):
        one_hop(no_session)


def test_the_app_hot_reads_answer_as_before(mgmt, vault, app):
    """The decorated routes of the real app answer as the spec says (SpecCheckedClient checks each response)."""
    assert mgmt.put("/customers", json={"customer_id": "c1", "name": "Zoë", "email": "z@c1.test"}).status_code == 200
    assert mgmt.get("/customers").json()[0]["name"] == "Zoë"
    assert mgmt.get("/customers/c1").json()["customer_id"] == "c1"
    assert mgmt.get("/customers/c1/connections").json() == []
    assert vault.get("/vault/consumers/c1").json()["data"]["consumer_id"] == "c1"
    assert [c["consumer_id"] for c in vault.get("/vault/consumers").json()["data"]] == ["c1"]
    assert vault.get("/vault/connections").json()["data"] == []
    with app.state.session_factory() as session:
        assert session.execute(select(func.count()).select_from(Customer)).scalar() == 1
