"""A hosted vault session as the pages use it: who it is for, what it shows and what it allows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from glue_api.connections.states import AUTHORIZED, CALLABLE, INVALID
from glue_api.crypto import KeyRing
from glue_api.errors import NotFound
from glue_api.models import Application, Connection, Customer, RequestLog, VaultSession
from glue_api.pages.errors import ActionNotAllowed, SessionUnavailable
from glue_api.pages.theme import Theme, theme_of, web_url
from glue_api.pages.timestamps import friendly_time
from glue_api.vault.connections.repository import integrations
from glue_api.vault.sessions.tokens import (
    SessionTokenExpired,
    SessionTokenInvalid,
    verify_session_token,
)
from glue_providers import registry
from glue_providers.spec import ProviderSpec

RECENT_LOGS = 10


@dataclass(frozen=True)
class Status:
    label: str
    tone: str  # ok | warn | bad | off: the badge's colour


@dataclass
class HostedSession:
    token: str
    record: VaultSession
    application: Application
    customer: Customer
    theme: Theme

    @property
    def settings(self) -> dict:
        return self.record.settings or {}

    @property
    def home_url(self) -> str:
        return f"/vault/session/{self.token}"

    def connection_url(self, info: ProviderSpec) -> str:
        return f"{self.home_url}/{info.unified_api}/{info.name}"

    def allows(self, action: str) -> bool:
        allowed = self.settings.get("allow_actions")
        return allowed is None or action in allowed

    def require(self, action: str) -> None:
        if not self.allows(action):
            raise ActionNotAllowed(f"{self.application.name} does not allow this here.", title="Not allowed")

    def shows(self, info: ProviderSpec) -> bool:
        apis = self.settings.get("unified_apis")
        return not apis or info.unified_api in apis

    def consumer(self) -> dict:
        metadata = self.record.consumer_metadata or self.customer.consumer_metadata or {}
        shown = {key: metadata.get(key) for key in ("account_name", "user_name", "email")}
        return shown | {"image": web_url(metadata.get("image"))}

    def layout(self, current: str, session: Session) -> dict:
        """What every vault page needs: theme, sidebar, navigation, the way back."""
        isolation = bool(self.settings.get("isolation_mode"))
        return {
            "theme": self.theme, "application_name": self.application.name, "home_url": self.home_url,
            "sidebar": bool(self.settings.get("show_sidebar", True)) and not isolation, "isolation": isolation,
            "consumer": self.consumer(), "current": current, "redirect_uri": web_url(self.record.redirect_uri),
            "expires_at": friendly_time(self.record.expires_at), "integrations": self.integration_items(session),
        }

    def integration_items(self, session: Session) -> list[dict]:
        connections = {
            c.provider_name: c
            for c in session.scalars(select(Connection).where(Connection.customer_id == self.customer.id))
        }
        items = []
        for integration in integrations(session, self.application.id):
            info = registry.get(integration.name).connected_by(integration.auth_type)
            if self.shows(info):
                items.append({
                    "service_id": info.name, "title": info.title, "tag_line": info.tag_line,
                    "url": self.connection_url(info), "status": status_of(connections.get(info.name)),
                })
        return sorted(items, key=lambda item: item["title"].lower())

    def shown_provider(self, session: Session, unified_api: str, service_id: str) -> ProviderSpec:
        info = registry.find(service_id)
        offered = {integration.name: integration for integration in integrations(session, self.application.id)}
        if info is None or info.unified_api != unified_api or info.name not in offered or not self.shows(info):
            raise NotFound("This integration is not available in this session.", title="Integration not found")
        return info.connected_by(offered[info.name].auth_type)

    def recent_logs(self, session: Session, service_id: str) -> list[dict] | None:
        if not self.settings.get("show_logs", True):
            return None
        rows = session.scalars(
            select(RequestLog)
            .where(RequestLog.application_id == self.application.id,
                   RequestLog.consumer_id == self.customer.external_id, RequestLog.service_id == service_id)
            .order_by(RequestLog.created_at.desc())
            .limit(RECENT_LOGS)
        )
        return [
            {"when": friendly_time(row.created_at), "operation": row.operation_name or f"{row.http_method} {row.path}",
             "status_code": row.status_code}
            for row in rows
        ]


def open_hosted_session(session: Session, keyring: KeyRing, token: str, now: datetime) -> HostedSession:
    try:
        claims = verify_session_token(token, keyring, now)
    except SessionTokenExpired:
        raise SessionUnavailable("This session has expired. Go back to the application and open it again.",
                                 title="Session expired") from None
    except SessionTokenInvalid:
        raise _not_valid() from None
    record = session.get(VaultSession, claims["session_id"])
    if record is None or record.application_id != claims["application_id"]:
        raise _not_valid()
    customer = session.get(Customer, record.customer_id)
    if customer is None:
        raise _not_valid()
    application = session.get(Application, record.application_id)
    return HostedSession(token, record, application, customer, theme_of(record.theme, application.name))


def status_of(connection: Connection | None) -> Status:
    if connection is None:
        return Status("Not connected", "off")
    if not connection.enabled:
        return Status("Disabled", "off")
    return {
        CALLABLE: Status("Connected", "ok"),
        AUTHORIZED: Status("Connected", "ok"),
        INVALID: Status("Needs re-authorization", "bad"),
    }.get(connection.state, Status("Needs setup", "warn"))


def _not_valid() -> SessionUnavailable:
    return SessionUnavailable("This link is not valid. Open the integrations page again from the application.",
                              title="Link not valid")
