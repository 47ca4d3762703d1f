"""Reading provider settings out of a submitted page form."""

from __future__ import annotations

from typing import Any

from glue_api.errors import BadRequest
from glue_providers.spec import FormField

# The Vault's form field types, as HTML input types.
INPUT_TYPES = {
    "url": "url", "email": "email", "tel": "tel", "number": "number", "date": "date", "time": "time",
    "datetime": "datetime-local",
}
MAX_VALUE_LENGTH = 4096


def submitted_settings(fields: tuple[FormField, ...], form: Any) -> dict[str, Any]:
    """What the form changes: a blank secret keeps the stored one; a blank plain setting clears it."""
    changes: dict[str, Any] = {}
    for field in fields:
        raw = form.get(field.id)
        if field.type == "checkbox":
            changes[field.id] = raw is not None
            continue
        text = raw.strip() if isinstance(raw, str) else ""
        if len(text) > MAX_VALUE_LENGTH:
            raise BadRequest(f"{field.label} is longer than {MAX_VALUE_LENGTH} characters.")
        if field.sensitive:
            if text:
                changes[field.id] = text
            continue
        if text and not field.matches(text):
            raise BadRequest(" ".join(filter(None, (f"{field.label} is not in the expected form.", field.description))))
        changes[field.id] = _number(field, text) if field.type == "number" and text else (text or None)
    return changes


def missing_fields(fields: tuple[FormField, ...], values: dict[str, Any]) -> list[str]:
    return [field.label for field in fields if field.required and values.get(field.id) in (None, "")]


def _number(field: FormField, text: str) -> int | float:
    try:
        number = float(text)
    except ValueError:
        raise BadRequest(f"{field.label} must be a number.") from None
    return int(number) if number.is_integer() else number
