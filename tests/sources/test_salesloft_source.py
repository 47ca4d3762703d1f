"""The Salesloft source against its emulator, which charges the team's cost per minute as Salesloft does
(deep pages costing more, 429 once the minute is spent) on a clock the test moves: the source's waits
advance it, so a minute passes without a test waiting one.

A full read of 60,000 people is paid for without a single 429 and without a page past the 100th; records
that share one ``updated_at`` across the boundary where a read is narrowed are read once each; an
incremental read starts at its time; a list that cannot be narrowed is paged deeper within the budget."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from glue_emulators import salesloft
from glue_emulators.dataset import BASE_TIME
from glue_emulators.salesloft.costs import request_cost
from glue_emulators.server import EmulatorServer
from glue_providers.egress import guarded_client
from glue_providers.salesloft.source import open_client, salesloft_source
from glue_providers.salesloft.source.budget import MinuteBudget
from tests.emulators.manual_clock import ManualClock
from tests.sources.support import tables_of

MINUTE = 60.0


def read(emulator, server, clock: ManualClock, objects, modified_since=None, per_page: int = 100):
    token = emulator.oauth.mint()["access_token"]
    source = salesloft_source(token, server.url, objects, modified_since, per_page=per_page, window_seconds=MINUTE,
                              clock=clock, sleep=clock.advance)
    return tables_of(source, objects)


def ids_of(table) -> list[str]:
    return table.column("id").to_pylist()


def naive_cost(pages: int) -> int:
    """What paging straight through ``pages`` pages would cost."""
    return sum(request_cost(page) for page in range(1, pages + 1))


def test_a_full_read_of_60000_people_pays_the_teams_minute_without_one_429():
    clock = ManualClock()
    # Records changed within the same three seconds share one updated_at, so ties straddle page boundaries.
    emulator = salesloft.create_emulator({"people": 60_000}, clock=clock, window_seconds=MINUTE,
                                         time_resolution=timedelta(seconds=3))
    started = clock()
    with EmulatorServer(emulator.app) as server:
        people = read(emulator, server, clock, ("people",))["people"]
    costs = emulator.budget.report()
    assert costs["refused"] == 0  # not one 429
    assert costs["deepest_page"] <= 100  # never a deep page: the reads were narrowed by updated_at
    ids = ids_of(people)
    assert len(ids) == 60_000 and set(ids) == {str(salesloft.remote_id("people", i)) for i in range(60_000)}
    # 600 pages and a page per narrowed read, each at the cost of 1, against 6,550 paging straight through.
    assert costs["spent"] <= 600 + 6 + 1 and naive_cost(600) == 6_550
    # One minute's 600 could not pay for it all: the read waited for the next minute instead of a 429.
    assert clock() // MINUTE > started // MINUTE


def test_records_sharing_a_time_across_a_narrowed_read_are_read_once_each():
    clock = ManualClock()
    emulator = salesloft.create_emulator({"accounts": 2_345}, clock=clock, time_resolution=timedelta(seconds=7))
    with EmulatorServer(emulator.app) as server:
        accounts = read(emulator, server, clock, ("accounts",), per_page=10)["accounts"]
    ids = ids_of(accounts)
    assert len(ids) == len(set(ids)) == 2_345  # 1,000 records a read, so two narrowings; nothing lost or doubled
    assert emulator.budget.report()["deepest_page"] == 100
    times = accounts.column("last_modified_at").to_pylist()
    assert times == sorted(times)


def test_an_incremental_read_starts_at_its_time_and_reads_what_changed_after_it():
    clock = ManualClock()
    emulator = salesloft.create_emulator({"cadences": 50, "cadence_memberships": 30}, clock=clock)
    emulator.dataset.respace(timedelta(minutes=2))
    emulator.dataset["cadences"].update([4, 7])
    with EmulatorServer(emulator.app) as server:
        since = BASE_TIME + timedelta(minutes=2 * 40)
        tables = read(emulator, server, clock, ("cadences",), {"cadences": since})
    expected = [str(salesloft.remote_id("cadences", i)) for i in (*range(40, 50), 4, 7)]
    assert ids_of(tables["cadences"]) == expected  # at or after ``since``, oldest change first
    first = json.loads(tables["cadences"].column("raw_data")[0].as_py())
    assert first == salesloft.render("cadences", emulator.dataset["cadences"].record(40))


def test_a_list_that_cannot_be_narrowed_is_paged_deeper_within_the_budget():
    clock = ManualClock()
    # Every record at one time: narrowing cannot move on, so the read pays for pages past the 100th.
    emulator = salesloft.create_emulator({"people": 2_500}, clock=clock, time_resolution=timedelta(days=365))
    with EmulatorServer(emulator.app) as server:
        people = read(emulator, server, clock, ("people",), per_page=10)["people"]
    costs = emulator.budget.report()
    assert len(set(ids_of(people))) == 2_500
    assert costs["deepest_page"] == 250 and costs["spent"] >= naive_cost(250) == 1_050
    assert costs["refused"] == 0


def test_users_are_read_in_full_and_every_object_lands_its_records():
    clock = ManualClock()
    counts = {"people": 120, "accounts": 30, "users": 7, "cadences": 5, "cadence_memberships": 260}
    emulator = salesloft.create_emulator(counts, clock=clock)
    with EmulatorServer(emulator.app) as server:
        tables = read(emulator, server, clock, tuple(counts), {"users": BASE_TIME + timedelta(days=9)})
    assert {name: table.num_rows for name, table in tables.items()} == counts  # users take no time filter
    for name, table in tables.items():
        record = json.loads(table.column("raw_data")[0].as_py())
        assert str(record["id"]) == table.column("id")[0].as_py()


def test_a_429_from_another_integrations_spending_is_waited_out_and_a_spent_window_ends_the_read():
    clock = ManualClock()
    emulator = salesloft.create_emulator({"people": 300}, clock=clock)
    with EmulatorServer(emulator.app) as server:
        control = f"{server.url}/_emulator/faults"
        httpx.post(control, json={"rate_limit_every": 2, "retry_after_seconds": 2})
        people = read(emulator, server, clock, ("people",))["people"]
        assert people.num_rows == 300
        httpx.post(control, json={"rate_limit_every": 1, "retry_after_seconds": 3600})
        with pytest.raises(Exception, match="in 3600 s"):  # dlt wraps the ProviderRateLimited
            read(emulator, server, clock, ("people",))
        report = httpx.post(control, json={"rate_limit_every": 0}).json()
    assert report["served"]["rate_limit"] >= 2


def test_a_minute_another_integration_nearly_spent_is_waited_for_not_overrun():
    clock = ManualClock(start=6_000.0)  # a minute's start
    emulator = salesloft.create_emulator({"people": 300}, clock=clock)
    assert emulator.budget.take(590) == (True, 10)  # the team's other integrations, this minute
    with EmulatorServer(emulator.app) as server:
        people = read(emulator, server, clock, ("people",))["people"]
    assert people.num_rows == 300
    assert emulator.budget.report()["refused"] == 0  # the first answer said 9 were left: the read waited
    assert clock() >= 6_060.0


def test_a_minute_already_spent_is_refused_then_retried_with_backoff():
    clock = ManualClock(start=6_000.0)
    emulator = salesloft.create_emulator({"people": 150}, clock=clock)
    emulator.budget.take(600)  # nothing left: the first request is refused, and Salesloft says not for how long
    with EmulatorServer(emulator.app) as server:
        people = read(emulator, server, clock, ("people",))["people"]
    assert people.num_rows == 150
    assert emulator.budget.report()["refused"] >= 1 and clock() >= 6_060.0


def test_an_endpoint_salesloft_made_dearer_is_planned_at_the_cost_its_answers_say():
    clock = ManualClock(start=6_000.0)
    # Salesloft may change an endpoint's cost at any time: each people page now costs 48, so a minute's 600 pays
    # for 12 and leaves 24, which a request planned at the default cost of 1 would think enough.
    emulator = salesloft.create_emulator({"people": 1_000}, clock=clock, endpoint_costs={"/v2/people": 48})
    with EmulatorServer(emulator.app) as server:
        people = read(emulator, server, clock, ("people",), per_page=10)["people"]
    costs = emulator.budget.report()
    assert people.num_rows == 1_000 and costs["spent"] == 100 * 48
    assert costs["refused"] == 0  # 4,800 of cost over nine minutes, not one request the minute could not pay



def test_the_budgets_answer_hook_keeps_the_egress_guards_request_check():
    budget = MinuteBudget()
    with open_client("a-token", "https://api.salesloft.com", budget) as client:
        hooks = client.http.event_hooks
    with guarded_client(base_url="https://api.salesloft.com") as plain:
        guard_hooks = plain.event_hooks["request"]
    assert len(hooks["request"]) == len(guard_hooks) >= 1  # the guard's check of every request's URL
    assert hooks["response"] == [budget.observe]
