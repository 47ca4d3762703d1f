"""The Management API's view of a connection: never its credentials."""

from sqlalchemy.orm import Session

from glue_api.connections.repository import connection_sync_config_of
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
    return view
