"""Issue 15: what an attacker can send the web server (items 3, 6, 11), over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

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
