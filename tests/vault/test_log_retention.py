"""Request logs neither trust the client's Host header nor grow forever."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import timedelta, timezone

from sqlalchemy import select

from glue_api.config import Settings
from glue_api.db import transaction
from glue_api.logs.retention import purge_expired_request_logs
from glue_api.models import RequestLog
from glue_api.models.base import new_id, utcnow
from tests.support.processes import _environment, glue, stop, unblocked_signals


def all_logs(app) -> list[RequestLog]:
    app.state.request_logs.flush()  # what the app still holds in its batch
    with transaction(app.state.session_factory) as session:
        return list(session.scalars(select(RequestLog)))


def age_of(row: RequestLog) -> timedelta:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=timezone.utc)
    return utcnow() - created


def add_logs(session_factory, application_id: str, ages: list[timedelta]) -> None:
    now = utcnow()
    with transaction(session_factory) as session:
        for age in ages:
            session.add(RequestLog(
                id=new_id(), application_id=application_id, consumer_id="consumer-1", api="vault",
                operation_id="consumersOne", operation_name="Get consumer", http_method="GET",
                path="/vault/consumers/consumer-1", base_url="http://glue.test", status_code=200, success=True,
                unified_api="vault", duration_ms=1.0, created_at=now - age,
            ))


def test_the_logged_base_url_is_the_configured_one_whatever_the_host_header(app, vault):
    response = vault.post("/vault/sessions", json={}, headers={"host": "evil.example.net"})
    assert response.status_code == 200

    assert [row.base_url for row in all_logs(app)] == ["http://glue.test"]


def test_logs_past_retention_are_purged_in_bounded_batches(app, first_application):
    add_logs(app.state.session_factory, first_application.application_id,
             [timedelta(days=31)] * 7 + [timedelta(days=29)] * 2)

    first = purge_expired_request_logs(app.state.session_factory, 30, batch_size=3, max_batches=1)
    assert first == 3 and len(all_logs(app)) == 6
    rest = purge_expired_request_logs(app.state.session_factory, 30, batch_size=3)
    assert rest == 4
    kept = all_logs(app)
    assert len(kept) == 2 and all(age_of(row) < timedelta(days=30) for row in kept)
    assert purge_expired_request_logs(app.state.session_factory, 30) == 0


def test_glue_logs_purge_uses_the_retention_setting(tmp_path, first_application, app):
    env = {"GLUE_HOME": str(tmp_path / "home"), "GLUE_DATABASE_URL": app.state.settings.resolved_database_url,
           "GLUE_REQUEST_LOG_RETENTION_DAYS": "7"}
    add_logs(app.state.session_factory, first_application.application_id, [timedelta(days=8), timedelta(days=6)])

    result = json.loads(glue(env, "logs", "purge").stdout)

    assert result == {"purged": 1, "retention_days": 7}
    assert len(all_logs(app)) == 1


def test_the_default_retention_is_30_days():
    assert Settings().request_log_retention_days == 30


def test_the_webhook_worker_purges_while_it_loops(tmp_path, app, first_application):
    add_logs(app.state.session_factory, first_application.application_id, [timedelta(days=40), timedelta(days=1)])
    env = {"GLUE_HOME": str(tmp_path / "home"), "GLUE_DATABASE_URL": app.state.settings.resolved_database_url,
           "GLUE_SECRET_KEY": app.state.keyring.serialize()}
    worker = subprocess.Popen([sys.executable, "-m", "glue_api.cli", "webhooks", "deliver", "--loop", "--interval",
                               "0.1"], env=_environment(env), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              preexec_fn=unblocked_signals)
    try:
        deadline = time.monotonic() + 60  # a deadline against hanging, not a timing assertion
        while len(all_logs(app)) != 1 and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
    finally:
        _, errors = stop(worker)
    kept = all_logs(app)
    assert len(kept) == 1, errors.decode()
    assert age_of(kept[0]) < timedelta(days=2)
