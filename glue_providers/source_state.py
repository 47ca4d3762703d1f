"""What a source may keep between runs of one sync (Dynamics' delta link), passed through the builder's
``options``: the engine hands each object's previous value in and collects the values a source reports.

A value is any JSON value, opaque to the engine, stored only when the whole run succeeds. A source reports
an object's value once that object's read has finished; an object it reports nothing for keeps nothing.
A source that was asked for an incremental read but had to read the object in full (its state refused)
says so, and the engine then flags the rows that read did not see as deleted, as after any full read.
"""

from __future__ import annotations

from typing import Any

PREVIOUS = "state"  # {object: the value its last successful run reported}; absent for a full read
NEXT = "next_state"  # {object: value}, filled by the source
READ_IN_FULL = "read_in_full"  # {object}, filled by the source


def source_options(previous: dict[str, Any]) -> dict[str, Any]:
    """The options that carry state into one source and its reports back out."""
    return {PREVIOUS: dict(previous), NEXT: {}, READ_IN_FULL: set()}


def previous_state(options: dict | None, object_name: str) -> Any:
    return ((options or {}).get(PREVIOUS) or {}).get(object_name)


def report_state(options: dict | None, object_name: str, value: Any) -> None:
    if options is not None and NEXT in options:
        options[NEXT][object_name] = value


def report_read_in_full(options: dict | None, object_name: str) -> None:
    if options is not None and READ_IN_FULL in options:
        options[READ_IN_FULL].add(object_name)


def reported_states(options: dict) -> dict[str, Any]:
    return dict(options.get(NEXT) or {})


def read_in_full(options: dict) -> set[str]:
    return set(options.get(READ_IN_FULL) or ())
