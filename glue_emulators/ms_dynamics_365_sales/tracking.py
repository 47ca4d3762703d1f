"""Dataverse change tracking, as the Web API serves it
(https://learn.microsoft.com/power-apps/developer/data-platform/use-change-tracking-synchronize-data-external-systems).

A list read with ``Prefer: odata.track-changes`` ends (last page) with ``@odata.deltaLink``: the same query
plus ``$deltatoken``. GETting that link answers the rows created or changed since, and the rows deleted
since as ``{"@odata.context": ".../$metadata#accounts/$deletedEntity", "id", "reason": "deleted"}``, then a
new delta link. ``$filter``, ``$orderby``, ``$expand`` and ``$top`` are refused with tracking. Only tables
with change tracking enabled take part (here every standard table; the customer's own table not, until
the control API enables it). A token older than the organisation's retention (``ExpireChangeTrackingInDays``,
7 by default), or older than what the control API expired, answers ExpiredVersionStamp (0x80044352).

The token is this emulator's own: ``<milliseconds>!<MM/dd/yyyy HH:mm:ss>``, the instant it was cut, in the
shape of Microsoft's examples (``919042!08/22/2017 08:10:44``).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.control import CONTROL_PREFIX
from glue_emulators.dataset import Dataset

RETENTION = timedelta(days=7)
EXPIRED_VERSION_STAMP = "0x80044352"
EXPIRED_MESSAGE = "Version stamp associated with the client has expired. Please perform a full sync."
# Microsoft's reference names no code for a tracked read of an untracked table: Dataverse's invalid argument.
NOT_TRACKED = "0x80040203"
UNSUPPORTED_WITH_TRACKING = ("$filter", "$orderby", "$expand", "$top")
TOKEN = re.compile(r"^(\d{1,16})!\d\d/\d\d/\d{4} \d\d:\d\d:\d\d$")


class TokenRefused(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class ChangeTracking:
    """Which tables track changes, and the delta tokens cut so far."""

    def __init__(self, dataset: Dataset, tracked: set[str]):
        self.dataset = dataset
        self.tracked = set(tracked)
        self.expired_before: datetime | None = None

    def mark(self) -> datetime:
        """Now, on the dataset's clock: every change after it has a later instant."""
        return self.dataset.clock.tick()

    @staticmethod
    def token(mark: datetime) -> str:
        return f"{int(mark.timestamp() * 1000)}!{mark.astimezone(timezone.utc):%m/%d/%Y %H:%M:%S}"

    def since(self, token: str) -> datetime:
        """The instant a delta token was cut, if it may still be used."""
        match = TOKEN.match(token)
        if not match:
            raise TokenRefused("0x80060888", "The $deltatoken is not valid.")
        mark = datetime.fromtimestamp(int(match.group(1)) / 1000, tz=timezone.utc)
        if mark < datetime.now(timezone.utc) - RETENTION or (self.expired_before and mark < self.expired_before):
            raise TokenRefused(EXPIRED_VERSION_STAMP, EXPIRED_MESSAGE)
        return mark

    def expire_tokens(self) -> None:
        self.expired_before = self.mark()


def tracking_routes(tracking: ChangeTracking) -> list[Route]:
    """``POST /_emulator/change_tracking {"enable": ["new_project"], "expire_tokens": true}``: the
    organisation turns tracking on for a table (it cannot be turned off), or drops its change history."""

    async def configure(request: Request) -> Response:
        body = await request.json() if await request.body() else {}
        unknown = [name for name in body.get("enable") or [] if name not in tracking.dataset.objects]
        if unknown:
            return JSONResponse({"error": f"no table(s) {', '.join(unknown)}"}, status_code=404)
        tracking.tracked |= set(body.get("enable") or [])
        if body.get("expire_tokens"):
            tracking.expire_tokens()
        return JSONResponse({"tracked": sorted(tracking.tracked)})

    return [Route(f"{CONTROL_PREFIX}/change_tracking", configure, methods=["GET", "POST"])]
