"""Destinations: secrets sealed apart from the safe config, updates guarded by `version`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from glue_api.crypto import KeyRing
from glue_api.destinations.repository import find_destination_by_name, get_destination
from glue_api.destinations.schemas import DestinationWrite, ManagedDestination
from glue_api.destinations.secrets import REQUIRED_ON_CREATE, merge_secrets, split_secrets
from glue_api.errors import BadRequest, Conflict, Unprocessable
from glue_api.models import Destination, SyncConfig

MANAGED_NAME = "supaglue"


def _config_of(body: DestinationWrite) -> dict[str, Any]:
    if isinstance(body, ManagedDestination):
        return {}
    return body.config.model_dump(by_alias=True, exclude_none=True)


def _name_of(body: DestinationWrite) -> str:
    if isinstance(body, ManagedDestination):
        return body.name or MANAGED_NAME
    return body.name


def create_destination(session: Session, keyring: KeyRing, application_id: str, body: DestinationWrite) -> Destination:
    safe, secrets = split_secrets(body.type, _config_of(body))
    missing = [path for path in REQUIRED_ON_CREATE[body.type] if path not in secrets]
    if missing:
        raise BadRequest(f"config.{missing[0]} is required.")
    name = _name_of(body)
    if find_destination_by_name(session, application_id, name) is not None:
        raise Conflict(f"A destination named {name} already exists.")
    destination = Destination(
        application_id=application_id,
        name=name,
        type=body.type,
        config=safe,
        secrets=keyring.seal_json(secrets) if secrets else None,
    )
    session.add(destination)
    session.flush()
    return destination


def update_destination(
    session: Session, keyring: KeyRing, application_id: str, destination_id: str, body: DestinationWrite
) -> Destination:
    destination = get_destination(session, application_id, destination_id)
    if body.version is None:
        raise BadRequest("version is required.")
    if body.type != destination.type:
        raise Unprocessable(f"A destination's type cannot change (this one is {destination.type}).")
    if int(body.version) != destination.version:
        raise Conflict(
            f"Destination {destination.id} is at version {destination.version}, not {body.version:g}: read it again."
        )
    name = _name_of(body)
    other = find_destination_by_name(session, application_id, name)
    if other is not None and other.id != destination.id:
        raise Conflict(f"A destination named {name} already exists.")
    safe, new_secrets = split_secrets(body.type, _config_of(body))
    # Secrets left out of an update keep their stored values.
    secrets = (keyring.open_json(destination.secrets) if destination.secrets else {}) | new_secrets
    destination.name = name
    destination.config = safe
    destination.secrets = keyring.seal_json(secrets) if secrets else None
    try:
        # The mapper's version column makes this UPDATE ... WHERE version = <read version>.
        session.flush()
    except StaleDataError as exc:
        raise Conflict(f"Destination {destination.id} was changed by another request: read it again.") from exc
    return destination


def full_config(keyring: KeyRing, destination: Destination) -> dict[str, Any]:
    """Safe config plus opened secrets: for loaders, never for responses."""
    secrets = keyring.open_json(destination.secrets) if destination.secrets else {}
    return merge_secrets(destination.config, secrets)


def destination_view(destination: Destination) -> dict:
    view = {
        "id": destination.id,
        "application_id": destination.application_id,
        "type": destination.type,
        "version": destination.version,
    }
    if destination.type != MANAGED_NAME:
        view["name"] = destination.name
        view["config"] = destination.config
    return view


def delete_destination(session: Session, application_id: str, destination_id: str) -> Destination:
    """Glue's own (Supaglue's spec has no delete): refused while a sync config still writes there."""
    destination = get_destination(session, application_id, destination_id)
    in_use = session.execute(select(exists().where(SyncConfig.destination_id == destination.id))).scalar()
    if in_use:
        raise Conflict(f"Destination {destination.name} is used by a sync config; delete or repoint that first.")
    session.delete(destination)
    session.flush()
    return destination
