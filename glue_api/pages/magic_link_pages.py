"""The page a magic link opens: connect one provider, by OAuth consent or by typing in a key."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from glue_api.config import Settings
from glue_api.credential_checks import CredentialsRejected, ProviderUnreachable
from glue_api.deps import KeyRingDep, SessionDep
from glue_api.errors import BadRequest, NotImplementedYet
from glue_api.magic_links.connecting import (
    connect_with_keys,
    link_connection,
    link_spec,
    uses_oauth,
)
from glue_api.magic_links.consumption import open_link
from glue_api.magic_links.service import link_url
from glue_api.models import Application, Customer, MagicLink
from glue_api.models.base import utcnow
from glue_api.pages.consent_fields import apply_consent_settings, consent_fields, consent_settings
from glue_api.pages.forms import INPUT_TYPES, missing_fields, submitted_settings
from glue_api.pages.rendering import page
from glue_api.pages.timestamps import friendly_time
from glue_api.tokens.endpoints import consent_page_url, has_oauth
from glue_api.vault.oauth.service import consent_url
from glue_providers.egress import EgressRefused

router = APIRouter(prefix="/links", include_in_schema=False)


@router.get("/{token}")
def show_link(token: str, request: Request, session: SessionDep) -> Response:
    link = open_link(session, token, utcnow())
    error = request.query_params.get("error_description") or request.query_params.get("error")
    if error:
        error = f"{link_spec(session, link).title} did not connect: {error[:200]} You can try again."
    return _link_page(session, request.app.state.settings, link, error=error)


@router.post("/{token}/authorize")
async def authorize(token: str, request: Request, session: SessionDep, keyring: KeyRingDep) -> Response:
    form = await request.form()
    now = utcnow()
    link = open_link(session, token, now)
    if not uses_oauth(session, link):
        raise BadRequest("This provider connects with a key, not by signing in.")
    if not has_oauth(link.provider_name):
        raise NotImplementedYet(f"Glue cannot connect {link_spec(session, link).title} accounts yet.")
    settings = request.app.state.settings
    info = link_spec(session, link)
    try:
        asked = consent_settings(settings, info, form)
    except (BadRequest, EgressRefused) as exc:
        session.rollback()  # nothing of a refused attempt is kept
        return _link_page(session, settings, session.get(MagicLink, link.id), error=_refusal(info, exc),
                          status_code=400)
    sandbox = form.get("environment") == "sandbox"
    _, connection = link_connection(session, link, login_url=info.oauth.sandbox_login_url if sandbox else None)
    apply_consent_settings(connection, asked)
    # The provider's answer comes back here on failure, so the customer can try again.
    back = link_url(settings.public_url, link.token)
    url = consent_url(session, settings, keyring, connection, redirect_uri=back, now=now, magic_link_id=link.id)
    return RedirectResponse(url, status_code=303, headers={"Referrer-Policy": "no-referrer"})


@router.post("/{token}")
async def connect_with_key(token: str, request: Request, session: SessionDep, keyring: KeyRingDep) -> Response:
    form = await request.form()
    now = utcnow()
    link = open_link(session, token, now)
    info = link_spec(session, link)
    if uses_oauth(session, link):
        raise BadRequest(f"{info.title} connects by signing in, not with a key.")
    try:
        keys = submitted_settings(info.form_fields, form)
        missing = missing_fields(info.form_fields, keys)
        if missing:
            raise BadRequest(f"Fill in {', '.join(missing)}.")
        return_url = connect_with_keys(session, request.app.state.settings, keyring, link, keys, now)
    except (BadRequest, CredentialsRejected, ProviderUnreachable) as exc:
        session.rollback()  # nothing of a refused attempt is kept
        status = 502 if isinstance(exc, ProviderUnreachable) else 400
        return _link_page(session, request.app.state.settings, session.get(MagicLink, link.id), error=str(exc),
                          status_code=status)
    return RedirectResponse(return_url, status_code=303, headers={"Referrer-Policy": "no-referrer"})


def _link_page(session: Session, settings: Settings, link: MagicLink, *, error: str | None = None,
               status_code: int = 200) -> Response:
    info = link_spec(session, link)
    application = session.get(Application, link.application_id)
    customer = session.get(Customer, link.customer_id)
    base = f"/links/{link.token}"
    return page(
        "link.html", status_code,
        title=f"Connect {info.title}", theme=None, provider=info, application_name=application.name,
        customer_name=customer.name or customer.external_id, error=error, oauth=uses_oauth(session, link),
        sandbox_choice=bool(info.oauth and info.oauth.sandbox_login_url), fields=info.form_fields, input_types=INPUT_TYPES,
        consent_fields=consent_fields(info),
        authorize_action=f"{base}/authorize", keys_action=base, expires_at=friendly_time(link.expires_at),
        form_targets=_link_form_targets(session, settings, link),
    )


def _refusal(info, exc: Exception) -> str:
    if isinstance(exc, EgressRefused):
        return f"That is not a {info.title} address ({exc.reason})."
    return str(exc)


def _link_form_targets(session: Session, settings: Settings, link: MagicLink) -> list[str]:
    """Where the link's forms can lead in one navigation: the application's return URL, and for OAuth the
    provider's consent page (either environment) and Glue's own callback (a consent already given answers
    at once)."""
    targets = [link.return_url]
    if uses_oauth(session, link):
        oauth = link_spec(session, link).oauth
        login_urls = [None, oauth.sandbox_login_url or None]
        targets += [consent_page_url(settings, link.provider_name, url) for url in login_urls]
        targets.append(settings.public_url)
    return targets
