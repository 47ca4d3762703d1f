"""Provider configs: the OAuth client secret is sealed, and shown only as a mask."""

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from glue_api.crypto import KeyRing
from glue_api.entity_mappings.service import check_provider_entity_mappings
from glue_api.errors import BadRequest, Conflict, Unprocessable
from glue_api.models import Connection, ProviderConfig, SyncConfig
from glue_api.object_schemas.provider_objects import check_provider_objects
from glue_api.providers.repository import find_provider_by_name, get_provider
from glue_api.providers.schemas import ProviderWrite
from glue_providers import registry
from glue_providers.spec import AuthType

SECRET_MASK = "********"


def _check(session: Session, application_id: str, body: ProviderWrite) -> None:
    expected = registry.get(body.name).category.value
    if body.category != expected:
        raise BadRequest(f"Provider {body.name} belongs to category {expected}, not {body.category}.")
    spec = registry.get(body.name)
    accepted = spec.management_auth_types
    if body.auth_type not in accepted:
        raise BadRequest(f"Provider {body.name} connects by {' or '.join(accepted)}, not {body.auth_type}.")
    # A client-credentials provider's OAuth client is each customer's own: the application configures none.
    own_client = spec.auth_type == AuthType.CLIENT_CREDENTIALS
    if body.auth_type == AuthType.OAUTH2.value and body.config is None and not own_client:
        raise BadRequest("config is required for an oauth2 provider.")
    _check_references(session, application_id, body)


def _check_references(session: Session, application_id: str, body: ProviderWrite) -> None:
    """Objects the provider has, with the application's own schemas; the application's own entities mapped."""
    check_provider_objects(session, application_id, body.name, body.objects)
    if body.entity_mappings:
        check_provider_entity_mappings(session, application_id, body.name, body.entity_mappings)


def _apply(provider: ProviderConfig, body: ProviderWrite, keyring: KeyRing) -> None:
    provider.auth_type = body.auth_type
    provider.objects = body.objects.model_dump(exclude_none=True) if body.objects else None
    if body.entity_mappings is not None:
        provider.entity_mappings = [m.model_dump(exclude_none=True) for m in body.entity_mappings]
    config = body.config
    if config is None:
        provider.provider_app_id = provider.use_managed_oauth = provider.oauth_scopes = None
        provider.oauth_client_id = provider.oauth_client_secret = None
        return
    provider.provider_app_id = config.provider_app_id
    provider.use_managed_oauth = config.use_managed_oauth
    provider.oauth_scopes = list(config.oauth.oauth_scopes)
    provider.oauth_client_id = config.oauth.credentials.oauth_client_id
    secret = config.oauth.credentials.oauth_client_secret
    # A client that read the provider and writes it back sends the mask: keep the stored secret.
    if secret != SECRET_MASK or provider.oauth_client_secret is None:
        provider.oauth_client_secret = keyring.seal(secret.encode())


def create_provider(session: Session, keyring: KeyRing, application_id: str, body: ProviderWrite) -> ProviderConfig:
    _check(session, application_id, body)
    if find_provider_by_name(session, application_id, body.name) is not None:
        raise Conflict(f"Provider {body.name} already exists for this application.")
    provider = ProviderConfig(application_id=application_id, name=body.name, category=body.category)
    _apply(provider, body, keyring)
    session.add(provider)
    session.flush()
    return provider


def update_provider(
    session: Session, keyring: KeyRing, application_id: str, provider_id: str, body: ProviderWrite
) -> ProviderConfig:
    provider = get_provider(session, application_id, provider_id)
    _check(session, application_id, body)
    if body.name != provider.name:
        raise Unprocessable(f"A provider's name cannot change (this one is {provider.name}).")
    if body.auth_type != provider.auth_type and _has_connections(session, provider):
        # Their stored credentials are of the old kind (an OAuth refresh token needs the client secret kept here).
        raise Conflict(
            f"Provider {provider.name} has connections made with {provider.auth_type}; "
            f"delete them before changing its auth_type to {body.auth_type}."
        )
    _apply(provider, body, keyring)
    session.flush()
    return provider


def _has_connections(session: Session, provider: ProviderConfig) -> bool:
    return session.execute(select(exists().where(Connection.provider_id == provider.id))).scalar()


def delete_provider(session: Session, application_id: str, provider_id: str) -> ProviderConfig:
    provider = get_provider(session, application_id, provider_id)
    in_use = session.execute(
        select(
            exists().where(Connection.provider_id == provider.id) | exists().where(SyncConfig.provider_id == provider.id)
        )
    ).scalar()
    if in_use:
        raise Conflict(f"Provider {provider.name} still has connections or a sync config; delete those first.")
    session.delete(provider)
    session.flush()
    return provider


def provider_view(provider: ProviderConfig) -> dict:
    view = {
        "id": provider.id,
        "application_id": provider.application_id,
        "category": provider.category,
        "auth_type": provider.auth_type,
        "name": provider.name,
    }
    if provider.oauth_client_id is not None:
        config = {
            "provider_app_id": provider.provider_app_id or "",
            "oauth": {
                "oauth_scopes": provider.oauth_scopes or [],
                "credentials": {"oauth_client_id": provider.oauth_client_id, "oauth_client_secret": SECRET_MASK},
            },
        }
        if provider.use_managed_oauth is not None:
            config["use_managed_oauth"] = provider.use_managed_oauth
        view["config"] = config
    if provider.objects is not None:
        view["objects"] = provider.objects
    if provider.entity_mappings is not None:
        view["entity_mappings"] = provider.entity_mappings
    return view
