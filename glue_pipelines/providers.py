"""The providers the engine syncs: their standard objects and how to build their dlt source."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dlt.extract.source import DltSource

from glue_pipelines.sync.plan import ObjectPlan

SourceBuilder = Callable[[dict[str, Any], str, list[ObjectPlan], dict[str, Any]], DltSource]


@dataclass(frozen=True)
class SyncProvider:
    name: str
    standard_objects: tuple[str, ...]
    supports_custom_objects: bool
    build_source: SourceBuilder  # (credentials, api base URL, plans, sync config) -> source


def _modified_since(plans: list[ObjectPlan]) -> dict[str, Any]:
    return {plan.object: plan.modified_since for plan in plans}


def _associations(sync_config: dict[str, Any], plans: list[ObjectPlan]) -> dict[str, list[str]]:
    wanted = {plan.object for plan in plans}
    found = {}
    for key in ("standard_objects", "custom_objects"):
        for item in sync_config.get(key) or []:
            if item.get("object") in wanted and item.get("associations_to_fetch"):
                found[item["object"]] = list(item["associations_to_fetch"])
    return found


def _hubspot(credentials: dict, base_url: str, plans: list[ObjectPlan], sync_config: dict) -> DltSource:
    from glue_providers.hubspot.source import hubspot_source

    return hubspot_source(
        access_token=credentials["access_token"], base_url=base_url, objects=[p.object for p in plans],
        modified_since=_modified_since(plans), associations=_associations(sync_config, plans),
    )


def _salesforce(credentials: dict, base_url: str, plans: list[ObjectPlan], sync_config: dict) -> DltSource:
    from glue_providers.salesforce.source import salesforce_source

    return salesforce_source(
        access_token=credentials["access_token"], instance_url=base_url, objects=[p.object for p in plans],
        modified_since=_modified_since(plans),
    )


def _pipedrive(credentials: dict, base_url: str, plans: list[ObjectPlan], sync_config: dict) -> DltSource:
    from glue_providers.pipedrive.source import pipedrive_source

    return pipedrive_source(
        access_token=credentials["access_token"], base_url=base_url, objects=[p.object for p in plans],
        modified_since=_modified_since(plans),
    )


SYNC_PROVIDERS: dict[str, SyncProvider] = {
    p.name: p
    for p in (
        SyncProvider("hubspot", ("contacts", "companies", "deals", "leads", "owners"), True, _hubspot),
        SyncProvider("salesforce", ("Account", "Contact", "Lead", "Opportunity", "User"), True, _salesforce),
        SyncProvider("pipedrive", ("persons", "organizations", "deals", "leads", "users"), False, _pipedrive),
    )
}
