"""Creating and deleting connections; credentials are sealed before they touch the store."""

from collections.abc import Callable

from sqlalchemy.orm import Session

from glue_api.connections.events import record_connection_created, record_connection_deleted
from glue_api.connections.repository import find_connection, get_connection
from glue_api.connections import states
from glue_api.connections.schemas import (
    AccessKeySecretConnectionCreate,
    AccessTokenOAuthConnectionCreate,
    AccountsServerOAuthConnectionCreate,
    ApiKeyConnectionCreate,
    ClientCredentialsConnectionCreate,
    ConnectionCreate,
    InstanceOAuthConnectionCreate,
)
from glue_api.crypto import KeyRing
from glue_api.customers.repository import get_customer
from glue_api.errors import BadRequest, Conflict
from glue_api.models import Connection, Customer
from glue_api.providers.repository import get_provider_by_name
from glue_api.syncs.service import ensure_syncs



def credentials_from(body: ConnectionCreate) -> dict:
    if isinstance(body, ApiKeyConnectionCreate):
        return {"type": "api_key", "api_key": body.api_key}
    if isinstance(body, AccessKeySecretConnectionCreate):
        return {"type": "access_key_secret", "access_key": body.access_key, "access_key_secret": body.access_key_secret}
    if isinstance(body, ClientCredentialsConnectionCreate):  # Glue asks for tokens itself, run by run
        return {"type": "client_credentials", "client_id": body.client_id, "client_secret": body.client_secret,
                "munchkin_id": body.munchkin_id}
    if isinstance(body, AccessTokenOAuthConnectionCreate):  # a token that never expires (Intercom's)
        return {"type": "oauth2", "access_token": body.access_token, "expires_at": None}
    return {"type": "oauth2", "refresh_token": body.refresh_token, "access_token": None, "expires_at": None}


def create_connection(
    session: Session, keyring: KeyRing, application_id: str, customer_external_id: str, body: ConnectionCreate,
    check: Callable[[dict], bool] | None = None,
) -> tuple[Customer, Connection]:
    """``check(credentials)`` asks the provider about them once the request is otherwise sound: True when
    it confirmed them (the connection is callable), False when it cannot be asked; it raises to refuse."""
    customer = get_customer(session, application_id, customer_external_id)
    provider = get_provider_by_name(session, application_id, body.provider_name)
    if body.type != provider.auth_type:
        raise BadRequest(f"The application connects {provider.name} by {provider.auth_type}, not {body.type}.")
    if find_connection(session, customer, body.provider_name) is not None:
        raise Conflict(f"Customer {customer_external_id} already has a {body.provider_name} connection.")
    credentials = credentials_from(body)
    verified = check(credentials) if check is not None else False
    settings = {}
    instance_url = ""
    if isinstance(body, AccessTokenOAuthConnectionCreate):
        instance_url = body.instance_url or ""
    if isinstance(body, InstanceOAuthConnectionCreate):
        instance_url = body.instance_url
    if isinstance(body, (InstanceOAuthConnectionCreate, AccountsServerOAuthConnectionCreate)) and body.login_url:
        settings["login_url"] = body.login_url
    connection = Connection(
        application_id=application_id,
        customer_id=customer.id,
        provider_id=provider.id,
        provider_name=provider.name,
        category=provider.category,
        auth_type=credentials["type"],
        state=states.CALLABLE if verified else states.AUTHORIZED,
        instance_url=instance_url,
        credentials=keyring.seal_json(credentials),
        settings=settings,
    )
    session.add(connection)
    session.flush()
    ensure_syncs(session, connection)
    record_connection_created(session, connection, customer)
    return customer, connection


def delete_connection(session: Session, application_id: str, customer_external_id: str, provider_name: str) -> None:
    customer, connection = get_connection(session, application_id, customer_external_id, provider_name)
    record_connection_deleted(session, connection, customer)
    session.delete(connection)
    session.flush()
