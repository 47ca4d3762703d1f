"""Salesforce Marketing Cloud Account Engagement (formerly Pardot): Salesforce OAuth (the same login as Glue's
Salesforce provider, with the ``pardot_api`` scope) plus the business unit the customer names, sent as the
``Pardot-Business-Unit-Id`` header on every API v5 request. Its dlt source is in source/; what comes from the
reference and what from memory is said in api.py.

The business unit id is asked for on the connect page before Salesforce's consent page (``consent_fields``),
since no token answer names it. Account Engagement reports no usage figures in its answers, so Glue does not
offer its rate-limit info.
"""

from glue_providers.salesforce import SPEC as _SALESFORCE
from glue_providers.salesforce_marketing_cloud_account_engagement.api import (
    BUSINESS_UNIT_HEADER, BUSINESS_UNIT_PATTERN, BUSINESS_UNIT_SETTING, FULL_ONLY, OBJECTS,
)
from glue_providers.salesforce_marketing_cloud_account_engagement.vault_examples import RESOURCES
from glue_providers.spec import AuthType, Capability, Category, Emulator, FormField, OAuth, ProviderSpec

_LOGIN = _SALESFORCE.oauth

SPEC = ProviderSpec(
    "salesforce_marketing_cloud_account_engagement", Category.MARKETING_AUTOMATION, AuthType.OAUTH2,
    display_name="Salesforce Marketing Cloud Account Engagement",
    website="https://www.salesforce.com/marketing/b2b-automation/",
    tag_line="B2B marketing automation (formerly Pardot).",
    # Salesforce's own OAuth endpoints and revocation; the Authentication page asks for the pardot_api scope.
    oauth=OAuth(
        _LOGIN.base_url, _LOGIN.authorize_path, _LOGIN.token_path, pkce=_LOGIN.pkce,
        default_scopes=("pardot_api", "refresh_token"), revoke_path=_LOGIN.revoke_path,
        consent_fields=(BUSINESS_UNIT_SETTING,),  # no sandbox login: Glue does not read pi.demo.pardot.com yet
    ),
    form_fields=(
        FormField(BUSINESS_UNIT_SETTING, "Business unit ID", required=True, placeholder="0Uv000000000000AAA",
                  pattern=BUSINESS_UNIT_PATTERN.pattern,
                  description="In Salesforce Setup, search for Business Unit Setup: 18 characters beginning "
                              "with 0Uv."),
    ),
    # Production accounts. Developer orgs and sandboxes are on https://pi.demo.pardot.com, which Glue does not
    # choose yet (an operator's base URL override moves the OAuth endpoints too, so it is no way there).
    api_base_url="https://pi.pardot.com",
    setting_headers=((BUSINESS_UNIT_HEADER, BUSINESS_UNIT_SETTING),),
    objects=OBJECTS,
    full_only_objects=FULL_ONLY,
    source="glue_providers.salesforce_marketing_cloud_account_engagement.source:build_source",
    capabilities=frozenset({Capability.CUSTOM_FIELDS}),
    custom_fields="glue_providers.salesforce_marketing_cloud_account_engagement.custom_fields:custom_fields",
    vault_resources=RESOURCES,
    emulator=Emulator("glue_emulators.pardot:create_emulator",
                      data={"prospects": 500, "visitors": 300, "visitor_activity": 800, "campaigns": 12,
                            "forms": 20}),
)
