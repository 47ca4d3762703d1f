"""Management API: /entity_mappings, addressed by the x-customer-id and x-provider-name headers
(deprecated operations, served as the spec describes them)."""

from fastapi import APIRouter, Response, status

from glue_api.connection_sync_configs.endpoints import AddressedConnection
from glue_api.deps import SessionDep
from glue_api.entities.schemas import ConnectionEntityMappingWrite
from glue_api.entity_mappings import service

router = APIRouter(prefix="/entity_mappings", tags=["entity_mappings"])


@router.get("", deprecated=True)
def list_entity_mappings(connection: AddressedConnection, session: SessionDep) -> list[dict]:
    """Every entity with the connection's mapping, each part marked `from` developer (the application's
    default in the provider config) or customer."""
    return [service.merged_view(m) for m in service.merged_mappings(session, connection)]


@router.put("/{entity_id}", deprecated=True)
def upsert_entity_mapping(
    entity_id: str, body: ConnectionEntityMappingWrite, connection: AddressedConnection, session: SessionDep
) -> Response:
    """The customer's mapping of the entity; the spec's answer is an empty 200."""
    service.upsert_entity_mapping(session, connection, entity_id, body)
    return Response(status_code=status.HTTP_200_OK)


@router.delete("/{entity_id}", status_code=status.HTTP_204_NO_CONTENT, deprecated=True)
def delete_entity_mapping(entity_id: str, connection: AddressedConnection, session: SessionDep) -> Response:
    service.delete_entity_mapping(session, connection, entity_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
