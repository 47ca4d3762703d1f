from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from glue_api.errors import NotFound
from glue_api.models import ProviderConfig
from glue_api.ownership import get_owned, list_owned


def list_providers(session: Session, application_id: str) -> list[ProviderConfig]:
    return list_owned(session, ProviderConfig, application_id)


def get_provider(session: Session, application_id: str, provider_id: str) -> ProviderConfig:
    return get_owned(session, ProviderConfig, application_id, provider_id, "Provider")


_BY_NAME = select(ProviderConfig).where(ProviderConfig.application_id == bindparam("application_id"),
                                        ProviderConfig.name == bindparam("name"))  # built once: run on every Vault call


def find_provider_by_name(session: Session, application_id: str, name: str) -> ProviderConfig | None:
    return session.execute(_BY_NAME, {"application_id": application_id, "name": name}).scalar_one_or_none()


def get_provider_by_name(session: Session, application_id: str, name: str) -> ProviderConfig:
    provider = find_provider_by_name(session, application_id, name)
    if provider is None:
        raise NotFound(f"Provider {name} is not configured for this application.")
    return provider
