"""Bounded request bodies, and the CSRF pre-check that runs before a large one is read.

Every POST to the website is a small form except the evidence upload (multipart). Before a
byte of the body is parsed: a body declared over its cap is a 413 page; a multipart body
larger than a form must come from a signed-in browser of this site (the CSRF cookie and
the session cookie present, and ``Origin``, or ``Sec-Fetch-Site``, saying same origin),
otherwise it is refused with the CSRF page. A body that arrives in chunks is counted as it
streams and cut off with a 413 the moment it passes the cap. The full double-submit token
check (``frontend.deps.verified_form``) still runs on the parsed form.
"""

from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from frontend.errors import csrf_page, error_page
from frontend.i18n import _
from frontend.security import CSRF_COOKIE
from frontend.session import ACCESS_COOKIE, REFRESH_COOKIE

MULTIPART = b"multipart/form-data"


class BodyTooLarge(Exception):
    """The body passed its cap while streaming in."""


def _cap(scope: Scope, form_max: int, upload_max: int) -> int:
    headers = dict(scope.get("headers") or [])
    return upload_max if headers.get(b"content-type", b"").startswith(MULTIPART) else form_max


def _same_site_browser(request: Request) -> bool:
    cookies = request.cookies
    if not cookies.get(CSRF_COOKIE):
        return False
    if not (cookies.get(ACCESS_COOKIE) or cookies.get(REFRESH_COOKIE)):
        return False
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc == request.headers.get("host")
    return request.headers.get("sec-fetch-site") == "same-origin"


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        settings = scope["app"].state.settings
        cap = _cap(scope, settings.form_max_bytes, settings.upload_max_bytes)
        request = Request(scope)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            await _too_large(request, cap)(scope, receive, send)
            return
        large = not declared.isdigit() or int(declared) > settings.form_max_bytes
        if large and cap > settings.form_max_bytes and not _same_site_browser(request):
            await csrf_page(request)(scope, receive, send)
            return
        seen, cut, started = 0, False, False

        async def counted() -> Message:
            nonlocal seen, cut
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    cut = True
                    raise BodyTooLarge()
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if cut and not started:
                return  # the parser's own error answer is replaced by the 413 below
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            pass
        if cut and not started:
            await _too_large(request, cap)(scope, receive, send)


def _too_large(request: Request, cap: int):
    megabytes = max(1, cap // (1024 * 1024))
    message = _("El envío es demasiado grande. El máximo es de {size} MB.").format(size=megabytes)
    return error_page(request, 413, _("El envío es demasiado grande"), message)
