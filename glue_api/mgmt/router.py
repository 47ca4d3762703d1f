"""Every Management API v2 router, mounted under /mgmt/v2."""

from fastapi import APIRouter

from glue_api.connections.endpoints import router as connections
from glue_api.customers.endpoints import router as customers
from glue_api.providers.endpoints import router as providers

mgmt_router = APIRouter(prefix="/mgmt/v2")
for router in (customers, connections, providers):
    mgmt_router.include_router(router)
