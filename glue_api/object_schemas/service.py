"""Schemas: an application's chosen fields of a provider object, attached through provider configs' objects."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from glue_api.errors import BadRequest, Conflict
from glue_api.models import ObjectSchema, ProviderConfig
from glue_api.object_schemas.schemas import SchemaWrite
from glue_api.ownership import get_owned, list_owned

LISTED_IN_MESSAGES = 10


def schema_view(schema: ObjectSchema) -> dict:
    return {"id": schema.id, "application_id": schema.application_id, "name": schema.name, "config": schema.config}


def list_schemas(session: Session, application_id: str) -> list[ObjectSchema]:
    return list_owned(session, ObjectSchema, application_id)


def get_schema(session: Session, application_id: str, schema_id: str) -> ObjectSchema:
    return get_owned(session, ObjectSchema, application_id, schema_id, "Schema")


def _check_name_free(session: Session, application_id: str, name: str, schema_id: str | None = None) -> None:
    taken = session.execute(
        select(ObjectSchema.id).where(ObjectSchema.application_id == application_id, ObjectSchema.name == name)
    ).scalar_one_or_none()
    if taken is not None and taken != schema_id:
        raise Conflict(f"A schema named {name} already exists.")


def create_schema(session: Session, application_id: str, body: SchemaWrite) -> ObjectSchema:
    _check_name_free(session, application_id, body.name)
    config = body.config.model_dump(exclude_none=True)
    schema = ObjectSchema(application_id=application_id, name=body.name, config=config)
    session.add(schema)
    session.flush()
    return schema


def update_schema(session: Session, application_id: str, schema_id: str, body: SchemaWrite) -> ObjectSchema:
    schema = get_schema(session, application_id, schema_id)
    _check_name_free(session, application_id, body.name, schema.id)
    schema.name = body.name
    schema.config = body.config.model_dump(exclude_none=True)
    session.flush()
    return schema


def objects_using(provider: ProviderConfig, schema_id: str) -> list[str]:
    """'<provider> <type> <object>' for each object of the provider config the schema is attached to."""
    return [
        f"{provider.name} {object_type} {item.get('name')}"
        for object_type, items in (provider.objects or {}).items()
        for item in items or []
        if item.get("schema_id") == schema_id
    ]


def delete_schema(session: Session, application_id: str, schema_id: str) -> None:
    schema = get_schema(session, application_id, schema_id)
    users = [use for p in list_owned(session, ProviderConfig, application_id) for use in objects_using(p, schema.id)]
    if users:
        raise Conflict(
            f"Schema {schema.name} is attached to provider objects ({', '.join(users[:LISTED_IN_MESSAGES])}); "
            "detach it in those provider configs' objects first."
        )
    session.delete(schema)
    session.flush()


def check_schema_ids(session: Session, application_id: str, schema_ids: list[str]) -> None:
    """A provider config may attach only the application's own schemas (400 otherwise, naming them)."""
    if not schema_ids:
        return
    known = {s.id: s.name for s in list_schemas(session, application_id)}
    unknown = sorted({schema_id for schema_id in schema_ids if schema_id not in known})
    if unknown:
        existing = ", ".join(f"{sid} ({name})" for sid, name in list(known.items())[:LISTED_IN_MESSAGES]) or "none"
        raise BadRequest(f"No schema {', '.join(unknown)}; the application's schemas are: {existing}.")
