"""The Management API's view of a connection: never its credentials."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from glue_api.connections.repository import NO_EXTRAS, Extras, connection_sync_config_of, extras_columns
from glue_api.entity_mappings.service import customer_entity_mappings
from glue_api.field_mappings.service import schema_mappings_config
from glue_api.models import Connection, Customer


def connection_view(session: Session, connection: Connection, customer: Customer, extras: Extras | None = None) -> dict:
    return connection_views(session, [connection], customer, None if extras is None else {connection.id: extras})[0]


def connection_views(session: Session, connections: list[Connection], customer: Customer,
                     extras: dict[str, Extras] | None = None) -> list[dict]:
    """``extras``, if the caller read them with the connections (repository.extras_columns), saves a query."""
    # Most connections have no overrides and no mappings: one query says which do, for all of them at once.
    if extras is None:
        extras = _extras_of(session, [c.id for c in connections])
    return [_view(session, c, customer, *extras.get(c.id, NO_EXTRAS)) for c in connections]


def _view(session: Session, connection: Connection, customer: Customer, has_sync_config: bool,
          has_field_mappings: bool, has_entity_mappings: bool) -> dict:
    view = {
        "id": connection.id,
        "application_id": connection.application_id,
        "customer_id": customer.external_id,
        "provider_id": connection.provider_id,
        "provider_name": connection.provider_name,
        "category": connection.category,
        "instance_url": connection.instance_url,
    }
    overrides = connection_sync_config_of(session, connection) if has_sync_config else None
    if overrides is not None:
        view["connection_sync_config"] = overrides.config
    # The customer's own field and entity mappings (deprecated in the spec), shown when they have any.
    if has_field_mappings and (schema_mappings := schema_mappings_config(session, connection)):
        view["schema_mappings_config"] = schema_mappings
    if has_entity_mappings and (entity_mappings := customer_entity_mappings(session, connection)):
        view["entity_mappings"] = entity_mappings
    return view


def _extras_of(session: Session, connection_ids: list[str]) -> dict[str, tuple[bool, bool, bool]]:
    if not connection_ids:
        return {}
    rows = session.execute(
        select(Connection.id, *extras_columns()).where(Connection.id.in_(connection_ids))
    )
    return {row[0]: (bool(row[1]), bool(row[2]), bool(row[3])) for row in rows}
