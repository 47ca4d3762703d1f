"""The limit a sync is compared with: the simplest pipeline doing the same work, nothing else.

Fetch the same HubSpot pages (live, then archived) from the same emulator with httpx,
parse the JSON, and COPY the rows, with the columns Glue writes (tenant columns, id,
timestamps, is_deleted, the raw record as JSON), into the same PostgreSQL with psycopg2.
No retries, no merge, no state: one sequential loop and one transaction.
"""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import datetime, timezone

import httpx
import psycopg2
from sqlalchemy.engine import make_url

COLUMNS = ("_glue_application_id", "_glue_customer_id", "_glue_provider_name", "_glue_id", "_glue_emitted_at",
           "_glue_last_modified_at", "_glue_is_deleted", "_glue_raw_data")
ROWS_PER_COPY = 10_000


def copy_contacts(base_url: str, access_token: str, warehouse_url: str,
                  table: str = "limit_contacts") -> tuple[int, float]:
    """Rows written, and the seconds spent in COPY (the rest is fetching, parsing and formatting)."""
    target = make_url(warehouse_url)
    connection = psycopg2.connect(host=target.host, port=target.port, dbname=target.database,
                                  user=target.username, password=target.password)
    emitted_at = datetime.now(timezone.utc).isoformat()
    tenant = ("bench-application", "c0", "hubspot")
    written, copying = 0, 0.0
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(f"CREATE TABLE {table} (_glue_application_id text, _glue_customer_id text, "
                           "_glue_provider_name text, _glue_id text, _glue_emitted_at timestamptz, "
                           "_glue_last_modified_at timestamptz, _glue_is_deleted boolean, _glue_raw_data jsonb)")
            copy = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv)"
            buffer, writer, pending = io.StringIO(), None, 0
            writer = csv.writer(buffer)
            with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {access_token}"},
                              timeout=60) as client:
                properties = [p["name"] for p in client.get("/crm/v3/properties/contacts").json()["results"]]
                for archived in ("false", "true"):
                    params = {"archived": archived, "limit": 100, "properties": ",".join(properties)}
                    while True:
                        response = client.get("/crm/v3/objects/contacts", params=params)
                        response.raise_for_status()
                        body = response.json()
                        for record in body["results"]:
                            writer.writerow((*tenant, record["id"], emitted_at, record["updatedAt"],
                                             archived == "true", json.dumps(record, separators=(",", ":"))))
                        pending += len(body["results"])
                        if pending >= ROWS_PER_COPY:
                            started = time.perf_counter()
                            written += _flush(cursor, copy, buffer, pending)
                            copying += time.perf_counter() - started
                            buffer, pending = io.StringIO(), 0
                            writer = csv.writer(buffer)
                        after = ((body.get("paging") or {}).get("next") or {}).get("after")
                        if after is None:
                            break
                        params["after"] = after
            started = time.perf_counter()
            if pending:
                written += _flush(cursor, copy, buffer, pending)
        copying += time.perf_counter() - started  # with the commit
    finally:
        connection.close()
    return written, copying


def _flush(cursor, copy: str, buffer: io.StringIO, rows: int) -> int:
    buffer.seek(0)
    cursor.copy_expert(copy, buffer)
    return rows
