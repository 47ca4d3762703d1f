"""What every registered provider's common mappings promise the engine: each reads one of the
provider's objects into a common object of the provider's category, and gives exactly
created_at, updated_at and that object's fields, each value of its field's kind, for any record
the provider's emulator serves (and for a record missing every field)."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest

from glue_emulators.server import EmulatorServer
from glue_providers import registry
from glue_providers.common.models import (
    ADDRESS_TYPES, COMMON_MODELS, CRM_EMAIL_TYPES, CRM_PHONE_TYPES, ENGAGEMENT_EMAIL_TYPES, ENGAGEMENT_PHONE_TYPES,
    LIFECYCLE_STAGES, OPPORTUNITY_STATUSES, SHARE_TYPES, fields_of,
)
from glue_providers.spec import ProviderSpec

MAPPED = [spec for spec in registry.all_specs() if spec.common_models]
RECORDS_CHECKED = 200  # per object: every record of the emulator's small objects, a sample of the large ones
KINDS = {"text": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,), "timestamp": (datetime,),
         "json": (list, dict)}
ADDRESS_PARTS = {"street_1", "street_2", "city", "state", "postal_code", "country"}
# The values Supaglue's spec allows where it enumerates them, per category.
PHONE_TYPES = {"crm": CRM_PHONE_TYPES, "engagement": ENGAGEMENT_PHONE_TYPES}
EMAIL_TYPES = {"crm": CRM_EMAIL_TYPES, "engagement": ENGAGEMENT_EMAIL_TYPES}


def test_the_syncing_crm_and_engagement_providers_have_mappings():
    assert {"hubspot", "salesforce", "pipedrive", "apollo"} <= {spec.name for spec in MAPPED}


@pytest.mark.parametrize("spec", MAPPED, ids=lambda spec: spec.name)
def test_each_mapping_reads_a_provider_object_into_its_categorys_model(spec: ProviderSpec):
    mappings = spec.common_mappings()
    assert mappings, f"{spec.name} names common models but has none"
    for common_object, mapping in mappings.items():
        assert common_object in COMMON_MODELS[spec.category], common_object
        assert mapping.from_object in spec.objects, mapping.from_object
        assert all(isinstance(name, str) and name for name in mapping.associations)


@pytest.mark.parametrize("spec", [s for s in MAPPED if s.emulator is not None], ids=lambda spec: spec.name)
def test_fields_are_exactly_the_models_of_their_kinds(spec: ProviderSpec):
    emulator = spec.emulator.create()
    with EmulatorServer(emulator.app) as server:
        for common_object, mapping in spec.common_mappings().items():
            model = fields_of(spec.category, common_object)
            expected = ["created_at", "updated_at", *(field.name for field in model)]
            answer = httpx.get(f"{server.url}/_emulator/records/{mapping.from_object}", params={"fields": "true"},
                               timeout=60)
            records = list(answer.json()["fields"].values())[:RECORDS_CHECKED]
            assert records, f"{spec.name}'s emulator serves no {mapping.from_object}"
            for raw in [{}, *(record for parent in records for record in mapping.records_of(parent))]:
                fields = mapping.fields(raw)
                assert sorted(fields) == sorted(expected), f"{spec.name} {common_object}"
                for field in model:
                    value = fields[field.name]
                    assert value is None or isinstance(value, KINDS[field.kind]), (common_object, field.name, value)
                    if field.kind in ("integer", "number") and value is not None:
                        assert not isinstance(value, bool), (common_object, field.name)
                check_enumerations(spec.category, fields)
                for moment in (fields["created_at"], fields["updated_at"]):
                    assert moment is None or (isinstance(moment, datetime) and moment.tzinfo is not None)
            assert any(mapping.fields(raw)["created_at"] for parent in records for raw in mapping.records_of(parent))


def check_enumerations(category: str, fields: dict) -> None:
    assert fields.get("lifecycle_stage") in (None, *LIFECYCLE_STAGES)
    assert fields.get("status") in (None, *OPPORTUNITY_STATUSES)
    assert fields.get("share_type") in (None, *SHARE_TYPES)
    for address in fields.get("addresses") or ():
        assert set(address) == ADDRESS_PARTS | {"address_type"} and address["address_type"] in ADDRESS_TYPES
    if fields.get("address") is not None:
        assert set(fields["address"]) == ADDRESS_PARTS
    for phone in fields.get("phone_numbers") or ():
        assert set(phone) == {"phone_number", "phone_number_type"}
        assert phone["phone_number_type"] in PHONE_TYPES[category] and phone["phone_number"]
    for email in fields.get("email_addresses") or ():
        assert set(email) == {"email_address", "email_address_type"}
        assert email["email_address_type"] in EMAIL_TYPES[category] and email["email_address"]
