"""Management API: /field_mappings, a customer's mappings of schema fields, addressed by the x-customer-id and
x-provider-name headers (deprecated operations, served as the spec describes them)."""

from fastapi import APIRouter

from glue_api.connection_sync_configs.endpoints import AddressedConnection
from glue_api.deps import SessionDep
from glue_api.field_mappings import service
from glue_api.object_schemas.schemas import ObjectFieldMappingsUpdate

router = APIRouter(prefix="/field_mappings", tags=["field_mappings"])


@router.get("", deprecated=True)
def list_field_mappings(connection: AddressedConnection, session: SessionDep) -> list[dict]:
    """Each provider object with a schema: the schema's fields, the schema's and the customer's mappings."""
    return service.list_field_mappings(session, connection)


@router.put("/_update_object", deprecated=True)
def update_object_field_mappings(
    body: ObjectFieldMappingsUpdate, connection: AddressedConnection, session: SessionDep
) -> dict:
    """Sets the customer's mappings of one object; refused (400, nothing stored) where the schema forbids them."""
    return service.update_object_field_mappings(session, connection, body)
