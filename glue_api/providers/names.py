"""Provider names, categories and auth types in requests, checked against the provider registry
when the request arrives (so providers added through GLUE_PROVIDER_PACKAGES are accepted too)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field
from glue_providers import registry
from glue_providers.spec import AuthType, Category



def known_provider(name: str) -> str:
    if registry.find(name) is None:
        raise ValueError(f"Glue knows no provider named {name!r}")
    return name


def _list_known_providers(schema: dict) -> None:
    schema["enum"] = registry.names()


ProviderNameField = Annotated[
    str, Field(max_length=255, json_schema_extra=_list_known_providers), AfterValidator(known_provider)
]
# Request bodies are validated strictly, where only Literal types accept plain strings for a fixed set.
CategoryField = Literal[tuple(c.value for c in Category)]  # type: ignore[valid-type]
AuthTypeField = Literal[tuple(a.value for a in AuthType)]  # type: ignore[valid-type]
# In a path: same check, no schema extras (FastAPI reads the parameter's own Path info).
ProviderNameParam = Annotated[str, AfterValidator(known_provider)]
