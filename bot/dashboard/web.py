"""What every dashboard page shares: templates, the login guard, CSRF checks, responses."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from bot.dashboard.auth import StaffUser, session_user
from bot.phones import display_uk, mask
from bot.runtime import Runtime
from bot.storage import parse_iso

HERE = Path(__file__).resolve().parent
COOKIE = "staff_session"
LOGIN_CSRF_COOKIE = "staff_login_csrf"
PREFIX = "/staff"

templates = Jinja2Templates(directory=str(HERE / "templates"))

Handler = Callable[[Request, StaffUser], Awaitable[Response]]

NAV = (("today", "Today", "/staff/"), ("alerts", "Alerts", "/staff/alerts"),
       ("campaigns", "Campaigns", "/staff/campaigns"), ("people", "People", "/staff/people"),
       ("directory", "Directory", "/staff/directory"), ("tester", "Search tester",
                                                         "/staff/tester"),
       ("needs", "Unmet needs", "/staff/needs"),
       ("connections", "Connections", "/staff/connections"))
ADMIN_NAV = (("audit", "Audit log", "/staff/audit"), ("accounts", "Staff", "/staff/accounts"))


def runtime_of(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


def local_time(value: str | None, zone: str = "Europe/London") -> str:
    """A stored ISO time as '14 Mar 2025 09:30' in the practice's time zone."""
    if not value:
        return ""
    try:
        moment = parse_iso(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        return moment.strftime("%d %b %Y")
    return moment.astimezone(ZoneInfo(zone)).strftime("%d %b %Y %H:%M")


def masked_reach(address: str) -> str:
    """An address for lists: 'sms:+447700900123' -> '07700 90****'."""
    if address.startswith("sms:"):
        return display_uk(address[4:])[:-4] + "****"
    return mask(address)


templates.env.filters["when"] = local_time
templates.env.filters["masked"] = masked_reach


def secure_cookies(request: Request) -> bool:
    """Secure cookies when the public URL is https (behind a TLS proxy)."""
    return str(runtime_of(request).config.server.public_url).startswith("https://")


def harden(response: Response) -> Response:
    """No caching of personal data. The security headers (CSP, framing, sniffing, referrer)
    come from WebGuard, on every response of the server, so they are set in one place."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """A page from templates/, with the person, their CSRF token and the menu."""
    user: StaffUser | None = getattr(request.state, "user", None)
    nav = list(NAV) + (list(ADMIN_NAV) if user is not None and user.is_admin else [])
    ctx = {"user": user, "csrf": user.csrf if user else "", "nav": nav,
           "notice": request.query_params.get("notice", ""), **context}
    response = templates.TemplateResponse(request, name, ctx, status_code=status)
    return harden(response)


def redirect(path: str, notice: str = "") -> Response:
    """After a form: back to a page (303, so a refresh doesn't post again)."""
    if notice:
        path += ("&" if "?" in path else "?") + "notice=" + quote(notice)
    return harden(RedirectResponse(path, status_code=303))


def forbidden(request: Request, why: str) -> Response:
    return render(request, "error.html", {"title": "Not allowed", "message": why}, 403)


def same_token(sent: str, expected: str) -> bool:
    """Constant-time compare of a posted token; bytes, since compare_digest raises on
    non-ASCII str (which gave a 500 for a crafted CSRF value)."""
    return bool(expected) and secrets.compare_digest(
        sent.encode("utf-8", "surrogatepass"), expected.encode())


def staff_page(admin: bool = False) -> Callable[[Handler], Callable[[Request], Awaitable[Response]]]:
    """Wrap a handler: login required (redirect), admin role if asked, CSRF on POST."""

    def wrap(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            runtime = runtime_of(request)
            user = await session_user(runtime.store, request.cookies.get(COOKIE))
            if user is None:
                target = request.url.path + (f"?{request.url.query}" if request.url.query
                                             else "")
                if request.method != "GET":
                    target = PREFIX + "/"
                return redirect(f"{PREFIX}/login?next={quote(target)}")
            request.state.user = user
            if admin and not user.is_admin:
                return forbidden(request, "This page is for practice admins.")
            if request.method == "POST":
                form = await request.form(max_part_size=2 * 1024 * 1024)
                request.state.form = form
                sent = str(form.get("csrf", "")) or request.headers.get("x-csrf-token", "")
                if not same_token(sent, user.csrf):
                    return forbidden(request, "This form had expired. Go back, reload the "
                                              "page and try again.")
            return await handler(request, user)

        endpoint.__name__ = handler.__name__
        endpoint.__doc__ = handler.__doc__
        return endpoint

    return wrap


def practice_chosen(request: Request, user: StaffUser, chosen: str, *, refusal: str,
                    error: type[Exception]) -> str:
    """The practice a form acts for. A practice's staff act for their own practice only
    (checked here, whatever the form sent: `error(refusal ...)` otherwise); a federation
    admin picks one of the practices, nothing picked: the first."""
    practices = [p.id for p in runtime_of(request).config.practices]
    if user.practice is not None:
        if chosen and chosen != user.practice:
            raise error(f"{refusal} your own practice ({user.practice}) only")
        return user.practice
    if chosen and chosen not in practices:
        raise error(f"there is no practice {chosen!r}")
    return chosen or practices[0]


def form_of(request: Request) -> FormData:
    """The POSTed form, already read (and CSRF-checked) by staff_page."""
    return request.state.form  # type: ignore[no-any-return]


def field(form: FormData, name: str, default: str = "") -> str:
    value = form.get(name, default)
    return value.strip() if isinstance(value, str) else default


def london_day_start(now: datetime, zone: str = "Europe/London") -> datetime:
    """Midnight today in the practice's time zone."""
    local = now.astimezone(ZoneInfo(zone))
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def html(text: str, status: int = 200) -> Response:
    return harden(HTMLResponse(text, status_code=status))
