"""The Dynamics 365 Sales source against its emulator: every table read whole through nextLink pages,
an incremental read from a modifiedon time, a page link off the organisation refused, service protection
429s waited out, a long Retry-After ending the read at once, and delta links (kept, refused, off the organisation)."""

from __future__ import annotations

import json
from datetime import timedelta

import pyarrow as pa
import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from glue_emulators import ms_dynamics_365_sales as dynamics
from glue_emulators.dataset import BASE_TIME
from glue_emulators.ms_dynamics_365_sales.render import Renderer, remote_id
from glue_emulators.server import EmulatorServer
from glue_providers.http import ProviderError, ProviderRateLimited
from glue_providers.ms_dynamics_365_sales.source import dynamics_source
from glue_providers.ms_dynamics_365_sales.source.helpers import open_client, table_pages
from glue_providers.ms_dynamics_365_sales.source.settings import TABLES
from glue_providers.source_state import READ_IN_FULL, read_in_full, reported_states, source_options
from tests.sources.support import tables_of

OBJECTS = ("account", "contact", "lead", "opportunity", "systemuser")


def read(emulator, server: EmulatorServer, objects=OBJECTS, modified_since=None, page_size=5000) -> dict[str, pa.Table]:
    token = emulator.oauth.mint()["access_token"]
    source = dynamics_source(token, server.url, objects=objects, modified_since=modified_since, page_size=page_size)
    return tables_of(source, objects)


def test_a_full_read_follows_next_links_to_the_end_and_keeps_each_row_whole():
    emulator = dynamics.create_emulator({"account": 23, "contact": 7, "lead": 5, "opportunity": 9, "systemuser": 3})
    with EmulatorServer(emulator.app) as server:
        tables = read(emulator, server, page_size=4)
    for name, count in {"account": 23, "contact": 7, "lead": 5, "opportunity": 9, "systemuser": 3}.items():
        assert tables[name].column("id").to_pylist() == [remote_id(name, i) for i in range(count)], name
    first = json.loads(tables["account"].column("raw_data")[0].as_py())
    shown = Renderer(emulator.dataset)("account", emulator.dataset["account"].record(0))
    annotations = {k: v for k, v in first.items() if "@" in k and not k.startswith("@")}
    assert {k: v for k, v in first.items() if k not in annotations} == shown
    # Choice labels and lookup tables come along, as the source asked in its Prefer header.
    assert annotations["statecode@OData.Community.Display.V1.FormattedValue"] == "Active"
    assert annotations["_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] == "systemuser"
    assert first["new_tier"] in (100000000, 100000001, 100000002)  # the customer's own columns come along
    assert tables["account"].column("last_modified_at")[0].as_py() == BASE_TIME
    assert emulator.faults.requests >= 23 // 4 + 1  # pages of four, as Prefer: odata.maxpagesize asked


def test_an_incremental_read_starts_at_the_second_of_its_cursor():
    emulator = dynamics.create_emulator({"account": 40})
    emulator.dataset.respace(timedelta(minutes=1))
    with EmulatorServer(emulator.app) as server:
        since = BASE_TIME + timedelta(minutes=30, milliseconds=400)
        accounts = read(emulator, server, ("account",), {"account": since})["account"]
        nothing = read(emulator, server, ("account",), {"account": BASE_TIME + timedelta(days=1)})["account"]
    assert accounts.column("id").to_pylist() == [remote_id("account", i) for i in range(30, 40)]
    assert nothing.num_rows == 0


def test_deleted_rows_are_simply_absent_from_a_full_read():
    emulator = dynamics.create_emulator({"contact": 12})
    emulator.dataset["contact"].delete([2, 3])
    with EmulatorServer(emulator.app) as server:
        contacts = read(emulator, server, ("contact",))["contact"]
    assert contacts.num_rows == 10 and not any(contacts.column("is_deleted").to_pylist())


def test_a_next_link_to_another_host_is_not_followed():
    """An answer naming its next page elsewhere: the access token must not go there."""
    requests = []

    async def accounts(request):
        requests.append(str(request.url))
        return JSONResponse({"value": [{"accountid": "a1", "modifiedon": "2024-01-01T00:00:00Z"}],
                             "@odata.nextLink": "http://127.0.0.2:9/api/data/v9.2/accounts?$skiptoken=x"})

    hostile = Starlette(routes=[Route("/api/data/v9.2/accounts", accounts)])
    with EmulatorServer(hostile) as server, open_client("token", server.url) as client:
        pages = table_pages(client, TABLES["account"], None, 10)
        assert next(pages).num_rows == 1
        with pytest.raises(ProviderError, match="another host"):
            next(pages)
    assert len(requests) == 1


def test_service_protection_429s_are_waited_out():
    emulator = dynamics.create_emulator({"account": 30})
    emulator.faults.configure(rate_limit_every=3, retry_after_seconds=1)
    with EmulatorServer(emulator.app) as server:
        accounts = read(emulator, server, ("account",), page_size=5)["account"]
    assert accounts.num_rows == 30
    assert emulator.faults.served["rate_limit"] >= 2 and emulator.faults.early_retries == 0


def test_a_spent_window_with_a_long_retry_after_ends_the_read_at_once():
    emulator = dynamics.create_emulator({"account": 30}, rate_limit=2, rate_window_seconds=300, clock=lambda: 10.0)
    with EmulatorServer(emulator.app) as server, pytest.raises(Exception) as failed:
        read(emulator, server, ("account",), page_size=5)
    rate_limited = failed.value.__cause__  # dlt wraps what a resource raised
    assert isinstance(rate_limited, ProviderRateLimited)
    assert rate_limited.retry_after_seconds == 290  # the five-minute window opens at 300 s
    assert emulator.faults.requests == 2  # two pages passed the window; the third was refused
    assert "6000" in rate_limited.message


def test_the_client_sends_the_odata_headers_dataverse_expects():
    client = open_client("token", "https://contoso.crm.dynamics.com")
    try:
        assert client.http.headers["OData-MaxVersion"] == "4.0" and client.http.headers["OData-Version"] == "4.0"
    finally:
        client.close()


def test_a_custom_table_is_found_in_the_metadata_and_read_like_the_others():
    emulator = dynamics.create_emulator({"new_project": 9})
    with EmulatorServer(emulator.app) as server:
        projects = read(emulator, server, ("new_project",), page_size=4)["new_project"]
        with pytest.raises(Exception, match="not Dataverse table names"):
            read(emulator, server, ("new_project')/../x",))
        with pytest.raises(Exception) as missing:
            read(emulator, server, ("new_missing",))
    assert projects.column("id").to_pylist() == [remote_id("new_project", i) for i in range(9)]
    assert json.loads(projects.column("raw_data")[0].as_py())["new_name"] == "Project 0"
    assert isinstance(missing.value.__cause__, ProviderError) and missing.value.__cause__.status_code == 404


def test_a_delta_link_is_followed_only_on_the_organisation_and_a_refused_one_means_a_full_read():
    home, elsewhere = (dynamics.create_emulator({"account": 6}) for _ in range(2))
    with EmulatorServer(home.app) as server, EmulatorServer(elsewhere.app) as other:
        token = home.oauth.mint()["access_token"]
        first = source_options({})
        tables_of(dynamics_source(token, server.url, objects=("account",), options=first), ("account",))
        link = reported_states(first)["account"]["delta_link"]
        assert link.startswith(f"{server.url}/api/data/v9.2/accounts?") and not read_in_full(first)

        home.dataset["account"].delete([1])
        since = {"account": BASE_TIME}
        moved = {"account": {"delta_link": link.replace(server.url, other.url)}}
        for kept in (moved, {"account": {"delta_link": f"{server.url}/api/data/v9.2/accounts?$deltatoken=0!x"}}):
            options = source_options(kept)
            tables = tables_of(dynamics_source(token, server.url, objects=("account",), modified_since=since,
                                               options=options), ("account",))
            assert options[READ_IN_FULL] == {"account"}  # read in full again: the engine flags what is gone
            assert tables["account"].num_rows == 5 and not any(tables["account"].column("is_deleted").to_pylist())
            assert reported_states(options)["account"]["delta_link"] != link
        assert elsewhere.faults.requests == 0  # the access token never went to the other host

        options = source_options({"account": {"delta_link": link}})
        tables = tables_of(dynamics_source(token, server.url, objects=("account",), modified_since=since,
                                           options=options), ("account",))
        assert tables["account"].column("is_deleted").to_pylist() == [True] and not read_in_full(options)
        assert tables["account"].column("id").to_pylist() == [remote_id("account", 1)]
