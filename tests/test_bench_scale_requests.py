"""bench.scale counts the connections a run request syncs, so its figures hold for one connection per run and
for batches alike."""

import dagster as dg

from bench.scale_launch import connections_in

KNOWN = {"c-1", "c-2", "c-3", "c-4"}


def test_a_partitioned_request_syncs_its_partition():
    request = dg.RunRequest(partition_key="c-2", tags={"glue/connection": "c-2", "glue/provider": "hubspot"})
    assert connections_in(request, KNOWN) == {"c-2"}


def test_a_batch_named_in_tags_or_run_config_counts_every_connection_it_names():
    tagged = dg.RunRequest(tags={"glue/connections": "c-1,c-3", "glue/provider": "hubspot"})
    configured = dg.RunRequest(run_config={"ops": {"hubspot_sync": {"config": {"connections": ["c-2", "c-4"]}}}})
    assert connections_in(tagged, KNOWN) == {"c-1", "c-3"}
    assert connections_in(configured, KNOWN) == {"c-2", "c-4"}


def test_strings_that_are_not_connections_are_not_counted():
    request = dg.RunRequest(tags={"glue/provider": "hubspot", "glue/sync_ids": "s-1,s-2"}, run_config={"x": "c-9"})
    assert connections_in(request, KNOWN) == set()
