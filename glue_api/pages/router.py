"""Every hosted page: magic links under /links, hosted vault sessions under /vault/session."""

from glue_api.pages.magic_link_pages import router as magic_link_pages
from glue_api.pages.vault_pages import router as vault_pages

pages_routers = (magic_link_pages, vault_pages)
