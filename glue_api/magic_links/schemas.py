from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field

from glue_api.providers.names import ProviderNameField
from glue_api.schemas import RequestBody

MAX_EXPIRATION_SECS = 30 * 24 * 60 * 60


def _absolute_http_url(value: str) -> str:
    # The customer's browser is redirected here later: only a real web address, with no room for header tricks.
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError("must not contain whitespace or control characters")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an absolute http or https URL")
    return value


ReturnUrl = Annotated[str, Field(max_length=2048), AfterValidator(_absolute_http_url)]


class MagicLinkCreate(RequestBody):
    customer_id: Annotated[str, Field(min_length=1, max_length=255)]
    provider_name: ProviderNameField
    return_url: ReturnUrl
    # The spec says `number`: fractions are accepted, NaN and infinities are not.
    expiration_secs: Annotated[float, Field(gt=0, le=MAX_EXPIRATION_SECS, allow_inf_nan=False)]
