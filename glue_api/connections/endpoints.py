"""Management API: /customers/{customer_id}/connections."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session

from glue_api.providers.names import ProviderNameParam
from glue_api.connections import repository, service
from glue_api.connections.presenters import connection_view, connection_views
from glue_api.connections.provider_calls import open_call, provider_http_client
from glue_api.connections.provider_info import (
    looks_up_users,
    no_user_lookup,
    provider_user_id,
    rate_limit_info,
    reads_rate_limits,
)
from glue_api.connections.schemas import (
    AccessKeySecretConnectionCreate, AccessTokenOAuthConnectionCreate, AccountsServerOAuthConnectionCreate,
    ApiKeyConnectionCreate, ClientCredentialsConnectionCreate, ConnectionCreate, InstanceOAuthConnectionCreate,
)
from glue_api.credential_checks import CredentialsRejected, ProviderUnreachable, check_credentials
from glue_api.deps import KeyRingDep, MgmtApplication, SessionDep
from glue_api.errors import BadRequest, RemoteProviderError, Unprocessable
from glue_api.one_hop import one_hop
from glue_api.tokens.endpoints import tenant_url
from glue_api.tokens.service import RefreshNotConfigured, TokenRefreshFailed
from glue_providers import registry

router = APIRouter(prefix="/customers/{customer_id}/connections", tags=["connections"])


@router.get("")
@one_hop
def list_connections(customer_id: str, application: MgmtApplication, session: Session) -> list[dict]:
    customer, connections, extras = repository.customer_connections_and_extras(session, application.id, customer_id)
    return connection_views(session, connections, customer, extras)


@router.post("")
def create_connection(
    customer_id: str, body: ConnectionCreate, request: Request, application: MgmtApplication, session: SessionDep,
    keyring: KeyRingDep,
) -> dict:
    if isinstance(body, (InstanceOAuthConnectionCreate, AccessTokenOAuthConnectionCreate)):
        # the API is reached at URLs the caller gives: its domains only
        for url in (body.instance_url, getattr(body, "login_url", None)):
            if url:
                tenant_url(request.app.state.settings, body.provider_name, url)
    if isinstance(body, AccountsServerOAuthConnectionCreate) and body.login_url:  # tokens go there: its domains only
        tenant_url(request.app.state.settings, body.provider_name, body.login_url)
    check = None
    # Keys, and a client that must get a token from the provider (Marketo's), are checked before they are stored.
    if isinstance(body, (ApiKeyConnectionCreate, AccessKeySecretConnectionCreate, ClientCredentialsConnectionCreate)):
        def check(credentials: dict) -> bool:
            return _check_keys(request, body.provider_name, credentials)
    customer, connection = service.create_connection(session, keyring, application.id, customer_id, body, check)
    return connection_view(session, connection, customer)


def _check_keys(request: Request, provider_name: str, credentials: dict) -> bool:
    """The provider's word on a key before it is stored: a refused key stores nothing (400), nor does one
    the provider could not be asked about right now (422, try again)."""
    keys = {name: value for name, value in credentials.items() if name != "type"}
    try:
        return check_credentials(request.app.state.settings, provider_name, keys)
    except CredentialsRejected as exc:
        raise BadRequest(f"{exc} Nothing was stored.", title="Credentials rejected") from None
    except ProviderUnreachable as exc:
        raise Unprocessable(f"{exc} Nothing was stored; try again.", title="Credentials not checked") from None


def _ask_provider(request: Request, session, application_id: str, customer_id: str, provider_name: str, read):
    """Runs ``read`` on a call to the connection's provider; a refused token refresh or call is the spec's 499."""
    _, connection = repository.get_connection(session, application_id, customer_id, provider_name)
    state = request.app.state
    spec = registry.get(provider_name)
    try:
        with provider_http_client(state.settings, provider_name) as http:
            call = open_call(state.session_factory, state.keyring, state.settings, spec, connection, http,
                             RemoteProviderError)
            return read(call)
    except RefreshNotConfigured:
        raise
    except TokenRefreshFailed as exc:  # the provider refused the refresh token, or could not be reached
        raise RemoteProviderError(exc.detail, title=exc.title) from None


@router.get("/_provider_user_id")
def get_provider_user_id(
    customer_id: str, provider_name: Annotated[Literal["hubspot", "ms_dynamics_365_sales", "intercom"], Query()],
    request: Request, application: MgmtApplication, session: SessionDep,
) -> dict:
    """The user who authorized the connection, as the provider knows them (501 where Glue cannot look it up)."""
    spec = registry.get(provider_name)
    if not looks_up_users(spec):
        repository.get_connection(session, application.id, customer_id, provider_name)  # 404 first
        raise no_user_lookup(spec)
    return _ask_provider(request, session, application.id, customer_id, provider_name, provider_user_id)


@router.get("/{provider_name}/_rate_limit_info")
def get_rate_limit_info(
    customer_id: str, provider_name: ProviderNameParam, request: Request, application: MgmtApplication, session: SessionDep
) -> dict:
    """The provider's rate-limit windows for this connection, read live; ``{}`` where the provider reports none."""
    if not reads_rate_limits(registry.get(provider_name)):
        repository.get_connection(session, application.id, customer_id, provider_name)  # 404 first
        return {}
    return _ask_provider(request, session, application.id, customer_id, provider_name, rate_limit_info)


@router.get("/{provider_name}")
@one_hop
def get_connection(customer_id: str, provider_name: ProviderNameParam, application: MgmtApplication, session: Session) -> dict:
    customer, connection, extras = repository.connection_and_extras(session, application.id, customer_id, provider_name)
    return connection_view(session, connection, customer, extras)


@router.delete("/{provider_name}", status_code=204)
def delete_connection(
    customer_id: str, provider_name: ProviderNameParam, application: MgmtApplication, session: SessionDep
) -> Response:
    service.delete_connection(session, application.id, customer_id, provider_name)
    return Response(status_code=204)
