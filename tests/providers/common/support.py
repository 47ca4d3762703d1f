"""Reading a provider's records through its real source, as the engine does, to map them in tests."""

from __future__ import annotations

import json

from glue_providers.common.mapping import CommonMapping
from tests.sources.support import tables_of


def raw_records(source, objects) -> dict[str, dict[str, dict]]:
    """Per object: record id -> the record as it lands in ``raw_data``."""
    return {name: {row["id"]: json.loads(row["raw_data"]) for row in table.to_pylist()}
            for name, table in tables_of(source, objects).items()}


def associations_option(mappings: dict[str, CommonMapping]) -> dict[str, list[str]]:
    """What the engine asks a source for: each mapped object's associations."""
    return {m.from_object: list(m.associations) for m in mappings.values() if m.associations}
