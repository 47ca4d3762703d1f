"""The per-consumer request counters always equal a count of the request log, however the log changes:
batched writes, single rows, purges of the oldest, deletion of the newest, a deleted application, concurrent
writers and a purge, and the migration that introduced them."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy import delete, select, text

from glue_api.db import make_engine, transaction
from glue_api.logs.retention import purge_expired_request_logs
from glue_api.logs.service import ApiCall, record_api_calls
from glue_api.main import close_store_connections
from glue_api.migrate import downgrade, upgrade
from glue_api.models import Application, RequestCount, RequestLog
from glue_api.models.base import new_id, utcnow
from glue_api.vault.consumers.repository import ALLOCATION_OF_API

NOW = utcnow()


def _call(application_id: str, consumer_id: str | None, api: str, at: datetime) -> ApiCall:
    return ApiCall(id=new_id(), application_id=application_id, consumer_id=consumer_id, api=api,
                   operation_id="consumersOne", operation_name="Get consumer", http_method="GET", path="/x",
                   base_url="http://glue.test", status_code=200, error_message=None, duration_ms=1.0, created_at=at)


def write(app, calls: list[ApiCall]) -> None:
    with transaction(app.state.session_factory) as session:
        record_api_calls(session, calls)


def counters(app) -> dict[tuple, tuple[int, int, int, datetime]]:
    with transaction(app.state.session_factory) as session:
        rows = session.execute(select(RequestCount)).scalars().all()
        return {(r.application_id, r.consumer_id): (r.requests, r.vault_requests, r.proxy_requests, r.last_request_at)
                for r in rows}


def recount(app) -> dict[tuple, tuple[int, int, int, datetime]]:
    """What the counters must say: the log counted now, each API by the allocation the consumer views give it."""
    with transaction(app.state.session_factory) as session:
        rows = session.execute(select(RequestLog).where(RequestLog.consumer_id.is_not(None))).scalars().all()
    tally: dict[tuple, list] = {}
    for row in rows:
        entry = tally.setdefault((row.application_id, row.consumer_id), [0, 0, 0, row.created_at])
        entry[0] += 1
        allocation = ALLOCATION_OF_API.get(row.api)
        entry[1] += allocation == "vault"
        entry[2] += allocation == "proxy"
        entry[3] = max(entry[3], row.created_at)
    return {key: tuple(entry) for key, entry in tally.items()}


def test_counters_follow_batched_writes_single_rows_and_purges(app, first_application, second_application):
    one, two = first_application.application_id, second_application.application_id
    write(app, [_call(one, f"c{i % 3}", api, NOW - timedelta(days=40 - i)) for i in range(30)
                for api in ("vault", "mgmt", "provider")]
          + [_call(two, "c0", "vault", NOW), _call(one, None, "vault", NOW)])  # no consumer: not counted
    assert counters(app) == recount(app)
    assert counters(app)[(one, "c0")][:3] == (30, 20, 10) and counters(app)[(two, "c0")][:3] == (1, 1, 0)
    assert all(consumer is not None for _, consumer in counters(app))

    write(app, [_call(one, "c0", "vault", NOW + timedelta(seconds=1))])  # a later batch adds to the row
    assert counters(app)[(one, "c0")] == (31, 21, 10, NOW + timedelta(seconds=1))

    purged = purge_expired_request_logs(app.state.session_factory, 30, batch_size=7)
    assert purged > 0
    assert counters(app) == recount(app)


def test_deleting_the_newest_rows_moves_the_last_request_back(app, first_application):
    one = first_application.application_id
    calls = [_call(one, "c1", "vault", NOW - timedelta(minutes=m)) for m in (3, 2, 1)]
    write(app, calls)
    with transaction(app.state.session_factory) as session:
        session.execute(delete(RequestLog).where(RequestLog.id == calls[-1].id))
    assert counters(app) == recount(app) == {(one, "c1"): (2, 2, 0, NOW - timedelta(minutes=2))}

    with transaction(app.state.session_factory) as session:
        session.execute(delete(RequestLog).where(RequestLog.consumer_id == "c1"))
    assert counters(app) == {}


def test_a_deleted_applications_counters_go_with_it(app, first_application, second_application):
    one, two = first_application.application_id, second_application.application_id
    write(app, [_call(one, "c1", "vault", NOW), _call(two, "c1", "vault", NOW)])
    with transaction(app.state.session_factory) as session:
        session.delete(session.get(Application, one))
    assert counters(app) == recount(app) == {(two, "c1"): (1, 1, 0, NOW)}


def test_the_migration_counts_the_logs_already_written(store_url, app, first_application):
    one = first_application.application_id
    write(app, [_call(one, "c1", "vault", NOW - timedelta(hours=h)) for h in range(4)])
    expected = recount(app)
    close_store_connections(app)
    downgrade(store_url, "0009_request_log_counts")
    try:
        engine = make_engine(store_url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM request_logs")).scalar() == 4
        engine.dispose()
    finally:
        upgrade(store_url)
    assert counters(app) == expected == {(one, "c1"): (4, 4, 0, NOW)}


def test_concurrent_writers_and_a_purge_keep_the_counters_exact(app, first_application):
    """Batches naming the same consumers in opposite orders, written at once with a purge: no deadlock, exact counts."""
    one = first_application.application_id
    write(app, [_call(one, f"c{i}", "vault", NOW - timedelta(days=40)) for i in range(10)])  # for the purge
    consumers = [f"c{i}" for i in range(10)]
    failures: list[BaseException] = []

    def writer(order: list[str]) -> None:
        try:
            for round_ in range(15):
                write(app, [_call(one, c, "provider" if round_ % 2 else "vault", NOW) for c in order])
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    def purger() -> None:
        try:
            purge_expired_request_logs(app.state.session_factory, 30, batch_size=3)
        except BaseException as error:  # noqa: BLE001
            failures.append(error)

    threads = [threading.Thread(target=writer, args=(consumers,)),
               threading.Thread(target=writer, args=(consumers[::-1],)), threading.Thread(target=purger)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    assert counters(app) == recount(app)
    assert counters(app)[(one, "c0")][:3] == (30, 16, 14)
