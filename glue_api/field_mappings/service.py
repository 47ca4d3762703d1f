"""A customer's field mappings: per connection and per provider object that has a schema attached.

What an object's fields are, and which mapping wins, is decided by ``glue_api.object_schemas.apply``;
this module stores the customer's side and refuses mappings the schema does not allow.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from glue_api.errors import BadRequest
from glue_api.field_mappings.events import record_field_mapping_event
from glue_api.models import Connection, ConnectionFieldMappings, ObjectSchema, ProviderConfig
from glue_api.object_schemas.apply import merged_fields, schema_mapper
from glue_api.object_schemas.schemas import ObjectFieldMappingsUpdate
from glue_api.object_schemas.service import list_schemas

OBJECT_TYPES = ("common", "standard")


class SchemaObject(NamedTuple):
    object_type: str
    name: str
    schema: ObjectSchema


def schema_objects(session: Session, connection: Connection) -> list[SchemaObject]:
    """The provider config's objects that have a schema attached, common ones first."""
    provider = session.get(ProviderConfig, connection.provider_id)
    schemas = {schema.id: schema for schema in list_schemas(session, connection.application_id)}
    return [
        SchemaObject(object_type, item["name"], schemas[item["schema_id"]])
        for object_type in OBJECT_TYPES
        for item in ((provider.objects or {}).get(object_type) or [])
        if item.get("schema_id") in schemas
    ]


def customer_field_mappings(session: Session, connection: Connection) -> dict[tuple[str, str], list]:
    rows = session.execute(
        select(ConnectionFieldMappings).where(ConnectionFieldMappings.connection_id == connection.id)
    ).scalars()
    return {(row.object_type, row.object): row.field_mappings for row in rows}


def object_mappers(
    session: Session, connection: Connection
) -> dict[tuple[str, str], Callable[[Mapping[str, Any]], dict[str, Any]]]:
    """For the sync engine: per (object type, object) with a schema, the function from one of the connection's
    records of that object to the fields that land (the schema's, with this customer's mappings)."""
    customer = customer_field_mappings(session, connection)
    return {
        (item.object_type, item.name): schema_mapper(item.schema.config, customer.get((item.object_type, item.name)))
        for item in schema_objects(session, connection)
    }


def schema_mappings_config(session: Session, connection: Connection) -> dict:
    """The customer's mappings as the connection shows them: {common_objects, standard_objects} where set."""
    config: dict[str, list] = {}
    for (object_type, name), mappings in sorted(customer_field_mappings(session, connection).items()):
        config.setdefault(f"{object_type}_objects", []).append({"object": name, "field_mappings": mappings})
    return config


def object_view(item: SchemaObject, customer: list | None) -> dict:
    fields = []
    for field in merged_fields(item.schema.config, customer):
        shown = {"name": field.name, "is_added_by_customer": field.is_added_by_customer}
        if field.schema_mapped_name:
            shown["schema_mapped_name"] = field.schema_mapped_name
        if field.customer_mapped_name:
            shown["customer_mapped_name"] = field.customer_mapped_name
        fields.append(shown)
    return {
        "object_name": item.name,
        "object_type": item.object_type,
        "allow_additional_field_mappings": bool(item.schema.config.get("allow_additional_field_mappings")),
        "schema_id": item.schema.id,
        "fields": fields,
    }


def list_field_mappings(session: Session, connection: Connection) -> list[dict]:
    customer = customer_field_mappings(session, connection)
    return [
        object_view(item, customer.get((item.object_type, item.name))) for item in schema_objects(session, connection)
    ]


def _check_allowed(schema: ObjectSchema, body: ObjectFieldMappingsUpdate) -> None:
    fields = {f["name"]: f.get("mapped_name") for f in schema.config.get("fields", [])}
    customer_fields = [name for name, mapped in fields.items() if not mapped]
    for mapping in body.field_mappings:
        name = mapping.schema_field
        if name not in fields and not schema.config.get("allow_additional_field_mappings"):
            raise BadRequest(
                f"Schema {schema.name} has no field {name} and does not allow additional field mappings; "
                f"its fields are {', '.join(fields) or 'none'}."
            )
        if fields.get(name) and mapping.mapped_field:
            raise BadRequest(
                f"Field {name} is mapped to {fields[name]} by schema {schema.name}; the customer maps only its "
                f"unmapped fields ({', '.join(customer_fields) or 'none'})."
            )


def update_object_field_mappings(session: Session, connection: Connection, body: ObjectFieldMappingsUpdate) -> dict:
    """Replaces the customer's mappings of one object: mappings the body leaves out no longer apply."""
    objects = schema_objects(session, connection)
    item = next((o for o in objects if (o.object_type, o.name) == (body.type, body.name)), None)
    if item is None:
        with_schema = ", ".join(f"{o.object_type} {o.name}" for o in objects) or "none"
        raise BadRequest(
            f"The {connection.provider_name} {body.type} object {body.name} has no schema attached; field mappings "
            f"are set only for objects with one (here: {with_schema})."
        )
    _check_allowed(item.schema, body)
    stored = [m.model_dump(exclude_none=True) for m in body.field_mappings]
    row = session.get(ConnectionFieldMappings, (connection.id, body.type, body.name))
    if row is None:
        session.add(ConnectionFieldMappings(connection_id=connection.id, object_type=body.type, object=body.name,
                                            field_mappings=stored))
    else:
        row.field_mappings = stored
    record_field_mapping_event(session, connection, body.type, body.name, item.schema.id, created=row is None)
    session.flush()
    return object_view(item, stored)
