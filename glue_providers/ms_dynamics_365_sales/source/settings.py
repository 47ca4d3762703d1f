"""Which Dataverse table serves each Dynamics 365 Sales object, and the Web API's paging limits."""

from __future__ import annotations

from dataclasses import dataclass

API_REFERENCE = "https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-data-web-api"
API_ROOT = "/api/data/v9.2"
MAX_PAGE_SIZE = 5000  # the most ``Prefer: odata.maxpagesize`` is honoured for
MODIFIED_FIELD = "modifiedon"


@dataclass(frozen=True)
class Table:
    entity_set: str  # the URL's name for the table
    primary_key: str


# Objects are named by the tables' logical names, as Dynamics names them.
TABLES: dict[str, Table] = {
    "account": Table("accounts", "accountid"),
    "contact": Table("contacts", "contactid"),
    "lead": Table("leads", "leadid"),
    "opportunity": Table("opportunities", "opportunityid"),
    "systemuser": Table("systemusers", "systemuserid"),
}
DEFAULT_OBJECTS = tuple(TABLES)
