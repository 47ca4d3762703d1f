"""Glue's own API (not part of either compatible API): redirect_uris."""

from fastapi import APIRouter

router = APIRouter(prefix="/glue/v1", tags=["glue"])
