"""Fixtures for the hosted pages: Glue served over real HTTP, emulated providers, a real Chromium."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from glue_emulators import apollo
from glue_emulators.server import EmulatorServer
from tests.vault.conftest import emulators  # noqa: F401  (the same emulators fixture as the Vault tests)
from tests.vault.oauth_support import configure_integration

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
APOLLO_KEY = "apollo-key-right-4d1e9"
# Chromium as root, offline: no sandbox, and no calls home (this machine's network refuses them).
BROWSER_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


@pytest.fixture
def live(app):
    """The test's Glue app on a loopback port; links and redirects use that address."""
    with EmulatorServer(app) as server:
        app.state.settings.public_url = server.url
        yield server


@pytest.fixture(scope="session")
def application_site():
    """Stands in for the application the customer comes back to (magic links' return_url)."""
    async def done(request):
        return HTMLResponse("<!doctype html><title>Acme</title><h1>Back at Acme</h1>")

    with EmulatorServer(Starlette(routes=[Route("/integrations/done", done)])) as server:
        yield server


@pytest.fixture
def hubspot(app, mgmt, live, emulators):  # noqa: F811 (the fixture imported above)
    emulated = emulators("hubspot")
    configure_integration(mgmt, app, emulated)
    return emulated


@pytest.fixture
def apollo_emulator(app):
    with EmulatorServer(apollo.create_emulator([APOLLO_KEY]).app) as server:
        app.state.settings.provider_base_urls["apollo"] = server.url
        yield server


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("GLUE_TEST_BROWSER", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(f"no browser at {executable}: scripts/test installs Debian's chromium (scripts/browser)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=BROWSER_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


# Form controls without a label, images without alt text, buttons without a name: what a screen reader can't read.
UNNAMED = """() => [
  ...[...document.querySelectorAll('input:not([type=hidden]), textarea, select')]
      .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.outerHTML),
  ...[...document.querySelectorAll('img')].filter(e => !e.hasAttribute('alt')).map(e => e.outerHTML),
  ...[...document.querySelectorAll('button, a')].filter(e => !e.textContent.trim()).map(e => e.outerHTML),
]"""


@dataclass
class Screenshots:
    """Writes each page at desktop and phone width, for a person to look at; checks what a machine can:
    every control has an accessible name, and nothing scrolls sideways on a phone."""

    folder: Path

    def __call__(self, page, name: str) -> None:
        assert page.evaluate(UNNAMED) == [], f"{name} has elements without an accessible name"
        assert page.locator("h1").count() == 1, f"{name} should have exactly one h1"
        self.folder.mkdir(parents=True, exist_ok=True)
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.screenshot(path=self.folder / f"{name}-{label}.png", full_page=True)
            if label == "phone":
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= PHONE["width"], f"{name} scrolls sideways on a phone ({width}px wide)"
        page.set_viewport_size(DESKTOP)


@pytest.fixture
def screenshots() -> Screenshots:
    return Screenshots(SCREENSHOTS)


def path_pattern(url: str) -> re.Pattern:
    return re.compile("^" + re.escape(url))
