"""Management API: /schemas (deprecated operations, served as the spec describes them)."""

from fastapi import APIRouter, Response, status

from glue_api.deps import MgmtApplication, SessionDep
from glue_api.object_schemas import service
from glue_api.object_schemas.schemas import SchemaWrite
from glue_api.object_schemas.service import schema_view

router = APIRouter(prefix="/schemas", tags=["schemas"])


@router.get("", deprecated=True)
def get_schemas(application: MgmtApplication, session: SessionDep) -> list[dict]:
    """The application's schemas, oldest first."""
    return [schema_view(s) for s in service.list_schemas(session, application.id)]


@router.post("", status_code=status.HTTP_201_CREATED, deprecated=True)
def create_schema(body: SchemaWrite, application: MgmtApplication, session: SessionDep) -> dict:
    """A new schema; its name is unique within the application (409 otherwise)."""
    return schema_view(service.create_schema(session, application.id, body))


@router.get("/{schema_id}", deprecated=True)
def get_schema(schema_id: str, application: MgmtApplication, session: SessionDep) -> dict:
    return schema_view(service.get_schema(session, application.id, schema_id))


@router.put("/{schema_id}", deprecated=True)
def update_schema(schema_id: str, body: SchemaWrite, application: MgmtApplication, session: SessionDep) -> dict:
    """Replaces the name and config; customers' field mappings the new config no longer allows stop applying."""
    return schema_view(service.update_schema(session, application.id, schema_id, body))


@router.delete("/{schema_id}", status_code=status.HTTP_204_NO_CONTENT, deprecated=True)
def delete_schema(schema_id: str, application: MgmtApplication, session: SessionDep) -> Response:
    """Refused (409) while a provider config attaches the schema to one of its objects."""
    service.delete_schema(session, application.id, schema_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
