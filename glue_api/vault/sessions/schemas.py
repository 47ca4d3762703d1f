"""The spec's Session: how the hosted vault looks and behaves for one consumer."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from glue_api.schemas import RequestBody

UnifiedApiId = Literal[
    "accounting", "ats", "calendar", "crm", "csp", "customer-support", "ecommerce", "email", "email-marketing",
    "expense-management", "file-storage", "form", "hris", "lead", "payroll", "pos", "procurement",
    "project-management", "script", "sms", "spreadsheet", "team-messaging", "issue-tracking", "time-registration",
    "transactional-email", "vault", "data-warehouse",
]
VaultAction = Literal["delete", "disconnect", "reauthorize", "disable"]

MAX_SESSION_LENGTH = timedelta(weeks=1)
_LENGTH = re.compile(r"([1-9][0-9]{0,6})([smhdw])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
ShortText = Annotated[str | None, Field(max_length=2048)]


def parse_session_length(text: str) -> timedelta:
    """``"30m"``, ``"1h"``, ``"2d"``, ``"1w"``: a whole number and a unit, at most one week."""
    match = _LENGTH.fullmatch(text)
    if match is None:
        raise ValueError("must be a whole number followed by s, m, h, d or w, like 30m or 1h")
    length = timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    if length > MAX_SESSION_LENGTH:
        raise ValueError("must be at most one week (1w)")
    return length


class SessionSettings(RequestBody):
    unified_apis: list[UnifiedApiId] | None = Field(default=None, max_length=50)  # omitted or empty: all
    hide_resource_settings: bool = False
    sandbox_mode: bool = False
    isolation_mode: bool = False
    session_length: str = Field(default="1h", max_length=16)
    show_logs: bool = True
    show_suggestions: bool = False
    show_sidebar: bool = True
    auto_redirect: bool = False
    hide_guides: bool = False
    allow_actions: list[VaultAction] | None = None  # omitted: every action; empty: none

    @field_validator("session_length")
    @classmethod
    def valid_length(cls, text: str) -> str:
        parse_session_length(text)
        return text

    @property
    def length(self) -> timedelta:
        return parse_session_length(self.session_length)


class ConsumerMetadata(RequestBody):
    account_name: ShortText = None
    user_name: ShortText = None
    email: ShortText = None
    image: ShortText = None


class Theme(RequestBody):
    favicon: ShortText = None
    logo: ShortText = None
    primary_color: ShortText = None
    sidepanel_background_color: ShortText = None
    sidepanel_text_color: ShortText = None
    vault_name: ShortText = None
    privacy_url: ShortText = None
    terms_url: ShortText = None


class SessionCreate(RequestBody):
    consumer_metadata: ConsumerMetadata | None = None
    redirect_uri: str | None = Field(default=None, min_length=1, max_length=2048)
    settings: SessionSettings = Field(default_factory=SessionSettings)
    theme: Theme | None = None
    custom_consumer_settings: dict[str, Any] | None = None
