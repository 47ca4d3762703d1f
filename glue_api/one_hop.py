"""``@one_hop``: a sync endpoint's work, its commit and its JSON body in one worker-thread hop.

FastAPI runs a sync endpoint in a worker thread, validates what it returned in a second one and
(through ``get_session``) commits the request's session in a third. Under load each hop queues for
a free thread again, so a read waited three times. An endpoint marked ``@one_hop`` ends the session
it was given (committed and closed, in its own thread: ``get_session`` then has nothing left to do)
and returns the bytes FastAPI would have sent, made by the same pydantic serializer for the
endpoint's declared return type (so the wire output and the OpenAPI document do not change).

Only for routes answered with the default status (200): the response is made here, not by the route.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy.orm import Session
from starlette.responses import Response

from glue_api.deps import end_request_session


def one_hop(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    hints = typing.get_type_hints(endpoint)  # Annotated[Session, Depends(...)] reads as Session
    body = TypeAdapter(hints["return"])
    sessions = [name for name, hint in hints.items() if name != "return" and hint is Session]
    if not sessions:
        raise TypeError(f"{endpoint.__name__} takes no request session: @one_hop has nothing to end")

    @functools.wraps(endpoint)
    def answered(*args: Any, **kwargs: Any) -> Any:
        result = endpoint(*args, **kwargs)
        for name in sessions:
            end_request_session(kwargs[name])  # a failed commit raises here: it is the response
        if isinstance(result, Response):
            return result
        # As FastAPI serializes a return value: validated against the return type, then dumped by pydantic.
        return Response(body.dump_json(body.validate_python(result, from_attributes=True)),
                        media_type="application/json")

    return answered
