"""Management API: /entities (deprecated operations, served as the spec describes them)."""

from fastapi import APIRouter, Response, status

from glue_api.deps import MgmtApplication, SessionDep
from glue_api.entities import service
from glue_api.entities.schemas import EntityWrite
from glue_api.entities.service import entity_view

router = APIRouter(prefix="/entities", tags=["entities"])


@router.get("", deprecated=True)
def get_entities(application: MgmtApplication, session: SessionDep) -> list[dict]:
    """The application's entities, oldest first."""
    return [entity_view(e) for e in service.list_entities(session, application.id)]


@router.post("", status_code=status.HTTP_201_CREATED, deprecated=True)
def create_entity(body: EntityWrite, application: MgmtApplication, session: SessionDep) -> dict:
    """A new entity; its name is unique within the application, whatever its case (409 otherwise)."""
    return entity_view(service.create_entity(session, application.id, body))


@router.get("/{entity_id}", deprecated=True)
def get_entity(entity_id: str, application: MgmtApplication, session: SessionDep) -> dict:
    return entity_view(service.get_entity(session, application.id, entity_id))


@router.put("/{entity_id}", deprecated=True)
def update_entity(entity_id: str, body: EntityWrite, application: MgmtApplication, session: SessionDep) -> dict:
    """Replaces the name and config; mappings of fields the new config no longer allows stop applying."""
    return entity_view(service.update_entity(session, application.id, entity_id, body))


@router.delete("/{entity_id}", status_code=status.HTTP_204_NO_CONTENT, deprecated=True)
def delete_entity(entity_id: str, application: MgmtApplication, session: SessionDep) -> Response:
    """Refused (409) while a sync config syncs the entity or a provider config maps it by default."""
    service.delete_entity(session, application.id, entity_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
