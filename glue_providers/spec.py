"""ProviderSpec: everything Glue knows about one provider, declared once in its folder.

Identity and category, how a customer authenticates (OAuth endpoints and quirks, or
the key fields and how to check them), where its API lives for a connection, which
hosts a tenant may supply for it, what the engine syncs from it, what the Vault
shows of its records, and which emulator stands in for it offline.

Heavy parts are named, not imported: a source builder or an emulator factory is a
``"module:function"`` string resolved on use, so declaring a provider never imports
dlt or the emulators (which are not part of the runtime package).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Literal

from glue_providers.resources import ProviderResource


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
    # OAuth's client_credentials grant: the customer's own client id and secret, exchanged by Glue for
    # short-lived access tokens at the customer's instance (Marketo). No consent page, no refresh token.
    CLIENT_CREDENTIALS = "client_credentials"


class Capability(StrEnum):
    """Provider-info operations Glue can answer for a provider beyond syncing."""

    RATE_LIMIT_INFO = "rate_limit_info"
    PROVIDER_USER_ID = "provider_user_id"
    CUSTOM_FIELDS = "custom_fields"


# The Vault's unified API (Apideck's UnifiedApiId) a category's providers belong to: the Vault has no
# engagement, enrichment or marketing-automation family, so each goes where its records fit best (sales
# engagement tools hold accounts and contacts; enrichment answers lookups about leads). Providers without a
# category name their own family (``vault_unified_api``).
VAULT_UNIFIED_APIS = {
    Category.CRM: "crm",
    Category.ENGAGEMENT: "crm",
    Category.ENRICHMENT: "lead",
    Category.MARKETING_AUTOMATION: "email-marketing",
}

# How the Vault names each way of authenticating.
VAULT_AUTH_TYPES = {AuthType.OAUTH2: "oauth2", AuthType.API_KEY: "apiKey", AuthType.ACCESS_KEY_SECRET: "basic",
                    AuthType.CLIENT_CREDENTIALS: "oauth2"}

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
    # A regular expression a non-empty value must match whole (Account Engagement's 0Uv... business unit id).
    pattern: str = ""

    def matches(self, value: str) -> bool:
        return not self.pattern or re.fullmatch(self.pattern, value) is not None


API_KEY_FIELD = FormField("api_key", "API key", required=True, sensitive=True)


@dataclass(frozen=True)
class OAuth:
    """Where a provider's OAuth lives and how it behaves; paths join the (overridable) OAuth base URL."""

    base_url: str
    authorize_path: str
    token_path: str
    client_auth: Literal["body", "basic"] = "body"  # client id/secret in the form, or as HTTP Basic
    pkce: bool = False
    default_scopes: tuple[str, ...] = ()
    scope_separator: str = " "
    # Where the consent page lives when it is not on base_url (HubSpot's is on app.hubspot.com).
    authorize_base_url: str = ""
    # Token revocation: "POST" sends an RFC 7009 form (token=...), or puts the token in the path's {token} when it
    # has one (Zoho's ?token=); "DELETE" puts the token in the path's {token}.
    revoke_path: str = ""
    revoke_method: Literal["POST", "DELETE"] = "POST"
    # Error codes of a token answer meaning the grant is dead for good (RFC 6749 says invalid_grant).
    refused_grant_codes: tuple[str, ...] = ("invalid_grant",)
    # Where a sandbox (test) account signs in, when the provider has a separate one.
    sandbox_login_url: str = ""
    # Form fields the customer fills in before the consent page, because the request names them
    # (Dynamics' organisation URL, which ``{instance_url}`` in ``default_scopes`` stands for).
    consent_fields: tuple[str, ...] = ()
    # The token endpoint wants the scopes again on a refresh (Microsoft's identity platform).
    refresh_scopes: bool = False
    # False: access tokens never expire and no refresh token is issued (Intercom); a refused token pauses syncs.
    refresh_tokens: bool = True
    # The grant's parameters go in the token request's query string, not a form body (Gong's
    # generate-customer-token).
    grant_in_query: bool = False
    # Fixed parameters the consent URL carries besides the standard ones (Zoho's access_type=offline).
    authorize_params: tuple[tuple[str, str], ...] = ()
    # The callback parameter naming the server that issued the code (Zoho's ``accounts-server``, one per data
    # centre): token, refresh and revocation requests then go there (checked against ``tenant_hosts``).
    accounts_server_param: str = ""

    def scopes_for(self, scopes: tuple[str, ...] | list[str], instance_url: str) -> list[str]:
        """``scopes`` with ``{instance_url}`` replaced by the connection's own URL (its origin, no slash)."""
        url = instance_url.rstrip("/")
        if not url and any("{instance_url}" in scope for scope in scopes):
            raise ValueError("the connection has no instance URL for its scopes")
        return [scope.replace("{instance_url}", url) for scope in scopes]


@dataclass(frozen=True)
class Emulator:
    """The offline stand-in: ``factory`` ("module:function") is called with ``data`` (what it serves:
    records per object, or the keys it accepts). ``sandbox_port``: its fixed port in the sandbox (0: not in it)."""

    factory: str
    data: Any = None
    sandbox_port: int = 0

    def create(self):
        factory = resolve(self.factory)
        return factory() if self.data is None else factory(self.data)


@dataclass(frozen=True)
class RateWindowHeaders:
    """One rate window a provider reports in its answers' headers. ``window`` is the Supaglue name it is
    reported under: ``daily``, ``hourly``, or any other name (reported under ``other``)."""

    window: str
    limit: str  # header names, matched case-insensitively
    remaining: str
    reset_after: str = ""  # seconds until the window resets; empty: a sliding window
    reset_at: str = ""  # or: the Unix time (seconds) the window resets at (Outreach's x-ratelimit-reset)
    reset_at_ms: str = ""  # or: the Unix time in milliseconds (Linear's x-ratelimit-*-reset)
    # The documented limit, for a provider that reports only what remains (Salesloft's 600 cost a minute,
    # which Salesloft may raise for a team: a larger remaining figure wins). Used when ``limit`` is empty.
    known_limit: int = 0


@dataclass(frozen=True)
class RateLimitReport:
    """How Glue reads a connection's rate-limit figures: one cheap authenticated GET of ``path`` (joined to the
    connection's API base), whose answer carries them in headers (``windows``) and/or in its body
    (``from_body``: "module:function", the JSON body to Supaglue's rate_limit_info). A GraphQL API is read by
    POSTing ``graphql_query`` to ``path`` instead."""

    path: str
    windows: tuple[RateWindowHeaders, ...] = ()
    from_body: str = ""
    graphql_query: str = ""


# (credentials, base_url, objects, modified_since, options) -> dlt source; options: {"associations": {...}}.
SourceBuilder = Callable[[dict, str, list, dict, dict], Any]
# (get_json, resource) -> custom fields as the Vault lists them ({id, name, description, finder}); get_json(path,
# **params) GETs a path under the connection's API base with its credentials and returns the JSON object answered.
CustomFieldsReader = Callable[[Callable[..., dict], str], list[dict]]
# (get_json, credentials) -> Supaglue's provider user: {user_id, raw_details, additional_raw_details?}; a GraphQL
# API's reader POSTs with get_json.post(path, body).
UserLookup = Callable[[Callable[..., dict], dict], dict]
# (base_url, credentials, get) -> None, raising CredentialsRejected / ProviderUnreachable (glue_providers.checks).
CredentialCheck = Callable[[str, dict, Callable[..., Any]], None]


@dataclass(frozen=True)
class ProviderSpec:
    """One provider, as its folder declares it (``glue_providers/<folder>/__init__.py`` exports ``SPEC``).

    Only identity, category and auth are required: such a provider is listed and connectable, and
    the registry says it cannot sync until it has ``objects`` and a ``source``.
    """

    name: str  # as the APIs spell it ("6sense"), not necessarily the folder's name
    category: Category
    auth_type: AuthType
    display_name: str = ""
    website: str = ""
    tag_line: str = ""
    oauth: OAuth | None = None
    form_fields: tuple[FormField, ...] = ()
    key_guide: str = ""  # where a customer finds the key a key-based provider asks for (hosted pages)
    credential_check: CredentialCheck | None = None  # one cheap authenticated read that tells a good key

    # Where the API lives: ``api_base_url``, unless one of ``api_base_from`` (keys of the connection's
    # credentials, first match wins) names the account's own host (Salesforce's instance_url).
    api_base_url: str = ""
    api_base_from: tuple[str, ...] = ()
    # Or a URL with one ``{credential}`` the customer typed in, e.g. Marketo's "https://{munchkin_id}.mktorest.com"
    # (the result is a tenant-supplied address: it must fall within ``tenant_hosts``).
    api_base_template: str = ""
    # Host suffixes a tenant- or consumer-supplied URL may have (".salesforce.com"); empty: the base is fixed.
    tenant_hosts: tuple[str, ...] = ()

    objects: tuple[str, ...] = ()  # standard objects, named as the provider does (case-sensitive)
    # Objects the provider's API cannot filter by time: every run reads them in full (and flags deletions).
    full_only_objects: frozenset[str] = frozenset()
    custom_objects: bool = False
    source: str = ""  # "module:function", a SourceBuilder
    capabilities: frozenset[Capability] = frozenset()
    # How the rate-limit figures are read (with Capability.RATE_LIMIT_INFO).
    rate_limits: RateLimitReport | None = None
    # "module:function", a CustomFieldsReader (with Capability.CUSTOM_FIELDS).
    custom_fields: str = ""
    # "module:function", a UserLookup (with Capability.PROVIDER_USER_ID).
    user_lookup: str = ""
    # The header an API-key provider's requests carry the key in; empty: ``Authorization: Bearer <key>``.
    api_key_header: str = ""
    # The scheme an OAuth access token is sent with (``Authorization: <scheme> <token>``; Zoho's Zoho-oauthtoken).
    access_token_scheme: str = "Bearer"
    # Headers every API request carries from the connection's settings besides its credentials, as
    # (header, form field id): Account Engagement's Pardot-Business-Unit-Id from the business_unit_id setting.
    setting_headers: tuple[tuple[str, str], ...] = ()
    # "module:attribute", a dict of common object -> CommonMapping (glue_providers.common.mapping): the
    # category's common objects this provider's records are mapped to.
    common_models: str = ""
    vault_unified_api: str = ""  # its Vault family when its category has none (see VAULT_UNIFIED_APIS)
    vault_resources: tuple[ProviderResource, ...] = ()  # what the Vault shows of its records
    emulator: Emulator | None = None
    # AuthType.CLIENT_CREDENTIALS: where the connection's instance issues tokens, joined to its API base
    # (the client id, secret and grant go as query parameters, as Marketo's identity endpoint documents).
    client_credentials_token_path: str = ""

    @property
    def title(self) -> str:
        return self.display_name or self.name.replace("_", " ").title()

    @property
    def unified_api(self) -> str:
        """The Vault's name for the provider's family of APIs: one of Apideck's UnifiedApiId values, so
        that connections, resource examples and sessions limited to ``unified_apis`` speak the Vault's words."""
        return self.vault_unified_api or VAULT_UNIFIED_APIS[self.category]

    @property
    def vault_auth_type(self) -> str:
        return VAULT_AUTH_TYPES[self.auth_type]

    @property
    def oauth_grant_type(self) -> str | None:
        """Browser OAuth providers use the authorization code; client-credentials ones the grant of that name."""
        if self.auth_type == AuthType.CLIENT_CREDENTIALS:
            return "client_credentials"
        return "authorization_code" if self.auth_type == AuthType.OAUTH2 else None

    @property
    def uses_oauth(self) -> bool:
        return self.auth_type == AuthType.OAUTH2

    @property
    def auth_types(self) -> tuple[AuthType, ...]:
        """The ways an application may have its customers connect: the provider's own, and OAuth too where a
        key-based provider also authorizes apps (Gong: a key pair, or its OAuth app flow)."""
        if self.oauth is not None and self.auth_type != AuthType.OAUTH2:
            return (self.auth_type, AuthType.OAUTH2)
        return (self.auth_type,)

    @property
    def management_auth_types(self) -> list[str]:
        """``auth_types`` as the Management API names them (it has no client-credentials type: Marketo is oauth2)."""
        return [AuthType.OAUTH2.value if t == AuthType.CLIENT_CREDENTIALS else t.value for t in self.auth_types]

    def connected_by(self, auth_type: str | None) -> ProviderSpec:
        """The provider as an application that chose ``auth_type`` offers it: for Gong by OAuth, an OAuth
        provider without key fields. Any other choice (or none) leaves the spec as declared."""
        if auth_type is None or auth_type == self.auth_type or auth_type not in self.auth_types:
            return self
        return replace(self, auth_type=AuthType(auth_type), form_fields=(), key_guide="", credential_check=None)

    @property
    def syncable(self) -> bool:
        """Glue can run syncs for it: it has a source and objects to read."""
        return bool(self.source and self.objects)

    def common_mappings(self) -> dict:
        """Common object -> CommonMapping, for the common objects this provider has (none: {})."""
        return resolve(self.common_models) if self.common_models else {}

    def form_field(self, field_id: str) -> FormField | None:
        return next((f for f in self.form_fields if f.id == field_id), None)

    def supports(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def api_base(self, credentials: Mapping[str, Any]) -> str:
        """The one rule for where a connection's API lives: its own host where the provider gives one
        (see ``api_base_from``), the provider's fixed base otherwise."""
        for key in self.api_base_from:
            value = credentials.get(key)
            if isinstance(value, str) and value:
                return value.rstrip("/")
        if self.api_base_template:
            key = self.api_base_template.split("{", 1)[1].split("}", 1)[0]
            value = credentials.get(key)
            if isinstance(value, str) and value.strip():
                return self.api_base_template.replace("{" + key + "}", value.strip()).rstrip("/")
        return self.api_base_url.rstrip("/")

    def build_source(self, credentials: dict, base_url: str, objects: list[str], modified_since: dict,
                     options: dict | None = None):
        if not self.source:
            raise LookupError(f"Glue has no source for {self.title}.")
        return resolve(self.source)(credentials, base_url, objects, modified_since, options or {})


def resolve(reference: str) -> Any:
    """``"package.module:attribute"`` to the attribute, importing the module now."""
    module_name, _, attribute = reference.partition(":")
    if not module_name or not attribute:
        raise ValueError(f"{reference!r} is not of the form 'module:attribute'")
    return getattr(importlib.import_module(module_name), attribute)
