"""The Linear emulator judged from outside, by Linear's documentation: GraphQL answers and errors, Relay
cursor paging, the updatedAt filter, archived records, the allowance headers and OAuth with refresh tokens."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from glue_emulators import linear
from glue_emulators.server import EmulatorServer

CLIENT_ID, CLIENT_SECRET = "linear-client", "linear-secret"
REDIRECT = "https://glue.test/oauth/callback"
ISSUES = """query Issues($first: Int, $after: String, $filter: IssueFilter, $archived: Boolean) {
  issues(first: $first, after: $after, filter: $filter, orderBy: updatedAt, includeArchived: $archived) {
    nodes { id title updatedAt archivedAt team { id } }
    pageInfo { hasNextPage endCursor }
  }
}"""


@pytest.fixture
def served():
    emulator = linear.create_emulator({"issues": 23, "comments": 5, "projects": 3, "teams": 2, "users": 4})
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    with EmulatorServer(emulator.app) as server, httpx.Client(base_url=server.url) as client:
        client.headers["Authorization"] = f"Bearer {emulator.oauth.mint(CLIENT_ID)['access_token']}"
        yield emulator, client


def graphql(client: httpx.Client, query: str, **variables) -> httpx.Response:
    return client.post("/graphql", json={"query": query, "variables": variables})


def codes(answer: httpx.Response) -> list[str]:
    return [error["extensions"]["code"] for error in answer.json()["errors"]]


def read_all(client: httpx.Client, first: int, **variables) -> tuple[list[dict], int]:
    nodes, after, pages = [], None, 0
    while True:
        answer = graphql(client, ISSUES, first=first, after=after, **variables)
        assert answer.status_code == 200, answer.text
        connection = answer.json()["data"]["issues"]
        nodes += connection["nodes"]
        pages += 1
        if not connection["pageInfo"]["hasNextPage"]:
            return nodes, pages
        after = connection["pageInfo"]["endCursor"]
        assert after


def test_relay_cursors_walk_every_issue_once_in_updated_order(served):
    _, client = served
    nodes, pages = read_all(client, 5)
    assert pages == 5 and len(nodes) == 23 and len({n["id"] for n in nodes}) == 23
    assert [n["updatedAt"] for n in nodes] == sorted(n["updatedAt"] for n in nodes)
    assert set(nodes[0]) == {"id", "title", "updatedAt", "archivedAt", "team"} and set(nodes[0]["team"]) == {"id"}


def test_the_updated_at_filter_and_archived_records(served):
    emulator, client = served
    before = read_all(client, 50)[0]
    emulator.dataset["issues"].update([4, 9])
    emulator.dataset["issues"].delete([2])
    cut = before[-1]["updatedAt"]
    changed = read_all(client, 50, filter={"updatedAt": {"gt": cut}})[0]
    assert {n["id"] for n in changed} == {before[4]["id"], before[9]["id"]}
    with_archived = read_all(client, 50, filter={"updatedAt": {"gt": cut}}, archived=True)[0]
    archived = [n for n in with_archived if n["archivedAt"]]
    assert [n["id"] for n in archived] == [before[2]["id"]] and len(with_archived) == 3
    assert len(read_all(client, 50)[0]) == 22


def test_a_cursor_continues_only_its_own_ordering_and_bad_queries_are_graphql_errors(served):
    _, client = served
    page = graphql(client, ISSUES, first=3).json()["data"]["issues"]
    other = graphql(client, "query($after: String) { issues(first: 3, after: $after) { nodes { id } } }",
                    after=page["pageInfo"]["endCursor"])
    assert other.status_code == 400 and codes(other) == ["INVALID_INPUT"]
    unknown = graphql(client, "{ issues { nodes { id nope } } }")
    assert unknown.status_code == 400 and codes(unknown) == ["GRAPHQL_VALIDATION_FAILED"]
    assert codes(graphql(client, "{ issues { nodes { id }")) == ["GRAPHQL_PARSE_FAILED"]
    assert graphql(client, ISSUES, first=251).status_code == 400
    for outside_the_subset in ("mutation { issueCreate(input: {title: \"x\"}) { success } }",
                                "{ issues { ...fields } } fragment fields on IssueConnection { nodes { id } }"):
        assert codes(graphql(client, outside_the_subset)) == ["GRAPHQL_PARSE_FAILED"]
    teams = ('query($n: Int = 2) { teams(first: $n, filter: {updatedAt: {gte: "2020-01-01T00:00:00Z"}}) '
             '{ edges { cursor node { key } } } }')
    defaults = graphql(client, teams).json()["data"]["teams"]["edges"]
    assert len(defaults) == 2 and all(edge["cursor"] and edge["node"]["key"] for edge in defaults)
    viewer = graphql(client, "{ me: viewer { id organization { urlKey } } }").json()["data"]["me"]
    assert viewer["organization"] == {"urlKey": "acme"} and viewer["id"]


def test_every_answer_reports_both_allowances_and_a_spent_one_is_ratelimited():
    emulator = linear.create_emulator({"issues": 5}, requests_per_hour=2)
    with EmulatorServer(emulator.app) as server, httpx.Client(base_url=server.url) as client:
        client.headers["Authorization"] = f"Bearer {emulator.oauth.mint()['access_token']}"
        first = graphql(client, ISSUES, first=5)
        assert first.headers["x-ratelimit-requests-limit"] == "2"
        assert first.headers["x-ratelimit-requests-remaining"] == "1"
        cost = int(first.headers["x-complexity"])
        assert cost > 5  # five issues with their fields cost more than one point each
        assert int(first.headers["x-ratelimit-complexity-remaining"]) == 3_000_000 - cost
        assert int(first.headers["x-ratelimit-requests-reset"]) > time.time() * 1000  # epoch milliseconds
        assert graphql(client, ISSUES, first=5).status_code == 200
        refused = graphql(client, ISSUES, first=5)
        assert refused.status_code == 400 and codes(refused) == ["RATELIMITED"]
        assert refused.headers["x-ratelimit-requests-remaining"] == "0"


def test_oauth_code_refresh_and_revoke(served):
    emulator, client = served
    with httpx.Client(base_url=str(client.base_url)) as browser:
        params = {"client_id": CLIENT_ID, "redirect_uri": REDIRECT, "state": "s1", "response_type": "code",
                  "scope": "read"}
        assert "Linear" in browser.get("/oauth/authorize", params=params).text
        approved = browser.post("/oauth/authorize", params=params, data={**params, "decision": "approve"})
        code = parse_qs(urlsplit(approved.headers["location"]).query)["code"][0]
        form = {"grant_type": "authorization_code", "code": code, "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET, "redirect_uri": REDIRECT}
        tokens = browser.post("/oauth/token", data=form).json()
        assert tokens["expires_in"] == 86_399 and tokens["refresh_token"]
        renewed = browser.post("/oauth/token", data={"grant_type": "refresh_token", "client_id": CLIENT_ID,
                                                     "client_secret": CLIENT_SECRET,
                                                     "refresh_token": tokens["refresh_token"]}).json()
        headers = {"Authorization": f"Bearer {renewed['access_token']}"}
        assert browser.post("/graphql", headers=headers, json={"query": "{ viewer { id } }"}).status_code == 200
        assert browser.post("/oauth/revoke", data={"token": renewed["access_token"], "client_id": CLIENT_ID,
                                                   "client_secret": CLIENT_SECRET}).status_code == 200
        gone = browser.post("/graphql", headers=headers, json={"query": "{ viewer { id } }"})
        assert gone.status_code == 401 and codes(gone) == ["AUTHENTICATION_ERROR"]
