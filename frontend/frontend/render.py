"""Templates (Jinja2 with Babel's gettext) and the context every page gets."""

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.responses import HTMLResponse, RedirectResponse

from frontend import i18n
from frontend.security import CSRF_FIELD, csrf_token
from frontend.session import ANONYMOUS
from reference import roles

templates = Jinja2Templates(
    env=Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
)
templates.env.install_gettext_callables(i18n._, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
# The named role sets, for what a page offers to whom (``visitor.role in role_sets.COMMITTEE``).
templates.env.globals.update(format_day=i18n.format_day, html_lang=i18n.html_lang, role_sets=roles)
templates.env.filters["day"] = lambda value: i18n.format_day(value) if value else ""


def switch_url(request: Request, language: str) -> str:
    switched = request.url.include_query_params(lang=language)
    return f"{switched.path}?{switched.query}"


def page(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render ``name`` with the visitor, the CSRF field and the language switch."""
    settings = request.app.state.settings
    language = i18n.current_language.get()
    other = "en" if language == "es" else "es"
    base = {
        "visitor": getattr(request.state, "visitor", None) or ANONYMOUS,
        "csrf_field": CSRF_FIELD,
        # Called by the templates only where a form is drawn: pages without forms set no cookie.
        "csrf_token": lambda: csrf_token(request),
        "language": language,
        "switch_language": other,
        "switch_url": switch_url(request, other),
        "api_docs_url": f"{settings.browser_gateway_url}/api/docs",
        "plan_code": settings.plan_code,
        "notice_version": settings.privacy_notice_version,
    }
    return templates.TemplateResponse(
        request, name, base | (context or {}), status_code=status_code
    )


class RenderedOnce:
    """Pages built only from cached public answers are the same for every signed-out
    visitor: the newest rendering is kept, keyed by the identity of those answers (the
    website's cache hands out the same objects until an answer changes) and whatever else
    the page depends on (language, filters). The answers are kept alive with the page, so
    their ids cannot be reused by other objects while the key is held."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._kept: tuple[Any, bytes] | None = None

    def get(self, answers: tuple, *rest: Any) -> HTMLResponse | None:
        key = (tuple(id(a) for a in answers), i18n.current_language.get(), *rest)
        if self._kept is not None and key == self._key:
            return HTMLResponse(self._kept[1])
        return None

    def keep(self, answers: tuple, *rest: Any, response: HTMLResponse) -> HTMLResponse:
        if response.status_code == 200:
            self._key = (tuple(id(a) for a in answers), i18n.current_language.get(), *rest)
            self._kept = (answers, bytes(response.body))
        return response


def see_other(url: str) -> RedirectResponse:
    """After a successful POST: a 303 so that reloading does not send the form again."""
    return RedirectResponse(url, status_code=303)
