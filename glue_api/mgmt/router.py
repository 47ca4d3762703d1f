"""Every Management API v2 router, mounted under /mgmt/v2."""

from glue_api.connection_sync_configs.endpoints import router as connection_sync_configs
from glue_api.connections.endpoints import router as connections
from glue_api.customers.endpoints import router as customers
from glue_api.destinations.endpoints import router as destinations
from glue_api.entities.endpoints import router as entities
from glue_api.entity_mappings.endpoints import router as entity_mappings
from glue_api.field_mappings.endpoints import router as field_mappings
from glue_api.magic_links.endpoints import router as magic_links
from glue_api.object_schemas.endpoints import router as schemas
from glue_api.providers.endpoints import router as providers
from glue_api.sync_configs.endpoints import router as sync_configs
from glue_api.syncs.endpoints import router as syncs

MGMT_PREFIX = "/mgmt/v2"
mgmt_busiest_routers = (customers, connections)  # the reads an application's backend makes on page views
mgmt_routers = (
    providers, destinations, sync_configs, connection_sync_configs, magic_links, syncs,
    schemas, entities, field_mappings, entity_mappings,  # the spec's deprecated operations
)
