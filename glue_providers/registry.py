"""The one lookup of providers: the API's catalog, the Vault, sync-config validation, the engine,
the hosted pages, the sandbox and the tests all read it.

Built-in providers are the folders of this package that export a ``SPEC``. More come from the
packages named in ``GLUE_PROVIDER_PACKAGES`` (comma-separated module paths, each exporting a
``SPEC``), read on every call, so a test or a deployment adds a provider from one folder.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from functools import cache

import glue_providers
from glue_providers.spec import Category, ProviderSpec

EXTRA_PACKAGES_VARIABLE = "GLUE_PROVIDER_PACKAGES"


class UnknownProvider(KeyError):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"Glue knows no provider named {self.name!r}."


@cache
def _built_in() -> tuple[ProviderSpec, ...]:
    specs = []
    for module in sorted(pkgutil.iter_modules(glue_providers.__path__), key=lambda m: m.name):
        if module.ispkg:
            spec = getattr(importlib.import_module(f"glue_providers.{module.name}"), "SPEC", None)
            if isinstance(spec, ProviderSpec):
                specs.append(spec)
    return tuple(specs)


def _extra() -> tuple[ProviderSpec, ...]:
    names = [name.strip() for name in os.environ.get(EXTRA_PACKAGES_VARIABLE, "").split(",") if name.strip()]
    specs = []
    for name in names:
        spec = getattr(importlib.import_module(name), "SPEC", None)
        if not isinstance(spec, ProviderSpec):
            raise TypeError(f"{name} (named in {EXTRA_PACKAGES_VARIABLE}) exports no ProviderSpec as SPEC")
        specs.append(spec)
    return tuple(specs)


def all_specs() -> tuple[ProviderSpec, ...]:
    """Every provider, built-in first; a later declaration of a name replaces an earlier one."""
    by_name = {spec.name: spec for spec in (*_built_in(), *_extra())}
    return tuple(by_name.values())


def names() -> list[str]:
    return [spec.name for spec in all_specs()]


def find(name: str) -> ProviderSpec | None:
    return next((spec for spec in all_specs() if spec.name == name), None)


def get(name: str) -> ProviderSpec:
    spec = find(name)
    if spec is None:
        raise UnknownProvider(name)
    return spec


def syncable() -> tuple[ProviderSpec, ...]:
    """The providers Glue can run syncs for."""
    return tuple(spec for spec in all_specs() if spec.syncable)


def in_category(category: Category | str) -> tuple[ProviderSpec, ...]:
    return tuple(spec for spec in all_specs() if spec.category == category)


def with_emulator() -> tuple[ProviderSpec, ...]:
    return tuple(spec for spec in all_specs() if spec.emulator is not None)


def in_sandbox() -> tuple[ProviderSpec, ...]:
    """The providers the offline sandbox serves, each on its emulator's fixed port."""
    return tuple(spec for spec in with_emulator() if spec.emulator.sandbox_port)


def sandbox_urls(host: str = "127.0.0.1") -> dict[str, str]:
    return {spec.name: f"http://{host}:{spec.emulator.sandbox_port}" for spec in in_sandbox()}


def tenant_hosts(name: str) -> tuple[str, ...]:
    """Host suffixes a tenant- or consumer-supplied URL for this provider may have (empty: none)."""
    return get(name).tenant_hosts
