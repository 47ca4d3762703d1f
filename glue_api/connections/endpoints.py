"""Management API: /customers/{customer_id}/connections."""

from typing import Annotated, Literal

import httpx
from fastapi import APIRouter, Query, Request, Response

from glue_api.providers.names import ProviderNameParam
from glue_api.connections import repository, service
from glue_api.connections.presenters import connection_view
from glue_api.connections.provider_info import provider_user_id, rate_limit_info
from glue_api.connections.schemas import ConnectionCreate
from glue_api.customers.repository import get_customer
from glue_api.deps import KeyRingDep, MgmtApplication, SessionDep
from glue_api.tokens.endpoints import api_base_url
from glue_api.tokens.service import fresh_credentials

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


def _live_call(request: Request, session, application_id: str, customer_id: str, provider_name: str, call):
    """Runs ``call`` with the connection's fresh credentials and its provider's API base URL."""
    _, connection = repository.get_connection(session, application_id, customer_id, provider_name)
    state = request.app.state
    credentials = fresh_credentials(state.session_factory, state.keyring, state.settings, connection.id)
    base = api_base_url(state.settings, provider_name, connection.instance_url, credentials)
    with httpx.Client(timeout=30) as http:
        return call(provider_name, http, base, credentials)


@router.get("/_provider_user_id")
def get_provider_user_id(
    customer_id: str, provider_name: Annotated[Literal["hubspot", "ms_dynamics_365_sales", "intercom"], Query()],
    request: Request, application: MgmtApplication, session: SessionDep,
) -> dict:
    return _live_call(request, session, application.id, customer_id, provider_name, provider_user_id)


@router.get("/{provider_name}/_rate_limit_info")
def get_rate_limit_info(
    customer_id: str, provider_name: ProviderNameParam, request: Request, application: MgmtApplication, session: SessionDep
) -> dict:
    return _live_call(request, session, application.id, customer_id, provider_name, rate_limit_info)


@router.get("/{provider_name}")
def get_connection(customer_id: str, provider_name: ProviderNameParam, application: MgmtApplication, session: SessionDep) -> dict:
    customer, connection = repository.get_connection(session, application.id, customer_id, provider_name)
    return connection_view(session, connection, customer)


@router.delete("/{provider_name}", status_code=204)
def delete_connection(
    customer_id: str, provider_name: ProviderNameParam, application: MgmtApplication, session: SessionDep
) -> Response:
    service.delete_connection(session, application.id, customer_id, provider_name)
    return Response(status_code=204)
