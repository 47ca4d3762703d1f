"""A vault session's theme, reduced to values that are safe to put into a page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# Colours go into a <style> block: only plain colour syntax, so no value can close the rule.
_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}|(rgb|rgba|hsl|hsla)\([0-9.,%\s]{1,40}\)|[a-zA-Z]{3,20}")


@dataclass(frozen=True)
class Theme:
    name: str
    primary_color: str = "#2d5bd7"
    on_primary_color: str = "#ffffff"  # text on the primary colour: dark on a light brand colour
    sidepanel_background_color: str = "#17203a"
    sidepanel_text_color: str = "#ffffff"
    logo: str | None = None
    favicon: str | None = None
    privacy_url: str | None = None
    terms_url: str | None = None


def theme_of(stored: dict | None, default_name: str) -> Theme:
    stored = stored or {}
    defaults = Theme(default_name)
    primary = _colour(stored.get("primary_color"), defaults.primary_color)
    return Theme(
        name=(stored.get("vault_name") or default_name)[:120],
        primary_color=primary,
        on_primary_color=readable_text_on(primary),
        sidepanel_background_color=_colour(stored.get("sidepanel_background_color"),
                                           defaults.sidepanel_background_color),
        sidepanel_text_color=_colour(stored.get("sidepanel_text_color"), defaults.sidepanel_text_color),
        logo=web_url(stored.get("logo")),
        favicon=web_url(stored.get("favicon")),
        privacy_url=web_url(stored.get("privacy_url")),
        terms_url=web_url(stored.get("terms_url")),
    )


def web_url(value: str | None) -> str | None:
    """An http(s) URL, or None: a javascript: or data: link must never reach an href."""
    if not value:
        return None
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def readable_text_on(background: str) -> str:
    """Black or white, whichever reads better on a #rgb/#rrggbb background (WCAG relative luminance)."""
    digits = background.lstrip("#")
    if not background.startswith("#") or len(digits) not in (3, 6):
        return "#ffffff"
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    # Contrast with white is 1.05 / (L + 0.05), with near-black (L = 0.01) (L + 0.05) / 0.06: pick the larger.
    return "#ffffff" if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.06 else "#111111"


def _colour(value: str | None, default: str) -> str:
    return value.strip() if value and _COLOUR.fullmatch(value.strip()) else default
