"""Management API: /connection_sync_configs, addressed by the x-customer-id and x-provider-name headers."""

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response

from glue_api.connection_sync_configs import repository, service
from glue_api.connection_sync_configs.schemas import ConnectionSyncConfigUpsert
from glue_api.connections.repository import get_connection
from glue_api.deps import MgmtApplication, SessionDep
from glue_api.errors import BadRequest
from glue_api.models import Connection

router = APIRouter(prefix="/connection_sync_configs", tags=["connection_sync_configs"])


def addressed_connection(
    application: MgmtApplication,
    session: SessionDep,
    x_customer_id: Annotated[str | None, Header(alias="x-customer-id")] = None,
    x_provider_name: Annotated[str | None, Header(alias="x-provider-name")] = None,
) -> Connection:
    # Checked here rather than by FastAPI so that the error names the header plainly.
    for name, value in (("x-customer-id", x_customer_id), ("x-provider-name", x_provider_name)):
        if not value:
            raise BadRequest(f"The {name} header is required.")
    _, connection = get_connection(session, application.id, x_customer_id, x_provider_name)
    return connection


AddressedConnection = Annotated[Connection, Depends(addressed_connection)]


@router.get("")
def get_connection_sync_config(connection: AddressedConnection, session: SessionDep) -> dict:
    return repository.get_connection_sync_config(session, connection).config


@router.put("")
def upsert_connection_sync_config(
    body: ConnectionSyncConfigUpsert, connection: AddressedConnection, session: SessionDep
) -> dict:
    return service.upsert_connection_sync_config(session, connection, body).config


@router.delete("", status_code=204)
def delete_connection_sync_config(connection: AddressedConnection, session: SessionDep) -> Response:
    service.delete_connection_sync_config(session, connection)
    return Response(status_code=204)
