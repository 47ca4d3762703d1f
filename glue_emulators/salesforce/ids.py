"""Salesforce record ids: 15 case-sensitive characters plus a 3-character case-insensitive suffix.

The first three characters are the object's key prefix (001 Account, 003 Contact, ...).
The emulator encodes the record's index in fixed-width base 62, so ordering by Id is
ordering by index, as the dataset lists records.
"""

from __future__ import annotations

import secrets
import string
from functools import lru_cache

BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase  # in ASCII order
INSTANCE = "Dx0"  # pod and reserved characters of the emulated org
SUFFIX_ALPHABET = string.ascii_uppercase + "012345"
UNIQUE_WIDTH = 9
_UPPER_FLAGS = str.maketrans({char: "1" if char.isupper() else "0" for char in BASE62})


@lru_cache(maxsize=65536)  # lookups (OwnerId, AccountId, ...) name the same records over and over
def record_id(key_prefix: str, index: int) -> str:
    return with_suffix(key_prefix + INSTANCE + _base62(index, UNIQUE_WIDTH))


def index_of(key_prefix: str, remote_id: str) -> int | None:
    """The dataset index an id (15 or 18 characters) names under ``key_prefix``, or None."""
    id15 = remote_id[:15]
    if len(remote_id) not in (15, 18) or not id15.startswith(key_prefix + INSTANCE):
        return None
    if len(remote_id) == 18 and with_suffix(id15)[15:].upper() != remote_id[15:].upper():
        return None
    number = 0
    for char in id15[len(key_prefix + INSTANCE):]:
        position = BASE62.find(char)
        if position < 0:
            return None
        number = number * 62 + position
    return number


def random_id(key_prefix: str) -> str:
    """An id that names nothing in the dataset: query locators, the org, the token's user."""
    return with_suffix(key_prefix + INSTANCE + "".join(secrets.choice(BASE62) for _ in range(UNIQUE_WIDTH)))


def with_suffix(id15: str) -> str:
    """The 18-character form: each 5-character chunk's upper-case positions as one more character."""
    flags = id15.translate(_UPPER_FLAGS)  # "1" where upper case; the first character is the lowest bit
    return (id15 + SUFFIX_ALPHABET[int(flags[4::-1], 2)] + SUFFIX_ALPHABET[int(flags[9:4:-1], 2)]
            + SUFFIX_ALPHABET[int(flags[14:9:-1], 2)])


def _base62(number: int, width: int) -> str:
    digits = []
    while number:
        number, rest = divmod(number, 62)
        digits.append(BASE62[rest])
    return "".join(reversed(digits)).rjust(width, "0")
