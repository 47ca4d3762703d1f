"""Glue's own endpoint for an application's allowed redirect URIs: GET/PUT /glue/v1/redirect_uris."""

from __future__ import annotations

import pytest

from tests.support.store import dump_all_rows

URIS = ["https://app.example.com/integrations/done", "https://app.example.com/callbacks/", "http://localhost:3000/cb"]


def headers(application) -> dict:
    return {"x-api-key": application.api_key}


def assert_glue_error(response, status: int) -> None:
    assert response.status_code == status, response.text
    error = response.json()["errors"][0]
    assert error["status"] == str(status) and error["detail"]


def test_an_application_starts_without_redirect_uris(http, first_application):
    response = http.get("/glue/v1/redirect_uris", headers=headers(first_application))

    assert response.status_code == 200
    assert response.json() == {"redirect_uris": []}


def test_put_replaces_the_list(http, first_application):
    assert http.put("/glue/v1/redirect_uris", headers=headers(first_application),
                    json={"redirect_uris": ["https://old.example.com/"]}).status_code == 200

    response = http.put("/glue/v1/redirect_uris", headers=headers(first_application),
                        json={"redirect_uris": [*URIS, URIS[0]]})

    assert response.status_code == 200
    assert response.json() == {"redirect_uris": URIS}  # the duplicate is dropped, the order kept
    assert http.get("/glue/v1/redirect_uris", headers=headers(first_application)).json() == {"redirect_uris": URIS}


def test_an_empty_list_clears_it(http, first_application):
    http.put("/glue/v1/redirect_uris", headers=headers(first_application), json={"redirect_uris": URIS})

    response = http.put("/glue/v1/redirect_uris", headers=headers(first_application), json={"redirect_uris": []})

    assert response.json() == {"redirect_uris": []}


@pytest.mark.parametrize("body", [
    {"redirect_uris": ["/relative/path"]},
    {"redirect_uris": ["ftp://files.example.com/"]},
    {"redirect_uris": ["javascript:alert(1)"]},
    {"redirect_uris": ["https://app.example.com/cb#fragment"]},
    {"redirect_uris": ["https:///no-host"]},
    {"redirect_uris": [""]},
    {"redirect_uris": [42]},
    {"redirect_uris": "https://app.example.com/cb"},
    {"redirect_uris": ["https://app.example.com/" + "a" * 2100]},
    {"redirect_uris": [f"https://app.example.com/{i}" for i in range(101)]},
    {},
])
def test_invalid_lists_are_refused_and_nothing_changes(http, app, first_application, body):
    http.put("/glue/v1/redirect_uris", headers=headers(first_application), json={"redirect_uris": URIS})
    before = dump_all_rows(app.state.engine)

    assert_glue_error(http.put("/glue/v1/redirect_uris", headers=headers(first_application), json=body), 400)

    assert dump_all_rows(app.state.engine) == before


def test_error_messages_do_not_echo_the_input(http, first_application):
    response = http.put("/glue/v1/redirect_uris", headers=headers(first_application),
                        json={"redirect_uris": ["ftp://secret-looking-value.example.com/"]})

    assert "secret-looking-value" not in response.text


def test_an_api_key_is_required(http, first_application):
    assert_glue_error(http.get("/glue/v1/redirect_uris"), 401)
    assert_glue_error(http.put("/glue/v1/redirect_uris", json={"redirect_uris": URIS}), 401)
    assert_glue_error(http.get("/glue/v1/redirect_uris", headers={"x-api-key": "glue_sk_wrong"}), 401)


def test_each_application_has_its_own_list(http, first_application, second_application):
    http.put("/glue/v1/redirect_uris", headers=headers(first_application), json={"redirect_uris": URIS})

    assert http.get("/glue/v1/redirect_uris", headers=headers(second_application)).json() == {"redirect_uris": []}
