from typing import Annotated, Literal

from pydantic import Field, model_validator

from glue_api.schemas import RequestBody
from glue_api.syncs.objects import ENTITY

ObjectName = Annotated[str, Field(min_length=1, max_length=255)]


class SyncSelector(RequestBody):
    """One of a customer's syncs: an object's (object_type and object), or an entity's (entity_id)."""

    object_type: Literal["common", "standard", "custom"] | None = None
    object: ObjectName | None = None
    entity_id: ObjectName | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> "SyncSelector":
        if self.entity_id is not None:
            if self.object_type is not None or self.object is not None:
                raise ValueError("name either an entity_id or an object_type and object, not both")
        elif self.object_type is None or self.object is None:
            raise ValueError("object_type and object are required (or entity_id for an entity's sync)")
        return self

    @property
    def sync_key(self) -> tuple[str, str]:
        """(object type, object) as syncs store them."""
        return (ENTITY, self.entity_id) if self.entity_id is not None else (self.object_type, self.object)


class SyncTrigger(SyncSelector):
    perform_full_refresh: bool = False
