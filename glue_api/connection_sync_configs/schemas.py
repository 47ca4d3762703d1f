import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from glue_api.schemas import RequestBody

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MAX_IDENTIFIER_LENGTH = 63  # PostgreSQL truncates longer names


def _sql_identifier(value: str) -> str:
    # These names end up in the warehouse's DDL: only plain identifiers, which never need quoting.
    if len(value) > MAX_IDENTIFIER_LENGTH or not _IDENTIFIER.fullmatch(value):
        raise ValueError(
            f"must be a SQL identifier: letters, digits and underscores, not starting with a digit, "
            f"at most {MAX_IDENTIFIER_LENGTH} characters"
        )
    return value


SqlIdentifier = Annotated[str, AfterValidator(_sql_identifier)]
ObjectName = Annotated[str, Field(min_length=1, max_length=255)]


class PostgresOverride(RequestBody):
    type: Literal["postgres"]
    # `schema` would shadow a BaseModel attribute, hence the alias.
    schema_name: Annotated[SqlIdentifier, Field(alias="schema")]


class ObjectOverride(RequestBody):
    object: ObjectName
    table: SqlIdentifier | None = None


ObjectOverrides = Annotated[list[ObjectOverride], Field(max_length=500)]


class ConnectionSyncConfigUpsert(RequestBody):
    destination_config: PostgresOverride | None = None
    standard_objects: ObjectOverrides | None = None
    custom_objects: ObjectOverrides | None = None

    @model_validator(mode="after")
    def _no_repeats(self) -> "ConnectionSyncConfigUpsert":
        for field in ("standard_objects", "custom_objects"):
            names = [o.object for o in getattr(self, field) or []]
            if len(names) != len(set(names)):
                raise ValueError(f"{field} lists the same object more than once")
        # Two objects written into one table would overwrite each other's rows.
        tables = [o.table.lower() for o in (self.standard_objects or []) + (self.custom_objects or []) if o.table]
        if len(tables) != len(set(tables)):
            raise ValueError("two objects are written to the same table")
        return self
