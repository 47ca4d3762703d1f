"""Every Vault API router, mounted under /vault."""

from glue_api.vault.connections.endpoints import router as connections
from glue_api.vault.consumers.endpoints import router as consumers
from glue_api.vault.custom_mappings.endpoints import router as custom_mappings
from glue_api.vault.logs.endpoints import router as logs
from glue_api.vault.oauth.endpoints import router as oauth
from glue_api.vault.sessions.endpoints import router as sessions

VAULT_PREFIX = "/vault"
vault_busiest_routers = (consumers, connections)  # the reads an application's backend makes on page views
vault_routers = (oauth, sessions, logs, custom_mappings)
