"""Where a Marketo instance lives: ``https://<Munchkin account ID>.mktorest.com`` serves both its identity
endpoint and its REST API (Marketo's reference, "Authentication" and "REST API: Endpoint URL")."""

from __future__ import annotations

import re

INSTANCE_HOSTS = (".mktorest.com",)
INSTANCE_URL_TEMPLATE = "https://{munchkin_id}.mktorest.com"
MUNCHKIN_ID = re.compile(r"^[0-9]{3}-[A-Za-z]{3}-[0-9]{3}$")


def instance_url(munchkin_id: str) -> str:
    """The REST endpoint of a Munchkin account ID (``123-ABC-456``); ValueError for anything else."""
    value = munchkin_id.strip()
    if not MUNCHKIN_ID.match(value):
        raise ValueError("a Munchkin account ID looks like 123-ABC-456")
    return INSTANCE_URL_TEMPLATE.format(munchkin_id=value.upper())
