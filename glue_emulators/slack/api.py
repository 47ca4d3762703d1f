"""The slice of Slack's Web API (https://docs.slack.dev/reference/methods) Glue reads, under ``/api/``.
Every method takes its arguments in the query string or a form body, and the token as
``Authorization: Bearer`` (or a ``token`` argument); a missing or dead token answers ``not_authed`` /
``invalid_auth`` with HTTP 200.

- ``users.list``, ``conversations.list`` (``types``: ``public_channel``, ``private_channel``, comma-separated;
  default public only): cursor paging, ``limit`` (at most 1000), ``response_metadata.next_cursor`` empty on the
  last page.
- ``conversations.history`` (``channel``, of a channel the bot is in: else ``not_in_channel``; ``oldest``,
  ``latest``, ``inclusive``, ``limit``, ``cursor``): messages newest first, thread replies left out (they
  are read with ``conversations.replies``). As Slack documents, when only ``oldest`` is given the page holds
  the messages closest to ``oldest`` (so a reader can page forward), otherwise those closest to ``latest``;
  ``has_more`` and a cursor say whether more are in the range. Default ``limit`` 100, at most 999; with the
  limited history tier one call a minute and at most 15 messages (a larger ``limit`` is lowered to it).
- ``conversations.replies`` (``channel``, ``ts`` of a thread's parent or of one of its replies, ``oldest``,
  ``latest``, ``inclusive``, ``limit``, ``cursor``): the thread, parent first on every page then its replies
  oldest first (the time range and the cursor apply to the replies; ``limit`` counts the parent); a message
  without replies comes alone; an unknown ``ts``, or a deleted parent's, answers ``thread_not_found``.
  Default and largest ``limit`` 1000; the limited tier is the history's (one call a minute, at most 15
  messages), counted apart from ``conversations.history``'s.
- ``users.info`` (``user``) and ``conversations.info`` (``channel``): one record, as the lists show it;
  ``user_not_found`` / ``channel_not_found`` for an unknown id.
- ``auth.test``: who the token belongs to. ``auth.revoke``: ends the calling token.
"""

from __future__ import annotations

import base64
import binascii
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from glue_emulators.dataset import Dataset
from glue_emulators.oauth import OAuthServer
from glue_emulators.slack import responses
from glue_emulators.slack.render import TEAM_ID, Renderer, channel_id, is_member, ts_of, user_id

MAX_LIST_LIMIT = 1000
MAX_HISTORY_LIMIT = 999
MAX_REPLIES_LIMIT = 1000
LIMITED_HISTORY_LIMIT = 15
LIMITED_HISTORY_SECONDS = 60.0


@dataclass
class HistoryLimit:
    """The history methods' tier: unlimited here, or Slack's one call a minute for non-Marketplace apps."""

    limited: bool
    clock: Callable[[], float]
    calls: int = 0
    _last: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self) -> float | None:
        """Seconds until the next call may come, or None (the call is served and counted)."""
        with self._lock:
            now = self.clock()
            if self.limited and self._last is not None and now - self._last < LIMITED_HISTORY_SECONDS:
                return LIMITED_HISTORY_SECONDS - (now - self._last)
            self._last = now
            self.calls += 1
            return None


@dataclass(frozen=True)
class TimeWindow:
    """The ``oldest`` / ``latest`` / ``inclusive`` arguments of the history methods."""

    oldest: Decimal | None
    latest: Decimal | None
    inclusive: bool

    @classmethod
    def of(cls, args: dict) -> TimeWindow:
        return cls(Decimal(args["oldest"]) if args.get("oldest") else None,
                   Decimal(args["latest"]) if args.get("latest") else None,
                   args.get("inclusive") in ("1", "true"))

    def holds(self, ts: Decimal) -> bool:
        if self.oldest is not None and (ts < self.oldest or (ts == self.oldest and not self.inclusive)):
            return False
        return self.latest is None or ts < self.latest or (ts == self.latest and self.inclusive)


def is_api_path(path: str) -> bool:
    return path.startswith("/api/") and path != "/api/oauth.v2.access"


def encode_cursor(position: int) -> str:
    return base64.b64encode(f"next:{position}".encode()).decode()


def decode_cursor(text: str) -> int | None:
    try:
        kind, _, position = base64.b64decode(text, validate=True).decode().partition(":")
        return int(position) if kind == "next" else None
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def api_routes(dataset: Dataset, oauth: OAuthServer, render: Renderer, history: HistoryLimit,
               replies: HistoryLimit) -> list[Route]:
    async def arguments(request: Request) -> dict[str, str]:
        args = dict(request.query_params)
        if request.method == "POST":
            args.update({k: str(v) for k, v in (await request.form()).items()})
        return args

    def token_of(request: Request, args: dict) -> str | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        token = token.strip() if scheme.lower() == "bearer" else args.get("token", "")
        return token.removeprefix("xoxb-") or None

    def method(handler):
        async def answer(request: Request) -> Response:
            args = await arguments(request)
            token = token_of(request, args)
            if token is None:
                return responses.failed("not_authed")
            grant = oauth.grant_for(token)
            if grant is None:
                return responses.failed("invalid_auth")
            return handler(args, token)
        return answer

    def paged_list(object_name: str, key: str, keep=lambda record: True):
        def handler(args: dict, token: str) -> Response:
            try:
                limit = int(args.get("limit") or 0) or 100
            except ValueError:
                return responses.failed("invalid_arguments")
            limit = dataset.page_size(object_name, min(max(1, limit), MAX_LIST_LIMIT))
            after = -1
            if args.get("cursor"):
                after = decode_cursor(args["cursor"])
                if after is None:
                    return responses.failed("invalid_cursor")
            store = dataset[object_name]
            page, last = [], after
            while len(page) < limit:
                batch = store.by_index(last, limit - len(page))
                if not batch:
                    break
                last = batch[-1].index
                page.extend(r for r in batch if keep(r))
            more = bool(store.by_index(last, 1))
            return responses.ok({key: [render(object_name, r) for r in page],
                                 "response_metadata": {"next_cursor": encode_cursor(last) if more else ""}})
        return handler

    def conversations(args: dict, token: str) -> Response:
        types = set((args.get("types") or "public_channel").split(","))
        if not types <= {"public_channel", "private_channel", "mpim", "im"}:
            return responses.failed("invalid_types")
        wanted = {"public_channel": False, "private_channel": True}
        private_kinds = {wanted[t] for t in types if t in wanted}
        keep = lambda record: render.channels(record)["is_private"] in private_kinds  # noqa: E731
        return paged_list("channels", "channels", keep)(args, token)

    def member_channel(args: dict) -> int | Response:
        """The channel's index, or Slack's refusal when it does not exist or the bot is not in it."""
        channels = dataset["channels"]
        channel = args.get("channel", "")
        index = int(channel[1:]) if channel[:1] == "C" and channel[1:].isdigit() else -1
        if not channels.exists(index) or channels.record(index).deleted:
            return responses.failed("channel_not_found")
        if not is_member(index):
            return responses.failed("not_in_channel")
        return index

    def conversation_history(args: dict, token: str) -> Response:
        index = member_channel(args)
        if isinstance(index, Response):
            return index
        if (wait := history.wait()) is not None:
            return responses.rate_limited(wait)
        try:
            window = TimeWindow.of(args)
            requested = int(args.get("limit") or 0) or (LIMITED_HISTORY_LIMIT if history.limited else 100)
        except (InvalidOperation, ValueError):
            return responses.failed("invalid_arguments")
        ceiling = LIMITED_HISTORY_LIMIT if history.limited else MAX_HISTORY_LIMIT
        limit = dataset.page_size("messages", min(max(1, requested), ceiling))
        store = dataset["messages"]
        found = [(Decimal(ts_of(record)), record) for record in store.by_index(-1, store.count)
                 if render.channel_of(record.index) == index and render.parent_of(record.index) is None
                 and window.holds(Decimal(ts_of(record)))]
        forward = window.oldest is not None and window.latest is None
        found.sort(key=lambda pair: pair[0], reverse=not forward)
        start = 0
        if args.get("cursor"):
            start = decode_cursor(args["cursor"])
            if start is None:
                return responses.failed("invalid_cursor")
        page = found[start:start + limit]
        more = start + limit < len(found)
        messages = [render.messages(record) for _, record in sorted(page, key=lambda pair: pair[0], reverse=True)]
        return responses.ok({"messages": messages, "has_more": more, "pin_count": 0,
                             "response_metadata": {"next_cursor": encode_cursor(start + limit) if more else ""}})

    def conversation_replies(args: dict, token: str) -> Response:
        index = member_channel(args)
        if isinstance(index, Response):
            return index
        if not args.get("ts"):
            return responses.failed("invalid_arguments")
        if (wait := replies.wait()) is not None:
            return responses.rate_limited(wait)
        try:
            window = TimeWindow.of(args)
            requested = int(args.get("limit") or 0) or (LIMITED_HISTORY_LIMIT if replies.limited else
                                                       MAX_REPLIES_LIMIT)
        except (InvalidOperation, ValueError):
            return responses.failed("invalid_arguments")
        parent = thread_parent(index, args["ts"])
        if parent is None:
            return responses.failed("thread_not_found")
        ceiling = LIMITED_HISTORY_LIMIT if replies.limited else MAX_REPLIES_LIMIT
        limit = dataset.page_size("messages", min(max(1, requested), ceiling))
        thread = [r for r in render.replies_of(parent.index) if window.holds(Decimal(ts_of(r)))]
        start = 0
        if args.get("cursor"):
            start = decode_cursor(args["cursor"])
            if start is None:
                return responses.failed("invalid_cursor")
        per_page = max(1, limit - 1)  # the parent heads every page
        page = thread[start:start + per_page]
        more = start + per_page < len(thread)
        return responses.ok({"messages": [render.messages(parent), *(render.messages(r) for r in page)],
                             "has_more": more,
                             "response_metadata": {"next_cursor": encode_cursor(start + per_page) if more else ""}})

    def thread_parent(channel: int, ts: str):
        """The live message of the channel posted at ``ts``, or its thread's parent when it is a reply."""
        store = dataset["messages"]
        found = next((r for r in store.by_index(-1, store.count)
                      if render.channel_of(r.index) == channel and ts_of(r) == ts), None)
        if found is None:
            return None
        parent = render.parent_of(found.index)
        if parent is None:
            return found
        record = store.record(parent)
        return None if record.deleted else record

    def read_one(object_name: str, argument: str, key: str, prefix: str, missing: str):
        """``users.info`` / ``conversations.info``: one record by its id, or Slack's not-found code."""
        def handler(args: dict, token: str) -> Response:
            wanted = args.get(argument, "")
            index = int(wanted[1:]) if wanted[:1] == prefix and wanted[1:].isdigit() else -1
            store = dataset[object_name]
            if not store.exists(index) or store.record(index).deleted:
                return responses.failed(missing)
            return responses.ok({key: render(object_name, store.record(index))})
        return handler

    def auth_test(args: dict, token: str) -> Response:
        return responses.ok({"url": "https://acme.slack.com/", "team": "Acme", "user": "glue", "team_id": TEAM_ID,
                             "user_id": user_id(0), "bot_id": "B00000001", "is_enterprise_install": False})

    def auth_revoke(args: dict, token: str) -> Response:
        if args.get("test") not in ("1", "true"):
            oauth.revoke(token)
        return responses.ok({"revoked": True})

    methods = {
        "users.list": paged_list("users", "members"),
        "conversations.list": conversations,
        "conversations.history": conversation_history,
        "conversations.replies": conversation_replies,
        "users.info": read_one("users", "user", "user", "U", "user_not_found"),
        "conversations.info": read_one("channels", "channel", "channel", "C", "channel_not_found"),
        "auth.test": auth_test,
        "auth.revoke": auth_revoke,
    }
    return [Route(f"/api/{name}", method(handler), methods=["GET", "POST"]) for name, handler in methods.items()]


__all__ = ["HistoryLimit", "api_routes", "channel_id", "is_api_path"]
