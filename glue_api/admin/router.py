"""Glue's own endpoints, beside the two compatible APIs."""

from glue_api.admin.redirect_uris import router as redirect_uris
from glue_api.admin.webhooks import router as webhooks

admin_routers = (webhooks, redirect_uris)
