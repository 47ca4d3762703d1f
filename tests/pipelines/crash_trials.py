"""Crash trials: a connection's sync SIGKILLed in a chosen phase, run again, and its tables compared whole.

Each trial changes the provider's records (updates, creations, deletions), starts a sync in its own process,
follows it through its phase marks (glue_pipelines/sync/phases.py) and kills it in the phase the trial chose;
more records may change before the run is repeated to the end. Then every row of every synced table must be
what the provider holds: the record as the provider renders it, live rows not deleted, rows of records deleted
upstream flagged deleted exactly when a full sync finished after the deletion, no row twice.

Used by tests/pipelines/test_crash_recovery.py (two dozen kills in CI) and ``python -m bench.crash`` (a soak).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import socket
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select as sql_select

from glue_api.db import transaction
from glue_api.models import Sync
from glue_pipelines.sync.phases import PHASE_SOCKET, PHASES
from glue_pipelines.sync.plan import is_full_run

SEED_VARIABLE = "GLUE_CRASH_SEED"  # replays a trial run: its seed is printed first


# How many marks of each phase one run of two objects makes, at most worth aiming at: pages, then two tables.
OCCURRENCES = {"extract": 6, "normalize": 1, "load": 1, "soft-delete": 2, "cursor-commit": 1}
RUN_TIMEOUT = 300  # seconds a run may take before the trial gives up on it (a hang, not a speed check)


def trial_seed() -> int:
    """The seed to replay if GLUE_CRASH_SEED is set, a fresh one otherwise."""
    chosen = os.environ.get(SEED_VARIABLE)
    return int(chosen) if chosen else random.SystemRandom().randrange(2**32)


@dataclass
class Row:
    raw: dict
    is_deleted: bool
    last_modified: datetime
    tenant: tuple  # (application id, customer id, provider name)


# Reads a table of the destination: {remote id: [rows]} (a list, so a duplicate shows).
ReadTable = Callable[[str], dict[str, list[Row]]]


@dataclass
class Upstream:
    """What the trials know of the provider's records: the live ones, and the last version of the deleted."""

    deleted: dict[str, dict[str, dict]] = field(default_factory=dict)  # object -> id -> record as last rendered
    flagged: dict[str, set[str]] = field(default_factory=dict)  # object -> deleted ids a full sync has since seen
    synced_while_live: dict[str, set[str]] = field(default_factory=dict)  # ids a finished run saw alive


@dataclass
class CrashTrials:
    glue: object  # tests.pipelines.conftest.Glue
    emulated: object  # tests.pipelines.conftest.Emulated
    connection_id: str
    objects: list[str]
    read_table: ReadTable
    index_of: Callable[[str, str], int]  # the emulator's index of a remote id
    table_of: Callable[[str], str]
    rng: random.Random
    workdir: str
    say: Callable[[str], None] = lambda line: None
    customer: dict = field(default_factory=lambda: {"x-customer-id": "c1", "x-provider-name": "pipedrive"})
    kills: Counter = field(default_factory=Counter)  # phase -> kills
    upstream: Upstream = field(default_factory=Upstream)

    def run(self, kills: int) -> Counter:
        self.say(f"crash trials: {kills} kills; replay with {SEED_VARIABLE}=<the seed printed above>")
        trial, started = 0, time.monotonic()
        while sum(self.kills.values()) < kills:
            trial += 1
            assert trial <= 3 * kills, f"runs no longer reach the phases the trials aim at: {dict(self.kills)}"
            self._change_upstream(first=trial == 1)
            fulls_before = self._full_sync_times()
            for _ in range(self.rng.randint(1, 3)):  # often more kills before a run gets to finish
                phase = self._pick_phase()
                killed_in = self._killed_run(phase)
                if killed_in is not None:
                    self.kills[killed_in] += 1
            if self.rng.random() < 0.5:  # the provider moves on between the kill and the run that repairs it
                self._update(self.rng.choice(self.objects))
            self._finished_run()
            self._record_finished(fulls_before)
            self.check(f"after trial {trial}")
            self.say(f"trial {trial}: kills so far {dict(self.kills)}, {time.monotonic() - started:.1f} s")
        return self.kills

    # Upstream changes, through the emulator's control API.

    def _change_upstream(self, first: bool) -> None:
        if first:
            return
        for name in self.objects:
            self._delete(name)
            self._update(name)
            self.emulated.control("POST", "/changes/create", json={"object": name, "count": self.rng.randint(0, 3)})

    def _delete(self, name: str) -> None:
        live = self._provider_records(name)
        if len(live) < 10:
            return
        ids = self.rng.sample(sorted(live), self.rng.randint(1, 3))
        indices = [self.index_of(name, rid) for rid in ids]
        gone = self.emulated.control("POST", "/changes/delete", json={"object": name, "indices": indices})["ids"]
        assert sorted(gone) == sorted(ids), (gone, ids)
        for rid in gone:
            self.upstream.deleted.setdefault(name, {})[rid] = live[rid]

    def _update(self, name: str) -> None:
        self.emulated.control("POST", "/changes/update", json={"object": name, "fraction": self.rng.uniform(0.01, 0.1)})

    def _provider_records(self, name: str) -> dict[str, dict]:
        return self.emulated.control("GET", f"/records/{name}", params={"fields": "true"})["fields"]

    # Runs of the sync, each in its own process.

    def _environment(self) -> dict[str, str]:
        glue = self.glue
        return {
            "GLUE_DATABASE_URL": glue.settings.resolved_database_url,
            "GLUE_HOME": str(glue.settings.home),
            "GLUE_SECRET_KEY": glue.store.keyring.serialize(),
            "GLUE_PROVIDER_BASE_URLS": json.dumps(glue.settings.provider_base_urls),
            "GLUE_EGRESS_ALLOW": os.environ.get("GLUE_EGRESS_ALLOW", "127.0.0.0/8,::1,localhost"),
        }

    def _start(self, extra_env: dict[str, str]) -> tuple[multiprocessing.Process, str]:
        failure = tempfile.mktemp(dir=self.workdir, suffix=".failure")
        process = RUNS.Process(target=run_sync, args=(self._environment() | extra_env, self.connection_id, failure))
        process.start()
        return process, failure

    def _finished_run(self) -> None:
        process, failure = self._start({})
        process.join(RUN_TIMEOUT)
        assert process.exitcode == 0, f"the repairing run failed ({process.exitcode}):\n{_read(failure)}"

    def _pick_phase(self) -> str:
        """The phase least often killed so far; for the soft-delete, the next run made a full one if need be
        (a full refresh asked through the Management API, as a customer would)."""
        fewest = min(self.kills[p] for p in PHASES)
        phase = self.rng.choice([p for p in PHASES if self.kills[p] == fewest])
        if phase == "soft-delete" and not self._next_run_is_full():
            for name in self.objects:
                asked = self.glue.mgmt.post("/syncs/_trigger", headers=self.customer, json={
                    "object_type": "standard", "object": name, "perform_full_refresh": True})
                assert asked.status_code == 200, asked.text
        return phase

    def _killed_run(self, target: str) -> str | None:
        """A run killed at a random mark of ``target`` (or at the mark ending it); the phase it died in,
        or None when it finished first."""
        path = tempfile.mktemp(prefix="glue-crash-", suffix=".sock")  # short: socket paths are limited
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            listener.bind(path)
            listener.listen(1)
            listener.settimeout(RUN_TIMEOUT)
            process, failure = self._start({PHASE_SOCKET: path})
            try:
                channel, _ = listener.accept()
            except TimeoutError:
                process.kill()
                raise
            with channel:
                try:
                    return self._follow(process, channel, target, failure)
                finally:
                    if process.is_alive():
                        process.kill()
                    process.join(RUN_TIMEOUT)

    def _follow(self, process: multiprocessing.Process, channel: socket.socket, target: str, failure: str) -> str | None:
        marks = MarkReader(channel)
        aim = self.rng.randint(1, OCCURRENCES[target])
        seen: Counter = Counter()
        while True:
            mark = marks.next(RUN_TIMEOUT)
            if mark is None:  # the run ended before the trial's mark
                process.join(RUN_TIMEOUT)
                assert process.exitcode == 0, f"a run failed on its own ({process.exitcode}):\n{_read(failure)}"
                return None
            seen[mark] += 1
            ends_target = seen[target] > 0 and mark != target
            if (mark == target and seen[target] == aim) or ends_target:
                if not ends_target and self.rng.random() < 0.5:
                    channel.sendall(b"g")  # let it work inside the phase a moment; it stops at its next mark
                    time.sleep(self.rng.uniform(0.0, 0.05))
                process.kill()  # SIGKILL
                process.join(RUN_TIMEOUT)
                return target
            channel.sendall(b"g")

    # What the store says of the syncs.

    def _syncs(self) -> list[Sync]:
        with transaction(self.glue.store.session_factory) as session:
            syncs = session.execute(sql_select(Sync).where(Sync.connection_id == self.connection_id)).scalars().all()
            session.expunge_all()
        return list(syncs)

    def _next_run_is_full(self) -> bool:
        syncs = self._syncs()
        strategy = {"strategy": "full then incremental", "full_sync_every_n_incrementals": 1}
        return not syncs or any(is_full_run(s.state, strategy, s.force_full_sync) for s in syncs)

    def _full_sync_times(self) -> dict[str, str | None]:
        return {s.object: (s.state or {}).get("last_full_sync_at") for s in self._syncs()}

    def _record_finished(self, fulls_before: dict[str, str | None]) -> None:
        """After a finished run: a full sync since the deletions flags them; the live records were all seen."""
        fulls_after = self._full_sync_times()
        for name in self.objects:
            if fulls_after.get(name) != fulls_before.get(name):
                self.upstream.flagged.setdefault(name, set()).update(self.upstream.deleted.get(name, {}))
            self.upstream.synced_while_live.setdefault(name, set()).update(self._provider_records(name))

    # The comparison.

    def check(self, when: str) -> None:
        for name in self.objects:
            check_table(name, self.read_table(self.table_of(name)), self._provider_records(name), self.upstream,
                        self.glue_tenant(), when)

    def glue_tenant(self) -> tuple:
        with transaction(self.glue.store.session_factory) as session:
            from glue_api.models import Connection, Customer

            connection = session.get(Connection, self.connection_id)
            customer = session.get(Customer, connection.customer_id)
            return customer.application_id, customer.external_id, connection.provider_name


def check_table(name: str, rows: dict[str, list[Row]], live: dict[str, dict], upstream: Upstream, tenant: tuple,
                when: str) -> None:
    deleted = upstream.deleted.get(name, {})
    flagged = upstream.flagged.get(name, set())
    problems = []
    for rid in sorted(set(live) - set(rows)):
        problems.append(f"{rid}: live upstream, missing")
    for rid, found in sorted(rows.items()):
        if len(found) != 1:
            problems.append(f"{rid}: {len(found)} rows")
            continue
        row = found[0]
        if row.tenant != tenant:
            problems.append(f"{rid}: tenant {row.tenant}, expected {tenant}")
        if rid in live:
            expected, should_be_deleted = live[rid], False
        elif rid in deleted:
            expected, should_be_deleted = deleted[rid], rid in flagged
        else:
            problems.append(f"{rid}: no such record upstream, ever")
            continue
        if row.raw != expected:
            changed = sorted(k for k in set(row.raw) | set(expected) if row.raw.get(k) != expected.get(k))
            problems.append(f"{rid}: raw data differs in {changed}")
        if row.is_deleted != should_be_deleted:
            problems.append(f"{rid}: _glue_is_deleted {row.is_deleted}, expected {should_be_deleted}")
        modified = expected.get("update_time")
        if modified and row.last_modified != datetime.fromisoformat(modified.replace("Z", "+00:00")):
            problems.append(f"{rid}: _glue_last_modified_at {row.last_modified}, record says {modified}")
    for rid in sorted(set(deleted) & upstream.synced_while_live.get(name, set()) - set(rows)):
        problems.append(f"{rid}: synced while live, then deleted upstream: its row is gone")
    assert not problems, f"{name} {when}: {len(problems)} wrong rows, first: {problems[:10]}"


class MarkReader:
    """Lines from a run's phase socket, with a timeout so a hung run fails the trial instead of hanging it."""

    def __init__(self, channel: socket.socket):
        self.channel = channel
        self.buffer = b""

    def next(self, timeout: float) -> str | None:
        self.channel.settimeout(timeout)
        while b"\n" not in self.buffer:
            chunk = self.channel.recv(4096)
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()


# Runs fork from a server that imported the engine once: a fresh interpreter per run would spend
# seconds importing dlt and Glue, and the trials start dozens of runs.
RUNS = multiprocessing.get_context("forkserver")
RUNS.set_forkserver_preload(["glue_pipelines.store", "glue_pipelines.sync.runner", "glue_providers.registry"])


def run_sync(env: dict[str, str], connection_id: str, failure: str) -> None:
    """One run of a connection's syncs, in a process of its own: Glue's settings come from ``env`` alone."""
    for name in [name for name in os.environ if name.startswith("GLUE_")]:
        del os.environ[name]
    os.environ.update(env)
    from glue_pipelines.store import GlueStore
    from glue_pipelines.sync.runner import sync_connection

    try:
        sync_connection(GlueStore(), connection_id)
    except BaseException:
        with open(failure, "w") as out:
            out.write(traceback.format_exc())
        raise


def _read(path: str) -> str:
    try:
        with open(path) as failure:
            return failure.read()[-4000:]
    except FileNotFoundError:
        return "(no traceback: the process died without one)"
