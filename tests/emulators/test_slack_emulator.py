"""The Slack emulator, judged from outside by Slack's Web API reference: OAuth v2 with a bot token that never
expires and ``auth.revoke``, failures as HTTP 200 ``{"ok": false, "error"}``, cursor paging of users.list and
conversations.list (with ``types``), conversations.history's time range, threads read with
conversations.replies (driven by slack_sdk's WebClient), and the history limits of apps outside the
Marketplace (one call a minute, 15 messages, 429 with Retry-After)."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from glue_emulators import slack
from glue_emulators.server import EmulatorServer

CLIENT_ID, CLIENT_SECRET = "slack-client", "slack-secret"
REDIRECT = "https://glue.test/oauth/callback"


class ManualClock:
    now = 500.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def served():
    emulator = slack.create_emulator({"users": 23, "channels": 8, "messages": 60})
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    with EmulatorServer(emulator.app) as server, httpx.Client(base_url=server.url) as client:
        token = emulator.oauth.mint(CLIENT_ID)["access_token"]
        client.headers.update({"Authorization": f"Bearer {token}"})
        yield emulator, client


def every_page(client: httpx.Client, method: str, key: str, **params) -> list[list[dict]]:
    pages, cursor = [], None
    while True:
        body = client.get(f"/api/{method}", params={**params, **({"cursor": cursor} if cursor else {})}).json()
        assert body["ok"] is True
        pages.append(body[key])
        cursor = body["response_metadata"]["next_cursor"]
        if not cursor:
            return pages


def test_oauth_v2_gives_a_bot_token_that_works_until_auth_revoke(served):
    emulator, client = served
    with httpx.Client(base_url=str(client.base_url)) as browser:
        query = {"client_id": CLIENT_ID, "redirect_uri": REDIRECT, "state": "s1",
                 "scope": "users:read,channels:history"}
        page = browser.get("/oauth/v2/authorize", params=query)
        assert page.status_code == 200 and "channels:history" in page.text
        approved = browser.post("/oauth/v2/authorize", params=query, data={**query, "decision": "approve"})
        assert approved.status_code == 302
        code = parse_qs(urlsplit(approved.headers["location"]).query)["code"][0]
        form = {"code": code, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uri": REDIRECT}
        answer = browser.post("/api/oauth.v2.access", data=form)
        body = answer.json()
        assert answer.status_code == 200 and body["ok"] is True and body["token_type"] == "bot"
        assert body["access_token"].startswith("xoxb-") and "refresh_token" not in body
        assert body["team"]["id"] and body["scope"] == "users:read,channels:history"
        again = browser.post("/api/oauth.v2.access", data=form)  # a code is single-use
        assert again.status_code == 200 and again.json() == {"ok": False, "error": "invalid_code"}
        bot = {"Authorization": f"Bearer {body['access_token']}"}
        assert browser.post("/api/auth.test", headers=bot).json()["ok"] is True
        assert browser.post("/api/auth.revoke", headers=bot).json() == {"ok": True, "revoked": True}
        refused = browser.post("/api/auth.test", headers=bot)
        assert refused.status_code == 200 and refused.json() == {"ok": False, "error": "invalid_auth"}
        assert browser.get("/api/users.list").json() == {"ok": False, "error": "not_authed"}


def test_lists_page_by_cursor_and_conversations_list_honours_types(served):
    emulator, client = served
    pages = every_page(client, "users.list", "members", limit=10)
    assert [len(p) for p in pages] == [10, 10, 3]
    assert len({u["id"] for p in pages for u in p}) == 23
    public = [c for p in every_page(client, "conversations.list", "channels", limit=3) for c in p]
    both = [c for p in every_page(client, "conversations.list", "channels", limit=3,
                                  types="public_channel,private_channel") for c in p]
    assert len(both) == 8 and not any(c["is_private"] for c in public)
    assert {c["id"] for c in public} == {c["id"] for c in both if not c["is_private"]} and len(public) < 8
    bad = client.get("/api/users.list", params={"cursor": "not-a-cursor"})
    assert bad.status_code == 200 and bad.json() == {"ok": False, "error": "invalid_cursor"}


def test_history_serves_its_time_range_newest_first_and_pages_forward_from_oldest(served):
    emulator, client = served
    everything = [m for p in every_page(client, "conversations.history", "messages", channel="C00000000", limit=7)
                  for m in p]
    stamps = [Decimal(m["ts"]) for m in everything]
    # 60 messages over 3 channels; of C0's 20, the 6 thread replies are not in its history.
    assert len(stamps) == 14 and stamps == sorted(stamps, reverse=True)
    assert all("parent_user_id" not in m for m in everything)
    oldest, latest = everything[-5]["ts"], everything[4]["ts"]
    ranged = client.get("/api/conversations.history", params={"channel": "C00000000", "oldest": oldest,
                                                               "latest": latest}).json()["messages"]
    assert [m["ts"] for m in ranged] == [m["ts"] for m in everything[5:-5]]  # bounds excluded
    inclusive = client.get("/api/conversations.history", params={"channel": "C00000000", "oldest": oldest,
                                                                  "latest": latest, "inclusive": "true"}).json()
    assert [m["ts"] for m in inclusive["messages"]] == [m["ts"] for m in everything[4:-4]]
    forward = client.get("/api/conversations.history", params={"channel": "C00000000", "oldest": oldest,
                                                               "limit": 2}).json()
    assert forward["has_more"] and [m["ts"] for m in forward["messages"]] == [m["ts"] for m in everything[-7:-5]]
    outside = client.get("/api/conversations.history", params={"channel": "C00000007"})
    assert outside.json() == {"ok": False, "error": "not_in_channel"}  # the bot was not added to it
    missing = client.get("/api/conversations.history", params={"channel": "C99999999"})
    assert missing.json() == {"ok": False, "error": "channel_not_found"}


def test_limited_history_serves_one_call_a_minute_of_at_most_15_messages():
    clock = ManualClock()
    emulator = slack.create_emulator({"users": 2, "channels": 1, "messages": 40}, limited_history=True, clock=clock)
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server, httpx.Client(base_url=server.url) as client:
        client.headers.update({"Authorization": f"Bearer {token}"})
        first = client.get("/api/conversations.history", params={"channel": "C00000000", "limit": 100})
        assert first.json()["ok"] and len(first.json()["messages"]) == 15 and first.json()["has_more"]
        clock.now += 20
        refused = client.get("/api/conversations.history", params={"channel": "C00000000"})
        assert refused.status_code == 429 and refused.headers["retry-after"] == "40"
        assert refused.json() == {"ok": False, "error": "ratelimited"}
        assert client.get("/api/users.list").json()["ok"]  # other methods have their own tiers
        clock.now += 40
        assert client.get("/api/conversations.history", params={"channel": "C00000000"}).json()["ok"]


@pytest.fixture
def threaded():
    """C0 holds 20 messages: a thread of 7 replies (messages 0 <- 3, 9, ..., 39), one of 1 (54 <- 57), others."""
    emulator = slack.create_emulator({"users": 5, "channels": 3, "messages": 60}, threads=slack.Threads(replies=7))
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server:
        yield emulator, WebClient(token=f"xoxb-{token}", base_url=server.url + "/api/")


def ts(emulator, index: int) -> str:
    return slack.render.ts_of(emulator.dataset["messages"].record(index))


def whole_thread(client, **params) -> tuple[list[dict], list[list[dict]]]:
    """Every page of a thread (read with slack_sdk's own cursor paging): (the parents heading them, replies)."""
    heads, pages = [], []
    for page in client.conversations_replies(channel="C00000000", **params):
        heads.append(page["messages"][0])
        pages.append(page["messages"][1:])
    return heads, pages


def test_replies_page_a_thread_parent_first_then_its_replies_oldest_first(threaded):
    emulator, client = threaded
    heads, pages = whole_thread(client, ts=ts(emulator, 0), limit=3)
    replies = [m for page in pages for m in page]
    assert [len(page) for page in pages] == [2, 2, 2, 1]  # the parent heads every page of 3
    assert {h["ts"] for h in heads} == {ts(emulator, 0)}
    assert [m["ts"] for m in replies] == [ts(emulator, i) for i in range(3, 40, 6)]
    parent = heads[0]
    assert parent["thread_ts"] == parent["ts"] and parent["reply_count"] == 7
    assert parent["latest_reply"] == replies[-1]["ts"]
    assert set(parent["reply_users"]) == {m["user"] for m in replies} and parent["reply_users_count"] <= 5
    assert all(m["thread_ts"] == parent["ts"] and m["parent_user_id"] == parent["user"] for m in replies)
    # A reply's ts names its thread too; the parent in history carries the same thread fields.
    assert whole_thread(client, ts=ts(emulator, 9), limit=3) == (heads, pages)
    history = [m for page in client.conversations_history(channel="C00000000", limit=100) for m in page["messages"]]
    assert parent in history
    assert not {m["ts"] for m in replies} & {m["ts"] for m in history}
    # The time range applies to the replies; the parent still comes first.
    ranged = client.conversations_replies(channel="C00000000", ts=ts(emulator, 0), oldest=ts(emulator, 9),
                                          latest=ts(emulator, 27), inclusive=True)
    assert [m["ts"] for m in ranged["messages"]] == [ts(emulator, i) for i in (0, 9, 15, 21, 27)]
    assert ranged["has_more"] is False and ranged["response_metadata"]["next_cursor"] == ""


def test_a_message_without_replies_comes_alone_and_unknown_threads_are_refused(threaded):
    emulator, client = threaded
    alone = client.conversations_replies(channel="C00000000", ts=ts(emulator, 6))
    assert [m["ts"] for m in alone["messages"]] == [ts(emulator, 6)] and "thread_ts" not in alone["messages"][0]
    short = client.conversations_replies(channel="C00000000", ts=ts(emulator, 54))
    assert [m["ts"] for m in short["messages"]] == [ts(emulator, 54), ts(emulator, 57)]
    for params, error in [({"channel": "C00000000", "ts": "1.000000"}, "thread_not_found"),
                          ({"channel": "C00000001", "ts": ts(emulator, 0)}, "thread_not_found"),  # not its channel
                          ({"channel": "C00000007", "ts": ts(emulator, 0)}, "channel_not_found"),
                          ({"channel": "C00000000", "ts": ts(emulator, 0), "cursor": "x"}, "invalid_cursor")]:
        with pytest.raises(SlackApiError) as refused:
            client.conversations_replies(**params)
        assert refused.value.response.status_code == 200 and refused.value.response["error"] == error
    emulator.dataset["messages"].delete([0])  # a deleted parent takes its thread with it
    with pytest.raises(SlackApiError, match="thread_not_found"):
        client.conversations_replies(channel="C00000000", ts=ts(emulator, 9))
    emulator.dataset["messages"].delete([57])  # a thread counts its live replies only
    after = client.conversations_replies(channel="C00000000", ts=ts(emulator, 54))["messages"]
    assert [m["ts"] for m in after] == [ts(emulator, 54)] and "reply_count" not in after[0]


def test_limited_replies_serve_one_call_a_minute_of_at_most_15_messages_apart_from_history():
    clock = ManualClock()
    emulator = slack.create_emulator({"users": 5, "channels": 1, "messages": 60}, limited_history=True,
                                     clock=clock, threads=slack.Threads(replies=20))
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server:
        client = WebClient(token=token, base_url=server.url + "/api/")
        parent = ts(emulator, 0)
        first = client.conversations_replies(channel="C00000000", ts=parent, limit=200)
        assert len(first["messages"]) == 15 and first["has_more"]  # the parent and 14 of its 20 replies
        next_cursor = first["response_metadata"]["next_cursor"]
        assert client.conversations_history(channel="C00000000")["ok"]  # history has its own minute
        clock.now += 30
        with pytest.raises(SlackApiError) as refused:
            client.conversations_replies(channel="C00000000", ts=parent, cursor=next_cursor)
        assert refused.value.response.status_code == 429 and refused.value.response.headers["Retry-After"] == "30"
        assert refused.value.response["error"] == "ratelimited"
        clock.now += 30
        rest = client.conversations_replies(channel="C00000000", ts=parent, cursor=next_cursor)
        assert len(rest["messages"]) == 7 and not rest["has_more"]
    assert (emulator.replies.calls, emulator.history.calls) == (2, 1)
