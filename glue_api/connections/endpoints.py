"""Management API: /customers/{customer_id}/connections."""

from fastapi import APIRouter, Response

from glue_api.catalog import ProviderName
from glue_api.connections import repository, service
from glue_api.connections.presenters import connection_view
from glue_api.connections.schemas import ConnectionCreate
from glue_api.customers.repository import get_customer
from glue_api.deps import KeyRingDep, MgmtApplication, SessionDep

router = APIRouter(prefix="/customers/{customer_id}/connections", tags=["connections"])


@router.get("")
def list_connections(customer_id: str, application: MgmtApplication, session: SessionDep) -> list[dict]:
    customer = get_customer(session, application.id, customer_id)
    return [connection_view(session, c, customer) for c in repository.connections_of_customer(session, customer)]


@router.post("")
def create_connection(
    customer_id: str, body: ConnectionCreate, application: MgmtApplication, session: SessionDep, keyring: KeyRingDep
) -> dict:
    customer, connection = service.create_connection(session, keyring, application.id, customer_id, body)
    return connection_view(session, connection, customer)


@router.get("/{provider_name}")
def get_connection(customer_id: str, provider_name: ProviderName, application: MgmtApplication, session: SessionDep) -> dict:
    customer, connection = repository.get_connection(session, application.id, customer_id, provider_name.value)
    return connection_view(session, connection, customer)


@router.delete("/{provider_name}", status_code=204)
def delete_connection(
    customer_id: str, provider_name: ProviderName, application: MgmtApplication, session: SessionDep
) -> Response:
    service.delete_connection(session, application.id, customer_id, provider_name.value)
    return Response(status_code=204)
