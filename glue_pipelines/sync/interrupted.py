"""Finishes a dlt normalize commit that a killed run left half done.

dlt commits a normalized package by renaming it into the load storage, then deletes the extracted package
it came from. A run killed between the two leaves both; the next run would normalize the extracted package
again and fail on the rename for good. The rename is the commit, so the extracted copy is the leftover.
"""

from __future__ import annotations

import dlt


def drop_committed_extracts(pipeline: dlt.Pipeline) -> list[str]:
    """Deletes extracted packages whose normalized package already exists; the load ids deleted."""
    extracted = pipeline.list_extracted_load_packages()
    if not extracted:
        return []
    load_storage = pipeline._get_load_storage()
    if not load_storage.is_storage_ready():
        return []
    committed = set(load_storage.list_normalized_packages()) | set(load_storage.list_loaded_packages())
    leftovers = [load_id for load_id in extracted if load_id in committed]
    extracted_packages = pipeline._get_normalize_storage().extracted_packages
    for load_id in leftovers:
        extracted_packages.delete_package(load_id, not_exists_ok=True)
    return leftovers
