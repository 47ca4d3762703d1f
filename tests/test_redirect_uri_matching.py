"""Redirect URIs are compared in RFC 3986 normal form; whatever a browser could read otherwise is refused."""

from __future__ import annotations

import pytest

from glue_api.vault.oauth.redirects import is_allowed_redirect_uri

ALLOWED = ["https://app.example.com/oauth/", "https://app.example.com/done", "http://localhost:3000/cb"]

# Each escapes the "/oauth/" tree, hides another host, or reads differently in a browser.
ATTACKS = [
    "https://app.example.com/oauth/../evil",
    "https://app.example.com/oauth/%2e%2e/evil",
    "https://app.example.com/oauth/%2E%2E/evil",
    "https://app.example.com/oauth/.%2e/evil",
    "https://app.example.com/oauth/..;/evil",
    "https://app.example.com/oauth/./../evil",
    "https://app.example.com/oauth/..",
    "https://app.example.com/oauth/%2e",
    "https://app.example.com/oauth/..%2fevil",
    "https://app.example.com/oauth/..%2Fevil",
    "https://app.example.com/oauth/..%5cevil",
    "https://app.example.com/oauth/..\\evil",
    "https://app.example.com\\@evil.example.net/oauth/",
    "https://app.example.com/oauth\\..\\evil",
    "https://app.example.com@evil.example.net/oauth/",
    "https://user:pass@app.example.com/oauth/x",
    "https://evil.example.net#@app.example.com/oauth/",
    "https://app.example.com/oauth/x#fragment",
    "https://app.example.com/oauth/x#",
    "https://app.example.com.evil.example.net/oauth/",
    "https://app.example.com:8443/oauth/x",
    "http://app.example.com/oauth/x",
    "https://app%2eexample.com/oauth/x",
    "https://app.example.com/oa\tuth/x",
    "https://app.example.com/oauth/\nx",
    "https://app.example.com/oauth/ x",
    "https://app.example.com/oauth/%zz",
    "https://app.example.com:99999/oauth/x",
    "https://app.example.com:abc/oauth/x",
    "https://app.example.com:0/oauth/x",
    "https://\u0430pp.example.com/oauth/x",
    "//app.example.com/oauth/x",
    "/oauth/x",
    "javascript://app.example.com/oauth/%0aalert(1)",
    "https://app.example.com/don",
    "https://app.example.com/done/more",
    "https://app.example.com/done?x=1",
]

# The same places, written in forms RFC 3986 calls equivalent.
EQUIVALENTS = [
    "https://app.example.com/oauth/x",
    "https://APP.Example.COM/oauth/x",
    "HTTPS://app.example.com/oauth/x",
    "https://app.example.com:443/oauth/x",
    "https://app.example.com/oauth/%7Euser",
    "https://app.example.com/%6Fauth/x",
    "https://app.example.com/oauth/x?tab=crm&next=%2Fhome",
    "https://app.example.com/oauth/",
    "https://app.example.com:443/done",
    "http://LOCALHOST:3000/cb",
]


@pytest.mark.parametrize("uri", ATTACKS)
def test_ambiguous_or_escaping_uris_are_refused(uri):
    assert not is_allowed_redirect_uri(ALLOWED, uri)


@pytest.mark.parametrize("uri", EQUIVALENTS)
def test_equivalent_spellings_are_allowed(uri):
    assert is_allowed_redirect_uri(ALLOWED, uri)


def test_entries_are_normalised_too():
    assert is_allowed_redirect_uri(["HTTPS://App.Example.com:443/oauth/"], "https://app.example.com/oauth/x")


@pytest.mark.parametrize("entry", ["https://app.example.com/a/../oauth/", "https://app.example.com/oauth/?x=1",
                                   "https://app.example.com/oauth"])
def test_ambiguous_or_query_entries_name_no_tree(entry):
    assert not is_allowed_redirect_uri([entry], "https://app.example.com/oauth/x")


@pytest.mark.parametrize("entry", ["https://app.example.com/oauth/../", "https://u@app.example.com/",
                                   "https://app.example.com\\x/"])
def test_the_redirect_uri_list_refuses_ambiguous_entries(http, first_application, entry):
    response = http.put("/glue/v1/redirect_uris", headers={"x-api-key": first_application.api_key},
                        json={"redirect_uris": [entry]})

    assert response.status_code == 400, response.text
