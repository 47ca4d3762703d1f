"""Deterministic associations between records, served like the v4 associations API.

Between two object types, the one with more records is the "many" side: its
record i is linked to record i mod n of the other side (n = that side's original
count), and each record of the "one" side lists all of those, paged. Both
directions therefore agree. Archived records have no associations, as in HubSpot.
"""

from __future__ import annotations

from glue_emulators.dataset import Dataset

PAGE = 500  # associations per record per response before paging

# HubSpot-defined association type ids for the standard pairs: (typeId, label)
HUBSPOT_DEFINED = {
    ("contacts", "companies"): ((1, "Primary"), (279, None)),
    ("companies", "contacts"): ((2, "Primary"), (280, None)),
    ("deals", "contacts"): ((3, None),),
    ("contacts", "deals"): ((4, None),),
    ("deals", "companies"): ((5, "Primary"), (341, None)),
    ("companies", "deals"): ((6, "Primary"), (342, None)),
    ("leads", "contacts"): ((578, "Primary"),),
    ("contacts", "leads"): ((579, "Primary"),),
    ("leads", "companies"): ((610, None),),
    ("companies", "leads"): ((611, None),),
}


def association_types(from_name: str, to_name: str) -> list[dict]:
    defined = HUBSPOT_DEFINED.get((from_name, to_name))
    if defined is not None:
        return [{"category": "HUBSPOT_DEFINED", "typeId": type_id, "label": label} for type_id, label in defined]
    type_id = 1000 + sum(map(ord, from_name + ">" + to_name)) % 9000  # a stable id for a user-defined pair
    return [{"category": "USER_DEFINED", "typeId": type_id, "label": None}]


def linked(dataset: Dataset, from_name: str, index: int, to_name: str, after: int = 0, limit: int = PAGE
           ) -> tuple[list[int], int | None]:
    """Indices of ``to_name`` records linked to one record, from position ``after``, and the next position."""
    source, target = dataset[from_name], dataset[to_name]
    n_from, n_to = source.initial_count, target.initial_count
    if from_name == to_name or n_from == 0 or n_to == 0 or source.record(index).deleted:
        return [], None
    if n_from >= n_to:  # the many side: one link
        candidate = index % n_to
        return ([] if target.record(candidate).deleted else [candidate]), None
    if index >= n_from:  # created after seeding: nothing on the many side points here
        return [], None
    found, position = [], after
    while len(found) < limit:
        candidate = index + position * n_from
        if candidate >= target.count:
            return found, None
        position += 1
        if not target.record(candidate).deleted:
            found.append(candidate)
    return found, position if index + position * n_from < target.count else None
