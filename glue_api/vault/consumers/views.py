"""The Vault's view of a consumer, with its request counts and (for one consumer) its connections."""

from __future__ import annotations

from sqlalchemy import Row

from glue_api.models import Connection, Customer
from glue_api.vault.consumers.repository import RequestCounts
from glue_api.vault.presenters import consumer_connection_view, iso_z


def consumer_metadata(customer: Customer | Row) -> dict:
    """A customer made through the Management API has a name and email but no metadata yet."""
    if customer.consumer_metadata is not None:
        return dict(customer.consumer_metadata)
    derived = {"account_name": customer.name, "email": customer.email}
    return {key: value for key, value in derived.items() if value}


def consumer_view(
    customer: Customer | Row, counts: RequestCounts, services: list[str], connections: list[Connection] | None = None
) -> dict:
    """``customer``: the ORM object, or a row of the columns read here (a page of the list)."""
    view = {
        "consumer_id": customer.external_id,
        "application_id": customer.application_id,
        "metadata": consumer_metadata(customer),
        "services": services,
        "aggregated_request_count": counts.total,
        "request_counts": counts.allocation(),
        "created": iso_z(customer.created_at),
        "modified": iso_z(customer.updated_at),
    }
    if counts.last_request_at is not None:
        view["request_count_updated"] = iso_z(counts.last_request_at)
    if connections is not None:
        view["connections"] = [consumer_connection_view(c, customer) for c in connections]
    return view

