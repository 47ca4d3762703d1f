"""What one run of a sync does: a full or an incremental read, and from when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

FULL_ONLY = "full only"
LOOKBACK = timedelta(minutes=1)  # changes committed upstream just around the last cursor are read again


@dataclass(frozen=True)
class ObjectPlan:
    sync_id: str
    object_type: str
    object: str
    table_name: str
    full: bool
    modified_since: datetime | None  # None for a full read
    source_object: str = ""  # the provider object read: the object itself, or a common object's mapped-from one
    source_state: Any = None  # what the source kept from the last run (glue_providers.source_state); None when full

    @property
    def read_object(self) -> str:
        return self.source_object or self.object

    @property
    def is_common(self) -> bool:
        return self.object_type == "common"


def is_full_run(state: dict[str, Any] | None, strategy: dict[str, Any], force_full: bool) -> bool:
    state = state or {}
    if force_full or strategy.get("strategy") == FULL_ONLY or not state.get("cursor"):
        return True
    every = strategy.get("full_sync_every_n_incrementals")
    return bool(every) and state.get("incrementals_since_full", 0) >= int(every)


def plan_object(
    sync_id: str, object_type: str, object_name: str, table_name: str,
    state: dict[str, Any] | None, strategy: dict[str, Any], force_full: bool, source_object: str = "",
    source_state: Any = None,
) -> ObjectPlan:
    full = is_full_run(state, strategy, force_full)
    since = None if full else datetime.fromisoformat(state["cursor"]) - LOOKBACK
    # A full read starts the source over: what it kept belongs to the reads it replaces.
    return ObjectPlan(sync_id, object_type, object_name, table_name, full, since, source_object,
                      None if full else source_state)


def read_rounds(plans: list[ObjectPlan]) -> list[list[ObjectPlan]]:
    """Plans grouped so no group reads one provider object twice (a source has one resource per object):
    provider objects first, then common objects, one more group whenever two read the same object."""
    rounds: list[list[ObjectPlan]] = []
    for plan in sorted(plans, key=lambda p: p.is_common):
        target = next((r for r in rounds if all(other.read_object != plan.read_object for other in r)), None)
        if target is None:
            rounds.append(target := [])
        target.append(plan)
    return rounds


def next_state(state: dict[str, Any] | None, plan: ObjectPlan, max_modified: datetime | None, finished_at: datetime) -> dict:
    """Sync state after a successful run: the cursor only moves forward."""
    state = dict(state or {})
    cursor = state.get("cursor")
    if max_modified is not None and (cursor is None or max_modified > datetime.fromisoformat(cursor)):
        state["cursor"] = max_modified.isoformat()
    if plan.full:
        state["incrementals_since_full"] = 0
        state["last_full_sync_at"] = finished_at.isoformat()
    else:
        state["incrementals_since_full"] = state.get("incrementals_since_full", 0) + 1
    return state
