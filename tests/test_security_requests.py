"""Issue 15: what an attacker can send the web server (items 3, 6, 11), over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.dashboard.testing import DashboardSite, csrf_in

FUZZ = settings(max_examples=40, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
GETS = ["/staff/", "/staff/alerts", "/staff/audit", "/staff/needs", "/staff/directory",
        "/staff/tester", "/staff/campaigns", "/staff/campaigns/1", "/staff/campaigns/1/progress",
        "/staff/people", "/staff/people.csv", "/staff/people/1", "/staff/accounts",
        "/staff/directory/millbrook-health-walk/edit", "/staff/login", "/staff/set-password/x",
        "/healthz", "/staff/static/dashboard.css", "/nowhere"]
POSTS = ["/staff/login", "/staff/logout", "/staff/alerts/1/done", "/staff/alerts/1/claim",
         "/staff/campaigns", "/staff/campaigns/1/preview", "/staff/campaigns/1/message",
         "/staff/campaigns/1/send", "/staff/campaigns/1/pause", "/staff/people/1/contacted",
         "/staff/accounts", "/staff/directory/millbrook-health-walk/edit",
         "/staff/proposals/1/approve", "/staff/proposals/1/reject",
         "/staff/set-password/x"]
CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
                 "multipart/form-data", "text/plain", "application/json", ""]


@pytest.fixture
async def site(tmp_path: Path) -> AsyncIterator[DashboardSite]:
    started = await DashboardSite.start(tmp_path)
    yield started
    await started.stop()


# ---- item 6: no 500s --------------------------------------------------------------------

async def test_a_non_ascii_csrf_value_is_refused_not_a_500(site: DashboardSite) -> None:
    anonymous = site.client()
    await anonymous.get("/staff/login")  # sets the login CSRF cookie
    response = await anonymous.post("/staff/login", data={
        "csrf": "\u00e9\u00e9\u2603", "email": "a@b.org", "password": "x"})
    assert response.status_code == 403
    client = await site.logged_in("admin")
    for path in POSTS[1:]:
        response = await client.post(path, data={"csrf": "caf\u00e9 \u2603"})
        assert response.status_code in (403, 410), path


@pytest.mark.parametrize("seen", ["{not json", "[1, 2]", '{"name": 3}', "null", "\u2603"])
async def test_malformed_seen_in_the_offer_form_is_a_400(site: DashboardSite, seen: str) -> None:
    client = await site.logged_in("staff")
    path = "/staff/directory/millbrook-health-walk/edit"
    page = await client.get(path)
    response = await client.post(path, data={"csrf": csrf_in(page.text), "seen": seen,
                                             "name": "Something else"})
    assert response.status_code == 400
    assert "damaged" in response.text


@FUZZ
@given(path=st.sampled_from(POSTS), body=st.binary(max_size=600),
       content_type=st.sampled_from(CONTENT_TYPES), with_csrf=st.booleans())
async def test_random_bytes_to_every_form_never_give_a_500(
        site: DashboardSite, path: str, body: bytes, content_type: str,
        with_csrf: bool) -> None:
    if not hasattr(site, "fuzz_client"):
        site.fuzz_client = await site.logged_in("admin")  # type: ignore[attr-defined]
        page = await site.fuzz_client.get("/staff/")  # type: ignore[attr-defined]
        site.fuzz_csrf = csrf_in(page.text)  # type: ignore[attr-defined]
    client = site.fuzz_client  # type: ignore[attr-defined]
    headers = {"content-type": content_type} if content_type else {}
    if with_csrf:
        headers["x-csrf-token"] = site.fuzz_csrf  # type: ignore[attr-defined]
    response = await client.post(path, content=body, headers=headers)
    assert response.status_code < 500, (path, body[:60], response.text[:200])


@FUZZ
@given(path=st.sampled_from(GETS), query=st.text(max_size=80),
       cookie=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126,
                                             exclude_characters=';,"\\'), max_size=40))
async def test_random_queries_and_cookies_to_every_page_never_give_a_500(
        site: DashboardSite, path: str, query: str, cookie: str) -> None:
    if not hasattr(site, "get_client"):
        site.get_client = site.client()  # type: ignore[attr-defined]
    client = site.get_client  # type: ignore[attr-defined]
    response = await client.get(path, params={"q": query, "next": query, "campaign": query,
                                              "interest": query},
                                headers={"cookie": f"staff_session={cookie}"})
    assert response.status_code < 500, (path, query, response.text[:200])


# ---- item 3: bounded request bodies -----------------------------------------------------

async def raw_request(site: DashboardSite, head: str, body: bytes = b"") -> tuple[int, float]:
    """Send a request by hand (a lying Content-Length) and read the status line."""
    import asyncio
    import time

    host, port = site.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    started = time.monotonic()
    writer.write(head.encode() + b"\r\n" + body)
    await writer.drain()
    status = await asyncio.wait_for(reader.readline(), 10)
    writer.close()
    return int(status.split()[1]), time.monotonic() - started


async def test_a_300_mb_login_body_is_refused_before_it_is_read(site: DashboardSite) -> None:
    for path in ("/staff/login", "/staff/campaigns", "/staff/accounts", "/webhooks/telegram"):
        status, seconds = await raw_request(
            site, f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {300 * 1024 * 1024}\r\n"
                  "Content-Type: multipart/form-data; boundary=x\r\n", b"--x\r\n")
        assert status == 413, path
        assert seconds < 5  # answered at once, not after waiting for 300 MB


async def test_a_streamed_body_over_the_limit_is_refused_with_413(site: DashboardSite) -> None:
    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: chunked, 4 MB
        for _ in range(64):
            yield b"a" * 64 * 1024

    client = await site.logged_in("staff")
    for path in ("/staff/login", "/staff/people/1/contacted", "/staff/alerts/1/done"):
        response = await client.post(path, content=chunks(), headers={
            "content-type": "application/x-www-form-urlencoded"})
        assert response.status_code == 413, path


async def test_the_practice_list_upload_has_its_own_limit(tmp_path: Path) -> None:
    site = await DashboardSite.start(tmp_path, server__max_upload=3 * 1024 * 1024)
    try:
        client = await site.logged_in("staff")
        token = csrf_in((await client.get("/staff/campaigns")).text)
        big = ("First name\n" + "Jo\n" * 700_000).encode()  # quickly refused: no phones
        assert 1024 * 1024 < len(big) < 3 * 1024 * 1024  # over max_body, under max_upload
        response = await client.post("/staff/campaigns", data={"csrf": token, "name": "Big"},
                                     files={"list": ("list.csv", big, "text/csv")})
        assert response.status_code != 413
        # Over it: refused from the declared length, while the client is still sending.
        head = ("POST {} HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
                "boundary=x\r\nContent-Length: {}\r\n")
        status, _ = await raw_request(site, head.format("/staff/campaigns", len(big) * 2),
                                      big[:65536])
        assert status == 413
        # Any other form keeps the 1 MB limit.
        status, _ = await raw_request(site, head.format("/staff/accounts", len(big)),
                                      big[:65536])
        assert status == 413
    finally:
        await site.stop()


# ---- item 11: headers on every response --------------------------------------------------

HEADERS = ("content-security-policy", "x-frame-options", "x-content-type-options",
           "referrer-policy")


async def test_every_response_has_the_security_headers(tmp_path: Path) -> None:
    from starlette.routing import Route

    from bot.config import load_config
    from bot.fakes.loopback import LoopbackServer
    from bot.harness import DEFAULT_EXAMPLE
    from bot.server import Component, build_components, create_app
    from bot.web_guard import CSP

    async def boom(request: object) -> None:
        raise RuntimeError("a bug")

    config = load_config(DEFAULT_EXAMPLE, environ={}).with_overrides(
        storage__database=str(tmp_path / "bot.db"),
        server__public_url="https://bot.example.org")
    parts = [*build_components(config), Component("boom", routes=[Route("/boom", boom)])]
    async with LoopbackServer(create_app(config, parts)) as server, httpx.AsyncClient(
            base_url=server.url) as client:
        for path in ("/healthz", "/nowhere", "/staff/static/dashboard.css", "/staff/login",
                     "/boom", "/staff/"):
            response = await client.get(path)
            for name in HEADERS:
                assert name in response.headers, (path, name)
            # One policy, set in one place: dashboard pages once sent a weaker one of their own.
            assert response.headers["content-security-policy"] == CSP, path
            assert response.headers["strict-transport-security"].startswith("max-age="), path
        assert (await client.get("/boom")).status_code == 500


async def test_no_hsts_over_plain_http(site: DashboardSite) -> None:
    response = await site.client().get("/healthz")
    assert "strict-transport-security" not in response.headers
    assert response.headers["x-frame-options"] == "DENY"


async def test_healthz_says_ok_only_unless_asked_by_staff(site: DashboardSite) -> None:
    anonymous = await site.client().get("/healthz")
    assert anonymous.status_code == 200 and anonymous.json() == {"ok": True}
    forged = await site.client().get("/healthz", headers={"cookie": "staff_session=guess"})
    assert forged.json() == {"ok": True}
    staff = await site.logged_in("staff")
    token = staff.cookies.get("staff_session")
    detailed = await site.client().get("/healthz", headers={"cookie": f"staff_session={token}"})
    assert detailed.json()["ok"] is True and "contacts" in detailed.json()["counts"]
