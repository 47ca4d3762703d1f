"""The CRM object types the emulated HubSpot account has, and how the API names them.

HubSpot accepts an object type in a path by name ("contacts"), by objectTypeId
("0-1", "2-3508482" for custom objects), or for custom objects by fully qualified
name ("p1000001_cars") or the "p_cars" shorthand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from glue_emulators.hubspot import fields
from glue_emulators.hubspot.fields import PropertySpec

OWNERS = "owners"
OWNER_ID_BASE = 40_000_001  # owner ids look like "41629779" in HubSpot's docs
OWNER_USER_ID_BASE = 9_000_001


@dataclass(frozen=True)
class ObjectKind:
    name: str  # the dataset's object name and the API's plural name
    object_type_id: str
    id_base: int  # record ids are numeric strings; index i has id id_base + i
    created_property: str
    modified_property: str  # what search filters and sorts on for "last modified"
    properties: tuple[PropertySpec, ...]
    default_properties: tuple[str, ...]  # returned when a request names none
    labels: tuple[str, str]  # singular, plural
    custom: bool = False

    def remote_id(self, index: int) -> str:
        return str(self.id_base + index)

    def index_of(self, remote_id: str) -> int | None:
        try:
            index = int(remote_id) - self.id_base
        except ValueError:
            return None
        return index if index >= 0 else None

    def property(self, name: str) -> PropertySpec | None:
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, PropertySpec]:
        return {spec.name: spec for spec in self.properties}


STANDARD_KINDS = {
    kind.name: kind
    for kind in (
        ObjectKind("contacts", "0-1", 101, "createdate", "lastmodifieddate", fields.CONTACT_PROPERTIES,
                   ("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"),
                   ("Contact", "Contacts")),
        ObjectKind("companies", "0-2", 5_000_000_001, "createdate", "hs_lastmodifieddate", fields.COMPANY_PROPERTIES,
                   ("createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"), ("Company", "Companies")),
        ObjectKind("deals", "0-3", 9_000_000_001, "createdate", "hs_lastmodifieddate", fields.DEAL_PROPERTIES,
                   ("amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate",
                    "hs_object_id", "pipeline"), ("Deal", "Deals")),
        ObjectKind("leads", "0-136", 13_000_000_001, "hs_createdate", "hs_lastmodifieddate", fields.LEAD_PROPERTIES,
                   ("hs_createdate", "hs_lastmodifieddate", "hs_lead_name", "hs_object_id"), ("Lead", "Leads")),
    )
}

CUSTOM_KINDS = {
    kind.name: kind
    for kind in (
        ObjectKind("cars", "2-3508482", 17_000_000_001, "hs_createdate", "hs_lastmodifieddate", fields.CAR_PROPERTIES,
                   ("hs_createdate", "hs_lastmodifieddate", "hs_object_id"), ("Car", "Cars"), custom=True),
    )
}


def fully_qualified_name(kind: ObjectKind, portal_id: str) -> str:
    return f"p{portal_id}_{kind.name}" if kind.custom else kind.name


def resolve(object_type: str, kinds: dict[str, ObjectKind], portal_id: str) -> ObjectKind | None:
    """The kind a path's {objectType} names, or None (HubSpot answers 400 for those)."""
    for kind in kinds.values():
        names = {kind.name, kind.object_type_id}
        if kind.custom:
            names |= {fully_qualified_name(kind, portal_id), f"p_{kind.name}"}
        if object_type in names:
            return kind
    return None
