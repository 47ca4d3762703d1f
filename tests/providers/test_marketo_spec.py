"""Where a Marketo connection's API lives: the instance its Munchkin account ID names, and only on Marketo's
domain (a value that would point elsewhere is refused by the egress guard before any call)."""

from __future__ import annotations

import pytest

from glue_api.config import Settings
from glue_api.tokens.endpoints import api_base_url
from glue_providers import registry
from glue_providers.egress import EgressRefused
from glue_providers.marketo.instance import instance_url
from glue_providers.spec import AuthType


def test_the_munchkin_account_id_names_the_instance(tmp_path):
    spec = registry.get("marketo")
    assert spec.auth_type == AuthType.CLIENT_CREDENTIALS and spec.oauth_grant_type == "client_credentials"
    assert spec.vault_auth_type == "oauth2" and not spec.uses_oauth
    assert spec.api_base({"munchkin_id": "123-ABC-456"}) == "https://123-ABC-456.mktorest.com"
    settings = Settings(home=tmp_path)
    assert api_base_url(settings, "marketo", credentials={"munchkin_id": "123-abc-456"}) == \
        "https://123-abc-456.mktorest.com"
    assert instance_url(" 123-abc-456 ") == "https://123-ABC-456.mktorest.com"


@pytest.mark.parametrize("munchkin_id", ["evil.example.com/", "x@evil.example.com#", "evil.example.com?"])
def test_a_munchkin_id_that_points_elsewhere_is_refused(tmp_path, munchkin_id):
    with pytest.raises(EgressRefused):
        api_base_url(Settings(home=tmp_path), "marketo", credentials={"munchkin_id": munchkin_id})
    with pytest.raises(ValueError):
        instance_url(munchkin_id)
