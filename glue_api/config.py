"""Settings read from the environment (prefix ``GLUE_``), never at import time."""

from functools import cached_property
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GLUE_", extra="ignore")

    home: Path = Field(default=Path(".glue"), description="Where the embedded default keeps its files.")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL of the store; SQLite under home if unset.")
    secret_key: str | None = Field(
        default=None,
        description="Encryption key ring: comma-separated `key_id:base64key` (first is primary) or one base64 key.",
    )
    public_url: str = Field(default="http://localhost:8000", description="Base URL customers' browsers reach Glue at.")
    max_body_bytes: int = Field(default=1_048_576, description="Largest request body accepted.")
    request_log_retention_days: int = Field(
        default=30, ge=1, le=3650, description="Request logs older than this many days are deleted by the worker.",
    )
    sync_batch_size: int = Field(
        default=20, ge=1, le=1000,
        description="Most connections of one provider the due-syncs sensor puts in one Dagster run when several fall "
        "due together (1: one run per connection). Batches pay a run's start-up cost once for many syncs.",
    )
    run_retention_days: int = Field(
        default=30, ge=0, le=3650,
        description="Finished Dagster runs (and their events) older than this many days are deleted by the "
        "retention sensor; 0 keeps them forever.",
    )
    provider_base_urls: dict[str, str] = Field(
        default_factory=dict,
        description='JSON {"hubspot": "http://127.0.0.1:9001", ...}: one base URL for a provider\'s API and OAuth '
        "(the sandbox and tests point providers at their emulators).",
    )
    egress_allow: str = Field(
        default="",
        description="Comma-separated CIDRs, host names and Unix socket directories (starting with /) that requests "
        "to tenant-supplied addresses may reach although private or loopback, e.g. `127.0.0.0/8,::1,localhost`. "
        "Link-local and cloud metadata addresses are never reachable. Read from the environment at each request "
        "(glue_providers/egress/), declared here for documentation.",
    )

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'glue.db').resolve()}"

    @property
    def is_embedded(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")
