"""Management API: /magic_links."""

from fastapi import APIRouter

router = APIRouter(prefix="/magic_links", tags=["magic_links"])
