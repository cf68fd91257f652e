"""Response headers every page carries, cookies set by handlers, and the CSRF check.

CSRF uses a double-submit token: a random ``cocrea_csrf`` cookie (HttpOnly, SameSite=Lax)
echoed in a hidden ``csrf_token`` field of every form. A cross-site page can neither read
the cookie nor set it, so it cannot produce a matching pair; the Origin header, when the
browser sends one, must be this site as well.
"""

import hmac
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from frontend.i18n import LANGUAGE_COOKIE, choose_language, current_language

CSRF_COOKIE = "cocrea_csrf"
CSRF_FIELD = "csrf_token"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
# Over HTTPS the site's cookies are named ``__Host-…``: the browser then accepts them only
# Secure, for Path=/ and without Domain, so a sibling subdomain cannot plant or shadow the
# session. Handlers keep using the plain names; this middleware renames both ways.
HOST_PREFIX = b"__Host-"
OWN_COOKIE_PREFIX = b"cocrea_"
# Pages answered to a signed-in visitor carry personal data (name, groups, notices).
SESSION_COOKIES = (b"cocrea_access", b"cocrea_refresh")


def _cookie_pairs(header: bytes) -> list[tuple[bytes, bytes]]:
    pairs = []
    for part in header.split(b";"):
        name, _, value = part.strip().partition(b"=")
        if name:
            pairs.append((name, value))
    return pairs


def _inbound_cookies(headers: list[tuple[bytes, bytes]], secure: bool) -> list:
    """Over HTTPS only the ``__Host-`` copies of the site's cookies count (a plain one may
    have been planted by another subdomain); they reach handlers under the plain name."""
    if not secure:
        return headers
    rewritten = []
    for key, value in headers:
        if key != b"cookie":
            rewritten.append((key, value))
            continue
        kept = []
        for name, cookie in _cookie_pairs(value):
            if name.startswith(HOST_PREFIX + OWN_COOKIE_PREFIX):
                kept.append(name[len(HOST_PREFIX) :] + b"=" + cookie)
            elif not name.startswith(OWN_COOKIE_PREFIX):
                kept.append(name + b"=" + cookie)
        rewritten.append((b"cookie", b"; ".join(kept)))
    return rewritten


def _outbound_cookie(cookie: bytes, secure: bool) -> bytes:
    if not secure or not cookie.startswith(OWN_COOKIE_PREFIX):
        return cookie
    if b"; secure" not in cookie.lower():
        cookie += b"; Secure"  # deletions too: a __Host- cookie is only ever Secure
    return HOST_PREFIX + cookie


class CsrfRejected(Exception):
    """A form arrived without the token of this browser, or from another origin."""


def is_secure(request: Request) -> bool:
    if request.app.state.settings.force_secure_cookies:
        return True
    forwarded = request.headers.get("x-forwarded-proto", "")
    return request.url.scheme == "https" or forwarded.split(",")[0].strip() == "https"


def queue_cookie(
    request: Request, name: str, value: str | None, max_age: int | None = None
) -> None:
    """Set (or, with ``value=None``, delete) a cookie on whatever response this request gets."""
    carrier = Response()
    if value is None:
        carrier.delete_cookie(name, path="/", httponly=True, samesite="lax")
    else:
        carrier.set_cookie(
            name,
            value,
            max_age=max_age,
            path="/",
            httponly=True,
            secure=is_secure(request),
            samesite="lax",
        )
    pending = request.scope.setdefault("state", {}).setdefault("set_cookies", [])
    pending.extend(v for k, v in carrier.raw_headers if k == b"set-cookie")


def csrf_token(request: Request) -> str:
    """This browser's token, created (and its cookie queued) on first use."""
    token = getattr(request.state, "csrf", None) or request.cookies.get(CSRF_COOKIE)
    if not token or len(token) < 32:
        token = secrets.token_urlsafe(32)
        queue_cookie(request, CSRF_COOKIE, token)
    request.state.csrf = token
    return token


def check_csrf(request: Request, submitted: str | None) -> None:
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    if not cookie or not submitted or not hmac.compare_digest(cookie, submitted):
        raise CsrfRejected()
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise CsrfRejected()


class SiteMiddleware:
    """Chooses the language (``?lang=`` then the cookie), then adds the security headers
    and any queued cookies to every response (pure ASGI: cheap, and the language context
    variable reaches the handler)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        request = Request(scope)
        secure = is_secure(request)
        scope["headers"] = _inbound_cookies(list(scope["headers"]), secure)
        request = Request(scope)
        personal = any(name in SESSION_COOKIES for name, _ in _cookie_pairs(
            request.headers.get("cookie", "").encode("latin-1")
        ))  # fmt: skip
        asked = request.query_params.get("lang")
        language = choose_language(asked, request.cookies.get(LANGUAGE_COOKIE))
        current_language.set(language)
        if asked == language:
            state.setdefault("set_cookies", []).append(
                f"{LANGUAGE_COOKIE}={language}; Max-Age=31536000; Path=/; SameSite=Lax".encode()
            )

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.extend(SECURITY_HEADERS)
                cookies = state.get("set_cookies", [])
                headers.extend((b"set-cookie", _outbound_cookie(v, secure)) for v in cookies)
                has_cache_control = any(k.lower() == b"cache-control" for k, _ in headers)
                if (personal or cookies) and not has_cache_control:
                    headers.append((b"cache-control", b"no-store"))
                if secure:
                    headers.append(HSTS)
                headers.append((b"content-language", language.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
