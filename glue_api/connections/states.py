"""A connection's states, named once: available → added → authorized → callable, or invalid.

- ``available``: the application offers the provider; this customer has no connection (Vault views only).
- ``added``: a connection waiting for its customer to authorize it (an OAuth flow or a magic link).
- ``authorized``: credentials are stored that Glue could not confirm with the provider.
- ``callable``: the provider accepted the credentials (an OAuth token, a checked key).
- ``invalid``: the provider refused them for good (a dead refresh token); authorize again.
"""

AVAILABLE = "available"
ADDED = "added"
AUTHORIZED = "authorized"
CALLABLE = "callable"
INVALID = "invalid"

HOLDS_CREDENTIALS = frozenset({AUTHORIZED, CALLABLE, INVALID})
READY = frozenset({AUTHORIZED, CALLABLE})  # Glue may call the provider with them
NOT_SYNCABLE = (ADDED, INVALID)
