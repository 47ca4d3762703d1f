"""The Slack source against its emulator: users and channels in full, messages from their ts with their
threads' replies, and, under the history limits of apps outside the Marketplace (one call a minute, 15
messages), histories and threads caught up over several runs within a budget of calls, without losing a
message between runs."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from decimal import Decimal

import pytest

from glue_emulators import slack
from glue_emulators.server import EmulatorServer
from glue_pipelines.sync.plan import LOOKBACK
from glue_providers.http import ProviderAuthError
from glue_providers.slack.source import slack_source
from tests.sources.support import tables_of

OBJECTS = ("users", "channels", "messages")


class ManualClock:
    def __init__(self):
        self.now = 1_000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def ids(table) -> set[str]:
    return set(table.column("id").to_pylist())


def test_a_full_read_lands_every_user_channel_and_message_as_slack_shows_them():
    emulator = slack.create_emulator({"users": 230, "channels": 8, "messages": 95})
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server:
        tables = tables_of(slack_source(token, server.url, OBJECTS), OBJECTS)
    assert [tables[name].num_rows for name in OBJECTS] == [230, 8, 95]
    assert emulator.history.calls == 7  # every channel but C00000007, which the bot is not in
    render = slack.Renderer(emulator.dataset)
    assert ids(tables["messages"]) == {render.remote_id("messages", i) for i in range(95)}
    landed = {row["id"]: json.loads(row["raw_data"]) for row in tables["messages"].to_pylist()}
    first = render.messages(emulator.dataset["messages"].record(0))
    assert landed[render.remote_id("messages", 0)] == first


def test_a_refused_token_is_an_auth_failure_naming_slacks_error():
    emulator = slack.create_emulator({"users": 3, "channels": 2, "messages": 4})
    with EmulatorServer(emulator.app) as server:
        with pytest.raises(Exception, match="401: Slack's users.list answered invalid_auth") as raised:
            tables_of(slack_source("xoxb-not-a-token", server.url, ("users",)), ("users",))
    assert isinstance(raised.value.__cause__, ProviderAuthError)


def test_limited_history_catches_up_over_runs_within_the_budget_and_loses_nothing(caplog):
    clock = ManualClock()
    emulator = slack.create_emulator({"users": 2, "channels": 3, "messages": 90}, limited_history=True,
                                     clock=clock, threads=slack.Threads(replies=0))
    emulator.dataset.respace(timedelta(minutes=2))  # wider than the engine's lookback
    token = emulator.oauth.mint()["access_token"]
    render = slack.Renderer(emulator.dataset)
    every = {render.remote_id("messages", i) for i in range(90)}
    with EmulatorServer(emulator.app) as server:
        def run(since, budget):
            source = slack_source(token, server.url, ("messages",), {"messages": since}, history_calls=budget,
                                  sleep=clock.sleep)
            return tables_of(source, ("messages",))["messages"]

        with caplog.at_level(logging.WARNING, logger="glue.sync"):
            first = run(None, 4)
        # 30 messages a channel, 15 a call: four calls finish channel C0 and leave C1 and C2 halfway.
        assert emulator.history.calls == 4 and clock.slept == [60.0] * 3  # one call a minute, waited for
        behind = [r.getMessage() for r in caplog.records if "still catching up" in r.getMessage()]
        assert len(behind) == 2 and "C00000001" in behind[0] and "C00000002" in behind[1]
        # Only what every channel holds up to the frontier (C1's 15th message, index 43) is yielded.
        assert ids(first) == {render.remote_id("messages", i) for i in range(44)}

        cursor = max(first.column("last_modified_at").to_pylist())
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="glue.sync"):
            # C1 and C2 re-read their frontier message (inside the lookback): 16 left each, two calls.
            second = run(cursor - LOOKBACK, 5)
        assert not [r for r in caplog.records if "still catching up" in r.getMessage()]
    assert ids(second) == {render.remote_id("messages", i) for i in range(43, 90)}
    assert ids(first) | ids(second) == every


def test_a_thread_lands_whole_its_replies_as_messages_at_their_parents_place():
    emulator = slack.create_emulator({"users": 4, "channels": 3, "messages": 60})
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server:
        messages = tables_of(slack_source(token, server.url, ("messages",)), ("messages",))["messages"]
    render = slack.Renderer(emulator.dataset)
    store = emulator.dataset["messages"]
    assert sorted(messages.column("id").to_pylist()) == sorted(render.remote_id("messages", i) for i in range(60))
    rows = {row["id"]: row for row in messages.to_pylist()}
    replies = [i for i in range(60) if render.parent_of(i) is not None]
    assert len(replies) == 18  # 20 messages a channel: two threads of 3 replies each
    assert emulator.replies.calls == 6  # one call a thread
    for index in replies:
        row, parent = rows[render.remote_id("messages", index)], store.record(render.parent_of(index))
        assert json.loads(row["raw_data"]) == render.messages(store.record(index))
        assert json.loads(row["raw_data"])["thread_ts"] == slack.render.ts_of(parent)
        assert row["last_modified_at"] == parent.created_at  # where conversations.history knows the thread
    plain = rows[render.remote_id("messages", 6)]
    assert plain["last_modified_at"] == store.record(6).created_at


def test_a_budget_spent_mid_thread_keeps_the_frontier_before_it_and_the_next_run_completes_it(caplog):
    clock = ManualClock()
    # One channel of 100 messages: threads of 20 replies opened by messages 0 and 44, one of 6 by 88.
    emulator = slack.create_emulator({"users": 4, "channels": 1, "messages": 100}, limited_history=True,
                                     clock=clock, threads=slack.Threads(replies=20))
    emulator.dataset.respace(timedelta(minutes=2))  # wider than the engine's lookback
    token = emulator.oauth.mint()["access_token"]
    render = slack.Renderer(emulator.dataset, slack.Threads(replies=20))
    store = emulator.dataset["messages"]
    with EmulatorServer(emulator.app) as server:
        def run(since, budget):
            source = slack_source(token, server.url, ("messages",), {"messages": since}, history_calls=budget,
                                  sleep=clock.sleep)
            return tables_of(source, ("messages",))["messages"]

        with caplog.at_level(logging.WARNING, logger="glue.sync"):
            first = run(None, 5)
        # History, thread 0 (two pages), history up to message 54, then the first page of thread 44.
        assert (emulator.history.calls, emulator.replies.calls) == (2, 3)
        behind = [r.getMessage() for r in caplog.records if "still catching up" in r.getMessage()]
        just_before_44 = Decimal(slack.render.ts_of(store.record(44))) - Decimal("0.000001")
        assert len(behind) == 1 and "C00000000" in behind[0] and str(just_before_44) in behind[0]
        # Nothing from thread 44 on: neither its parent, nor its 14 replies read, nor the messages after it.
        assert sorted(first.column("id").to_pylist()) == sorted(render.remote_id("messages", i) for i in range(44))

        cursor = max(first.column("last_modified_at").to_pylist())
        assert cursor == store.record(43).created_at
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="glue.sync"):
            second = run(cursor - LOOKBACK, 10)
        assert not [r for r in caplog.records if "still catching up" in r.getMessage()]
    second_ids = second.column("id").to_pylist()
    assert len(second_ids) == len(set(second_ids))
    # Message 43 is read again inside the lookback (merged by id); thread 44 lands whole, with its parent.
    assert set(second_ids) == {render.remote_id("messages", i) for i in range(43, 100)}
    landed = {row["id"]: row for row in second.to_pylist()}
    for index in range(45, 84, 2):
        assert landed[render.remote_id("messages", index)]["last_modified_at"] == store.record(44).created_at


def test_a_thread_deleted_while_the_run_reads_it_is_left_out_and_the_run_goes_on():
    clock = ManualClock()
    emulator = slack.create_emulator({"users": 4, "channels": 1, "messages": 20}, limited_history=True,
                                     clock=clock)  # threads opened by messages 0 and 10, of 3 replies each
    token = emulator.oauth.mint()["access_token"]
    render = slack.Renderer(emulator.dataset)
    store = emulator.dataset["messages"]

    def sleep(seconds: float) -> None:  # while the run waits to read thread 10, its parent is deleted
        store.delete([10])
        clock.sleep(seconds)

    with EmulatorServer(emulator.app) as server:
        source = slack_source(token, server.url, ("messages",), history_calls=5, sleep=sleep)
        messages = tables_of(source, ("messages",))["messages"]
    assert clock.slept == [60.0] and emulator.replies.calls == 2  # thread 0 read, then thread_not_found
    gone = {10, 11, 13, 15}
    assert set(ids(messages)) == {render.remote_id("messages", i) for i in range(20) if i not in gone}


def test_a_reply_to_a_thread_older_than_the_cursor_is_read_by_a_full_sync_only():
    emulator = slack.create_emulator({"users": 4, "channels": 3, "messages": 60})
    emulator.dataset.respace(timedelta(minutes=2))  # wider than the engine's lookback
    token = emulator.oauth.mint()["access_token"]
    render = emulator.render
    with EmulatorServer(emulator.app) as server:
        def run(since):
            source = slack_source(token, server.url, ("messages",), {"messages": since})
            return tables_of(source, ("messages",))["messages"]

        first = run(None)
        cursor = max(first.column("last_modified_at").to_pylist())
        late = render.post_replies(0, 2)  # thread 0 was opened long before the cursor
        added = render.post_replies(emulator.dataset["messages"].create(1)[0], 1)  # a new thread, answered
        incremental = run(cursor - LOOKBACK)
        full = run(None)
    late_ids = {render.remote_id("messages", i) for i in late}
    new_thread = {render.remote_id("messages", i) for i in (render.parent_of(added[0]), *added)}
    assert new_thread <= ids(incremental) and not late_ids & ids(incremental)  # Slack lists no changed threads
    assert late_ids | new_thread <= ids(full)
    assert ids(full) == {render.remote_id("messages", i) for i in range(emulator.dataset["messages"].count)}
    landed = {row["id"]: json.loads(row["raw_data"]) for row in full.to_pylist()}
    assert landed[render.remote_id("messages", 0)]["reply_count"] == 5  # three generated, two later
