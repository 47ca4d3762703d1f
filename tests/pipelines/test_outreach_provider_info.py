"""Outreach's _rate_limit_info: the user's hour, from the x-ratelimit-* headers, answered live by its emulator."""

from __future__ import annotations

import time

from tests.pipelines.scenario import connect


def test_outreach_rate_limit_info_reports_the_users_hour(glue, emulators, warehouse_url):
    emulated = emulators("outreach", {"prospects": 5, "users": 3})
    connect(glue, emulated, warehouse_url, objects=["prospects"], schema="engagement")
    before = time.time()
    first = glue.mgmt.get("/customers/c1/connections/outreach/_rate_limit_info").json()
    second = glue.mgmt.get("/customers/c1/connections/outreach/_rate_limit_info").json()
    assert set(first) == {"hourly"} and first["hourly"]["limit"] == 10_000
    assert second["hourly"]["remaining"] == first["hourly"]["remaining"] - 1  # each call spends the hour
    assert before + 3500 <= first["hourly"]["reset_time"] <= time.time() + 3601
