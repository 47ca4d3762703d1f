"""sObject Describe and Describe Global bodies (the slice of DescribeSObjectResult clients read)."""

from __future__ import annotations

import re

from glue_emulators.salesforce.catalog import Catalog, Field, SObject

SOAP_TYPES = {
    "id": "tns:ID", "reference": "tns:ID", "boolean": "xsd:boolean", "datetime": "xsd:dateTime", "date": "xsd:date",
    "currency": "xsd:double", "double": "xsd:double", "percent": "xsd:double", "int": "xsd:int",
}
PLATFORM_FIELDS = {"Id", "IsDeleted", "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById",
                   "SystemModstamp"}


def describe_sobject(sobject: SObject, api_version: str) -> dict:
    return {
        **_summary(sobject, api_version),
        "fields": [_field(f) for f in sobject.fields],
        "childRelationships": [],
        "recordTypeInfos": [],
    }


def describe_global(catalog: Catalog, api_version: str) -> dict:
    return {"encoding": "UTF-8", "maxBatchSize": 200, "sobjects": [_summary(s, api_version) for s in catalog]}


def _summary(sobject: SObject, api_version: str) -> dict:
    base = f"/services/data/{api_version}/sobjects/{sobject.name}"
    return {
        "name": sobject.name, "label": sobject.label, "labelPlural": sobject.label_plural,
        "keyPrefix": sobject.key_prefix, "custom": sobject.custom, "queryable": True, "retrieveable": True,
        "replicateable": True, "searchable": True, "createable": True, "updateable": True,
        "deletable": sobject.has_is_deleted, "undeletable": sobject.has_is_deleted,
        "urls": {"sobject": base, "describe": f"{base}/describe", "rowTemplate": f"{base}/{{ID}}"},
    }


def _field(field: Field) -> dict:
    settable = field.name not in PLATFORM_FIELDS
    return {
        "name": field.name,
        "label": _label(field.name),
        "type": field.type,
        "soapType": SOAP_TYPES.get(field.type, "xsd:string"),
        "length": 18 if field.type in ("id", "reference") else (255 if SOAP_TYPES.get(field.type) is None else 0),
        "custom": field.custom,
        "nillable": settable and field.type != "boolean",
        "filterable": True,
        "sortable": field.type != "textarea",
        "createable": settable,
        "updateable": settable,
        "referenceTo": [field.reference_to] if field.reference_to else [],
        "relationshipName": _relationship(field.name) if field.reference_to else None,
    }


def _label(name: str) -> str:
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name.removesuffix("__c")).replace("_", " ")
    return words.removesuffix(" Id") + (" ID" if name.endswith("Id") and name != "Id" else "")


def _relationship(name: str) -> str:
    return name[:-3] + "__r" if name.endswith("__c") else name.removesuffix("Id")
