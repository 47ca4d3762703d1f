"""The conversions several providers' mappings share: lifecycle stages, opportunity status, names."""

from __future__ import annotations

from glue_providers.common import values


def test_lifecycle_stage_keeps_supaglues_stages_and_calls_any_other_stage_other():
    assert values.lifecycle_stage("marketingqualifiedlead") == "marketingqualifiedlead"
    assert values.lifecycle_stage("Customer") == "customer"
    assert values.lifecycle_stage("1024857") == "other"  # a stage the account defined itself
    assert values.lifecycle_stage("") is None and values.lifecycle_stage(None) is None


def test_opportunity_status_from_closed_and_won_flags():
    assert values.opportunity_status(True, True) == "WON"
    assert values.opportunity_status("true", "false") == "LOST"
    assert values.opportunity_status(False, False) == "OPEN"
    assert values.opportunity_status(None, None) is None


def test_full_name_leaves_out_empty_parts():
    assert values.full_name("Ada", "Lovelace") == "Ada Lovelace"
    assert values.full_name("", "Lovelace") == "Lovelace"
    assert values.full_name(None, None) is None
