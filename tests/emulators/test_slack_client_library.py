"""Slack's own Python SDK (slack_sdk) drives the Slack emulator: its WebClient, pointed at the emulator
with ``base_url``, lists users and conversations through its cursor pager, reads one of each, reads a
channel's history, turns ``{"ok": false}`` answers into SlackApiError, and waits out a 429 with its
RetryHandler.

slack_sdk's RateLimitErrorRetryHandler sleeps for Retry-After (plus jitter) with ``time.sleep``; the tests
give that module a sleep that moves the emulator's clock instead, so nothing waits on real time and the
emulator can tell whether the client came back early.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_handlers
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from glue_emulators import slack
from glue_emulators.server import EmulatorServer
from glue_emulators.slack.render import Threads
from tests.emulators.manual_clock import ManualClock, SleepingTime
from tests.emulators.served import server, no_faults  # noqa: F401 (fixtures)

COUNTS = {"users": 23, "channels": 8, "messages": 60}
CLIENT_ID, CLIENT_SECRET = "slack-client", "slack-secret"
REDIRECT = "https://glue.test/oauth/callback"

NO_THREADS = Threads(replies=0)  # history counts below are of plain messages (replies: test_slack_emulator.py)


@pytest.fixture(scope="module")
def emulator():
    made = slack.create_emulator(COUNTS, threads=NO_THREADS)
    made.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    return made


@pytest.fixture
def client(emulator, server):
    return WebClient(token="xoxb-" + emulator.oauth.mint(CLIENT_ID)["access_token"], base_url=f"{server.url}/api/")


def live_ids(server, name: str) -> set[str]:
    return set(httpx.get(f"{server.url}/_emulator/records/{name}").json()["records"])


def test_the_sdks_oauth_v2_access_exchanges_a_consented_code_for_a_bot_token(server):
    query = {"client_id": CLIENT_ID, "redirect_uri": REDIRECT, "state": "s1", "scope": "users:read,channels:read"}
    approved = httpx.post(f"{server.url}/oauth/v2/authorize", params=query, data={**query, "decision": "approve"})
    code = parse_qs(urlsplit(approved.headers["location"]).query)["code"][0]
    anonymous = WebClient(base_url=f"{server.url}/api/")
    answer = anonymous.oauth_v2_access(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code,
                                       redirect_uri=REDIRECT)
    assert answer["token_type"] == "bot" and answer["access_token"].startswith("xoxb-")
    assert answer["scope"] == "users:read,channels:read"
    bot = WebClient(token=answer["access_token"], base_url=f"{server.url}/api/")
    assert bot.auth_test()["team_id"] == answer["team"]["id"]
    with pytest.raises(SlackApiError) as reused:  # a code is single-use
        anonymous.oauth_v2_access(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code,
                                  redirect_uri=REDIRECT)
    assert reused.value.response["error"] == "invalid_code"


def test_the_sdks_cursor_pager_walks_users_list_to_the_end(client, server):
    pages = [page["members"] for page in client.users_list(limit=10)]
    assert [len(p) for p in pages] == [10, 10, 3]
    ids = [user["id"] for page in pages for user in page]
    assert len(ids) == len(set(ids)) and set(ids) == live_ids(server, "users")


def test_conversations_list_pages_and_honours_types(client, server):
    public = [c for page in client.conversations_list(limit=3) for c in page["channels"]]
    both = [c for page in client.conversations_list(limit=3, types="public_channel,private_channel")
            for c in page["channels"]]
    assert {c["id"] for c in both} == live_ids(server, "channels")
    assert public and not any(c["is_private"] for c in public)
    assert {c["id"] for c in public} == {c["id"] for c in both if not c["is_private"]}
    with pytest.raises(SlackApiError) as refused:
        client.conversations_list(types="public_channel,shared_drive")
    assert refused.value.response["error"] == "invalid_types"


def test_users_info_and_conversations_info_read_one_record_as_the_lists_show_it(client):
    listed = client.users_list(limit=5)["members"][3]
    assert client.users_info(user=listed["id"])["user"] == listed
    channel = client.conversations_list(limit=2)["channels"][1]
    assert client.conversations_info(channel=channel["id"])["channel"] == channel
    with pytest.raises(SlackApiError) as missing:
        client.users_info(user="U99999999")
    assert missing.value.response["error"] == "user_not_found"


def test_history_pages_newest_first_and_a_time_range_excludes_its_bounds(client, server):
    messages = [m for page in client.conversations_history(channel="C00000000", limit=7) for m in page["messages"]]
    stamps = [Decimal(m["ts"]) for m in messages]
    assert len(stamps) == len(set(stamps)) == COUNTS["messages"] // 3 and stamps == sorted(stamps, reverse=True)
    in_channel = {i for i in live_ids(server, "messages") if i.startswith("C00000000:")}
    assert {f"C00000000:{m['ts']}" for m in messages} == in_channel
    ranged = client.conversations_history(channel="C00000000", oldest=messages[-3]["ts"], latest=messages[2]["ts"])
    assert [m["ts"] for m in ranged["messages"]] == [m["ts"] for m in messages[3:-3]]
    assert ranged["has_more"] is False


def test_failures_raise_slack_api_error_with_slacks_error_code(client, server):
    with pytest.raises(SlackApiError) as missing:
        client.conversations_history(channel="C99999999")
    assert missing.value.response.status_code == 200 and missing.value.response["error"] == "channel_not_found"
    with pytest.raises(SlackApiError) as outside:
        client.conversations_history(channel="C00000007")
    assert outside.value.response["error"] == "not_in_channel"
    with pytest.raises(SlackApiError) as bad_token:
        WebClient(token="xoxb-not-a-token", base_url=f"{server.url}/api/").users_list()
    assert bad_token.value.response["error"] == "invalid_auth"
    with pytest.raises(SlackApiError) as no_token:
        WebClient(base_url=f"{server.url}/api/").users_list()
    assert no_token.value.response["error"] == "not_authed"


def test_auth_revoke_through_the_sdk_ends_the_token(emulator, server):
    client = WebClient(token="xoxb-" + emulator.oauth.mint(CLIENT_ID)["access_token"], base_url=f"{server.url}/api/")
    assert client.auth_revoke()["revoked"] is True
    with pytest.raises(SlackApiError) as refused:
        client.auth_test()
    assert refused.value.response["error"] == "invalid_auth"


def test_a_429_raises_with_retry_after_and_the_sdks_retry_handler_waits_it_out(emulator, server, client,
                                                                               monkeypatch):
    clock = ManualClock()
    monkeypatch.setattr(emulator.faults, "clock", clock)
    sleeper = SleepingTime(clock)
    monkeypatch.setattr(builtin_handlers, "time", sleeper)
    httpx.post(f"{server.url}/_emulator/faults", json={"rate_limit_every": 2, "retry_after_seconds": 3})
    outcomes = []
    for _ in range(2):
        try:
            outcomes.append(len(client.users_list(limit=5)["members"]))
        except SlackApiError as refused:
            assert refused.response.status_code == 429 and refused.response["error"] == "ratelimited"
            outcomes.append(int(refused.response.headers["Retry-After"]))
    assert sorted(outcomes) == [3, 5]  # one call served, one refused with Retry-After: 3
    assert sleeper.slept == []  # without a retry handler the SDK does not wait
    clock.advance(3)  # the test itself honours that refusal before going on

    early_before = emulator.faults.early_retries
    retrying = WebClient(token=client.token, base_url=client.base_url,
                         retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)])
    pages = [len(retrying.users_list(limit=5)["members"]) for _ in range(2)]
    assert pages == [5, 5]
    assert len(sleeper.slept) == 1 and 3 <= sleeper.slept[0] < 4  # Retry-After, plus the SDK's jitter
    assert emulator.faults.early_retries == early_before  # it came back only once Retry-After had passed


def test_the_limited_history_tier_answers_429_until_its_minute_has_passed(monkeypatch):
    clock = ManualClock()
    emulator = slack.create_emulator({"users": 2, "channels": 1, "messages": 40}, limited_history=True, clock=clock,
                                     threads=NO_THREADS)
    monkeypatch.setattr(builtin_handlers, "time", SleepingTime(clock))
    with EmulatorServer(emulator.app) as server:
        token = "xoxb-" + emulator.oauth.mint()["access_token"]
        plain = WebClient(token=token, base_url=f"{server.url}/api/")
        first = plain.conversations_history(channel="C00000000", limit=100)
        assert len(first["messages"]) == 15 and first["has_more"] is True
        with pytest.raises(SlackApiError) as refused:
            plain.conversations_history(channel="C00000000", cursor=first["response_metadata"]["next_cursor"])
        assert refused.value.response.status_code == 429 and refused.value.response.headers["Retry-After"] == "60"
        retrying = WebClient(token=token, base_url=f"{server.url}/api/",
                             retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)])
        second = retrying.conversations_history(channel="C00000000", cursor=first["response_metadata"]["next_cursor"])
        assert len(second["messages"]) == 15
        assert {m["ts"] for m in second["messages"]}.isdisjoint(m["ts"] for m in first["messages"])
