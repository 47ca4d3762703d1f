"""Zoho CRM source: Leads, Contacts, Accounts, Deals, users and custom modules (API v5,
https://www.zoho.com/crm/developer/docs/api/v5/).

- Modules: ``GET /crm/v5/{module}`` naming the fields to return (the list API requires them; Glue reads the
  module's field list first and asks for every field, at most 50), 200 a page, ``page`` for the first 2,000
  records then ``page_token``; sorted by ``Modified_Time``, incremental through ``If-Modified-Since`` (204:
  nothing modified). Deleted records come from ``GET /crm/v5/{module}/deleted?type=all`` (with the same
  header on their ``deleted_time``), flagged ``is_deleted``.
- Custom modules (a sync config's custom objects, by API name) are read as the standard modules are.
- users: ``GET /crm/v5/users?type=AllUsers``, then ``type=DeletedUsers`` flagged ``is_deleted``; incremental
  through ``If-Modified-Since`` as well.

The API lives on the connection's data centre (the token answer's ``api_domain``) and takes the access
token as ``Authorization: Zoho-oauthtoken <token>``. Each resource yields one Arrow table per page (see
``glue_providers.records``); requests go through ``ProviderClient`` (retries, Retry-After, and a 429 whose
wait is longer than a run should wait, a spent 24-hour credit allowance, pauses the connection's syncs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource

from glue_providers.zoho_crm.source.pages import deleted_pages, fields_to_ask, module_pages, open_client, user_pages
from glue_providers.zoho_crm.source.settings import DEFAULT_BASE_URL, DEFAULT_OBJECTS

MODULE_API_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,99}")


@dlt.source(name="zoho_crm", max_table_nesting=0)
def zoho_crm_source(
    access_token: str,
    base_url: str = DEFAULT_BASE_URL,
    objects: Sequence[str] = DEFAULT_OBJECTS,
    modified_since: Mapping[str, datetime | None] | None = None,
) -> list[DltResource]:
    """One resource per object; ``modified_since[object]`` None (or absent) reads it in full."""
    # Anything else names a custom module by its API name (Setup > Developer Space > APIs > API names).
    malformed = [name for name in objects if name not in DEFAULT_OBJECTS and not MODULE_API_NAME.fullmatch(name)]
    if malformed:
        raise ValueError(f"{', '.join(malformed)} cannot be a Zoho CRM module's API name")
    since = dict(modified_since or {})
    return [_resource(name, access_token, base_url, since.get(name)) for name in objects]


def _resource(name: str, access_token: str, base_url: str, since: datetime | None) -> DltResource:
    def pages() -> Iterator[pa.Table]:
        with open_client(access_token, base_url) as client:
            if name == "users":
                yield from user_pages(client, since)
                return
            yield from module_pages(client, name, fields_to_ask(client, name), since)
            yield from deleted_pages(client, name, since)

    return dlt.resource(pages, name=name, primary_key="id", write_disposition="merge")


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    """The registry's entry point; ``base_url`` is the connection's data centre API (its ``api_domain``)."""
    return zoho_crm_source(access_token=credentials["access_token"], base_url=base_url, objects=objects,
                           modified_since=modified_since)
