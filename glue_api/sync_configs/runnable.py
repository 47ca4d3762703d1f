"""Whether Glue can run a sync config: refused up front (400, nothing stored) rather than stored and never run.

The provider must have a source (enrichment providers never do: they answer lookups and hold nothing
to sync); standard objects must be among its objects (names compared exactly: the spec says they are
case-sensitive); custom objects only where the provider has them; common objects only those of the
provider's category that Glue maps its records to.
"""

from __future__ import annotations

from glue_api.errors import BadRequest
from glue_api.sync_configs.schemas import SyncConfigData
from glue_providers import registry
from glue_providers.common.models import COMMON_MODELS
from glue_providers.spec import Category, ProviderSpec


def check_runnable(provider_name: str, config: SyncConfigData) -> None:
    spec = registry.get(provider_name)
    if spec.category == Category.ENRICHMENT:
        raise BadRequest(f"{spec.title} is an enrichment provider: its API looks up one person or company at a "
                         "time and holds no records Glue could sync, so no sync config can name it. Its "
                         f"connections only store a checked key. Glue syncs {_names(registry.syncable())}.")
    if not spec.syncable:
        raise BadRequest(f"Glue cannot sync {spec.title} yet; it syncs {_names(registry.syncable())}.")
    if config.common_objects:
        _check_common_objects(spec, [item.object for item in config.common_objects])
    unknown = [item.object for item in config.standard_objects or [] if item.object not in spec.objects]
    if unknown:
        raise BadRequest(f"{spec.title} has no standard object {', '.join(unknown)}; "
                         f"its standard objects are {', '.join(spec.objects)} (names are case-sensitive).")
    if config.custom_objects and not spec.custom_objects:
        supporting = [s for s in registry.syncable() if s.custom_objects]
        raise BadRequest(f"Custom objects are only supported for {_names(supporting)}, not {provider_name}.")


def _check_common_objects(spec: ProviderSpec, names: list[str]) -> None:
    category = spec.category.value
    models = COMMON_MODELS.get(category, {})
    if not models:
        raise BadRequest(f"{spec.title} is a {category} provider, a category without common objects; "
                         f"list its standard_objects ({', '.join(spec.objects)}) instead.")
    unknown = [name for name in names if name not in models]
    if unknown:
        raise BadRequest(f"{', '.join(unknown)} {'is not a' if len(unknown) == 1 else 'are not'} {category} "
                         f"common object{'s' if len(unknown) > 1 else ''}; the {category} common objects are "
                         f"{', '.join(models)}.")
    mapped = spec.common_mappings()
    unmapped = [name for name in names if name not in mapped]
    if unmapped:
        offered = f"it maps {', '.join(mapped)}" if mapped else "it maps none yet"
        raise BadRequest(f"Glue does not map {spec.title} records to the common {', '.join(unmapped)}; {offered}.")


def _names(specs) -> str:
    names = [spec.name for spec in specs]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)
