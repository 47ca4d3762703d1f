"""The custom-field readers the provider folders declare, driven by a get_json that answers as the
providers' documentation says (the Vault tests run them against the emulators)."""

from __future__ import annotations

from glue_providers.hubspot.custom_fields import custom_fields as hubspot_fields
from glue_providers.pipedrive.custom_fields import MAX_PAGES
from glue_providers.pipedrive.custom_fields import custom_fields as pipedrive_fields

HASH = "d4de6ed6fb8e8a5a6a7e3f4c4d5e6f708192a3b4"


class Pages:
    """Answers Pipedrive's field list in pages of two, recording what was asked."""

    def __init__(self, fields: list[dict], endless: bool = False):
        self.fields = fields
        self.endless = endless
        self.asked: list[tuple[str, dict]] = []

    def __call__(self, path: str, **params) -> dict:
        self.asked.append((path, params))
        start = params["start"]
        page = self.fields[start:start + 2]
        more = self.endless or start + 2 < len(self.fields)
        pagination = {"start": start, "limit": 2, "more_items_in_collection": more}
        if more:
            pagination["next_start"] = start + 2
        return {"success": True, "data": page, "additional_data": {"pagination": pagination}}


def test_pipedrive_follows_the_pages_and_keeps_the_editable_fields():
    fields = [{"key": "name", "name": "Name", "edit_flag": False},
              {"key": HASH, "name": "Tier", "edit_flag": True},
              {"key": "owner_id", "name": "Owner", "edit_flag": False},
              {"key": HASH[::-1], "name": "", "edit_flag": True},
              {"name": "no key", "edit_flag": True}]
    pages = Pages(fields)

    found = pipedrive_fields(pages, "persons")

    assert found == [
        {"id": HASH, "name": "Tier", "description": None, "finder": f"$.custom_fields.{HASH}"},
        {"id": HASH[::-1], "name": HASH[::-1], "description": None, "finder": f"$.custom_fields.{HASH[::-1]}"}]
    assert [params["start"] for _, params in pages.asked] == [0, 2, 4]
    assert {path for path, _ in pages.asked} == {"/v1/personFields"}


def test_pipedrive_leads_read_the_deal_fields_and_users_have_none():
    pages = Pages([{"key": HASH, "name": "Tier", "edit_flag": True}])

    assert pipedrive_fields(pages, "leads")[0]["finder"] == f"$.{HASH}"
    assert pages.asked[0][0] == "/v1/dealFields"
    assert pipedrive_fields(pages, "users") == [] and len(pages.asked) == 1


def test_a_list_that_never_ends_is_read_a_bounded_number_of_pages():
    pages = Pages([], endless=True)

    assert pipedrive_fields(pages, "deals") == []
    assert len(pages.asked) == MAX_PAGES


def test_hubspot_keeps_the_properties_hubspot_did_not_define():
    answer = {"results": [{"name": "email", "label": "Email", "hubspotDefined": True},
                          {"name": "tier", "label": "Tier", "description": "", "hubspotDefined": False},
                          {"name": "legacy", "label": "Legacy"}]}

    assert hubspot_fields(lambda path: answer, "contacts") == [
        {"id": "tier", "name": "Tier", "description": None, "finder": "$.properties.tier"}]
    assert hubspot_fields(lambda path: answer, "owners") == []


def test_outreach_lists_the_custom_attributes_of_prospects_and_accounts_only():
    from glue_providers.outreach.custom_fields import custom_fields as outreach_fields

    asked = []

    def get_json(path, **params):
        asked.append((path, params))
        return {"data": [{"type": "prospect", "id": 1, "attributes": {"custom1": "x", "custom151": None,
                                                                      "customer": "not one", "name": "Ada"}}]}

    prospects = outreach_fields(get_json, "prospects")
    assert asked == [("/api/v2/prospects", {"page[size]": 1, "count": "false"})]
    assert [f["id"] for f in prospects] == [f"custom{n}" for n in range(1, 152)]  # the reference's 150 and one more
    assert prospects[41] == {"id": "custom42", "name": "Custom 42", "description": None,
                             "finder": "$.attributes.custom42"}
    assert len(outreach_fields(lambda path, **params: {"data": []}, "accounts")) == 150
    assert outreach_fields(get_json, "sequences") == [] and len(asked) == 1
