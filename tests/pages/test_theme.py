"""A session's theme: only safe values reach the page, and button text stays readable on any brand colour."""

import pytest

from glue_api.pages.theme import readable_text_on, theme_of


@pytest.mark.parametrize("background, text", [
    ("#2d5bd7", "#ffffff"),  # a mid blue: white text
    ("#0a7d5a", "#ffffff"),
    ("#ffeb3b", "#111111"),  # a light yellow: dark text
    ("#FFF", "#111111"),
    ("#000", "#ffffff"),
    ("rebeccapurple", "#ffffff"),  # not a hex colour: the default
])
def test_button_text_contrasts_with_the_primary_colour(background, text):
    assert readable_text_on(background) == text


def test_only_plain_colours_and_web_urls_survive():
    theme = theme_of({
        "vault_name": "Acme", "primary_color": " #ffeb3b ", "sidepanel_text_color": "red}body{x:y",
        "logo": "javascript:alert(1)", "favicon": "data:image/png;base64,AAAA", "terms_url": "https://acme.test/t",
    }, "fallback")
    assert (theme.name, theme.primary_color, theme.on_primary_color) == ("Acme", "#ffeb3b", "#111111")
    assert theme.sidepanel_text_color == "#ffffff"  # the default, not the injected rule
    assert theme.logo is None and theme.favicon is None and theme.terms_url == "https://acme.test/t"
    assert theme_of(None, "acme").name == "acme"
