"""``@one_hop``: a read endpoint's session, its work and its JSON body in one worker-thread hop.

FastAPI runs a sync endpoint in a worker thread, validates what it returned in a second one and ends a
generator dependency's session in a third. Under load each hop queues for a free thread again, so a read
waited three times, and solving the session dependency cost CPU on every call. An endpoint marked ``@one_hop``
only reads: its ``Session`` parameter is not a dependency but a read session (glue_api/db.py,
make_read_session_factory: on PostgreSQL no BEGIN or COMMIT round trip, and no write) that one_hop opens and
closes in the endpoint's own worker thread. It returns the bytes FastAPI would have sent, made by the same
pydantic serializer for the endpoint's declared return type (so the wire output and the OpenAPI document do not
change).

Only for routes answered with the default status (200): the response is made here, not by the route.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

REQUEST_PARAMETER = "one_hop_request"  # added for an endpoint that takes no Request of its own


def one_hop(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    hints = typing.get_type_hints(endpoint, include_extras=True)
    body = TypeAdapter(hints["return"])
    sessions = [name for name, hint in hints.items() if name != "return" and hint is Session]
    if len(sessions) != 1:
        raise TypeError(f"{endpoint.__name__} must take one plain Session parameter for @one_hop to fill")
    session_name = sessions[0]
    requests = [name for name, hint in hints.items() if hint is Request]
    request_name = requests[0] if requests else REQUEST_PARAMETER

    @functools.wraps(endpoint)
    def answered(**kwargs: Any) -> Any:
        request = kwargs[request_name] if requests else kwargs.pop(REQUEST_PARAMETER)
        session = request.app.state.read_session_factory()
        try:
            result = endpoint(**kwargs, **{session_name: session})
        finally:
            session.close()  # a read session has nothing to commit
        if isinstance(result, Response):
            return result
        # As FastAPI serializes a return value: validated against the return type, then dumped by pydantic.
        return Response(body.dump_json(body.validate_python(result, from_attributes=True)),
                        media_type="application/json")

    answered.__signature__ = _signature_without(endpoint, hints, session_name, add_request=not requests)
    return answered


def _signature_without(endpoint: Callable[..., Any], hints: dict[str, Any], session_name: str,
                       add_request: bool) -> inspect.Signature:
    """What FastAPI reads of the endpoint: its parameters (annotations resolved) but the session, with a Request."""
    signature = inspect.signature(endpoint)
    parameters = [parameter.replace(annotation=hints.get(parameter.name, parameter.annotation))
                  for parameter in signature.parameters.values() if parameter.name != session_name]
    if add_request:
        parameters.append(inspect.Parameter(REQUEST_PARAMETER, inspect.Parameter.KEYWORD_ONLY, annotation=Request))
    return signature.replace(parameters=parameters, return_annotation=hints["return"])
