"""Glue's own endpoints, beside the two compatible APIs."""

from fastapi import APIRouter

from glue_api.admin.redirect_uris import router as redirect_uris
from glue_api.admin.webhooks import router as webhooks

admin_router = APIRouter()
for router in (webhooks, redirect_uris):
    admin_router.include_router(router)
