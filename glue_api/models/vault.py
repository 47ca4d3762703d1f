"""Vault state: OAuth attempts, hosted sessions, custom mappings, webhook endpoints, request logs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from glue_api.crypto import Sealed
from glue_api.models.base import Base, Timestamps, new_id, utcnow


class OAuthAttempt(Base):
    """One step of an OAuth flow; only a hash of its state token is kept, and it is used once."""

    __tablename__ = "oauth_attempts"

    id: Mapped[str] = mapped_column(primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    connection_id: Mapped[str] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str]  # "authorize" (the link Glue hands out) | "callback" (the state sent to the provider)
    state_hash: Mapped[str] = mapped_column(unique=True)
    redirect_uri: Mapped[str | None]  # where the customer's browser goes back to
    code_verifier: Mapped[Sealed | None]  # PKCE
    scopes: Mapped[list[Any] | None]
    # Set when a magic link started the flow: its callback consumes the link. Deleting the link ends the attempt.
    magic_link_id: Mapped[str | None] = mapped_column(ForeignKey("magic_links.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class VaultSession(Base):
    """A hosted vault session; the token handed out is signed and names this row."""

    __tablename__ = "vault_sessions"

    id: Mapped[str] = mapped_column(primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    settings: Mapped[dict[str, Any]]
    theme: Mapped[dict[str, Any] | None]
    consumer_metadata: Mapped[dict[str, Any] | None]
    redirect_uri: Mapped[str | None]
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CustomMapping(Timestamps, Base):
    """A connection's own mapping of a target field to a JSONPath into the provider's record."""

    __tablename__ = "custom_mappings"
    __table_args__ = (UniqueConstraint("connection_id", "target_field_id"),)

    id: Mapped[str] = mapped_column(primary_key=True, default=new_id)
    connection_id: Mapped[str] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"), index=True)
    target_field_id: Mapped[str]
    value: Mapped[str]  # JSONPath
    label: Mapped[str | None]
    description: Mapped[str | None]


class WebhookEndpoint(Timestamps, Base):
    """Where an application receives Glue's events, and the secret they are signed with."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[str] = mapped_column(primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    url: Mapped[str]
    secret: Mapped[Sealed]
    events: Mapped[list[Any] | None]  # None: every event
    enabled: Mapped[bool] = mapped_column(default=True)


class RequestLog(Base):
    """One request to a Glue API, or one call Glue made to a provider on a customer's behalf."""

    __tablename__ = "request_logs"
    # A consumer's stats count its requests by API within a window: this index holds all they read.
    __table_args__ = (Index("ix_request_logs_consumer_counts", "application_id", "consumer_id", "api", "created_at"),)

    id: Mapped[str] = mapped_column(primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    consumer_id: Mapped[str | None] = mapped_column(index=True)  # the application's own customer id
    parent_id: Mapped[str | None]
    child_request: Mapped[bool] = mapped_column(default=False)
    api: Mapped[str]  # vault | mgmt | provider
    operation_id: Mapped[str]
    operation_name: Mapped[str]
    http_method: Mapped[str]
    path: Mapped[str]
    base_url: Mapped[str]
    status_code: Mapped[int]
    success: Mapped[bool]
    error_message: Mapped[str | None]
    service_id: Mapped[str | None]
    unified_api: Mapped[str | None]
    duration_ms: Mapped[float]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class RequestCount(Base):
    """A consumer's requests as the Vault's consumer views show them: in all, and by the allocation each counts
    towards (glue_api/vault/consumers/repository.py, ALLOCATION_OF_API). Kept by triggers on request_logs
    (migration 0010), so a view reads one row instead of counting a growing log on every call."""

    __tablename__ = "request_counts"

    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True)
    consumer_id: Mapped[str] = mapped_column(primary_key=True)  # the application's own customer id
    requests: Mapped[int] = mapped_column(BigInteger)  # through every API
    vault_requests: Mapped[int] = mapped_column(BigInteger)  # the Vault and Management APIs
    proxy_requests: Mapped[int] = mapped_column(BigInteger)  # calls Glue made to a provider for the consumer
    last_request_at: Mapped[datetime]
