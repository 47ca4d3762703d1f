"""Renders dataset records as the REST API's JSON records: ``attributes`` plus the selected fields."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from functools import lru_cache

from glue_emulators.dataset import Dataset, Record
from glue_emulators.salesforce.catalog import STANDARD_OBJECTS, Catalog, Field, SObject
from glue_emulators.salesforce.ids import record_id

# Lookups that keep pointing at the same record when the record changes (who created it, its account).
STABLE_REFERENCES = {"CreatedById", "AccountId", "Account__c", "ConvertedContactId", "ConvertedAccountId"}
# Lookups set only once a lead is converted: empty until then.
CONVERSION_REFERENCES = {"ConvertedContactId", "ConvertedAccountId"}
UNSEEDED_TARGET_COUNT = 100  # how many records a lookup target has when the dataset does not hold it


@lru_cache(maxsize=4096)  # a record's CreatedDate, LastModifiedDate and SystemModstamp often coincide
def sf_datetime(at: datetime) -> str:
    """Salesforce's JSON dateTime: UTC, milliseconds, offset without a colon."""
    at = at.astimezone(timezone.utc)
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}+0000"


class RecordRenderer:
    def __init__(self, catalog: Catalog, dataset: Dataset):
        self.catalog = catalog
        self.dataset = dataset

    def remote_id(self, object_name: str, index: int) -> str:
        sobject = self.catalog.get(object_name) or STANDARD_OBJECTS[object_name]
        return record_id(sobject.key_prefix, index)

    def render(self, sobject: SObject, record: Record, fields: Sequence[Field], api_version: str) -> dict:
        url = f"/services/data/{api_version}/sobjects/{sobject.name}/{record_id(sobject.key_prefix, record.index)}"
        rendered = {"attributes": {"type": sobject.name, "url": url}}
        for field in fields:
            rendered[field.name] = self._value(sobject, record, field)
        return rendered

    def _value(self, sobject: SObject, record: Record, field: Field):
        if field.value is not None:
            return field.value(record)
        if field.name == "Id":
            return record_id(sobject.key_prefix, record.index)
        if field.name == "IsDeleted":
            return record.deleted
        if field.name == "CreatedDate":
            return sf_datetime(record.created_at)
        if field.name in ("LastModifiedDate", "SystemModstamp"):
            return sf_datetime(record.modified_at)
        if field.name in CONVERSION_REFERENCES and not sobject.field("IsConverted").value(record):
            return None
        if field.type == "reference":
            return self._reference(record, field)
        raise AssertionError(f"{sobject.name}.{field.name} has no value")

    def _reference(self, record: Record, field: Field) -> str:
        target_name = field.reference_to or "User"
        target = self.catalog.get(target_name) or STANDARD_OBJECTS[target_name]
        store = self.dataset.objects.get(target.name)
        # The generated records only: a reference must not move when records are created later.
        count = store.initial_count if store is not None and store.initial_count else UNSEEDED_TARGET_COUNT
        if field.name in STABLE_REFERENCES:
            record = Record(record.index, 0, record.created_at, record.modified_at, record.deleted)
        return record_id(target.key_prefix, record.number(field.name, count))
