"""Helpers for the page tests that need no browser: providers offered, sessions opened, pages read."""

from __future__ import annotations

from html.parser import HTMLParser

from tests.vault.oauth_support import path_of

APOLLO = {"name": "apollo", "category": "engagement", "auth_type": "api_key"}
GONG = {"name": "gong", "category": "no_category", "auth_type": "access_key_secret"}


def offer(mgmt, *providers: dict) -> None:
    for provider in providers:
        response = mgmt.post("/providers", json=provider)
        assert response.status_code == 201, response.text


def open_session(vault, http, **body):
    """POST /vault/sessions, then the customer's browser opens the session_uri (path only, on the TestClient)."""
    created = vault.post("/vault/sessions", json=body)
    assert created.status_code == 200, created.text
    home = path_of(created.json()["data"]["session_uri"])
    return home, http.get(home)


def post_form(http, path: str, data: dict | None = None):
    return http.post(path, data=data or {}, follow_redirects=False)


class PageText(HTMLParser):
    """A page's visible text, its buttons' labels and its elements' attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.text: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.buttons: list[str] = []
        self._button: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "button":
            self._button = []

    def handle_endtag(self, tag):
        if tag == "button" and self._button is not None:
            self.buttons.append(" ".join(self._button))
            self._button = None

    def handle_data(self, data):
        if data.strip():
            self.text.append(data.strip())
            if self._button is not None:
                self._button.append(data.strip())

    def has_text(self, needle: str) -> bool:
        return any(needle in chunk for chunk in self.text)

    def elements(self, tag: str, **attributes) -> list[dict]:
        return [attrs for name, attrs in self.tags
                if name == tag and all(attrs.get(k) == v for k, v in attributes.items())]
