"""The spec's CreateCustomMappingRequest and UpdateCustomMappingRequest: a JSONPath ``value``."""

from __future__ import annotations

from pydantic import field_validator

from glue_api.schemas import RequestBody
from glue_api.vault.custom_mappings.jsonpath import check_jsonpath


class CustomMappingWrite(RequestBody):
    value: str

    @field_validator("value")
    @classmethod
    def jsonpath(cls, value: str) -> str:
        return check_jsonpath(value)
