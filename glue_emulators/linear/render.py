"""Linear's records as its GraphQL API shows them (https://studio.apollographql.com/public/Linear-API),
generated from the emulator's dataset: issues, comments, projects, teams and users.

Ids are UUIDs, times ISO 8601 with milliseconds in UTC. An archived record (a deleted one, here) carries
``archivedAt``; issues moved to the trash also say ``trashed: true``. Related records are objects
(``team { id }``), so a query selects what it wants of them.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from glue_emulators.dataset import Dataset, Record

OBJECTS = ("issues", "comments", "projects", "teams", "users")
_ID_SPACE = {name: number + 1 for number, name in enumerate(OBJECTS)}
ORGANIZATION_ID = str(uuid.UUID(int=0xA11CE << 96))
FIRST_NAMES = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken")
LAST_NAMES = ("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson")
TEAM_NAMES = ("Engineering", "Design", "Platform", "Mobile", "Support", "Growth")
VERBS = ("Fix", "Add", "Remove", "Speed up", "Document", "Refactor")
THINGS = ("login page", "billing export", "search filters", "onboarding email", "API pagination", "sidebar")
STATES = (("Backlog", "backlog"), ("Todo", "unstarted"), ("In Progress", "started"), ("Done", "completed"),
          ("Canceled", "canceled"))
PRIORITIES = ("No priority", "Urgent", "High", "Medium", "Low")
PROJECT_STATES = ("planned", "started", "paused", "completed", "canceled")


def remote_id(object_name: str, index: int) -> str:
    return str(uuid.UUID(int=(_ID_SPACE[object_name] << 96) | index))


def timestamp(at: datetime | None) -> str | None:
    return None if at is None else at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


class Renderer:
    """``render(object, record)``: one record with every field the emulator knows."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset

    def __call__(self, object_name: str, record: Record) -> dict:
        return {**self._common(object_name, record), **getattr(self, object_name)(record)}

    def _common(self, object_name: str, record: Record) -> dict:
        return {"id": remote_id(object_name, record.index), "createdAt": timestamp(record.created_at),
                "updatedAt": timestamp(record.modified_at),
                "archivedAt": timestamp(record.modified_at) if record.deleted else None}

    def _ref(self, object_name: str, record: Record, salt: str) -> dict | None:
        store = self.dataset.objects.get(object_name)
        if store is None or store.initial_count == 0:
            return None  # from the generated records only: a record's links stay put when others are added
        return {"id": remote_id(object_name, record.number(salt, store.initial_count))}

    def _team_key(self, record: Record) -> str:
        teams = self.dataset.objects.get("teams")
        index = record.number("team", teams.initial_count) if teams is not None and teams.initial_count else 0
        return TEAM_NAMES[index % len(TEAM_NAMES)][:3].upper() + (str(index) if index >= len(TEAM_NAMES) else "")

    def issues(self, record: Record) -> dict:
        state_name, state_type = STATES[record.number("state", len(STATES))]
        priority = record.number("priority", len(PRIORITIES))
        identifier = f"{self._team_key(record)}-{record.index + 1}"
        return {
            "identifier": identifier, "number": record.index + 1,
            "title": f"{record.pick('verb', VERBS)} {record.pick('thing', THINGS)} (v{record.version})",
            "description": f"Reported by a customer; revision {record.version}.",
            "priority": priority, "priorityLabel": PRIORITIES[priority],
            "estimate": record.number("estimate", 8) or None,
            "url": f"https://linear.app/acme/issue/{identifier.lower()}",
            "trashed": True if record.deleted else None,
            "state": {"name": state_name, "type": state_type},
            "team": self._ref("teams", record, "team"), "assignee": self._ref("users", record, "assignee"),
            "project": self._ref("projects", record, "project"),
        }

    def comments(self, record: Record) -> dict:
        return {"body": f"Looked into it, update {record.version}: {record.pick('thing', THINGS)}.",
                "url": f"https://linear.app/acme/comment/{record.index}",
                "issue": self._ref("issues", record, "issue"), "user": self._ref("users", record, "author")}

    def projects(self, record: Record) -> dict:
        return {"name": f"{record.pick('thing', THINGS).title()} {record.index}", "slugId": f"{record.index:012x}",
                "description": f"Plan revision {record.version}.",
                "state": record.pick("state", PROJECT_STATES), "progress": record.number("progress", 101) / 100,
                "url": f"https://linear.app/acme/project/{record.index:012x}",
                "lead": self._ref("users", record, "lead")}

    def teams(self, record: Record) -> dict:
        name = TEAM_NAMES[record.index % len(TEAM_NAMES)]
        suffix = str(record.index) if record.index >= len(TEAM_NAMES) else ""
        return {"name": f"{name}{' ' + suffix if suffix else ''}", "key": name[:3].upper() + suffix,
                "description": f"The {name.lower()} team (v{record.version}).", "private": record.index % 4 == 3,
                "organization": {"id": ORGANIZATION_ID}}

    def users(self, record: Record) -> dict:
        first, last = record.pick("first", FIRST_NAMES), record.pick("last", LAST_NAMES)
        return {"name": f"{first} {last}", "displayName": f"{first.lower()}{record.index}",
                "email": f"{first}.{last}.{record.index}@acme.example".lower(), "active": not record.deleted,
                "admin": record.index == 0, "guest": False, "timezone": "Europe/London",
                "statusEmoji": None if record.version == 0 else ":wave:"}
