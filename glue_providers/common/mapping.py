"""How a provider's records become common records: one ``CommonMapping`` per common object.

A provider declares its mappings in ``glue_providers/<provider>/common.py`` as
``MAPPINGS: dict[str, CommonMapping]`` and names them in its spec
(``common_models="glue_providers.<provider>.common:MAPPINGS"``). The engine reads the
``from_object`` standard object with that object's cursor and deletion rules, and lands
``fields(raw)`` of each record beside the record's own id, ``is_deleted`` and
``last_modified_at``. Write each rule from the provider's API reference, one per field.

Where a provider nests the common object inside another record (Apollo lists a contact's
sequence states inside the contact), ``expand`` gives the nested records of a provider record,
each with its own ``id``: each is mapped by ``fields`` and lands as a row of its own, with its own
raw data and the provider record's ``is_deleted`` and ``last_modified_at``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CommonMapping:
    # The provider's standard object the common object is read from (one of its spec's ``objects``).
    from_object: str
    # The provider's record, as it lands in ``raw_data``, to ``created_at``, ``updated_at`` and every
    # field of the common object (``glue_providers.common.models``); values are Python values
    # (str, int, float, bool, datetime, lists/dicts for JSON fields) or None.
    fields: Callable[[dict[str, Any]], dict[str, Any]]
    # Associations the mapping reads (HubSpot's contact -> company), fetched with the records.
    associations: tuple[str, ...] = ()
    # The nested records of a provider record, each a dict with its own "id" (None: the record itself).
    expand: Callable[[dict[str, Any]], list[dict[str, Any]]] | None = None
    # Which of ``from_object``'s records the common object takes, where one provider list holds two kinds
    # (Zendesk Sell's contacts and Capsule's parties are people and organisations); None: every record.
    applies_to: Callable[[dict[str, Any]], bool] | None = None

    def takes(self, record: dict[str, Any]) -> bool:
        return self.applies_to is None or self.applies_to(record)

    def records_of(self, raw: dict[str, Any]) -> list[dict[str, Any]]:
        """What ``fields`` maps of a provider record: the record (if the common object takes it), or its
        nested records."""
        if self.expand is not None:
            return self.expand(raw)
        return [raw] if self.takes(raw) else []
