"""Glue's own API (not part of either compatible API): where an application receives its webhooks.

The signing secret is in the answers of create and rotate_secret only; every other
answer leaves it out.
"""

from fastapi import APIRouter, Response

from glue_api.deps import KeyRingDep, MgmtApplication, SessionDep
from glue_api.models import WebhookEndpoint
from glue_api.vault.presenters import iso_z
from glue_api.webhooks import repository, service
from glue_api.webhooks.event_types import EVERY_EVENT
from glue_api.webhooks.schemas import WebhookEndpointCreate

router = APIRouter(prefix="/glue/v1", tags=["glue"])


def endpoint_view(endpoint: WebhookEndpoint) -> dict:
    return {
        "id": endpoint.id,
        "url": endpoint.url,
        "events": endpoint.events if endpoint.events is not None else [EVERY_EVENT],
        "enabled": endpoint.enabled,
        "created_at": iso_z(endpoint.created_at),
        "updated_at": iso_z(endpoint.updated_at),
    }


@router.post("/webhook_endpoints", status_code=201)
def create_webhook_endpoint(
    body: WebhookEndpointCreate, application: MgmtApplication, session: SessionDep, keyring: KeyRingDep
) -> dict:
    issued = service.create_endpoint(session, keyring, application.id, body)
    return endpoint_view(issued.endpoint) | {"secret": issued.secret}


@router.get("/webhook_endpoints")
def list_webhook_endpoints(application: MgmtApplication, session: SessionDep) -> list[dict]:
    return [endpoint_view(e) for e in repository.list_endpoints(session, application.id)]


@router.get("/webhook_endpoints/{endpoint_id}")
def get_webhook_endpoint(endpoint_id: str, application: MgmtApplication, session: SessionDep) -> dict:
    return endpoint_view(repository.get_endpoint(session, application.id, endpoint_id))


@router.delete("/webhook_endpoints/{endpoint_id}", status_code=204)
def delete_webhook_endpoint(endpoint_id: str, application: MgmtApplication, session: SessionDep) -> Response:
    service.delete_endpoint(session, application.id, endpoint_id)
    return Response(status_code=204)


@router.post("/webhook_endpoints/{endpoint_id}/rotate_secret")
def rotate_webhook_secret(
    endpoint_id: str, application: MgmtApplication, session: SessionDep, keyring: KeyRingDep
) -> dict:
    issued = service.rotate_secret(session, keyring, application.id, endpoint_id)
    return endpoint_view(issued.endpoint) | {"secret": issued.secret}
