"""Logging in and out, setting a password through a one-time link, staff accounts (admin)."""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.dashboard import auth
from bot.dashboard.accounts import change_account, list_accounts
from bot.dashboard.web import (
    COOKIE,
    LOGIN_CSRF_COOKIE,
    PREFIX,
    field,
    form_of,
    practice_chosen,
    redirect,
    render,
    runtime_of,
    same_token,
    secure_cookies,
    staff_page,
)
from bot.storage.staff import StaffRepository


def _safe_next(target: str) -> str:
    """Only ever go on to a dashboard page (no open redirect)."""
    if target.startswith(PREFIX + "/") and not target.startswith("//") and "\\" not in target:
        return target
    return PREFIX + "/"


def _login_page(request: Request, error: str = "", status: int = 200,
                email: str = "") -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", {
        "title": "Log in", "login_csrf": token, "error": error, "email": email,
        "next": _safe_next(request.query_params.get("next", PREFIX + "/"))}, status)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, httponly=True,
                        samesite="strict", secure=secure_cookies(request), path=PREFIX)
    return response


async def login(request: Request) -> Response:
    """GET: the form. POST: check the password (rate limited) and start a session."""
    store = runtime_of(request).store
    if request.method == "GET":
        if await auth.session_user(store, request.cookies.get(COOKIE)):
            return redirect(PREFIX + "/")
        return _login_page(request)
    form = await request.form()
    cookie_token = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie_token or not same_token(str(form.get("csrf", "")), cookie_token):
        return _login_page(request, "The form had expired. Please try again.", 403)
    email = field(form, "email")
    ip = request.client.host if request.client else "unknown"
    result = await auth.check_login(store, email, str(form.get("password", "")), ip)
    if result.account_id is None:
        if result.error == "too-many":
            minutes = max(1, round(result.retry_after / 60))
            return _login_page(request, f"Too many attempts. Please wait {minutes} minute(s) "
                                        "and try again.", 429, email)
        return _login_page(request, "That email and password don't match an account.", 401,
                           email)
    lifetime = runtime_of(request).config.dashboard.session_expiry
    token = await auth.start_session(store, result.account_id, lifetime)
    await store.audit.record(f"staff:{email}", "staff-login")
    response = redirect(_safe_next(field(form, "next", PREFIX + "/")))
    response.set_cookie(COOKIE, token, max_age=int(lifetime.total_seconds()), httponly=True,
                        samesite="lax", secure=secure_cookies(request), path=PREFIX)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=PREFIX)
    return response


@staff_page()
async def logout(request: Request, user: auth.StaffUser) -> Response:
    """End this session."""
    await auth.end_session(runtime_of(request).store, request.cookies.get(COOKIE))
    response = redirect(PREFIX + "/login", "You have logged out.")
    response.delete_cookie(COOKIE, path=PREFIX)
    return response


async def set_password(request: Request) -> Response:
    """The one-time link: choose a password (typed twice)."""
    store = runtime_of(request).store
    token = request.path_params["token"]
    found = await auth.link_account(store, token)
    if found is None:
        return render(request, "error.html", {
            "title": "Link expired", "message": "This link has expired or was already used. "
                                                "Ask a practice admin for a new one."}, 410)
    error = ""
    if request.method == "POST":
        # The unguessable token in the URL is what stops a forged post here.
        form = await request.form()
        password = str(form.get("password", ""))
        try:
            auth.check_password_rules(password, str(form.get("password_again", "")))
            await auth.use_password_link(store, token, password)
        except auth.AccountError as exc:
            error = str(exc)[:1].upper() + str(exc)[1:] + "."
        else:
            return redirect(PREFIX + "/login", "Your password is set. Please log in.")
    return render(request, "set_password.html", {"title": "Choose a password",
                                                 "email": found[1], "error": error},
                  400 if error else 200)


@staff_page(admin=True)
async def accounts(request: Request, user: auth.StaffUser) -> Response:
    """Admins: list staff accounts, add one (gives a one-time link)."""
    store = runtime_of(request).store
    link = error = ""
    if request.method == "POST":
        form = form_of(request)
        email, role = field(form, "email"), field(form, "role", "staff")
        try:
            practice = _new_accounts_practice(request, user, field(form, "practice"))
            account = await auth.create_account(store, email, role, practice)
        except auth.AccountError as exc:
            error = str(exc)
        else:
            token = await auth.password_link_token(store, account)
            link = f"{_base_url(request)}{PREFIX}/set-password/{token}"
            await store.audit.record(user.actor, "staff-account-added", email, role)
    return await _accounts_page(request, user, link=link, error=error)


EVERY_PRACTICE = "*"  # the picker's "every practice" (not a practice id: ids are slugs)


def _new_accounts_practice(request: Request, user: auth.StaffUser, chosen: str) -> str | None:
    """Where an account added on the dashboard works: the practice picked (`practice_chosen`),
    or every practice (another federation admin, picked by a federation admin only)."""
    if chosen == EVERY_PRACTICE and user.practice is None:
        return None
    return practice_chosen(request, user, chosen, refusal="you can add staff at",
                           error=auth.AccountError)


async def _accounts_page(request: Request, user: auth.StaffUser, *, link: str = "",
                         error: str = "", notice: str = "") -> Response:
    runtime = runtime_of(request)
    # A practice's admin sees (and changes) their own practice's accounts only.
    rows = [a for a in await list_accounts(runtime.store)
            if user.practice is None or a.practice == user.practice]
    # Only a federation admin picks the practice (a practice's admin adds at their own).
    picker = ([(p.id, p.name) for p in runtime.config.practices] + [
        (EVERY_PRACTICE, "Every practice (a federation admin)")]
        if user.practice is None else [])
    return render(request, "accounts.html", {"title": "Staff", "accounts": rows, "link": link,
                                             "error": error, "changed": notice,
                                             "me": user.email, "practices": picker,
                                             "several": runtime.config.several_practices},
                  400 if error else 200)


@staff_page(admin=True)
async def account_change(request: Request, user: auth.StaffUser) -> Response:
    """Admins: disable, enable, reset (new one-time link) or change the role of an account;
    ends that person's sessions; audited."""
    form = form_of(request)
    email, action, role = field(form, "email"), field(form, "action"), field(form, "role")
    store = runtime_of(request).store
    try:
        if user.practice is not None:  # another practice's account is not theirs to change
            found = await StaffRepository(store).account(email.strip())
            if found is None or found.practice != user.practice:
                raise auth.AccountError(f"there is no account for {email.strip()!r}")
        token = await change_account(store, user.actor, email, action, role)
    except auth.AccountError as exc:
        return await _accounts_page(request, user, error=str(exc)[:1].upper() + str(exc)[1:])
    if token:
        return await _accounts_page(
            request, user, link=f"{_base_url(request)}{PREFIX}/set-password/{token}",
            notice=f"{email}'s password was reset.")
    return redirect(PREFIX + "/accounts", {"disable": f"{email} can no longer log in.",
                                           "enable": f"{email} can log in again.",
                                           "role": f"{email} is now {role}."}[action])


def _base_url(request: Request) -> str:
    public = str(runtime_of(request).config.server.public_url).rstrip("/")
    return public or str(request.base_url).rstrip("/")


ROUTES = [
    Route("/login", login, methods=["GET", "POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/set-password/{token}", set_password, methods=["GET", "POST"]),
    Route("/accounts", accounts, methods=["GET", "POST"]),
    Route("/accounts/change", account_change, methods=["POST"]),
]
