"""The providers Glue knows: their Management API category and how customers authenticate."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal


class Category(StrEnum):
    CRM = "crm"
    ENGAGEMENT = "engagement"
    ENRICHMENT = "enrichment"
    MARKETING_AUTOMATION = "marketing_automation"
    NO_CATEGORY = "no_category"


class AuthType(StrEnum):
    OAUTH2 = "oauth2"
    API_KEY = "api_key"
    ACCESS_KEY_SECRET = "access_key_secret"


@dataclass(frozen=True)
class OAuthEndpoints:
    """Where a provider's OAuth lives; paths join the (overridable) OAuth base URL."""

    base_url: str
    authorize_path: str
    token_path: str
    client_auth: str = "body"  # "body": client_id/secret in the form; "basic": HTTP Basic
    pkce: bool = False
    default_scopes: tuple[str, ...] = ()
    scope_separator: str = " "


@dataclass(frozen=True)
class ProviderInfo:
    name: str
    category: Category
    auth_type: AuthType
    api_base_url: str = ""
    oauth: OAuthEndpoints | None = None
    display_name: str = ""
    website: str = ""

    @property
    def title(self) -> str:
        return self.display_name or self.name.replace("_", " ").title()

    @property
    def unified_api(self) -> str:
        """The Vault's name for the provider's family of APIs (its Management API category)."""
        return self.category.value


_PROVIDERS = [
    ProviderInfo(
        "hubspot", Category.CRM, AuthType.OAUTH2, "https://api.hubapi.com",
        OAuthEndpoints(
            "https://api.hubapi.com", "/oauth/authorize", "/oauth/v1/token", pkce=False,
            default_scopes=("oauth", "crm.objects.contacts.read", "crm.objects.companies.read", "crm.objects.deals.read",
                            "crm.objects.owners.read"),
        ),
    ),
    ProviderInfo(
        "salesforce", Category.CRM, AuthType.OAUTH2, "",  # the API lives on each customer's instance_url
        OAuthEndpoints(
            "https://login.salesforce.com", "/services/oauth2/authorize", "/services/oauth2/token", pkce=True,
            default_scopes=("api", "refresh_token"),
        ),
    ),
    ProviderInfo(
        "pipedrive", Category.CRM, AuthType.OAUTH2, "https://api.pipedrive.com",
        OAuthEndpoints("https://oauth.pipedrive.com", "/oauth/authorize", "/oauth/token", client_auth="basic"),
    ),
    ProviderInfo("zendesk_sell", Category.CRM, AuthType.OAUTH2),
    ProviderInfo("ms_dynamics_365_sales", Category.CRM, AuthType.OAUTH2),
    ProviderInfo("zoho_crm", Category.CRM, AuthType.OAUTH2),
    ProviderInfo("capsule", Category.CRM, AuthType.OAUTH2),
    ProviderInfo("outreach", Category.ENGAGEMENT, AuthType.OAUTH2),
    ProviderInfo("salesloft", Category.ENGAGEMENT, AuthType.OAUTH2),
    ProviderInfo("apollo", Category.ENGAGEMENT, AuthType.API_KEY),
    ProviderInfo("gong", Category.NO_CATEGORY, AuthType.ACCESS_KEY_SECRET),
    ProviderInfo("intercom", Category.NO_CATEGORY, AuthType.OAUTH2),
    ProviderInfo("linear", Category.NO_CATEGORY, AuthType.OAUTH2),
    ProviderInfo("slack", Category.NO_CATEGORY, AuthType.OAUTH2),
    ProviderInfo("clearbit", Category.ENRICHMENT, AuthType.API_KEY),
    ProviderInfo("6sense", Category.ENRICHMENT, AuthType.API_KEY),
    ProviderInfo("marketo", Category.MARKETING_AUTOMATION, AuthType.OAUTH2),
    ProviderInfo("salesforce_marketing_cloud_account_engagement", Category.MARKETING_AUTOMATION, AuthType.OAUTH2),
]

PROVIDERS: dict[str, ProviderInfo] = {p.name: p for p in _PROVIDERS}

ProviderName = StrEnum("ProviderName", {p.name.upper() if p.name[0].isalpha() else "SIXSENSE": p.name for p in _PROVIDERS})

# Request bodies are validated strictly, where only Literal types accept plain strings.
ProviderNameLiteral = Literal[tuple(PROVIDERS)]  # type: ignore[valid-type]
CategoryLiteral = Literal[tuple(c.value for c in Category)]  # type: ignore[valid-type]
AuthTypeLiteral = Literal[tuple(a.value for a in AuthType)]  # type: ignore[valid-type]
