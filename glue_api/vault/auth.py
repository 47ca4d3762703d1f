"""Vault API authentication: ``Authorization: Bearer <api key>`` plus ``x-apideck-app-id``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from glue_api.deps import application_for_key
from glue_api.errors import Unauthorized
from glue_api.models import Application


async def get_vault_application(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_apideck_app_id: Annotated[str | None, Header(alias="x-apideck-app-id")] = None,
) -> Application:
    scheme, _, api_key = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not api_key:
        raise Unauthorized("Missing authentication: send Authorization: Bearer <api key>.")
    application = await application_for_key(request, api_key.strip())
    if application is None:
        raise Unauthorized("The API key is not valid.")
    if x_apideck_app_id != application.id:
        # The same answer whether the header is missing or names another application.
        raise Unauthorized("x-apideck-app-id must be the id of the API key's application.")
    request.state.application_id = application.id  # for the request log, without a second key look-up
    return application


VaultApplication = Annotated[Application, Depends(get_vault_application)]
ConsumerIdHeader = Annotated[str, Header(alias="x-apideck-consumer-id", min_length=1, max_length=255)]
