"""A provider config's ``objects``: the objects schemas attach to, checked against what Glue knows.

Standard objects must be the provider's own (where its spec lists them, names compared exactly),
common objects those of its category's common models; each object once; each schema the
application's own. A refusal is a 400 naming what is allowed.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from glue_api.errors import BadRequest
from glue_api.object_schemas.service import check_schema_ids
from glue_providers import registry
from glue_providers.common.models import COMMON_MODELS


def check_provider_objects(session: Session, application_id: str, provider_name: str, objects) -> None:
    """`objects`: the request's ProviderObjects (``common`` and ``standard`` lists of {name, schema_id?}), or None."""
    if objects is None:
        return
    spec = registry.get(provider_name)
    allowed = {"standard": spec.objects, "common": tuple(COMMON_MODELS.get(spec.category.value, {}))}
    for object_type in ("common", "standard"):
        items = getattr(objects, object_type) or []
        names = [item.name for item in items]
        if len(names) != len(set(names)):
            raise BadRequest(f"objects.{object_type} lists the same object more than once.")
        known = allowed[object_type]
        if object_type == "standard" and not known:
            continue  # Glue does not know this provider's objects: nothing to check them against
        unknown = [name for name in names if name not in known]
        if unknown:
            raise BadRequest(
                f"{spec.title} has no {object_type} object {', '.join(unknown)}; its {object_type} objects are "
                f"{', '.join(known) or 'none'} (names are case-sensitive)."
            )
    check_schema_ids(session, application_id,
                     [item.schema_id for item in (objects.common or []) + (objects.standard or []) if item.schema_id])
