"""The migrations build exactly the models' schema, on both stores, and can be undone."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from glue_api.db import make_engine
from glue_api.migrate import downgrade, upgrade
from glue_api.models import Base


def test_migrated_schema_matches_models(store_url):
    engine = make_engine(store_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_downgrade_to_nothing_and_back(store_url):
    downgrade(store_url, "base")
    engine = make_engine(store_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(store_url)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()
