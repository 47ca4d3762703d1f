"""Where the contracts contradict themselves or Glue's documented behaviour: the one list of fuzzing exceptions.

Each entry is an operation (as schemathesis labels it), the one check it is excused from, the
answer's status code the excuse is limited to (None: any), and why. Every other check, and the
same check on other status codes, still runs; an operation missing here gets every check.
"""

from __future__ import annotations

# check names: "not_a_server_error", "status_code_conformance", "content_type_conformance",
# "response_schema_conformance"
EXCUSED: dict[tuple[str, str, int | None], str] = {
    # A 204 declared with a JSON body: a 204 has no body (RFC 9110), so there is no content type or body to check.
    ("DELETE /customers/{customer_id}", "content_type_conformance", 204):
        "the contract's 204 declares an application/json body; a 204 carries none",
    ("DELETE /customers/{customer_id}", "response_schema_conformance", 204):
        "the contract's 204 declares an application/json body; a 204 carries none",
    ("DELETE /schemas/{schema_id}", "content_type_conformance", 204):
        "the contract's 204 declares an application/json body; a 204 carries none",
    ("DELETE /schemas/{schema_id}", "response_schema_conformance", 204):
        "the contract's 204 declares an application/json body; a 204 carries none",
    ("DELETE /entities/{entity_id}", "content_type_conformance", 204):
        "the contract's 204 declares an application/json body; a 204 carries none",
    ("DELETE /entities/{entity_id}", "response_schema_conformance", 204):
        "the contract's 204 declares an application/json body; a 204 carries none",
    # A 200-only operation: it must still refuse a missing key (401), bad input (400), an unknown customer
    # or connection (404), and say when the provider cannot be reached (502) or read (501).
    ("GET /customers/{customer_id}/connections/{provider_name}/_rate_limit_info", "status_code_conformance", None):
        "the contract lists only 200; refusals and provider failures need their own status codes",
    # Answered 501 by design (the README and the endpoints say why); the contract lists no 501 there.
    ("GET /customers/{customer_id}/connections/{provider_name}/_rate_limit_info", "not_a_server_error", 501):
        "HubSpot publishes no rate-limit endpoint Glue can read; Glue answers 501 for it",
    ("POST /vault/connections/{unified_api}/{service_id}/token", "not_a_server_error", 501):
        "token exchange (client credentials/password grants) is not offered for Glue's authorization-code connectors",
    ("GET /vault/connections/{unified_api}/{service_id}/{resource}/custom-fields", "not_a_server_error", 501):
        "reading a provider's custom fields live is not implemented; Glue answers the contract's 501 error body",
}


def excused(operation: str, check: str, status: int) -> bool:
    return (operation, check, status) in EXCUSED or (operation, check, None) in EXCUSED
