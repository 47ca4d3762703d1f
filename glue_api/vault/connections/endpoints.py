"""Vault API: a consumer's connections, one per connector the application has enabled."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Request, Response
from sqlalchemy.orm import Session

from glue_api.deps import KeyRingDep, SessionDep
from glue_api.one_hop import one_hop
from glue_api.vault.auth import ConsumerIdHeader, VaultApplication
from glue_api.vault.connections import repository, service, token
from glue_api.vault.connections.custom_fields import custom_fields
from glue_api.vault.connections.resources import example_record, json_schema
from glue_api.vault.connections.schemas import (
    ConnectionImport,
    ConnectionWrite,
    TokenRequest,
)
from glue_api.vault.connections.settings import check_url_settings
from glue_api.vault.connections.views import ViewContext, connection_view
from glue_api.vault.envelope import envelope
from glue_providers import registry

router = APIRouter(tags=["vault"])
CONNECTION = "/connections/{unified_api}/{service_id}"


def _context(request: Request, session, keyring) -> ViewContext:
    return ViewContext(session, request.app.state.settings, keyring)


def _view(request: Request, session, keyring, info, connection, only_resource: str | None = None) -> dict:
    integration = repository.get_integration(session, connection.application_id, info)
    return connection_view(_context(request, session, keyring), info, integration, connection, only_resource)


# The two reads below take the key ring from the app, not as a dependency: each one FastAPI solves costs every call.
@router.get("/connections")
@one_hop
def list_connections(
    request: Request, application: VaultApplication, consumer_id: ConsumerIdHeader, session: Session,
    api: str | None = None, configured: bool | None = None,
) -> dict:
    """Every integration of the application, with this consumer's connection to it or as available."""
    context = _context(request, session, request.app.state.keyring)
    views = []
    for integration, connection in repository.integrations_and_connections(session, application.id, consumer_id):
        info = registry.get(integration.name).connected_by(integration.auth_type)
        if api is not None and info.unified_api != api:
            continue
        # "Configured" connections are the ones the consumer has set up.
        if configured is not None and configured != (connection is not None):
            continue
        views.append(connection_view(context, info, integration, connection))
    return envelope(views)


@router.get(CONNECTION)
@one_hop
def get_connection(
    unified_api: str, service_id: str, request: Request, application: VaultApplication,
    consumer_id: ConsumerIdHeader, session: Session,
) -> dict:
    """A connector the consumer has not connected yet reads as available."""
    info = repository.provider_info(unified_api, service_id)
    integration, connection = repository.integration_and_connection(session, application.id, consumer_id, info)
    info = info.connected_by(integration.auth_type)
    return envelope(connection_view(_context(request, session, request.app.state.keyring), info, integration,
                                    connection))


@router.post(CONNECTION)
def add_connection(
    unified_api: str, service_id: str, body: ConnectionWrite, request: Request, application: VaultApplication,
    consumer_id: ConsumerIdHeader, session: SessionDep, keyring: KeyRingDep,
) -> dict:
    check_url_settings(request.app.state.settings, repository.provider_info(unified_api, service_id), body.settings)
    info, _, connection = service.add_connection(
        session, keyring, application.id, consumer_id, unified_api, service_id, body
    )
    return envelope(_view(request, session, keyring, info, connection))


@router.patch(CONNECTION)
def update_connection(
    unified_api: str, service_id: str, body: ConnectionWrite, request: Request, application: VaultApplication,
    consumer_id: ConsumerIdHeader, session: SessionDep, keyring: KeyRingDep,
) -> dict:
    check_url_settings(request.app.state.settings, repository.provider_info(unified_api, service_id), body.settings)
    info, _, connection = service.update_connection(
        session, keyring, application.id, consumer_id, unified_api, service_id, body
    )
    return envelope(_view(request, session, keyring, info, connection))


@router.delete(CONNECTION, status_code=204)
def delete_connection(
    unified_api: str, service_id: str, application: VaultApplication, consumer_id: ConsumerIdHeader,
    session: SessionDep,
) -> Response:
    service.delete_connection(session, application.id, consumer_id, unified_api, service_id)
    return Response(status_code=204)


@router.post(CONNECTION + "/import")
def import_connection(
    unified_api: str, service_id: str, body: ConnectionImport, request: Request, application: VaultApplication,
    consumer_id: ConsumerIdHeader, session: SessionDep, keyring: KeyRingDep,
) -> dict:
    check_url_settings(request.app.state.settings, repository.provider_info(unified_api, service_id), body.settings)
    info, _, connection = service.import_connection(
        session, keyring, application.id, consumer_id, unified_api, service_id, body
    )
    return envelope(_view(request, session, keyring, info, connection))


@router.post(CONNECTION + "/token")
def exchange_token(
    unified_api: str, service_id: str, request: Request, application: VaultApplication,
    consumer_id: ConsumerIdHeader, session: SessionDep, keyring: KeyRingDep,
    body: Annotated[TokenRequest | None, Body()] = None,
) -> dict:
    """A fresh access token for a client-credentials connection (Marketo); the connection is answered, never the
    token."""
    info, _, connection = token.exchange_token(session, request.app.state.settings, keyring, application.id,
                                               consumer_id, unified_api, service_id)
    return envelope(_view(request, session, keyring, info, connection))


@router.get(CONNECTION + "/{resource}/config")
def get_resource_config(
    unified_api: str, service_id: str, resource: str, request: Request, application: VaultApplication,
    consumer_id: ConsumerIdHeader, session: SessionDep, keyring: KeyRingDep,
) -> dict:
    info, _, connection = repository.get_consumer_connection(
        session, application.id, consumer_id, unified_api, service_id
    )
    service.resource_of(info, resource)
    return envelope(_view(request, session, keyring, info, connection, only_resource=resource))


@router.patch(CONNECTION + "/{resource}/config")
def update_resource_config(
    unified_api: str, service_id: str, resource: str, body: ConnectionWrite, request: Request,
    application: VaultApplication, consumer_id: ConsumerIdHeader, session: SessionDep, keyring: KeyRingDep,
) -> dict:
    info, _, connection = service.update_resource_config(
        session, application.id, consumer_id, unified_api, service_id, resource, body
    )
    return envelope(_view(request, session, keyring, info, connection, only_resource=resource))


@router.get(CONNECTION + "/{resource}/schema")
def get_resource_schema(
    unified_api: str, service_id: str, resource: str, application: VaultApplication,
    consumer_id: ConsumerIdHeader, session: SessionDep,
) -> dict:
    info, _, _ = repository.get_consumer_connection(session, application.id, consumer_id, unified_api, service_id)
    described = service.resource_of(info, resource)
    return envelope(json_schema(described, f"{info.title} {described.downstream_name}"))


@router.get(CONNECTION + "/{resource}/example")
def get_resource_example(
    unified_api: str, service_id: str, resource: str, application: VaultApplication,
    consumer_id: ConsumerIdHeader, session: SessionDep,
) -> dict:
    info, _, _ = repository.get_consumer_connection(session, application.id, consumer_id, unified_api, service_id)
    described = service.resource_of(info, resource)
    return envelope({
        "unified_api": info.unified_api,
        "service_id": info.name,
        "resource": {
            "id": described.id, "name": described.name, "status": "live",
            "downstream_id": described.downstream_id, "downstream_name": described.downstream_name,
        },
        "example_response": example_record(described),
    })


@router.get(CONNECTION + "/{resource}/custom-fields")
def get_custom_fields(
    unified_api: str, service_id: str, resource: str, request: Request, application: VaultApplication,
    consumer_id: ConsumerIdHeader, session: SessionDep, keyring: KeyRingDep, resource_id: str | None = None,
) -> dict:
    info, _, connection = repository.get_consumer_connection(
        session, application.id, consumer_id, unified_api, service_id
    )
    described = service.resource_of(info, resource)
    state = request.app.state
    return envelope(custom_fields(state.session_factory, keyring, state.settings, info, connection, described,
                                  resource_id))
