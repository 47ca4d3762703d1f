"""The Outreach source against its emulator: every object in full through ``links.next`` pages of up
to 1,000, incremental reads on Outreach's inclusive ``updatedAt`` range with neither duplicates nor
gaps across a chain of reads (even with records changing while pages are read), and the user's spent
hour ending a read at once."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta

import httpx
import pyarrow as pa
import pytest

from glue_emulators.dataset import BASE_TIME
from glue_emulators.outreach import create_emulator
from glue_emulators.server import EmulatorServer
from glue_providers.http import ProviderRateLimited
from glue_providers.outreach.objects import OBJECTS
from glue_providers.outreach.source import outreach_source, pause_for_spent_hour
from tests.sources.support import tables_of


def read(emulator, server, objects=OBJECTS, modified_since=None, page_size=1000) -> dict[str, pa.Table]:
    token = emulator.oauth.mint()["access_token"]
    return tables_of(outreach_source(token, server.url, objects, modified_since, page_size), objects)


def test_a_full_read_lands_every_record_of_every_object_as_outreach_shows_it():
    counts = {"prospects": 2300, "accounts": 40, "users": 5, "sequences": 6, "sequenceStates": 30, "mailboxes": 5,
              "sequenceSteps": 12}
    emulator = create_emulator(counts)
    with EmulatorServer(emulator.app) as server:
        tables = read(emulator, server)
    assert {name: table.num_rows for name, table in tables.items()} == counts
    # Prospects in three pages of 1,000, the others in one, and per object one catch-up on what changed meanwhile.
    assert emulator.faults.requests == 3 + 6 + 7
    prospects = tables["prospects"]
    assert prospects.column("id").to_pylist() == [str(n) for n in range(1, 2301)]
    assert json.loads(prospects.column("raw_data")[7].as_py()) == emulator.render(
        "prospects", emulator.dataset["prospects"].record(7))
    assert prospects.column("last_modified_at")[7].as_py() == BASE_TIME + timedelta(seconds=7)
    assert not any(prospects.column("is_deleted").to_pylist())


def test_an_incremental_read_starts_at_since_inclusive_to_the_millisecond():
    emulator = create_emulator({"prospects": 50})
    with EmulatorServer(emulator.app) as server:
        since = BASE_TIME + timedelta(seconds=20)  # record 20 was updated exactly then
        ids = read(emulator, server, ("prospects",), {"prospects": since})["prospects"].column("id").to_pylist()
        later = read(emulator, server, ("prospects",), {"prospects": since + timedelta(microseconds=999)})
    assert ids == [str(n) for n in range(21, 51)]
    # 20.000999 s names the millisecond record 20 sits in: it is read, never skipped by rounding up.
    assert later["prospects"].column("id").to_pylist()[0] == "21"


def test_a_chain_of_incremental_reads_has_no_duplicates_and_no_gaps_while_records_change_mid_read():
    emulator = create_emulator({"prospects": 120})
    store = emulator.dataset["prospects"]
    token = emulator.oauth.mint()["access_token"]
    landed: dict[str, str] = {}  # id -> updatedAt landed, as the warehouse's merge keeps it
    reads: list[tuple[list[str], set[str], str]] = []  # (ids read, ids changed while reading, the cursor's id)
    with EmulatorServer(emulator.app) as server:
        cursor = None
        for step in range(5):
            source = outreach_source(token, server.url, ("prospects",), {"prospects": cursor}, page_size=25)
            ids, changed, newest = [], set(), (cursor, None)
            for page_number, page in enumerate(source.resources["prospects"]):
                if page_number == 1 and step < 4:  # upstream changes while this read pages: behind and ahead of it
                    store.update([3 + step, 60 + step, 119 - step])
                    changed = {str(3 + step + 1), str(60 + step + 1), str(119 - step + 1),
                               *(str(i + 1) for i in store.create(1))}
                for record_id, raw, modified in zip(page.column("id").to_pylist(), page.column("raw_data").to_pylist(),
                                                    page.column("last_modified_at").to_pylist()):
                    ids.append(record_id)
                    landed[record_id] = json.loads(raw)["attributes"]["updatedAt"]
                    if newest[0] is None or modified >= newest[0]:
                        newest = (modified, record_id)
            reads.append((ids, changed, newest[1]))
            cursor = newest[0]  # the engine's cursor: the newest record read (the inclusive range starts there)
    for step, (ids, changed, _) in enumerate(reads):
        twice = {rid for rid in ids if ids.count(rid) > 1}
        # The full read (step 0) catches up with records changed behind its id pages, in their newer
        # version (the engine keeps the newest copy); an incremental read has no record twice.
        assert twice == ({str(3 + 1)} if step == 0 else set())  # record 4 changed behind the full read's pages
    for (earlier, changed, cursor_id), (later, _, _) in zip(reads, reads[1:]):
        # A record comes again only if it changed once the earlier read had begun, or is the cursor's own record.
        assert set(earlier) & set(later) <= changed | {cursor_id}
    assert reads[-1][0] == [reads[-2][2]]  # nothing changed since: the last read finds only the cursor's record
    upstream = {str(r.index + 1): emulator.render("prospects", r)["attributes"]["updatedAt"]
                for r in store.by_index(-1, store.count)}
    assert landed == upstream  # no gap: every record at its latest version


def test_a_spent_hour_ends_the_read_at_once_saying_when_outreach_takes_requests_again():
    started = float(int(time.time()))
    emulator = create_emulator({"users": 3}, hourly_limit=1, clock=lambda: started)
    with EmulatorServer(emulator.app) as server, pytest.raises(Exception) as failed:
        read(emulator, server, ("users", "prospects"))
    assert "rate limit spent" in str(failed.value)
    assert re.search(r"in 3[56]\d\d s", str(failed.value))  # the hour's end, from x-ratelimit-reset
    assert emulator.faults.requests == 1  # the answer said none remain: no request was spent on a 429


def test_a_near_reset_is_waited_for_and_a_far_one_is_not():
    def answer(remaining: str, reset: str) -> httpx.Response:
        return httpx.Response(200, headers={"x-ratelimit-remaining": remaining, "x-ratelimit-reset": reset})

    assert pause_for_spent_hour(answer("5", "1000"), clock=lambda: 990.0) == 0.0
    assert pause_for_spent_hour(answer("0", "1000"), clock=lambda: 990.0) == 10.0
    assert pause_for_spent_hour(answer("0", "not a time"), clock=lambda: 990.0) == 0.0
    with pytest.raises(ProviderRateLimited):
        pause_for_spent_hour(answer("0", "5000"), clock=lambda: 990.0)


def test_an_unknown_object_is_refused_before_any_request():
    with pytest.raises(ValueError, match="Outreach has no object"):
        outreach_source("token", "http://127.0.0.1:1", ("opportunities",), {})
