"""Provider records as the emulators serve them over their wire APIs: what the sync engine hands the mappers."""

from __future__ import annotations

from starlette.testclient import TestClient

from glue_emulators.hubspot import create_emulator as hubspot_emulator
from glue_emulators.salesforce import create_emulator as salesforce_emulator

SALESFORCE_CONTACT_FIELDS = "Id, FirstName, LastName, Email, MailingCity, AccountId"


def hubspot_contacts(count: int = 5) -> list[dict]:
    emulator = hubspot_emulator({"contacts": count})
    token = emulator.oauth.mint()["access_token"]
    with TestClient(emulator.app) as client:
        answer = client.get("/crm/v3/objects/contacts", params={"limit": count},
                            headers={"Authorization": f"Bearer {token}"})
    answer.raise_for_status()
    return answer.json()["results"]


def salesforce_contacts(count: int = 5) -> list[dict]:
    emulator = salesforce_emulator({"Contact": count, "Account": 2})
    token = emulator.oauth.mint()["access_token"]
    with TestClient(emulator.app) as client:
        answer = client.get("/services/data/v60.0/query/",
                            params={"q": f"SELECT {SALESFORCE_CONTACT_FIELDS} FROM Contact"},
                            headers={"Authorization": f"Bearer {token}"})
    answer.raise_for_status()
    return answer.json()["records"]
