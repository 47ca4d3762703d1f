"""Every hosted page: magic links under /links, hosted vault sessions under /vault/session."""

from fastapi import APIRouter

from glue_api.pages.magic_link_pages import router as magic_link_pages
from glue_api.pages.vault_pages import router as vault_pages

pages_router = APIRouter()
pages_router.include_router(magic_link_pages)
pages_router.include_router(vault_pages)
