"""Glue's own API (not part of either compatible API): webhooks."""

from fastapi import APIRouter

router = APIRouter(prefix="/glue/v1", tags=["glue"])
