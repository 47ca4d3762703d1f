"""Slack source: users, channels and messages from Slack's Web API (https://docs.slack.dev/reference/methods).

- users (``users.list``) and channels (``conversations.list``, public and private channels the bot can see):
  cursor paging, 200 a page; Slack cannot filter them by time, so every run reads them in full.
- messages (``conversations.history`` of every listed channel): incremental on ``ts``, the time a message was
  posted (an edit does not change it; Slack has no list of edits or deletions: a full sync finds deleted
  messages missing). A message's id is ``<channel id>:<ts>``.
  Thread replies (``conversations.replies``) are not read yet: a reply to an old thread changes nothing
  ``conversations.history`` can filter on, and reading threads would spend the same history budget.

History budget. Slack limits ``conversations.history`` much more than its lists: for apps distributed
outside its Marketplace (new since 2025-05-29) to one call a minute and 15 messages a call. A run therefore
spends at most ``history_calls`` history calls (``HISTORY_CALLS_PER_RUN``); a history call refused with
``Retry-After`` up to ``HISTORY_PATIENCE`` (a minute, the limited tier's pace) is waited out (so a run lasts at
most about ``history_calls`` minutes there), a longer wait ends the reading (not the run) once at least one history call went through.

One cursor per object. The engine keeps one cursor for messages (the newest ``last_modified_at`` a run
yielded), not one per channel, so the source keeps the per-channel positions implicit in it: every channel
is read forward from ``oldest`` = the cursor (minus the engine's lookback; with ``oldest`` alone Slack
serves the messages closest to it, so a reader pages forward), one call per channel per round, round after
round, until every channel is read to its end or the budget is spent. The messages yielded are those up to
the *frontier*: the oldest point a channel still catching up has reached (everything, when every channel
finished). Messages read past it in other channels are read again next run (merged by id, no duplicates);
what is yielded is complete in every channel, so the next run's cursor loses nothing. Each channel still
catching up is named in a warning of the run's log. Progress needs a budget of at least one call per
channel with new messages (rounds visit every unfinished channel before any channel's second call).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource

from glue_providers.http import ProviderRateLimited
from glue_providers.records import records_table
from glue_providers.slack.source.client import SlackClient

log = logging.getLogger("glue.sync")

DEFAULT_BASE_URL = "https://slack.com"
OBJECTS = ("users", "channels", "messages")
LIST_LIMIT = 200  # Slack's advice for a list page
HISTORY_LIMIT = 200  # the limited tier serves 15 whatever is asked
HISTORY_CALLS_PER_RUN = 30  # at the limited tier's pace, a run of half an hour at most
HISTORY_PATIENCE = 61.0  # seconds a refused history call is waited for within a run
CHANNEL_TYPES = "public_channel,private_channel"
TABLE_ROWS = 1000  # messages are yielded once the run knows its frontier, in tables of this many
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dlt.source(name="slack", max_table_nesting=0)
def slack_source(access_token: str, base_url: str = DEFAULT_BASE_URL, objects: Sequence[str] = OBJECTS,
                 modified_since: Mapping[str, datetime | None] | None = None,
                 history_calls: int = HISTORY_CALLS_PER_RUN,
                 sleep: Callable[[float], None] = time.sleep) -> list[DltResource]:
    unknown = [name for name in objects if name not in OBJECTS]
    if unknown:
        raise ValueError(f"Slack has no object(s) {', '.join(unknown)}; known: {', '.join(OBJECTS)}")
    since = dict(modified_since or {})

    def users() -> Iterator[pa.Table]:
        with SlackClient(access_token, base_url) as client:
            for page in client.pages("users.list", "members", limit=LIST_LIMIT):
                if page:
                    yield records_table((u["id"], _epoch(u.get("updated")), bool(u.get("deleted")), u) for u in page)

    def channels() -> Iterator[pa.Table]:
        with SlackClient(access_token, base_url) as client:
            for page in client.pages("conversations.list", "channels", limit=LIST_LIMIT, types=CHANNEL_TYPES):
                if page:
                    yield records_table((c["id"], _epoch(c.get("created")), False, c) for c in page)

    def messages() -> Iterator[pa.Table]:
        with SlackClient(access_token, base_url) as client:
            # A bot reads the history of the channels it was added to only.
            channel_ids = [c["id"] for page in client.pages("conversations.list", "channels", limit=LIST_LIMIT,
                                                            types=CHANNEL_TYPES) for c in page
                           if c.get("is_member", True)]
            catch_up = HistoryCatchUp(client, channel_ids, _oldest(since.get("messages")), history_calls,
                                       sleep)
            read = catch_up.run()
        for channel, behind in catch_up.behind.items():
            log.warning("Slack channel %s is still catching up: its history is read up to ts %s; the next run "
                        "continues from there", channel, behind)
        for start in range(0, len(read), TABLE_ROWS):
            yield records_table((f"{m['channel']}:{m['ts']}", _ts_time(m["ts"]), False, m)
                                for m in read[start:start + TABLE_ROWS])

    readers = {"users": users, "channels": channels, "messages": messages}
    return [dlt.resource(readers[name], name=name, primary_key="id", write_disposition="merge") for name in objects]


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    """The registry's entry point."""
    return slack_source(credentials["access_token"], base_url, objects, modified_since)


@dataclass
class HistoryCatchUp:
    """Channels' histories read forward from ``oldest`` within a budget of history calls (see the module)."""

    client: SlackClient
    channels: list[str]
    oldest: str  # Slack ts; "0" reads from the start
    budget: int
    sleep: Callable[[float], None] = time.sleep
    calls: int = 0
    behind: dict[str, str] = field(default_factory=dict)  # channel -> the ts it is read up to

    def run(self) -> list[dict]:
        reached = {channel: self.oldest for channel in self.channels}
        unfinished = list(self.channels)
        found: list[dict] = []
        while unfinished and self.calls < self.budget:
            for channel in list(unfinished):
                if self.calls >= self.budget:
                    break
                page = self._read(channel, reached[channel])
                if page is None:  # the budget turned out smaller: Slack asks to wait past this run
                    self.budget = self.calls
                    break
                messages, more = page
                found.extend({**m, "channel": channel} for m in messages)
                if messages:
                    reached[channel] = max((m["ts"] for m in messages), key=Decimal)
                if not more:
                    unfinished.remove(channel)
        self.behind = {channel: reached[channel] for channel in unfinished}
        if not self.behind:
            return found
        frontier = min((Decimal(reached[c]) for c in unfinished))
        return [m for m in found if Decimal(m["ts"]) <= frontier]

    def _read(self, channel: str, oldest: str) -> tuple[list[dict], bool] | None:
        while True:
            try:
                body = self.client.call("conversations.history", channel=channel, oldest=oldest,
                                        limit=HISTORY_LIMIT)
                break
            except ProviderRateLimited as refused:
                if refused.retry_after_seconds <= HISTORY_PATIENCE:  # the limited tier's pace: wait, go on
                    self.sleep(refused.retry_after_seconds)
                    continue
                if self.calls == 0:
                    raise  # nothing could be read: the engine pauses the syncs until Slack takes calls again
                return None
        self.calls += 1
        messages = body.get("messages") or []
        return messages, bool(body.get("has_more")) and bool(messages)


def _oldest(since: datetime | None) -> str:
    if since is None:
        return "0"
    at = since.replace(tzinfo=timezone.utc) if since.tzinfo is None else since
    return f"{at.timestamp():.6f}"


def _epoch(value) -> datetime:
    return datetime.fromtimestamp(int(value), timezone.utc) if isinstance(value, (int, float)) and value else EPOCH


def _ts_time(ts: str) -> datetime:
    return datetime.fromtimestamp(float(ts), timezone.utc)
