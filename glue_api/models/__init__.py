"""Every model, imported so that `Base.metadata` knows them all."""

from glue_api.models.application import ApiKey, Application
from glue_api.models.base import Base
from glue_api.models.connection import Connection, ConnectionSyncConfig
from glue_api.models.customer import Customer
from glue_api.models.destination import Destination
from glue_api.models.entity import ConnectionEntityMapping, Entity
from glue_api.models.event import Event
from glue_api.models.magic_link import MagicLink
from glue_api.models.object_schema import ConnectionFieldMappings, ObjectSchema
from glue_api.models.provider import ProviderConfig
from glue_api.models.sync import Sync, SyncConfig, SyncRun
from glue_api.models.vault import CustomMapping, OAuthAttempt, RequestCount, RequestLog, VaultSession, WebhookEndpoint

__all__ = [
    "ApiKey",
    "Application",
    "Base",
    "Connection",
    "ConnectionEntityMapping",
    "ConnectionFieldMappings",
    "ConnectionSyncConfig",
    "CustomMapping",
    "Customer",
    "Destination",
    "Entity",
    "Event",
    "MagicLink",
    "OAuthAttempt",
    "ObjectSchema",
    "ProviderConfig",
    "RequestCount",
    "RequestLog",
    "Sync",
    "SyncConfig",
    "SyncRun",
    "VaultSession",
    "WebhookEndpoint",
]
