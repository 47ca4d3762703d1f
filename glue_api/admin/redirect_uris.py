"""Glue's own API (not part of either compatible API): the application's allowed redirect URIs.

The Vault's authorize and revoke links send the customer's browser back only to one
of these: an exact URL, or any URL under an entry that ends in "/".
"""

from typing import Annotated

from fastapi import APIRouter
from pydantic import Field, field_validator

from glue_api.deps import MgmtApplication, SessionDep
from glue_api.schemas import RequestBody
from glue_api.vault.oauth.redirects import is_absolute_http_url

router = APIRouter(prefix="/glue/v1", tags=["glue"])

MAX_REDIRECT_URIS = 100


class RedirectUrisWrite(RequestBody):
    redirect_uris: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=2048)]], Field(max_length=MAX_REDIRECT_URIS)
    ]

    @field_validator("redirect_uris")
    @classmethod
    def absolute_http_urls(cls, uris: list[str]) -> list[str]:
        for index, uri in enumerate(uris):
            if not is_absolute_http_url(uri):
                raise ValueError(f"entry {index} must be an absolute http(s) URL without a fragment")
        return list(dict.fromkeys(uris))  # duplicates dropped, order kept


def redirect_uris_view(uris: list[str] | None) -> dict:
    return {"redirect_uris": list(uris or [])}


@router.get("/redirect_uris")
def get_redirect_uris(application: MgmtApplication) -> dict:
    return redirect_uris_view(application.allowed_redirect_uris)


@router.put("/redirect_uris")
def replace_redirect_uris(body: RedirectUrisWrite, application: MgmtApplication, session: SessionDep) -> dict:
    application = session.merge(application)  # the key cache hands out a read-only copy: change the session's own
    application.allowed_redirect_uris = body.redirect_uris  # a new list, so the JSON column is seen as changed
    session.flush()
    return redirect_uris_view(application.allowed_redirect_uris)
