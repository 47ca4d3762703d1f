"""The Vault's view of a consumer, with its request counts and (for one consumer) its connections."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row

from glue_api.models import Connection, Customer
from glue_api.vault.consumers.repository import RequestCounts
from glue_api.vault.presenters import consumer_connection_view, iso_z


def consumer_metadata(metadata: dict | None, name: str, email: str) -> dict:
    """A customer made through the Management API has a name and email but no metadata yet."""
    if metadata is not None:
        return dict(metadata)
    derived = {"account_name": name, "email": email}
    return {key: value for key, value in derived.items() if value}


def consumer_view(
    customer: Customer, counts: RequestCounts, services: list[str], connections: list[Connection] | None = None
) -> dict:
    view = _view(customer.external_id, customer.application_id,
                 consumer_metadata(customer.consumer_metadata, customer.name, customer.email), services,
                 counts.total, counts.allocation(), iso_z(counts.last_request_at), iso_z(customer.created_at),
                 iso_z(customer.updated_at))
    if connections is not None:
        view["connections"] = [consumer_connection_view(c, customer) for c in connections]
    return view


def listed_consumer_view(row: Row) -> dict:
    """A row of the list's page (glue_api/vault/consumers/repository.py, CONSUMERS), unpacked by position: the
    list builds twenty of these per call. Its times stay datetimes: the list's body is written by pydantic
    (glue_api/one_hop.py), which writes a UTC datetime as iso_z does, in Rust rather than Python."""
    _, application_id, external_id, name, email, metadata, created, modified, total, vault, proxy, last, services = row
    # The counters keep no unify allocation: no API of Glue's counts towards it (repository.ALLOCATION_OF_API).
    allocation = {"unify": 0, "proxy": proxy or 0, "vault": vault or 0}
    return _view(external_id, application_id, consumer_metadata(metadata, name, email),
                 services.split(",") if services else [], total or 0, allocation, last, created, modified)


def _view(consumer_id: str, application_id: str, metadata: dict, services: list[str], total: int,
          allocation: dict[str, int], last_request_at: str | datetime | None, created: str | datetime,
          modified: str | datetime) -> dict:
    """The times as they are given: text, or UTC datetimes that pydantic writes as the same text."""
    view = {
        "consumer_id": consumer_id,
        "application_id": application_id,
        "metadata": metadata,
        "services": services,
        "aggregated_request_count": total,
        "request_counts": allocation,
        "created": created,
        "modified": modified,
    }
    if last_request_at is not None:
        view["request_count_updated"] = last_request_at
    return view
