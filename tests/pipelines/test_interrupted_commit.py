"""A run killed between dlt's normalize commit (a rename) and its clean-up (a delete) does not wedge the
connection: the next run loads the committed package once and then syncs its own read."""

from __future__ import annotations

import shutil

import dlt
import duckdb
import pytest

from glue_pipelines.destinations.factory import Target
from glue_pipelines.sync.load import run_pipeline


def _source(ids: list[int]):
    @dlt.source(name="people")
    def people():
        yield dlt.resource([{"id": i} for i in ids], name="persons", primary_key="id", write_disposition="merge")
    return people()


def _half_committed(tmp_path) -> tuple[dlt.Pipeline, Target]:
    """A pipeline that has loaded once, then had its next package renamed into the load storage while the
    extracted copy remains (dlt wipes pending packages of a dataset that does not exist yet, so a run killed
    before the first load is not this case)."""
    database = str(tmp_path / "warehouse.duckdb")
    target = Target(destination=dlt.destinations.duckdb(database), dataset_name="crm", loader_file_format=None)
    pipeline = dlt.pipeline(pipeline_name="interrupted", destination=target.destination, dataset_name="crm",
                            pipelines_dir=str(tmp_path / "pipelines"))
    pipeline.run(_source([0]))
    pipeline.extract(_source([1, 2, 3]))
    (load_id,) = pipeline.list_extracted_load_packages()
    extracted = tmp_path / "pipelines" / "interrupted" / "normalize" / "extracted" / load_id
    shutil.copytree(extracted, tmp_path / "kept")
    pipeline.normalize()
    shutil.copytree(tmp_path / "kept", extracted)  # the delete that follows the rename never ran
    assert pipeline.list_extracted_load_packages() == [load_id]
    assert pipeline.list_normalized_load_packages() == [load_id]
    return pipeline, target


def test_dlt_alone_cannot_normalize_a_half_committed_package(tmp_path):
    pipeline, _ = _half_committed(tmp_path)
    with pytest.raises(Exception, match="Directory not empty|exists"):
        pipeline.normalize()


def test_the_next_run_loads_the_committed_package_and_its_own_read(tmp_path):
    pipeline, target = _half_committed(tmp_path)
    run_pipeline(pipeline, _source([3, 4]), target)
    assert pipeline.list_extracted_load_packages() == []
    assert pipeline.list_normalized_load_packages() == []
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as warehouse:
        ids = [row[0] for row in warehouse.execute("select id from crm.persons order by id").fetchall()]
    assert ids == [0, 1, 2, 3, 4]
