"""The Management API's view of a connection: never its credentials."""

from sqlalchemy.orm import Session

from glue_api.connections.repository import connection_sync_config_of
from glue_api.entity_mappings.service import customer_entity_mappings
from glue_api.field_mappings.service import schema_mappings_config
from glue_api.models import Connection, Customer


def connection_view(session: Session, connection: Connection, customer: Customer) -> dict:
    view = {
        "id": connection.id,
        "application_id": connection.application_id,
        "customer_id": customer.external_id,
        "provider_id": connection.provider_id,
        "provider_name": connection.provider_name,
        "category": connection.category,
        "instance_url": connection.instance_url,
    }
    overrides = connection_sync_config_of(session, connection)
    if overrides is not None:
        view["connection_sync_config"] = overrides.config
    # The customer's own field and entity mappings (deprecated in the spec), shown when they have any.
    if schema_mappings := schema_mappings_config(session, connection):
        view["schema_mappings_config"] = schema_mappings
    if entity_mappings := customer_entity_mappings(session, connection):
        view["entity_mappings"] = entity_mappings
    return view
