"""gql, the Python GraphQL client, drives the Linear emulator (Linear publishes no Python client of its own):
it parses each query with graphql-core and sends its printed form, variables and operation name, pages
Relay connections by ``endCursor``, filters on ``updatedAt``, reads ``viewer``, and turns Linear's GraphQL
error bodies into its TransportQueryError (a spent allowance: ``RATELIMITED``, with the reset headers).

gql's printed queries differ from hand-written ones (``query Name($v: Type)`` with its types, canonical
spacing), so these tests also check the emulator's query reader against what a standard client sends.
"""

from __future__ import annotations

import httpx
import pytest
from gql import Client, GraphQLRequest, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.requests import RequestsHTTPTransport

from glue_emulators import linear
from glue_emulators.server import EmulatorServer
from tests.emulators.manual_clock import ManualClock
from tests.emulators.served import server  # noqa: F401 (fixtures)

COUNTS = {"issues": 57, "comments": 9, "projects": 4, "teams": 3, "users": 5}
ISSUES = gql("""
query Issues($first: Int, $after: String, $filter: IssueFilter, $archived: Boolean) {
  issues(first: $first, after: $after, filter: $filter, orderBy: updatedAt, includeArchived: $archived) {
    nodes { id title updatedAt archivedAt team { id } }
    pageInfo { hasNextPage endCursor }
  }
}""")
USERS_BY_EDGES = gql("""
query Users($after: String) {
  users(first: 2, after: $after) { edges { cursor node { id email } } pageInfo { hasNextPage endCursor } }
}""")


@pytest.fixture(scope="module")
def emulator():
    return linear.create_emulator(COUNTS)


def client_for(server, token: str) -> Client:
    transport = RequestsHTTPTransport(url=f"{server.url}/graphql", headers={"Authorization": f"Bearer {token}"},
                                      retries=0)
    return Client(transport=transport, fetch_schema_from_transport=False)


@pytest.fixture
def client(emulator, server):
    return client_for(server, emulator.oauth.mint()["access_token"])


def live_ids(server, name: str) -> set[str]:
    return set(httpx.get(f"{server.url}/_emulator/records/{name}").json()["records"])


def every_issue(client: Client, first: int, **variables) -> tuple[list[dict], int]:
    nodes, after, pages = [], None, 0
    while True:
        request = GraphQLRequest(ISSUES, variable_values={"first": first, "after": after, **variables})
        connection = client.execute(request)["issues"]
        nodes += connection["nodes"]
        pages += 1
        if not connection["pageInfo"]["hasNextPage"]:
            return nodes, pages
        after = connection["pageInfo"]["endCursor"]


def test_issues_page_by_end_cursor_in_updated_order_and_each_arrives_once(client, server):
    nodes, pages = every_issue(client, 10)
    assert pages == 6
    ids = [n["id"] for n in nodes]
    assert len(ids) == len(set(ids)) and set(ids) == live_ids(server, "issues")
    stamps = [n["updatedAt"] for n in nodes]
    assert stamps == sorted(stamps)


def test_edges_carry_a_cursor_per_node(client, server):
    seen, after = [], None
    while True:
        connection = client.execute(GraphQLRequest(USERS_BY_EDGES, variable_values={"after": after}))["users"]
        seen += [edge["node"]["id"] for edge in connection["edges"]]
        assert all(edge["cursor"] for edge in connection["edges"])
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert sorted(seen) == sorted(live_ids(server, "users"))


def test_the_updated_at_filter_keeps_only_the_changed_issues(client, server):
    everything, _ = every_issue(client, 100)
    newest = max(n["updatedAt"] for n in everything)
    changed = httpx.post(f"{server.url}/_emulator/changes/update",
                         json={"object": "issues", "indices": [2, 40]}).json()["ids"]
    recent, _ = every_issue(client, 1, filter={"updatedAt": {"gt": newest}})
    assert [n["id"] for n in recent] == changed


def test_viewer_names_the_token_owner_and_its_organisation(client, server):
    viewer = client.execute(gql("{ viewer { id email organization { id name } } }"))["viewer"]
    assert viewer["id"] in live_ids(server, "users") and viewer["organization"]["id"]


def test_graphql_errors_raise_transport_query_error_with_linears_codes(client, server):
    with pytest.raises(TransportQueryError) as invalid:
        client.execute(gql("{ issues(first: 2) { nodes { id colour } } }"))
    assert invalid.value.errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    with pytest.raises(TransportQueryError) as refused:  # a 401 whose body is GraphQL's: gql reads the errors
        client_for(server, "not-a-token").execute(gql("{ viewer { id } }"))
    assert [e["extensions"]["code"] for e in refused.value.errors] == ["AUTHENTICATION_ERROR"]


def test_a_spent_hourly_allowance_is_ratelimited_until_its_reset():
    clock = ManualClock(start=1_800_000_000.0)  # epoch seconds: the reset header names a wall-clock time
    emulator = linear.create_emulator({"users": 2}, requests_per_hour=2, clock=clock)
    with EmulatorServer(emulator.app) as server:
        client = client_for(server, emulator.oauth.mint()["access_token"])
        query = gql("{ users(first: 5) { nodes { id } } }")
        assert [len(client.execute(query)["users"]["nodes"]) for _ in range(2)] == [2, 2]
        with pytest.raises(TransportQueryError) as refused:
            client.execute(query)
        assert refused.value.errors[0]["extensions"]["code"] == "RATELIMITED"
        headers = client.transport.response_headers
        reset_ms = int(headers["X-RateLimit-Requests-Reset"])
        assert headers["X-RateLimit-Requests-Remaining"] == "0" and reset_ms > clock() * 1000
        clock.advance(reset_ms / 1000 - clock())
        assert len(client.execute(query)["users"]["nodes"]) == 2
