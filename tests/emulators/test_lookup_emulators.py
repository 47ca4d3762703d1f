"""The Clearbit and 6sense emulators carry keys and answer lookups as the providers' references say."""

from __future__ import annotations

import base64

import httpx
import pytest

from glue_emulators import clearbit as clearbit_emulator, sixsense as sixsense_emulator
from glue_emulators.clearbit import KNOWN_EMAIL
from glue_emulators.server import EmulatorServer

CLEARBIT_KEY, SIXSENSE_KEY = "sk_test_4f1b", "6s-token-9c2d"


@pytest.fixture(scope="module")
def clearbit():
    with EmulatorServer(clearbit_emulator.create_emulator([CLEARBIT_KEY]).app) as server, \
            httpx.Client(base_url=server.url) as client:
        yield client


@pytest.fixture(scope="module")
def sixsense():
    with EmulatorServer(sixsense_emulator.create_emulator([SIXSENSE_KEY]).app) as server, \
            httpx.Client(base_url=server.url) as client:
        yield client


def basic(username: str, password: str = "") -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.mark.parametrize("authorization", [f"Bearer {CLEARBIT_KEY}", basic(CLEARBIT_KEY)])
def test_clearbit_takes_the_key_as_bearer_or_basic_username(clearbit, authorization):
    found = clearbit.get("/v2/people/find", params={"email": KNOWN_EMAIL}, headers={"Authorization": authorization})
    assert found.status_code == 200
    assert found.json()["email"] == KNOWN_EMAIL and found.json()["name"]["givenName"] == "Ada"


def test_clearbit_answers_404_for_an_address_it_knows_no_one_at(clearbit):
    missing = clearbit.get("/v2/people/find", params={"email": "nobody@example.com"},
                           headers={"Authorization": f"Bearer {CLEARBIT_KEY}"})
    assert missing.status_code == 404 and missing.json()["error"]["type"] == "unknown_record"
    no_email = clearbit.get("/v2/people/find", headers={"Authorization": f"Bearer {CLEARBIT_KEY}"})
    assert no_email.status_code == 422 and no_email.json()["error"]["type"] == "invalid_param"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer sk_wrong"}, {"Authorization": basic("sk_wrong")},
                                     {"Authorization": f"Token {CLEARBIT_KEY}"}])
def test_clearbit_refuses_a_missing_or_unknown_key_with_401(clearbit, headers):
    refused = clearbit.get("/v2/people/find", params={"email": KNOWN_EMAIL}, headers=headers)
    assert refused.status_code == 401 and refused.json()["error"]["type"] == "auth_required"


def test_sixsense_identifies_a_company_for_a_known_token(sixsense):
    details = sixsense.get("/v3/company/details", headers={"Authorization": f"Token {SIXSENSE_KEY}"})
    assert details.status_code == 200 and details.json()["company"]["name"] == "Analytical Engines"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Token wrong"}, {"Authorization": f"Bearer {SIXSENSE_KEY}"},
                                     {"Authorization": SIXSENSE_KEY}])
def test_sixsense_refuses_other_tokens_or_schemes_with_401(sixsense, headers):
    refused = sixsense.get("/v3/company/details", headers=headers)
    assert refused.status_code == 401 and refused.json() == {"detail": "Invalid token."}


def test_a_key_registered_through_control_is_accepted(sixsense):
    headers = {"Authorization": "Token added-later"}
    assert sixsense.get("/v3/company/details", headers=headers).status_code == 401
    assert sixsense.post("/_emulator/keys", json={"key": "added-later"}).status_code == 200
    assert sixsense.get("/v3/company/details", headers=headers).status_code == 200
