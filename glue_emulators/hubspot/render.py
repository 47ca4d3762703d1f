"""Records, owners, property definitions and schemas as HubSpot's CRM v3 API returns them."""

from __future__ import annotations

from collections.abc import Iterable

from glue_emulators.dataset import BASE_TIME, Record
from glue_emulators.hubspot.account import Account
from glue_emulators.hubspot.catalog import (
    OWNER_ID_BASE, OWNER_USER_ID_BASE, ObjectKind, fully_qualified_name,
)
from glue_emulators.hubspot.fields import FIRST_NAMES, LAST_NAMES, PropertySpec, Values, iso

DEFINED_AT = iso(BASE_TIME)
TEAMS = (("4521", "EMEA Sales"), ("4522", "Americas Sales"), ("4523", "Customer Success"))


def crm_records(
    account: Account, kind: ObjectKind, records: Iterable[Record], properties: Iterable[str] | None
) -> list[dict]:
    """Objects as the list and search endpoints return them; unknown property names are ignored."""
    wanted = kind.default_properties if properties is None else properties
    specs = [spec for spec in map(kind.property, dict.fromkeys(wanted)) if spec is not None]
    return [_crm_record(account, kind, record, specs) for record in records]


def _crm_record(account: Account, kind: ObjectKind, record: Record, specs: list[PropertySpec]) -> dict:
    values = Values(record, kind.remote_id(record.index), account.owner_id(record))
    body = {
        "id": values.id,
        "properties": {spec.name: spec.value(values) for spec in specs},
        "createdAt": values.created,
        "updatedAt": values.modified,
        "archived": record.deleted,
    }
    if record.deleted:
        body["archivedAt"] = values.modified  # archiving is the record's last change
    return body


def owner(record: Record) -> dict:
    first, last = record.pick("firstname", FIRST_NAMES), record.pick("lastname", LAST_NAMES)
    team_id, team_name = TEAMS[record.number("team", len(TEAMS))]
    user_id = OWNER_USER_ID_BASE + record.index
    return {
        "id": str(OWNER_ID_BASE + record.index),
        "email": f"{first}.{last}@owners.example.com".lower(),
        "type": "PERSON",
        "firstName": first,
        "lastName": last,
        "userId": None if record.deleted else user_id,  # deactivated users keep only userIdIncludingInactive
        "userIdIncludingInactive": user_id,
        "createdAt": iso(record.created_at),
        "updatedAt": iso(record.modified_at),
        "archived": record.deleted,
        "teams": [{"id": team_id, "name": team_name, "primary": True}],
    }


def property_definition(kind: ObjectKind, spec: PropertySpec, order: int) -> dict:
    return {
        "name": spec.name,
        "label": spec.label,
        "type": spec.type,
        "fieldType": spec.field_type,
        "description": "",
        "groupName": spec.group,
        "options": [
            {"label": option.replace("_", " ").title(), "value": option, "displayOrder": i, "hidden": False}
            for i, option in enumerate(spec.options)
        ],
        "displayOrder": order,
        "calculated": False,
        "externalOptions": spec.name == "hubspot_owner_id",  # owner options come from the owners API
        "hasUniqueValue": spec.unique,
        "hidden": False,
        "hubspotDefined": not kind.custom or spec.name.startswith("hs_") or spec.name == "hubspot_owner_id",
        "modificationMetadata": {"archivable": not spec.read_only, "readOnlyDefinition": True,
                                 "readOnlyValue": spec.read_only},
        "formField": not spec.read_only,
        "createdAt": DEFINED_AT,
        "updatedAt": DEFINED_AT,
        "archived": False,
    }


def schema(account: Account, kind: ObjectKind) -> dict:
    """A custom object's schema as /crm/v3/schemas lists it."""
    own = [spec for spec in kind.properties if not spec.name.startswith("hs_") and spec.name != "hubspot_owner_id"]
    return {
        "id": kind.object_type_id.split("-", 1)[1],
        "name": kind.name,
        "labels": {"singular": kind.labels[0], "plural": kind.labels[1]},
        "objectTypeId": kind.object_type_id,
        "fullyQualifiedName": fully_qualified_name(kind, account.portal_id),
        "primaryDisplayProperty": own[0].name,
        "secondaryDisplayProperties": [own[1].name],
        "requiredProperties": [own[0].name],
        "searchableProperties": [spec.name for spec in own[:2]],
        "properties": [property_definition(kind, spec, i) for i, spec in enumerate(kind.properties)],
        "associations": [],
        "createdAt": DEFINED_AT,
        "updatedAt": DEFINED_AT,
        "archived": False,
    }
