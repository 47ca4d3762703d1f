"""Helpers for the Vault OAuth and token-lifecycle tests: emulators over HTTP, seeded integrations."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import httpx
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Connection, Customer, Event, ProviderConfig
from glue_emulators.server import EmulatorServer
from glue_providers import registry

CLIENT_ID, CLIENT_SECRET = "glue-vault-client", "glue-vault-client-secret"
OAUTH_PROVIDERS = ["hubspot", "salesforce", "pipedrive", "zoho_crm"]
REDIRECT_URI = "https://app.example.com/integrations/done"


class CountingApp:
    """Wraps an emulator and counts POSTs to its token endpoint."""

    def __init__(self, app, token_path: str):
        self.app = app
        self.token_path = token_path
        self.token_requests = 0
        self._lock = threading.Lock()

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == self.token_path:
            with self._lock:
                self.token_requests += 1
        await self.app(scope, receive, send)


@dataclass
class Emulated:
    name: str
    emulator: object
    counter: CountingApp
    server: EmulatorServer = field(repr=False)

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def oauth(self):
        return self.emulator.oauth

    def mint(self) -> dict:
        """Tokens issued to Glue's OAuth client without the browser dance."""
        return self.oauth.mint(CLIENT_ID, list(registry.get(self.name).oauth.default_scopes))


def start_emulator(name: str) -> Emulated:
    module = __import__(f"glue_emulators.{name}", fromlist=["create_emulator"])
    emulator = module.create_emulator({})
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    counter = CountingApp(emulator.app, registry.get(name).oauth.token_path)
    return Emulated(name, emulator, counter, EmulatorServer(counter).start())


def configure_integration(mgmt, app, emulated: Emulated, *, scopes: list[str] | None = None,
                          consumer_id: str = "consumer-1") -> None:
    """A consumer and the application's OAuth app for the provider, which Glue reaches at the emulator."""
    app.state.settings.provider_base_urls[emulated.name] = emulated.url
    assert mgmt.put("/customers", json={"customer_id": consumer_id, "name": "Acme", "email": "it@acme.test"}
                    ).status_code == 200
    response = mgmt.post("/providers", json={
        "name": emulated.name, "category": registry.get(emulated.name).category.value, "auth_type": "oauth2",
        "config": {"provider_app_id": "glue-test", "oauth": {
            "oauth_scopes": scopes or [],
            "credentials": {"oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}},
    })
    assert response.status_code == 201, response.text


def add_connection(app, application_id: str, provider_name: str, *, state: str = "added",
                   credentials: dict | None = None, consumer_id: str = "consumer-1") -> str:
    keyring = app.state.keyring
    with transaction(app.state.session_factory) as session:
        customer = session.scalars(select(Customer).where(
            Customer.application_id == application_id, Customer.external_id == consumer_id)).one()
        provider = session.scalars(select(ProviderConfig).where(
            ProviderConfig.application_id == application_id, ProviderConfig.name == provider_name)).one()
        connection = Connection(
            application_id=application_id, customer_id=customer.id, provider_id=provider.id,
            provider_name=provider_name, category="crm", auth_type="oauth2", state=state, settings={},
            credentials=keyring.seal_json(credentials) if credentials is not None else None,
        )
        session.add(connection)
        session.flush()
        return connection.id


def stored_credentials(app, connection_id: str) -> dict | None:
    with transaction(app.state.session_factory) as session:
        connection = session.get(Connection, connection_id)
        return app.state.keyring.open_json(connection.credentials) if connection.credentials else None


def connection_state(app, connection_id: str) -> str:
    with transaction(app.state.session_factory) as session:
        return session.get(Connection, connection_id).state


def event_types(app, connection_id: str) -> list[str]:
    with transaction(app.state.session_factory) as session:
        events = session.scalars(select(Event).order_by(Event.created_at)).all()
        return [e.type for e in events if e.payload.get("entity_id") == connection_id]


def path_of(url: str) -> str:
    """What a browser asks Glue for: the path and query of an absolute Glue URL."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


class _HiddenInputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "hidden":
            self.fields[attributes["name"]] = attributes.get("value") or ""


def consent(provider_url: str, decision: str = "approve") -> str:
    """The customer at the provider: loads the consent page, submits its form; returns where it redirects."""
    page = httpx.get(provider_url, timeout=30)
    assert page.status_code == 200, page.text
    form = _HiddenInputs()
    form.feed(page.text)
    answer = httpx.post(provider_url, data=form.fields | {"decision": decision}, timeout=30, follow_redirects=False)
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]
