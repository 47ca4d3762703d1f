"""Generated leads and programs as Marketo shows them (field names from Marketo's lead describe and Get Programs
reference). Leads' ids start at 1 and grow with creation, as Marketo's do."""

from __future__ import annotations

from datetime import datetime, timezone

from glue_emulators.dataset import Record

FIRST = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John")
LAST = ("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus")
COMPANIES = ("Analytical Engines", "Compilers Inc", "Enigma Ltd", "Semaphore BV")
PROGRAM_TYPES = (("Event", "Webinar"), ("Email", "Email Blast"), ("Default", "Content"), ("Engagement", "Nurture"))
PROGRAM_BASE_ID = 1000

# REST name -> (display name, Marketo data type): what leads/describe.json lists, in this order.
LEAD_FIELDS = {
    "id": ("Id", "integer"), "email": ("Email Address", "email"), "firstName": ("First Name", "string"),
    "lastName": ("Last Name", "string"), "company": ("Company Name", "string"), "leadScore": ("Lead Score", "integer"),
    "createdAt": ("Created At", "datetime"), "updatedAt": ("Updated At", "datetime"),
}


def remote_id(object_name: str, index: int) -> str:
    return str(index + 1 if object_name == "leads" else PROGRAM_BASE_ID + index)


def index_of(object_name: str, remote: int) -> int:
    return remote - 1 if object_name == "leads" else remote - PROGRAM_BASE_ID


def lead(record: Record) -> dict:
    first, last = record.pick("first", FIRST), record.pick("last", LAST)
    return {
        "id": record.index + 1, "email": f"{first}.{last}.{record.index}@example.com".lower(),
        "firstName": first, "lastName": last, "company": record.pick("company", COMPANIES),
        "leadScore": record.number("score", 100), "createdAt": marketo_time(record.created_at),
        "updatedAt": marketo_time(record.modified_at),
    }


def program(record: Record) -> dict:
    kind, channel = record.pick("type", PROGRAM_TYPES)
    return {
        "id": PROGRAM_BASE_ID + record.index, "name": f"Program {record.index} v{record.version}",
        "description": "", "type": kind, "channel": channel, "status": "on" if record.number("on", 2) else "off",
        "workspace": "Default", "url": f"https://app.marketo.example/#PG{PROGRAM_BASE_ID + record.index}A1",
        "createdAt": program_time(record.created_at), "updatedAt": program_time(record.modified_at),
    }


def render(object_name: str, record: Record) -> dict:
    return lead(record) if object_name == "leads" else program(record)


def marketo_time(at: datetime) -> str:
    return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def program_time(at: datetime) -> str:
    return marketo_time(at) + "+0000"  # programs carry a redundant offset after the Z
