"""Management API: /sync_configs."""

from fastapi import APIRouter, status

from glue_api.deps import MgmtApplication, SessionDep
from glue_api.sync_configs import repository, service
from glue_api.sync_configs.schemas import SyncConfigCreate, SyncConfigUpdate
from glue_api.sync_configs.service import sync_config_view

router = APIRouter(prefix="/sync_configs", tags=["sync_configs"])


@router.get("")
def list_sync_configs(application: MgmtApplication, session: SessionDep) -> list[dict]:
    return [sync_config_view(s) for s in repository.list_sync_configs(session, application.id)]


@router.post("", status_code=status.HTTP_201_CREATED)
def create_sync_config(body: SyncConfigCreate, application: MgmtApplication, session: SessionDep) -> dict:
    return sync_config_view(service.create_sync_config(session, application.id, body))


@router.get("/{sync_config_id}")
def get_sync_config(sync_config_id: str, application: MgmtApplication, session: SessionDep) -> dict:
    return sync_config_view(repository.get_sync_config(session, application.id, sync_config_id))


@router.put("/{sync_config_id}")
def update_sync_config(
    sync_config_id: str,
    body: SyncConfigUpdate,
    application: MgmtApplication,
    session: SessionDep,
    force_delete_syncs: bool = False,
) -> dict:
    return sync_config_view(
        service.update_sync_config(session, application.id, sync_config_id, body, force_delete_syncs)
    )


@router.delete("/{sync_config_id}")
def delete_sync_config(
    sync_config_id: str, application: MgmtApplication, session: SessionDep, force_delete_syncs: bool = False
) -> dict:
    return sync_config_view(service.delete_sync_config(session, application.id, sync_config_id, force_delete_syncs))
