"""Management API: /providers."""

from fastapi import APIRouter, status

from glue_api.deps import KeyRingDep, MgmtApplication, SessionDep
from glue_api.providers import repository, service
from glue_api.providers.schemas import ProviderWrite
from glue_api.providers.service import provider_view

router = APIRouter(prefix="/providers", tags=["providers"])


@router.get("")
def list_providers(application: MgmtApplication, session: SessionDep) -> list[dict]:
    return [provider_view(p) for p in repository.list_providers(session, application.id)]


@router.post("", status_code=status.HTTP_201_CREATED)
def create_provider(body: ProviderWrite, application: MgmtApplication, session: SessionDep, keyring: KeyRingDep) -> dict:
    return provider_view(service.create_provider(session, keyring, application.id, body))


@router.get("/{provider_id}")
def get_provider(provider_id: str, application: MgmtApplication, session: SessionDep) -> dict:
    return provider_view(repository.get_provider(session, application.id, provider_id))


@router.put("/{provider_id}")
def update_provider(
    provider_id: str, body: ProviderWrite, application: MgmtApplication, session: SessionDep, keyring: KeyRingDep
) -> dict:
    return provider_view(service.update_provider(session, keyring, application.id, provider_id, body))


@router.delete("/{provider_id}")
def delete_provider(provider_id: str, application: MgmtApplication, session: SessionDep) -> dict:
    return provider_view(service.delete_provider(session, application.id, provider_id))
