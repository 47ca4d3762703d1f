"""Request-log rows are stored exactly as the calls were, whatever characters they hold (PostgreSQL writes a batch
with COPY, whose text format escapes tabs, newlines and backslashes), and a batch lands whole."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from glue_api.db import transaction
from glue_api.logs.service import ApiCall, record_api_calls
from glue_api.models import RequestLog
from glue_api.models.base import new_id, utcnow

AWKWARD = "tab\there, line\nbreak, carriage\rreturn, back\\slash, \\N, quote ' \" and ünïcödé ✓"


def test_awkward_values_are_stored_as_they_were(app, first_application):
    now = utcnow()
    calls = [
        ApiCall(id=new_id(), application_id=first_application.application_id, consumer_id=AWKWARD, api="vault",
                operation_id="op", operation_name=AWKWARD, http_method="GET", path="/vault/" + AWKWARD,
                base_url="http://glue.test", status_code=500, error_message=AWKWARD, duration_ms=12.345678,
                service_id=None, created_at=now),
        ApiCall(id=new_id(), application_id=first_application.application_id, consumer_id=None, api="mgmt",
                operation_id="op2", operation_name="Op 2", http_method="POST", path="/mgmt/v2/customers",
                base_url="http://glue.test", status_code=201, error_message=None, duration_ms=0.5,
                service_id="hubspot", created_at=now + timedelta(microseconds=1)),
    ]
    with transaction(app.state.session_factory) as session:
        record_api_calls(session, calls)

    with transaction(app.state.session_factory) as session:
        rows = {row.id: row for row in session.scalars(select(RequestLog))}
    first, second = rows[calls[0].id], rows[calls[1].id]
    assert (first.consumer_id, first.operation_name, first.path, first.error_message) == (
        AWKWARD, AWKWARD, "/vault/" + AWKWARD, AWKWARD)
    assert (first.status_code, first.success, first.duration_ms, first.created_at) == (500, False, 12.345678, now)
    assert (second.consumer_id, second.error_message, second.service_id, second.success) == (None, None, "hubspot", True)
    assert second.created_at == now + timedelta(microseconds=1) and second.parent_id is None
    assert second.child_request is False and second.unified_api == "vault"
