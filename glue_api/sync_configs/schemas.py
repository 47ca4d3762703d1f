from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from glue_api.providers.names import ProviderNameField
from glue_api.schemas import RequestBody

Name = Annotated[str, Field(min_length=1, max_length=255)]
# An object type a provider's API takes in its paths: "contacts", "line_items", HubSpot's "p_cars",
# "p1234_cars" or objectTypeId "2-1234". Nothing that could add or climb a path level.
ObjectTypeName = Annotated[str, StringConstraints(min_length=1, max_length=255, pattern=r"^([A-Za-z0-9_]+|\d+-\d+)$")]
# A count of syncs; the spec types it as a number, so 2.0 is as good as 2.
Count = Annotated[int | float, Field(gt=0, allow_inf_nan=False)]

OBJECT_LISTS = ("standard_objects", "custom_objects", "common_objects")


class SyncStrategy(RequestBody):
    period_ms: Annotated[int, Field(ge=60000)]
    strategy: Literal["full then incremental", "full only"]
    auto_start_on_connection: bool | None = None
    full_sync_every_n_incrementals: Count | None = None


class ObjectToSync(RequestBody):
    object: Name
    sync_strategy_override: SyncStrategy | None = None
    associations_to_fetch: Annotated[list[ObjectTypeName], Field(max_length=100)] | None = None


class EntityRef(RequestBody):
    entity_id: Name


ObjectList = Annotated[list[ObjectToSync], Field(max_length=500)]


class SyncConfigData(RequestBody):
    default_config: SyncStrategy
    standard_objects: ObjectList | None = None
    custom_objects: ObjectList | None = None
    common_objects: ObjectList | None = None
    entities: Annotated[list[EntityRef], Field(max_length=500)] | None = None  # deprecated: the entities to sync

    @model_validator(mode="after")
    def _objects_listed_once(self) -> "SyncConfigData":
        # Syncs are unique per (connection, object type, object): a repeated object could never get its own.
        for field in OBJECT_LISTS:
            names = [o.object for o in getattr(self, field) or []]
            if len(names) != len(set(names)):
                raise ValueError(f"{field} lists the same object more than once")
        entity_ids = [e.entity_id for e in self.entities or []]
        if len(entity_ids) != len(set(entity_ids)):
            raise ValueError("entities lists the same entity more than once")
        return self


class SyncConfigCreate(RequestBody):
    destination_name: Name
    provider_name: ProviderNameField
    config: SyncConfigData


class SyncConfigUpdate(RequestBody):
    config: SyncConfigData
