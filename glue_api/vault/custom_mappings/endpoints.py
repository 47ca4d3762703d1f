"""Vault API: /vault/custom-mappings/{unified_api}/{service_id}/{target_field_id} of the consumer's connection."""

from typing import Annotated

from fastapi import APIRouter, Path, Response

from glue_api.deps import SessionDep
from glue_api.vault.auth import ConsumerIdHeader, VaultApplication
from glue_api.vault.custom_mappings import repository, service
from glue_api.vault.custom_mappings.presenters import custom_mapping_view
from glue_api.vault.custom_mappings.schemas import CustomMappingWrite
from glue_api.vault.envelope import envelope

router = APIRouter(tags=["vault"])

MAPPING_PATH = "/custom-mappings/{unified_api}/{service_id}/{target_field_id}"
TargetFieldId = Annotated[str, Path(min_length=1, max_length=255)]


@router.get(MAPPING_PATH)
def get_custom_mapping(
    unified_api: str, service_id: str, target_field_id: TargetFieldId,
    application: VaultApplication, consumer_id: ConsumerIdHeader, session: SessionDep,
) -> dict:
    customer, connection = repository.consumer_connection(session, application.id, consumer_id, unified_api, service_id)
    mapping = repository.get_mapping(session, connection, target_field_id)
    return envelope(custom_mapping_view(mapping, customer))


@router.post(MAPPING_PATH)
def create_custom_mapping(
    unified_api: str, service_id: str, target_field_id: TargetFieldId, body: CustomMappingWrite,
    application: VaultApplication, consumer_id: ConsumerIdHeader, session: SessionDep,
) -> dict:
    customer, connection = repository.consumer_connection(session, application.id, consumer_id, unified_api, service_id)
    mapping = service.create_mapping(session, connection, target_field_id, body.value)
    return envelope(custom_mapping_view(mapping, customer))  # the spec answers 200, not 201


@router.patch(MAPPING_PATH)
def update_custom_mapping(
    unified_api: str, service_id: str, target_field_id: TargetFieldId, body: CustomMappingWrite,
    application: VaultApplication, consumer_id: ConsumerIdHeader, session: SessionDep,
) -> dict:
    customer, connection = repository.consumer_connection(session, application.id, consumer_id, unified_api, service_id)
    mapping = service.update_mapping(session, connection, target_field_id, body.value)
    return envelope(custom_mapping_view(mapping, customer))


@router.delete(MAPPING_PATH, status_code=204)
def delete_custom_mapping(
    unified_api: str, service_id: str, target_field_id: TargetFieldId,
    application: VaultApplication, consumer_id: ConsumerIdHeader, session: SessionDep,
) -> Response:
    _, connection = repository.consumer_connection(session, application.id, consumer_id, unified_api, service_id)
    service.delete_mapping(session, connection, target_field_id)
    return Response(status_code=204)
