"""Re-encrypts every sealed column under the key ring's primary key.

Embedded: a new key is generated and becomes the primary in the key ring file.
With ``GLUE_SECRET_KEY``: the operator puts the new key first (``glue keys
generate``), runs this, then may drop the old keys once it reports zero left.
"""

from __future__ import annotations

from sqlalchemy import select

from glue_api.config import Settings
from glue_api.crypto import KeyRing, generate_key
from glue_api.db import make_engine, make_session_factory, transaction
from glue_api.keyring_store import keyring_path, load_keyring, write_keyring_file
from glue_api.models import Base
from glue_api.models.base import SealedText


def sealed_columns():
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, SealedText):
                yield table, column


def rotate_keys(settings: Settings) -> dict:
    ring = load_keyring(settings)
    if not settings.secret_key:
        ring = ring.with_new_primary(generate_key())
        # Written before re-encryption: a crash midway leaves every value readable.
        write_keyring_file(keyring_path(settings), ring)
    engine = make_engine(settings.resolved_database_url)
    try:
        resealed = reseal_all(make_session_factory(engine), ring)
    finally:
        engine.dispose()
    return {"primary_key_id": ring.primary_id, "resealed": resealed}


def reseal_all(session_factory, ring: KeyRing) -> int:
    count = 0
    with transaction(session_factory) as session:
        for table, column in sealed_columns():
            primary_key = list(table.primary_key.columns)
            rows = session.execute(select(*primary_key, column).where(column.is_not(None))).all()
            for row in rows:
                sealed = row[-1]
                fresh = ring.reseal(sealed)
                if fresh is sealed:
                    continue
                where = [pk == value for pk, value in zip(primary_key, row[:-1])]
                session.execute(table.update().where(*where).values({column.name: fresh}))
                count += 1
    return count
