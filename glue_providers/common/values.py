"""Small conversions common mappings share: provider values to the common model's."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from glue_providers.common.models import LIFECYCLE_STAGES


def text(value: Any) -> str | None:
    """A non-empty string, or None (providers send "" for unset fields)."""
    if value is None:
        return None
    value = str(value).strip() if not isinstance(value, str) else value
    return value or None


def integer(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def boolean(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def timestamp(value: Any) -> datetime | None:
    """ISO 8601 text (with or without zone: UTC assumed), a date, or epoch milliseconds, to an aware datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()):
        return datetime.fromtimestamp(int(value) / 1000, timezone.utc)
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def address(address_type: str, street_1: Any = None, street_2: Any = None, city: Any = None, state: Any = None,
            postal_code: Any = None, country: Any = None) -> dict | None:
    """A common address, or None when every part is empty."""
    parts = {"street_1": text(street_1), "street_2": text(street_2), "city": text(city), "state": text(state),
             "postal_code": text(postal_code), "country": text(country)}
    if not any(parts.values()):
        return None
    return parts | {"address_type": address_type}


def place(street_1: Any = None, street_2: Any = None, city: Any = None, state: Any = None, postal_code: Any = None,
          country: Any = None) -> dict | None:
    """An engagement contact's one address: the common address without a type, or None when empty."""
    found = address("primary", street_1, street_2, city, state, postal_code, country)
    return None if found is None else {key: value for key, value in found.items() if key != "address_type"}


def phone(phone_number: Any, phone_number_type: str) -> dict | None:
    number_text = text(phone_number)
    return None if number_text is None else {"phone_number": number_text, "phone_number_type": phone_number_type}


def email(email_address: Any, email_address_type: str) -> dict | None:
    address_text = text(email_address)
    return None if address_text is None else {"email_address": address_text, "email_address_type": email_address_type}


def present(*items: dict | None) -> list[dict]:
    """The items that are there (a list field of addresses, phones or emails)."""
    return [item for item in items if item is not None]


def lifecycle_stage(value: Any) -> str | None:
    """A provider's lifecycle stage as one of Supaglue's; a stage of the provider's own (a custom one) is "other"."""
    stage = text(value)
    if stage is None:
        return None
    stage = stage.lower()
    return stage if stage in LIFECYCLE_STAGES else "other"


def opportunity_status(is_closed: Any, is_won: Any) -> str | None:
    """OPEN, WON or LOST from a provider's closed and won flags (None when the provider says neither)."""
    closed, won = boolean(is_closed), boolean(is_won)
    if closed is None and won is None:
        return None
    if won:
        return "WON"
    return "LOST" if closed else "OPEN"


def full_name(*parts: Any) -> str | None:
    """Parts of a name joined by spaces, the empty ones left out."""
    return text(" ".join(part for part in map(text, parts) if part))
