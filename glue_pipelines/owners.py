"""Who answers for a provider's sync assets in Dagster's UI: ``GLUE_DAGSTER_OWNERS`` (comma-separated emails or
``team:<name>``, default ``team:integrations``), overridden per provider by ``GLUE_DAGSTER_OWNERS_<PROVIDER>``
(``GLUE_DAGSTER_OWNERS_HUBSPOT=alice@acme.com``). Read when the definitions are built, like the registry."""

from __future__ import annotations

import os
import re

DEFAULT_OWNERS = "team:integrations"
_OWNER = re.compile(r"^(team:[\w.-]+|[^@\s]+@[^@\s]+\.[^@\s]+)$")


def owners_for(provider_name: str, environ: dict[str, str] | None = None) -> list[str]:
    env = os.environ if environ is None else environ
    raw = env.get(f"GLUE_DAGSTER_OWNERS_{provider_name.upper()}") or env.get("GLUE_DAGSTER_OWNERS", DEFAULT_OWNERS)
    owners = [owner.strip() for owner in raw.split(",") if owner.strip()]
    bad = [owner for owner in owners if not _OWNER.match(owner)]
    if bad:
        raise ValueError(f"asset owners must be emails or team:<name>, not {', '.join(bad)}")
    return owners
