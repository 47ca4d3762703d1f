"""Management API: /sync_configs."""

from fastapi import APIRouter

router = APIRouter(prefix="/sync_configs", tags=["sync_configs"])
