"""Channels' histories and their threads read forward within a budget of calls (the module docstring of the
source explains the budget and the frontier).

Each channel reads in order: a page of ``conversations.history``, then the threads of that page's parents
(``conversations.replies``, oldest parent first), then its next history page. A channel is therefore
*complete* up to just before its first thread not yet read, or up to the history it has read when no thread
waits. The frontier is the lowest of these among the channels still catching up; a message is yielded when
its place in history (its own ts, or its parent's for a reply) is at or before the frontier, so a thread is
yielded whole or not at all, and a thread cut short by the budget is read again from its parent next run.

Each channel gets a first call (where it stands is unknown before); every later call goes to the channel
complete to the oldest point, the one holding the frontier back, since what is read past the frontier is
read again next run.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from glue_providers.http import ProviderError, ProviderRateLimited
from glue_providers.slack.source.client import SlackClient, SlackMethodError

HISTORY_LIMIT = 200  # the limited tier serves 15 whatever is asked
REPLIES_LIMIT = 200
HISTORY_PATIENCE = 61.0  # seconds a refused call is waited for within a run: the limited tier's pace
JUST_BEFORE = Decimal("0.000001")  # a ts has six decimals: this much before a message is before it


@dataclass(frozen=True)
class Read:
    """A message read, with its place in history: its own ts, or its thread parent's for a reply."""

    message: dict
    place: Decimal


@dataclass
class ChannelReading:
    channel: str
    reached: str  # the newest ts its history was read up to
    history_done: bool = False
    threads: deque[dict] = field(default_factory=deque)  # parents whose replies are still to read
    thread_cursor: str | None = None  # where the thread being read goes on
    thread_read: list[dict] = field(default_factory=list)  # its replies read so far

    @property
    def done(self) -> bool:
        return self.history_done and not self.threads

    def complete_up_to(self) -> Decimal:
        if self.threads:
            return Decimal(self.threads[0]["ts"]) - JUST_BEFORE
        return Decimal(self.reached)


@dataclass
class HistoryCatchUp:
    """Channels' histories and threads read forward from ``oldest`` within a budget of calls."""

    client: SlackClient
    channels: list[str]
    oldest: str  # Slack ts; "0" reads from the start
    budget: int
    sleep: Callable[[float], None] = time.sleep
    calls: int = 0
    behind: dict[str, Decimal] = field(default_factory=dict)  # channel -> the ts it is complete up to
    found: dict[tuple[str, str], Read] = field(default_factory=dict)  # (channel, ts) -> the message

    def run(self) -> list[Read]:
        readings = [ChannelReading(channel, self.oldest) for channel in self.channels]
        unfinished = list(readings)
        for reading in readings:  # a first call each tells where every channel stands
            if not self._spend(reading, unfinished):
                break
        while unfinished and self.calls < self.budget:
            # Calls past the frontier are read again next run: move the channel holding it back.
            if not self._spend(min(unfinished, key=ChannelReading.complete_up_to), unfinished):
                break
        self.behind = {r.channel: r.complete_up_to() for r in unfinished}
        if not self.behind:
            return list(self.found.values())
        frontier = min(self.behind.values())
        return [read for read in self.found.values() if read.place <= frontier]

    def _spend(self, reading: ChannelReading, unfinished: list[ChannelReading]) -> bool:
        """One call for the channel, if the budget allows; False once the budget is spent."""
        if self.calls >= self.budget:
            return False
        if not self._step(reading):  # Slack asks to wait past this run: the budget ends here
            self.budget = self.calls
            return False
        if reading.done:
            unfinished.remove(reading)
        return True

    def _step(self, reading: ChannelReading) -> bool:
        """One call for the channel: its next thread's next page, else its next history page."""
        if reading.threads:
            return self._read_thread(reading)
        body = self._call("conversations.history", channel=reading.channel, oldest=reading.reached,
                          limit=HISTORY_LIMIT)
        if body is None:
            return False
        messages = sorted(body.get("messages") or [], key=lambda m: Decimal(m["ts"]))
        for message in messages:
            self._keep(reading.channel, message, Decimal(message["ts"]))
            if message.get("reply_count") and message.get("thread_ts") == message["ts"]:
                reading.threads.append(message)
        if messages:
            reading.reached = messages[-1]["ts"]
        reading.history_done = not (body.get("has_more") and messages)
        return True

    def _read_thread(self, reading: ChannelReading) -> bool:
        parent = reading.threads[0]
        try:
            body = self._call("conversations.replies", channel=reading.channel, ts=parent["ts"],
                              cursor=reading.thread_cursor, limit=REPLIES_LIMIT)
        except SlackMethodError as refused:
            if refused.code != "thread_not_found":
                raise
            # The parent was deleted since the history listed it: its replies went with it.
            self.calls += 1
            self.found.pop((reading.channel, parent["ts"]), None)
            body = {"messages": []}
            reading.thread_read = []
        if body is None:
            return False
        # Every page starts with the parent, already read from the history.
        reading.thread_read.extend(m for m in body.get("messages") or [] if m["ts"] != parent["ts"])
        next_cursor = (body.get("response_metadata") or {}).get("next_cursor")
        if next_cursor:
            if next_cursor == reading.thread_cursor:
                raise ProviderError(200, "Slack's conversations.replies returned the same cursor twice")
            reading.thread_cursor = next_cursor
            return True
        place = Decimal(parent["ts"])
        for reply in reading.thread_read:
            self._keep(reading.channel, reply, place)
        reading.threads.popleft()
        reading.thread_cursor, reading.thread_read = None, []
        return True

    def _keep(self, channel: str, message: dict, place: Decimal) -> None:
        # A reply also sent to the channel is in its history too: one row, at its thread's place.
        key = (channel, message["ts"])
        known = self.found.get(key)
        if known is None or place < known.place:
            self.found[key] = Read({**message, "channel": channel}, place)

    def _call(self, method: str, **params) -> dict | None:
        """The method's answer, or None when Slack asks to wait longer than a run waits (after a first call)."""
        while True:
            try:
                body = self.client.call(method, **params)
                break
            except ProviderRateLimited as refused:
                if refused.retry_after_seconds <= HISTORY_PATIENCE:  # the limited tier's pace: wait, go on
                    self.sleep(refused.retry_after_seconds)
                    continue
                if self.calls == 0:
                    raise  # nothing could be read: the engine pauses the syncs until Slack takes calls again
                return None
        self.calls += 1
        return body
