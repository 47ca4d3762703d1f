"""Management API: /magic_links."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from glue_api.deps import MgmtApplication, SessionDep
from glue_api.magic_links import repository, service
from glue_api.magic_links.schemas import MagicLinkCreate
from glue_api.magic_links.service import magic_link_view

router = APIRouter(prefix="/magic_links", tags=["magic_links"])


def get_public_url(request: Request) -> str:
    return request.app.state.settings.public_url


PublicUrl = Annotated[str, Depends(get_public_url)]


@router.get("")
def list_magic_links(application: MgmtApplication, session: SessionDep, public_url: PublicUrl) -> list[dict]:
    return [
        magic_link_view(link, customer_id, public_url)
        for link, customer_id in repository.list_magic_links(session, application.id)
    ]


@router.post("", status_code=status.HTTP_201_CREATED)
def create_magic_link(
    body: MagicLinkCreate, application: MgmtApplication, session: SessionDep, public_url: PublicUrl
) -> dict:
    link = service.create_magic_link(session, application.id, body)
    return magic_link_view(link, body.customer_id, public_url)


@router.delete("/{magic_link_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_magic_link(magic_link_id: str, application: MgmtApplication, session: SessionDep) -> Response:
    service.delete_magic_link(session, application.id, magic_link_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
