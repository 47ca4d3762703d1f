"""The spec's CustomMapping."""

from __future__ import annotations

from glue_api.models import Customer, CustomMapping


def custom_mapping_view(mapping: CustomMapping, customer: Customer) -> dict:
    # A target field id reads "<unified api>+<resource>+<field key>"; the key is its last part.
    key = mapping.target_field_id.rpartition("+")[2]
    return {
        "id": mapping.target_field_id,
        "label": mapping.label or key,
        "description": mapping.description,
        "value": mapping.value,
        "key": key,
        "required": False,
        "custom_field": False,
        "consumer_id": customer.external_id,
    }
