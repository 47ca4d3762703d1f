"""What a customer (Vault consumer) id may be: one path segment that needs no escaping.

Both APIs name a customer in request paths (``/customers/{customer_id}``,
``/vault/consumers/{consumer_id}``), so an id must come back unchanged through a URL:
letters, digits and the characters RFC 3986 lets a path segment carry as they are
(``- . _ ~ : @ + = , ! $ & ' ( ) *``), at most 255 of them, and never ``.`` or ``..``
alone (clients resolve those as dot segments). ``/`` would split the path, ``%``
would be decoded twice by some clients, ``?`` and ``#`` end the path.
"""

from __future__ import annotations

import re

from glue_api.errors import BadRequest

MAX_CUSTOMER_ID_LENGTH = 255
ALLOWED_CHARACTERS = "letters, digits and - . _ ~ : @ + = , ! $ & ' ( ) *"
_CUSTOMER_ID = re.compile(r"[A-Za-z0-9\-._~:@+=,!$&'()*]{1,%d}" % MAX_CUSTOMER_ID_LENGTH)


def is_valid_customer_id(value: str) -> bool:
    return bool(_CUSTOMER_ID.fullmatch(value)) and value not in (".", "..")


def check_customer_id(value: str, name: str = "customer_id") -> str:
    """The id, or a 400 saying which characters an id may use (without echoing the id)."""
    if not is_valid_customer_id(value):
        raise BadRequest(
            f"{name} must be 1 to {MAX_CUSTOMER_ID_LENGTH} of: {ALLOWED_CHARACTERS} (and not . or .. alone), "
            "so that it can be used in a URL path.",
        )
    return value
