"""Operation ids and names of both APIs, as their specs name them (request logs show them).

Keys are (method, path template with every parameter written ``{}``); a request's
path is matched against them, whatever its route calls its parameters.
"""

from __future__ import annotations

import re

OPERATIONS: dict[tuple[str, str], tuple[str, str]] = {
    # Apideck Vault API
    ("POST", "/vault/consumers"): ("consumersAdd", "Create consumer"),
    ("GET", "/vault/consumers"): ("consumersAll", "Get all consumers"),
    ("GET", "/vault/consumers/{}"): ("consumersOne", "Get consumer"),
    ("PATCH", "/vault/consumers/{}"): ("consumersUpdate", "Update consumer"),
    ("DELETE", "/vault/consumers/{}"): ("consumersDelete", "Delete consumer"),
    ("GET", "/vault/consumers/{}/stats"): ("consumerRequestCountsAll", "Consumer request counts"),
    ("GET", "/vault/connections"): ("connectionsAll", "Get all connections"),
    ("GET", "/vault/connections/{}/{}"): ("connectionsOne", "Get connection"),
    ("POST", "/vault/connections/{}/{}"): ("connectionsAdd", "Create connection"),
    ("PATCH", "/vault/connections/{}/{}"): ("connectionsUpdate", "Update connection"),
    ("DELETE", "/vault/connections/{}/{}"): ("connectionsDelete", "Deletes a connection"),
    ("POST", "/vault/connections/{}/{}/import"): ("connectionsImport", "Import connection"),
    ("POST", "/vault/connections/{}/{}/token"): ("connectionsToken", "Authorize Access Token"),
    ("GET", "/vault/connections/{}/{}/{}/config"): ("connectionSettingsAll", "Get resource settings"),
    ("PATCH", "/vault/connections/{}/{}/{}/config"): ("connectionSettingsUpdate", "Update settings"),
    ("GET", "/vault/connections/{}/{}/{}/schema"): ("connectionsSchema", "Get resource schema"),
    ("GET", "/vault/connections/{}/{}/{}/example"): ("connectionsExample", "Get resource example"),
    ("GET", "/vault/connections/{}/{}/{}/custom-fields"): ("customFieldsAll", "Get resource custom fields"),
    ("GET", "/vault/authorize/{}/{}"): ("connectionsAuthorize", "Authorize"),
    ("GET", "/vault/revoke/{}/{}"): ("connectionsRevoke", "Revoke connection"),
    ("GET", "/vault/custom-mappings/{}/{}/{}"): ("customMappingsOne", "Get custom mapping"),
    ("POST", "/vault/custom-mappings/{}/{}/{}"): ("customMappingsAdd", "Create custom mapping"),
    ("PATCH", "/vault/custom-mappings/{}/{}/{}"): ("customMappingsUpdate", "Update custom mapping"),
    ("DELETE", "/vault/custom-mappings/{}/{}/{}"): ("customMappingsDelete", "Deletes a custom mapping"),
    ("GET", "/vault/callback"): ("connectionsCallback", "Callback"),
    ("POST", "/vault/sessions"): ("sessionsCreate", "Create Session"),
    ("GET", "/vault/logs"): ("logsAll", "Get all consumer request logs"),
    # Supaglue Management API v2
    ("GET", "/mgmt/v2/customers"): ("getCustomers", "List customers"),
    ("PUT", "/mgmt/v2/customers"): ("upsertCustomer", "Upsert customer"),
    ("GET", "/mgmt/v2/customers/{}"): ("getCustomer", "Get customer"),
    ("DELETE", "/mgmt/v2/customers/{}"): ("deleteCustomer", "Delete customer"),
    ("GET", "/mgmt/v2/destinations"): ("getDestinations", "List destinations"),
    ("POST", "/mgmt/v2/destinations"): ("createDestination", "Create destination"),
    ("GET", "/mgmt/v2/destinations/{}"): ("getDestination", "Get destination"),
    ("PUT", "/mgmt/v2/destinations/{}"): ("updateDestination", "Update destination"),
    ("GET", "/mgmt/v2/magic_links"): ("getMagicLinks", "List magic links"),
    ("POST", "/mgmt/v2/magic_links"): ("createMagicLink", "Create magic link"),
    ("DELETE", "/mgmt/v2/magic_links/{}"): ("deleteMagicLink", "Delete magic link"),
    ("GET", "/mgmt/v2/field_mappings"): ("listFieldMappings", "List schema mappings"),
    ("PUT", "/mgmt/v2/field_mappings/_update_object"): ("updateObjectFieldMappings", "Update schema mappings"),
    ("GET", "/mgmt/v2/entity_mappings"): ("listEntityMappings", "List entity mappings"),
    ("PUT", "/mgmt/v2/entity_mappings/{}"): ("upsertEntityMapping", "Upsert entity mapping"),
    ("DELETE", "/mgmt/v2/entity_mappings/{}"): ("deleteEntityMapping", "Delete entity mapping"),
    ("GET", "/mgmt/v2/schemas"): ("getSchemas", "List schemas"),
    ("POST", "/mgmt/v2/schemas"): ("createSchema", "Create schema"),
    ("GET", "/mgmt/v2/schemas/{}"): ("getSchema", "Get schema"),
    ("PUT", "/mgmt/v2/schemas/{}"): ("updateSchema", "Update schema"),
    ("DELETE", "/mgmt/v2/schemas/{}"): ("deleteSchema", "Delete schema"),
    ("GET", "/mgmt/v2/entities"): ("getEntities", "List entities"),
    ("POST", "/mgmt/v2/entities"): ("createEntity", "Create entity"),
    ("GET", "/mgmt/v2/entities/{}"): ("getEntity", "Get entity"),
    ("PUT", "/mgmt/v2/entities/{}"): ("updateEntity", "Update entity"),
    ("DELETE", "/mgmt/v2/entities/{}"): ("deleteEntity", "Delete entity"),
    ("GET", "/mgmt/v2/providers"): ("getProviders", "List providers"),
    ("POST", "/mgmt/v2/providers"): ("createProvider", "Create provider"),
    ("GET", "/mgmt/v2/providers/{}"): ("getProvider", "Get provider"),
    ("PUT", "/mgmt/v2/providers/{}"): ("updateProvider", "Update provider"),
    ("DELETE", "/mgmt/v2/providers/{}"): ("deleteProvider", "Delete provider"),
    ("GET", "/mgmt/v2/sync_configs"): ("getSyncConfigs", "List Sync Configs"),
    ("POST", "/mgmt/v2/sync_configs"): ("createSyncConfig", "Create Sync Config"),
    ("GET", "/mgmt/v2/sync_configs/{}"): ("getSyncConfig", "Get Sync Config"),
    ("PUT", "/mgmt/v2/sync_configs/{}"): ("updateSyncConfig", "Update Sync Config"),
    ("DELETE", "/mgmt/v2/sync_configs/{}"): ("deleteSyncConfig", "Delete Sync Config"),
    ("GET", "/mgmt/v2/connection_sync_configs"): ("getConnectionSyncConfig", "Get connection sync config"),
    ("PUT", "/mgmt/v2/connection_sync_configs"): ("upsertConnectionSyncConfig", "Upsert connection sync config"),
    ("DELETE", "/mgmt/v2/connection_sync_configs"): ("deleteConnectionSyncConfig", "Delete connection sync config"),
    ("GET", "/mgmt/v2/customers/{}/connections"): ("getConnections", "List connections"),
    ("POST", "/mgmt/v2/customers/{}/connections"): ("createConnection", "Create a connection"),
    ("GET", "/mgmt/v2/customers/{}/connections/_provider_user_id"): ("getProviderUserId", "Get logged in User ID and details"),
    ("GET", "/mgmt/v2/customers/{}/connections/{}"): ("getConnection", "Get connection"),
    ("DELETE", "/mgmt/v2/customers/{}/connections/{}"): ("deleteConnection", "Delete connection"),
    ("GET", "/mgmt/v2/customers/{}/connections/{}/_rate_limit_info"): ("getConnectionRateLimitInfo", "Get connection rate limit info"),
    ("GET", "/mgmt/v2/syncs"): ("getSyncs", "Get Syncs"),
    ("POST", "/mgmt/v2/syncs/_pause"): ("pauseSync", "Pause sync"),
    ("POST", "/mgmt/v2/syncs/_resume"): ("resumeSync", "Resume sync"),
    ("POST", "/mgmt/v2/syncs/_trigger"): ("triggerSync", "Trigger sync"),
    ("GET", "/mgmt/v2/sync-runs"): ("getSyncRuns", "Get SyncRuns"),
}

# Literal paths before templated ones (so /connections/_provider_user_id is not read as a provider name).
_PATTERNS = sorted(
    ((method, re.compile("^" + re.escape(path).replace(re.escape("{}"), "[^/]+") + "$"), operation)
     for (method, path), operation in OPERATIONS.items()),
    key=lambda entry: entry[1].pattern.count("[^/]+"),
)


def operation_for(method: str, path: str) -> tuple[str, str] | None:
    """``("consumersOne", "Get consumer")`` for ``GET /vault/consumers/c1``; None if neither spec has it."""
    method = method.upper()
    for candidate_method, pattern, operation in _PATTERNS:
        if candidate_method == method and pattern.match(path):
            return operation
    return None
