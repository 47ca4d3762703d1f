"""_provider_user_id (HubSpot) and _rate_limit_info (Salesforce), answered live by the provider."""

from tests.pipelines.scenario import connect


def test_hubspot_provider_user_id(glue, emulators, warehouse_url):
    emulated = emulators("hubspot", {"contacts": 5, "owners": 3})
    connect(glue, emulated, warehouse_url)
    response = glue.mgmt.get("/customers/c1/connections/_provider_user_id", params={"provider_name": "hubspot"})
    assert response.status_code == 200
    body = response.json()
    owner = body["additional_raw_details"]
    assert body["user_id"] == str(owner["id"])
    assert owner["email"] == body["raw_details"]["user"]
    assert "token" not in body["raw_details"]


def test_salesforce_rate_limit_info(glue, emulators, warehouse_url):
    emulated = emulators("salesforce", {"Contact": 5, "Account": 2})
    connect(glue, emulated, warehouse_url)
    first = glue.mgmt.get("/customers/c1/connections/salesforce/_rate_limit_info").json()
    second = glue.mgmt.get("/customers/c1/connections/salesforce/_rate_limit_info").json()
    assert first["daily"]["limit"] > 0
    assert second["daily"]["remaining"] < first["daily"]["remaining"]  # each call spends the allowance


def test_providers_without_the_lookup_answer_501(glue, emulators, warehouse_url):
    emulated = emulators("pipedrive", {"persons": 5, "organizations": 2})
    connect(glue, emulated, warehouse_url)
    # The spec lists only 200 for this operation: read the error without the spec check.
    response = glue.mgmt.client.get("/mgmt/v2/customers/c1/connections/pipedrive/_rate_limit_info",
                                    headers={"x-api-key": glue.mgmt.api_key})
    assert response.status_code == 501
    assert response.json()["errors"][0]["code"] == "NOT_IMPLEMENTED"


def test_token_refreshes_are_logged_as_calls_on_the_customers_behalf(glue, emulators, warehouse_url):
    from sqlalchemy import select

    from glue_api.models import RequestLog

    emulated = emulators("salesforce", {"Contact": 5, "Account": 2})
    connect(glue, emulated, warehouse_url)
    assert glue.mgmt.get("/customers/c1/connections/salesforce/_rate_limit_info").status_code == 200
    with glue.store.session_factory() as session:
        calls = session.execute(select(RequestLog).where(RequestLog.api == "provider")).scalars().all()
    assert [(c.operation_id, c.status_code, c.consumer_id, c.service_id) for c in calls] == [
        ("tokenRefresh", 200, "c1", "salesforce")]
    assert calls[0].path == "/services/oauth2/token"
