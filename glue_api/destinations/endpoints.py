"""Management API: /destinations."""

from fastapi import APIRouter, status

from glue_api.deps import KeyRingDep, MgmtApplication, SessionDep
from glue_api.destinations import repository, service
from glue_api.destinations.connectivity import check_destination
from glue_api.destinations.schemas import DestinationWrite
from glue_api.destinations.service import destination_view, full_config

router = APIRouter(prefix="/destinations", tags=["destinations"])


@router.get("")
def list_destinations(application: MgmtApplication, session: SessionDep) -> list[dict]:
    return [destination_view(d) for d in repository.list_destinations(session, application.id)]


@router.post("", status_code=status.HTTP_201_CREATED)
def create_destination(
    body: DestinationWrite, application: MgmtApplication, session: SessionDep, keyring: KeyRingDep
) -> dict:
    return destination_view(service.create_destination(session, keyring, application.id, body))


@router.get("/{destination_id}")
def get_destination(destination_id: str, application: MgmtApplication, session: SessionDep) -> dict:
    return destination_view(repository.get_destination(session, application.id, destination_id))


@router.put("/{destination_id}")
def update_destination(
    destination_id: str, body: DestinationWrite, application: MgmtApplication, session: SessionDep, keyring: KeyRingDep
) -> dict:
    return destination_view(service.update_destination(session, keyring, application.id, destination_id, body))


@router.delete("/{destination_id}")
def delete_destination(destination_id: str, application: MgmtApplication, session: SessionDep) -> dict:
    """Glue's own (not in Supaglue's spec): answers the deleted destination, as deleting a provider does."""
    return destination_view(service.delete_destination(session, application.id, destination_id))


@router.post("/{destination_id}/_test")
def check_destination_connectivity(
    destination_id: str, application: MgmtApplication, session: SessionDep, keyring: KeyRingDep
) -> dict:
    """Glue's own (not in Supaglue's spec): can the warehouse be reached with the stored credentials?

    Answers 200 either way, with {"success": bool, "message": the warehouse's answer, secrets scrubbed}.
    """
    destination = repository.get_destination(session, application.id, destination_id)
    result = check_destination(destination.type, full_config(keyring, destination))
    return {"success": result.success, "message": result.message}
