"""Slack source: users, channels and messages from Slack's Web API (https://docs.slack.dev/reference/methods).

- users (``users.list``) and channels (``conversations.list``, public and private channels the bot can see):
  cursor paging, 200 a page; Slack cannot filter them by time, so every run reads them in full.
- messages (``conversations.history`` of every listed channel, and ``conversations.replies`` of every thread
  whose parent it lists): incremental on ``ts``, the time a message was posted (an edit does not change it;
  Slack has no list of edits or deletions: a full sync finds deleted messages missing). A message's id is
  ``<channel id>:<ts>``; a reply carries its parent's ``thread_ts``. History lists a thread's parent, not
  its replies, so a reply's place in the sync order (its ``last_modified_at``) is its parent's ts: a thread
  lands whole with its parent. Slack has no list of changed threads either: a reply posted to a thread whose
  parent is older than the cursor (minus the lookback) is not seen by an incremental read; a full sync
  reads it.

History budget. Slack limits ``conversations.history`` and ``conversations.replies`` much more than its
lists: for apps distributed outside its Marketplace (new since 2025-05-29) to one call a minute and 15
messages a call. A run therefore spends at most ``history_calls`` calls of the two together
(``HISTORY_CALLS_PER_RUN``); a call refused with ``Retry-After`` up to ``HISTORY_PATIENCE`` (a minute, the
limited tier's pace) is waited out (so a run lasts at most about ``history_calls`` minutes there), a longer
wait ends the reading (not the run) once at least one call went through.

One cursor per object. The engine keeps one cursor for messages (the newest ``last_modified_at`` a run
yielded), not one per channel, so the source keeps the per-channel positions implicit in it: every channel
is read forward from ``oldest`` = the cursor (minus the engine's lookback; with ``oldest`` alone Slack
serves the messages closest to it, so a reader pages forward), a history page then the threads of its
parents, until every channel is read to its end or the budget is spent. The messages yielded are those up
to the *frontier*: the oldest point a channel still catching up is complete to (everything, when every
channel finished); a channel whose thread was not read to its end is complete only up to just before that
thread's parent, so the next run reads the parent and its whole thread again. Messages read past the
frontier are read again next run (merged by id, no duplicates); what is yielded is complete in every
channel, so the next run's cursor loses nothing. Each channel still catching up is named in a warning of
the run's log. After a first call per channel, every call goes to the channel holding the frontier back
(history.py). Progress needs a budget of at least one call per channel with new messages, plus the calls
of the longest thread at the frontier (at 15 messages a call, 30 calls read a thread of about 400 replies).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource

from glue_providers.records import records_table
from glue_providers.slack.source.client import SlackClient
from glue_providers.slack.source.history import HistoryCatchUp

log = logging.getLogger("glue.sync")

DEFAULT_BASE_URL = "https://slack.com"
OBJECTS = ("users", "channels", "messages")
LIST_LIMIT = 200  # Slack's advice for a list page
HISTORY_CALLS_PER_RUN = 30  # history and replies calls: at the limited tier's pace, half an hour at most
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
            log.warning("Slack channel %s is still catching up: its history and threads are read up to ts %s; "
                        "the next run continues from there", channel, behind)
        for start in range(0, len(read), TABLE_ROWS):
            yield records_table((f"{r.message['channel']}:{r.message['ts']}", _ts_time(r.place), False, r.message)
                                for r in read[start:start + TABLE_ROWS])

    readers = {"users": users, "channels": channels, "messages": messages}
    return [dlt.resource(readers[name], name=name, primary_key="id", write_disposition="merge") for name in objects]


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    """The registry's entry point."""
    return slack_source(credentials["access_token"], base_url, objects, modified_since)


def _oldest(since: datetime | None) -> str:
    if since is None:
        return "0"
    at = since.replace(tzinfo=timezone.utc) if since.tzinfo is None else since
    return f"{at.timestamp():.6f}"


def _epoch(value) -> datetime:
    return datetime.fromtimestamp(int(value), timezone.utc) if isinstance(value, (int, float)) and value else EPOCH


def _ts_time(ts: Decimal) -> datetime:
    return EPOCH + timedelta(microseconds=int(ts * 1_000_000))  # exact: a float loses a ts's last digits
