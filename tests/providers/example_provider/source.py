"""Example CRM's dlt source: one resource per object, each one page of records."""

from __future__ import annotations

from datetime import datetime

import dlt
import httpx

from glue_providers.records import records_table


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    @dlt.source(name="example_crm", max_table_nesting=0)
    def example_source():
        return [_resource(name) for name in objects]

    def _resource(name: str):
        def pages():
            response = httpx.get(f"{base_url}/v1/{name}", headers={"x-api-key": credentials["api_key"]}, timeout=30)
            response.raise_for_status()
            yield records_table(
                (r["id"], datetime.fromisoformat(r["updated_at"].replace("Z", "+00:00")), False, r)
                for r in response.json()["data"]
            )

        return dlt.resource(pages, name=name, primary_key="id", write_disposition="merge")

    return example_source()
