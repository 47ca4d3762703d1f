"""Management API: /connection_sync_configs."""

from fastapi import APIRouter

router = APIRouter(prefix="/connection_sync_configs", tags=["connection_sync_configs"])
