"""What the provider contract suite needs of a registered provider: its emulator started from the
registry with a small dataset, a customer connected to it through the API, and the few quirks
a provider's emulator has that the suite must know (one place, below).

Every emulator is driven through the shared control API (/_emulator/...): records of an object
(with their fields as the provider shows them), upstream changes, faults and what was served,
page size and record spacing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select

from glue_api.db import transaction
from glue_api.models import Connection, RequestLog
from glue_emulators.pardot import BUSINESS_UNIT_ID as PARDOT_BUSINESS_UNIT
from glue_emulators.server import EmulatorServer
from glue_pipelines.sync.runner import ObjectOutcome, sync_connection
from glue_providers import registry
from glue_providers.spec import AuthType, ProviderSpec
from tests.pipelines.conftest import Emulated, Glue, oauth_provider_body, sync_config_body
from tests.pipelines.scenario import Scenario, connect
from tests.support.warehouse import postgres_destination_body

RECORDS = 25  # per object: a few pages of PAGE_SIZE
PAGE_SIZE = 10
# Generated records this far apart in time: more than the engine's one-minute lookback, so an
# incremental sync re-reads nothing but what changed.
SPACING_SECONDS = 120


@dataclass(frozen=True)
class Quirks:
    """How a provider's API differs from what the contract suite assumes by default."""

    unpaged: frozenset[str] = frozenset()  # objects its API lists in one answer, without pages
    # Objects whose incremental filter is their creation time (Gong's calls, by start time): an
    # incremental sync reads what was added, and a change only inside the source's lookback.
    incremental_on_creation: frozenset[str] = frozenset()
    # Generated records this far apart: more than the engine's and the source's lookbacks together.
    spacing_seconds: int = 0
    # Connection settings its API needs besides the credentials, which a customer gives on the connect page.
    settings: dict = field(default_factory=dict)


QUIRKS = {
    "pipedrive": Quirks(unpaged=frozenset({"users"})),  # GET /v1/users has no paging
    # Calls are read from their start time minus six hours (late-arriving calls).
    "gong": Quirks(incremental_on_creation=frozenset({"calls"}), spacing_seconds=8 * 3600),
    "apollo": Quirks(unpaged=frozenset({"email_accounts"})),  # GET /api/v1/email_accounts has no paging
    "intercom": Quirks(unpaged=frozenset({"admins"})),  # GET /admins has no paging
    "capsule": Quirks(unpaged=frozenset({"users"})),  # GET /api/v2/users has no paging
    "slack": Quirks(incremental_on_creation=frozenset({"messages"})),  # read from their ts; edits keep it
    # Every request names the business unit (Pardot-Business-Unit-Id), the one the emulated account has.
    "salesforce_marketing_cloud_account_engagement": Quirks(settings={"business_unit_id": PARDOT_BUSINESS_UNIT}),
    "marketo": Quirks(unpaged=frozenset({"leads"})),  # full reads of leads are bulk extract files, not pages
}


def contract_providers() -> list[str]:
    """Registered providers Glue syncs and can emulate, by name."""
    return [spec.name for spec in registry.syncable() if spec.emulator is not None]


def oauth_contract_providers() -> list[str]:
    """Those connected by OAuth with refresh tokens: the token refresh tests are theirs."""
    return [name for name in contract_providers() if refreshable(registry.get(name))]


def refreshable(spec: ProviderSpec) -> bool:
    """Its connections hold a refresh token (Intercom's OAuth issues none: its tokens never expire)."""
    return spec.uses_oauth and spec.oauth.refresh_tokens


def start_from_registry(spec: ProviderSpec, data: dict[str, int]) -> Emulated:
    emulator = replace(spec.emulator, data=data).create()
    return Emulated(spec.name, EmulatorServer(emulator.app).start(), emulator)


@dataclass
class Contract:
    """One provider's emulator, a customer connected to it, syncing into a warehouse."""

    spec: ProviderSpec
    glue: Glue
    emulated: Emulated
    scenario: Scenario
    first_sync: dict[str, ObjectOutcome] = field(default_factory=dict)

    @property
    def quirks(self) -> Quirks:
        return QUIRKS.get(self.spec.name, Quirks())

    @property
    def refreshable(self) -> bool:
        return refreshable(self.spec)

    @property
    def objects(self) -> list[str]:
        return list(self.spec.objects)

    @property
    def changed_object(self) -> str:
        """The object the tests change upstream: the first one an incremental sync reads, else the first
        (a provider that cannot filter by time, like Apollo, reads everything in full)."""
        return next((name for name in self.objects if name not in self.spec.full_only_objects), self.objects[0])

    def sync(self) -> dict[str, ObjectOutcome]:
        return {o.object: o for o in sync_connection(self.glue.store, self.scenario.connection_id)}

    def full_refresh(self, object_name: str) -> None:
        headers = {"x-customer-id": "c1", "x-provider-name": self.spec.name}
        trigger = {"object_type": "standard", "object": object_name, "perform_full_refresh": True}
        assert self.glue.mgmt.post("/syncs/_trigger", json=trigger, headers=headers).status_code == 200

    def control(self, method: str, path: str, **kwargs) -> dict:
        return self.emulated.control(method, path, **kwargs)

    def upstream(self, object_name: str) -> dict[str, dict]:
        """{remote id: the record as the provider shows it} of every live record."""
        return self.control("GET", f"/records/{object_name}", params={"fields": "true"})["fields"]

    def rows(self, object_name: str) -> dict[str, tuple]:
        return self.scenario.rows(object_name)

    def token_refreshes(self) -> int:
        with self.glue.store.session_factory() as session:
            return session.execute(
                select(func.count()).select_from(RequestLog).where(RequestLog.operation_id == "tokenRefresh")
            ).scalar_one()


def connect_contract(spec: ProviderSpec, glue: Glue, warehouse_url: str, config: dict | None = None) -> Contract:
    """``config``: what replaces the sync config's defaults (every standard object), e.g. its common objects."""
    emulated = start_from_registry(spec, {name: RECORDS for name in spec.objects})
    spacing = QUIRKS.get(spec.name, Quirks()).spacing_seconds or SPACING_SECONDS
    emulated.control("POST", "/dataset", json={"max_page_size": PAGE_SIZE, "spacing_seconds": spacing})
    if refreshable(spec):
        scenario = connect(glue, emulated, warehouse_url, objects=list(spec.objects), config=config)
    elif spec.auth_type == AuthType.CLIENT_CREDENTIALS:
        scenario = connect_with_client(spec, glue, emulated, warehouse_url, config)
    elif spec.uses_oauth:
        scenario = connect_with_access_token(spec, glue, emulated, warehouse_url, config)
    else:
        scenario = connect_with_key(spec, glue, emulated, warehouse_url, config)
    settings = QUIRKS.get(spec.name, Quirks()).settings
    if settings:  # what the connect page stores (tests/pages test that page itself)
        with transaction(glue.store.session_factory) as session:
            connection = session.get(Connection, scenario.connection_id)
            connection.settings = (connection.settings or {}) | settings
    return Contract(spec, glue, emulated, scenario)


# The kit's key emulators (glue_emulators/profile.py) register another credential at /_emulator/<path>;
# per auth type: (that path, its body, the connection's credentials).
KEY_CONTROLS = {
    AuthType.API_KEY: ("/keys", {"key": "contract-api-key"}, {"api_key": "contract-api-key"}),
    AuthType.ACCESS_KEY_SECRET: ("/credentials", *[{"access_key": "contract-key",
                                                     "access_key_secret": "contract-secret"}] * 2),
}


def connect_with_key(spec: ProviderSpec, glue: Glue, emulated: Emulated, warehouse_url: str,
                     config: dict | None = None) -> Scenario:
    """A customer connected with a key through the Management API (POST /customers/{id}/connections)."""
    control_path, registered, credential = KEY_CONTROLS[spec.auth_type]
    emulated.control("POST", control_path, json=registered)
    provider = {"name": spec.name, "category": spec.category.value, "auth_type": spec.auth_type.value}
    return connect_through_management_api(spec, glue, emulated, warehouse_url, config, provider,
                                          {"type": spec.auth_type.value, **credential})


def connect_with_client(spec: ProviderSpec, glue: Glue, emulated: Emulated, warehouse_url: str,
                        config: dict | None = None) -> Scenario:
    """A customer connected with its own OAuth client (client_credentials: Marketo), registered with the emulator.
    To Supaglue's API the provider is an OAuth one, without an application-wide OAuth app."""
    client = {"client_id": "contract-client", "client_secret": "contract-secret"}
    emulated.control("POST", "/clients", json=client)
    provider = {"name": spec.name, "category": spec.category.value, "auth_type": "oauth2"}
    return connect_through_management_api(spec, glue, emulated, warehouse_url, config, provider,
                                          {"type": "oauth2", **client, "munchkin_id": "123-ABC-456"})


def connect_with_access_token(spec: ProviderSpec, glue: Glue, emulated: Emulated, warehouse_url: str,
                              config: dict | None = None) -> Scenario:
    """A customer connected with an access token that never expires, through the Management API."""
    token = emulated.control("POST", "/tokens", json={"client_id": "glue-contract"})["access_token"]
    return connect_through_management_api(spec, glue, emulated, warehouse_url, config, oauth_provider_body(spec.name),
                                          {"type": "oauth2", "access_token": token})


def connect_through_management_api(spec: ProviderSpec, glue: Glue, emulated: Emulated, warehouse_url: str,
                                   config: dict | None, provider: dict, credentials: dict) -> Scenario:
    """The application's provider, destination and sync config (every standard object, unless ``config``
    says otherwise), then customer c1 connected with ``credentials``."""
    glue.point_at(emulated)
    mgmt = glue.mgmt
    assert mgmt.post("/providers", json=provider).status_code == 201
    assert mgmt.post("/destinations", json=postgres_destination_body(warehouse_url, "crm")).status_code == 201
    body = sync_config_body(spec.name, list(spec.objects))
    body["config"].update(config or {})
    assert mgmt.post("/sync_configs", json=body).status_code == 201
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
    made = mgmt.post("/customers/c1/connections", json={"provider_name": spec.name, **credentials})
    assert made.status_code == 200, made.text
    return Scenario(glue, emulated, made.json()["id"], warehouse_url, "crm")


def shared_values(landed: dict, upstream: dict) -> dict[str, tuple]:
    """Plain values (text, numbers, flags; top level and one level down) both records hold:
    {dotted name: (landed value, upstream value)}."""
    def flat(record: dict) -> dict:
        values = {}
        for key, value in record.items():
            if isinstance(value, dict):
                values.update({f"{key}.{k}": v for k, v in value.items() if isinstance(v, (str, int, bool))})
            elif isinstance(value, (str, int, bool)):
                values[key] = value
        return values

    landed_values, upstream_values = flat(landed), flat(upstream)
    return {k: (landed_values[k], upstream_values[k]) for k in landed_values.keys() & upstream_values.keys()}


def raw(row: tuple) -> dict:
    return json.loads(row[0])
