from typing import Annotated, Literal

from pydantic import Field

from glue_api.schemas import RequestBody

ObjectName = Annotated[str, Field(min_length=1, max_length=255)]


class SyncSelector(RequestBody):
    object_type: Literal["common", "standard", "custom"]
    object: ObjectName


class SyncTrigger(SyncSelector):
    perform_full_refresh: bool = False
