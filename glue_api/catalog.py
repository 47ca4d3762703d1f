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
    # Where the consent page lives when it is not on base_url (HubSpot's is on app.hubspot.com).
    authorize_base_url: str = ""
    # Token revocation: "POST" sends an RFC 7009 form (token=...); "DELETE" puts the token in the path's {token}.
    revoke_path: str = ""
    revoke_method: str = "POST"


FormFieldType = Literal[
    "text", "checkbox", "tel", "email", "url", "textarea", "select", "filtered-select", "multi-select", "datetime",
    "date", "time", "number",
]


@dataclass(frozen=True)
class FormField:
    """A setting a customer fills in on a connection (the Vault's FormField).

    Sensitive settings are sealed with the connection's credentials and only ever shown masked.
    """

    id: str
    label: str
    type: FormFieldType = "text"
    required: bool = False
    sensitive: bool = False
    placeholder: str = ""
    description: str = ""


# How the Vault names each way of authenticating.
VAULT_AUTH_TYPES = {AuthType.OAUTH2: "oauth2", AuthType.API_KEY: "apiKey", AuthType.ACCESS_KEY_SECRET: "basic"}


@dataclass(frozen=True)
class ProviderInfo:
    name: str
    category: Category
    auth_type: AuthType
    api_base_url: str = ""
    oauth: OAuthEndpoints | None = None
    display_name: str = ""
    website: str = ""
    tag_line: str = ""
    form_fields: tuple[FormField, ...] = ()
    # Where a customer finds the key a key-based connector asks for (shown on the hosted pages).
    key_guide: str = ""
    # Domains a tenant-supplied or token-answer URL (instance, login, API domain) may be on, as suffixes.
    tenant_hosts: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.display_name or self.name.replace("_", " ").title()

    @property
    def unified_api(self) -> str:
        """The Vault's name for the provider's family of APIs (its Management API category)."""
        return self.category.value

    @property
    def vault_auth_type(self) -> str:
        return VAULT_AUTH_TYPES[self.auth_type]

    @property
    def oauth_grant_type(self) -> str | None:
        """Every OAuth provider Glue knows lets the customer authorize in the browser."""
        return "authorization_code" if self.auth_type == AuthType.OAUTH2 else None

    def form_field(self, field_id: str) -> FormField | None:
        return next((f for f in self.form_fields if f.id == field_id), None)


_API_KEY = FormField("api_key", "API key", required=True, sensitive=True)

_PROVIDERS = [
    ProviderInfo(
        "hubspot", Category.CRM, AuthType.OAUTH2, "https://api.hubapi.com",
        OAuthEndpoints(
            "https://api.hubapi.com", "/oauth/authorize", "/oauth/v1/token", pkce=False,
            default_scopes=("oauth", "crm.objects.contacts.read", "crm.objects.companies.read", "crm.objects.deals.read",
                            "crm.objects.owners.read"),
            revoke_path="/oauth/v1/refresh-tokens/{token}", revoke_method="DELETE",
        ),
        display_name="HubSpot", website="https://www.hubspot.com",
        tag_line="CRM, marketing, sales and service software for growing companies.",
    ),
    ProviderInfo(
        "salesforce", Category.CRM, AuthType.OAUTH2, "",  # the API lives on each customer's instance_url
        OAuthEndpoints(
            "https://login.salesforce.com", "/services/oauth2/authorize", "/services/oauth2/token", pkce=True,
            default_scopes=("api", "refresh_token"), revoke_path="/services/oauth2/revoke",
        ),
        display_name="Salesforce", website="https://www.salesforce.com",
        tag_line="The customer platform behind Sales Cloud, Service Cloud and more.",
        form_fields=(
            FormField("instance_url", "Instance URL", "url", placeholder="https://yourcompany.my.salesforce.com",
                      description="Your org's own URL; filled in when you authorize."),
            FormField("login_url", "Login URL", "url", placeholder="https://login.salesforce.com",
                      description="Where to sign in: https://test.salesforce.com for a sandbox org."),
        ),
        # Salesforce's own domains: login/test, My Domain (*.my.salesforce.com), instances, Visualforce, Database.com
        tenant_hosts=(".salesforce.com", ".force.com", ".cloudforce.com", ".database.com"),
    ),
    ProviderInfo(
        "pipedrive", Category.CRM, AuthType.OAUTH2, "https://api.pipedrive.com",
        OAuthEndpoints("https://oauth.pipedrive.com", "/oauth/authorize", "/oauth/token", client_auth="basic",
                       revoke_path="/oauth/revoke"),
        display_name="Pipedrive", website="https://www.pipedrive.com",
        tag_line="A pipeline-first CRM for small sales teams.",
        tenant_hosts=(".pipedrive.com",),  # the token answer's api_domain: https://<company>.pipedrive.com
    ),
    ProviderInfo("zendesk_sell", Category.CRM, AuthType.OAUTH2, display_name="Zendesk Sell",
                 website="https://www.zendesk.com/sell/", tag_line="Sales CRM from Zendesk."),
    ProviderInfo("ms_dynamics_365_sales", Category.CRM, AuthType.OAUTH2, display_name="Microsoft Dynamics 365 Sales",
                 website="https://dynamics.microsoft.com/sales/", tag_line="Microsoft's CRM for sales teams."),
    ProviderInfo("zoho_crm", Category.CRM, AuthType.OAUTH2, display_name="Zoho CRM",
                 website="https://www.zoho.com/crm/", tag_line="Zoho's customer relationship management suite."),
    ProviderInfo("capsule", Category.CRM, AuthType.OAUTH2, display_name="Capsule",
                 website="https://capsulecrm.com", tag_line="A simple CRM for small businesses."),
    ProviderInfo("outreach", Category.ENGAGEMENT, AuthType.OAUTH2, display_name="Outreach",
                 website="https://www.outreach.io", tag_line="Sales engagement: sequences, calls and email."),
    ProviderInfo("salesloft", Category.ENGAGEMENT, AuthType.OAUTH2, display_name="Salesloft",
                 website="https://www.salesloft.com", tag_line="Sales engagement: cadences and conversations."),
    ProviderInfo("apollo", Category.ENGAGEMENT, AuthType.API_KEY, "https://api.apollo.io", display_name="Apollo",
                 website="https://www.apollo.io", tag_line="Prospecting data and sales engagement.",
                 form_fields=(_API_KEY,),
                 key_guide="In Apollo, open Settings, then Integrations, then API, and create an API key."),
    ProviderInfo("gong", Category.NO_CATEGORY, AuthType.ACCESS_KEY_SECRET, "https://api.gong.io", display_name="Gong",
                 website="https://www.gong.io", tag_line="Revenue intelligence from customer conversations.",
                 form_fields=(FormField("access_key", "Access key", required=True, sensitive=True),
                              FormField("access_key_secret", "Access key secret", required=True, sensitive=True)),
                 key_guide="In Gong, a technical administrator opens Admin center, then Settings, then Ecosystem, "
                           "then API, and chooses Get API key: it shows the access key and its secret once."),
    ProviderInfo("intercom", Category.NO_CATEGORY, AuthType.OAUTH2, display_name="Intercom",
                 website="https://www.intercom.com", tag_line="Customer messaging and support."),
    ProviderInfo("linear", Category.NO_CATEGORY, AuthType.OAUTH2, display_name="Linear",
                 website="https://linear.app", tag_line="Issue tracking for software teams."),
    ProviderInfo("slack", Category.NO_CATEGORY, AuthType.OAUTH2, display_name="Slack",
                 website="https://slack.com", tag_line="Team messaging."),
    ProviderInfo("clearbit", Category.ENRICHMENT, AuthType.API_KEY, display_name="Clearbit",
                 website="https://clearbit.com", tag_line="Company and contact enrichment.", form_fields=(_API_KEY,)),
    ProviderInfo("6sense", Category.ENRICHMENT, AuthType.API_KEY, display_name="6sense",
                 website="https://6sense.com", tag_line="Account intelligence and intent data.",
                 form_fields=(_API_KEY,)),
    ProviderInfo("marketo", Category.MARKETING_AUTOMATION, AuthType.OAUTH2, display_name="Marketo",
                 website="https://business.adobe.com/products/marketo.html",
                 tag_line="Marketing automation from Adobe."),
    ProviderInfo("salesforce_marketing_cloud_account_engagement", Category.MARKETING_AUTOMATION, AuthType.OAUTH2,
                 display_name="Salesforce Marketing Cloud Account Engagement",
                 website="https://www.salesforce.com/marketing/b2b-automation/",
                 tag_line="B2B marketing automation (formerly Pardot)."),
]

PROVIDERS: dict[str, ProviderInfo] = {p.name: p for p in _PROVIDERS}

ProviderName = StrEnum("ProviderName", {p.name.upper() if p.name[0].isalpha() else "SIXSENSE": p.name for p in _PROVIDERS})

# Request bodies are validated strictly, where only Literal types accept plain strings.
ProviderNameLiteral = Literal[tuple(PROVIDERS)]  # type: ignore[valid-type]
CategoryLiteral = Literal[tuple(c.value for c in Category)]  # type: ignore[valid-type]
AuthTypeLiteral = Literal[tuple(a.value for a in AuthType)]  # type: ignore[valid-type]
