"""One emulated HubSpot account (a "portal"): its data, credentials, limits and object types."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from glue_emulators.dataset import Dataset, Record
from glue_emulators.faults import Faults
from glue_emulators.hubspot.catalog import OWNER_ID_BASE, OWNERS, ObjectKind, resolve
from glue_emulators.hubspot.limits import DailyCounter, Limits, RollingWindow
from glue_emulators.hubspot.search import SearchCursors
from glue_emulators.oauth import OAuthServer


@dataclass
class Account:
    dataset: Dataset
    oauth: OAuthServer
    faults: Faults
    limits: Limits
    kinds: dict[str, ObjectKind]  # the CRM object types this account has, by name
    # a private app's static token: same API, plus the daily quota headers OAuth calls do not get
    private_app_token: str = field(default_factory=lambda: "pat-na1-" + secrets.token_hex(16))
    window: RollingWindow = field(default_factory=RollingWindow)
    search_window: RollingWindow = field(default_factory=RollingWindow)
    daily: DailyCounter = field(default_factory=DailyCounter)
    search_cursors: SearchCursors = field(default_factory=SearchCursors)

    @property
    def portal_id(self) -> str:
        return self.oauth.account_id

    def kind(self, object_type: str) -> ObjectKind | None:
        return resolve(object_type, self.kinds, self.portal_id)

    def remote_id(self, name: str, index: int) -> str:
        if name == OWNERS:
            return str(OWNER_ID_BASE + index)
        return self.kinds[name].remote_id(index)

    def owner_id(self, record: Record) -> str | None:
        """The owner a record is assigned to: one of the account's original owners, if it still has it."""
        owners = self.dataset.objects.get(OWNERS)
        if owners is None or owners.initial_count == 0:
            return None
        index = record.number("hubspot_owner_id", owners.initial_count)
        return None if owners.record(index).deleted else str(OWNER_ID_BASE + index)
