"""The staff dashboard over real HTTP: the whole server on a loopback port, real SQLite."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from bot.dashboard.testing import DashboardSite, csrf_in
from bot.harness import Harness
from bot.messages import Address, Inbound
from bot.storage import iso, utcnow

PAGES = ["/staff/", "/staff/alerts", "/staff/audit", "/staff/needs", "/staff/directory",
         "/staff/tester?q=walking", "/staff/campaigns", "/staff/people", "/staff/people.csv",
         "/staff/accounts", "/staff/directory/millbrook-health-walk/edit"]
FORMS = ["/staff/logout", "/staff/alerts/1/done", "/staff/alerts/1/claim", "/staff/campaigns",
         "/staff/campaigns/1/preview", "/staff/campaigns/1/message", "/staff/campaigns/1/send",
         "/staff/campaigns/1/pause", "/staff/people/1/contacted", "/staff/accounts",
         "/staff/directory/millbrook-health-walk/edit", "/staff/proposals/1/approve",
         "/staff/proposals/1/reject", "/staff/contacts/1/end-safety-state"]
ADMIN_ONLY = ["/staff/audit", "/staff/accounts"]
COUNTS = ("SELECT COUNT(*) FROM contacts UNION ALL SELECT COUNT(*) FROM unmet_needs"
          " UNION ALL SELECT COUNT(*) FROM staff_alerts")


@pytest.fixture
async def site(tmp_path: Path) -> AsyncIterator[DashboardSite]:
    started = await DashboardSite.start(tmp_path)
    yield started
    await started.stop()


async def text_in(site: DashboardSite, sender: str, text: str) -> None:
    """A resident's message, through the same engine the webhooks use."""
    await site.runtime.engine.receive(Inbound(Address.parse(sender), text,
                                              f"ext-{utcnow().timestamp()}", utcnow()))


# ---- access -------------------------------------------------------------------------------

async def test_every_page_and_form_sends_you_to_login_without_a_session(
        site: DashboardSite) -> None:
    client = site.client()
    for path in PAGES:
        response = await client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/staff/login?next="), path
    for path in FORMS:
        response = await client.post(path, data={"csrf": "x"})
        assert response.status_code == 303 and "/staff/login" in response.headers["location"]
    assert (await client.get("/healthz")).status_code == 200


async def test_every_page_opens_for_an_admin(site: DashboardSite) -> None:
    client = await site.logged_in("admin")
    for path in PAGES:
        response = await client.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-frame-options"] == "DENY"


async def test_staff_cannot_reach_admin_pages(site: DashboardSite) -> None:
    client = await site.logged_in("staff")
    for path in ADMIN_ONLY:
        assert (await client.get(path)).status_code == 403, path
    page = await client.get("/staff/")
    assert "Audit log" not in page.text
    token = csrf_in(page.text)
    response = await client.post("/staff/accounts", data={"csrf": token, "email": "x@y.org"})
    assert response.status_code == 403
    assert await site.store.fetchone("SELECT 1 FROM staff_accounts WHERE email='x@y.org'") is None


async def test_every_form_refuses_a_post_without_the_csrf_token(site: DashboardSite) -> None:
    client = await site.logged_in("admin")
    for path in FORMS:
        assert (await client.post(path, data={})).status_code == 403, path
        assert (await client.post(path, data={"csrf": "forged"})).status_code == 403, path
    # The login form has its own token (a cookie and a field that must match).
    fresh = site.client()
    response = await fresh.post("/staff/login", data={"email": "a@b.org", "password": "x"})
    assert response.status_code == 403


async def test_session_cookie_is_httponly_samesite_and_ends_at_logout(
        site: DashboardSite) -> None:
    await site.add_staff("sam@practice.example.org")
    client = site.client()
    response = await site.login(client, "sam@practice.example.org")
    cookie = response.headers["set-cookie"]
    assert "staff_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # public_url is not https here
    assert "Path=/staff" in cookie and "Max-Age=28800" in cookie
    home = await client.get("/staff/")
    assert home.status_code == 200
    await client.post("/staff/logout", data={"csrf": csrf_in(home.text)})
    assert (await client.get("/staff/")).status_code == 303


async def test_cookies_are_secure_when_the_public_url_is_https(tmp_path: Path) -> None:
    site = await DashboardSite.start(tmp_path, server__public_url="https://bot.example.org")
    try:
        await site.add_staff("sam@practice.example.org")
        response = await site.login(site.client(), "sam@practice.example.org")
        assert "Secure" in response.headers["set-cookie"]
    finally:
        await site.stop()


async def test_sessions_expire(tmp_path: Path) -> None:
    from datetime import timedelta

    site = await DashboardSite.start(tmp_path, dashboard__session_expiry=timedelta(seconds=1))
    try:
        client = await site.logged_in("staff")
        assert (await client.get("/staff/")).status_code == 200
        async with site.store.transaction():
            await site.store.write("UPDATE staff_sessions SET expires_at=?",
                                     (iso(utcnow() - timedelta(seconds=1)),))
        assert (await client.get("/staff/")).status_code == 303
    finally:
        await site.stop()


async def test_login_failures_slow_an_account_down_without_locking_it_out(
        site: DashboardSite, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.dashboard import auth

    waits: list[float] = []

    async def wait(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(auth, "_wait", wait)
    await site.add_staff("sam@practice.example.org")
    client = site.client()
    for _ in range(5):
        response = await site.login(client, "sam@practice.example.org", "wrong password!")
        assert response.status_code == 401
        assert "match an account" in response.text
    assert waits == [0, 0, 0, auth.FIRST_DELAY, 2 * auth.FIRST_DELAY]  # a growing wait
    # Someone guessing can't lock the real person out: the right password still works.
    assert (await site.login(site.client(), "sam@practice.example.org")).status_code == 303
    assert waits[-1] == 4 * auth.FIRST_DELAY
    await site.add_staff("pat@practice.example.org")
    assert (await site.login(site.client(), "pat@practice.example.org")).status_code == 303
    assert waits[-1] == 0  # another account is not slowed by guesses at this one


async def test_login_never_redirects_off_the_dashboard(site: DashboardSite) -> None:
    await site.add_staff("sam@practice.example.org")
    client = site.client()
    page = await client.get("/staff/login")
    response = await client.post("/staff/login", data={
        "csrf": csrf_in(page.text), "email": "sam@practice.example.org",
        "password": "correct horse battery", "next": "https://evil.example.org/"})
    assert response.headers["location"] == "/staff/"


async def test_one_time_link_sets_a_password_once(site: DashboardSite) -> None:
    admin = await site.logged_in("admin")
    page = await admin.get("/staff/accounts")
    response = await admin.post("/staff/accounts", data={
        "csrf": csrf_in(page.text), "email": "new@practice.example.org", "role": "staff"})
    link = response.text.split('id="password-link">')[1].split("<")[0]
    path = link.replace(site.url, "")
    fresh = site.client()
    mismatch = await fresh.post(path, data={"password": "one long password",
                                            "password_again": "another long one"})
    assert mismatch.status_code == 400 and "not the same" in mismatch.text
    done = await fresh.post(path, data={"password": "one long password",
                                        "password_again": "one long password"})
    assert done.status_code == 303
    assert (await fresh.get(path)).status_code == 410  # used up
    assert (await site.login(fresh, "new@practice.example.org",
                             "one long password")).status_code == 303


# ---- pages --------------------------------------------------------------------------------

async def test_a_crisis_message_raises_an_alert_on_today_and_it_can_be_marked_done(
        site: DashboardSite) -> None:
    await text_in(site, "sms:+447700900301", "I want to end my life")
    client = await site.logged_in("staff")
    today = await client.get("/staff/")
    assert "Message sounded like an emergency" in today.text
    assert "end my life" not in today.text  # never the message itself
    [alert] = await site.store.fetchall("SELECT id FROM staff_alerts WHERE kind='crisis'")
    token = csrf_in(today.text)
    await client.post(f"/staff/alerts/{alert[0]}/claim", data={"csrf": token})
    assert "being handled by staff" in (await client.get("/staff/alerts")).text
    response = await client.post(f"/staff/alerts/{alert[0]}/done",
                                 data={"csrf": token, "note": "Called back, safe"})
    assert response.status_code == 303
    row = await site.store.fetchone("SELECT * FROM staff_alerts WHERE id=?", (alert[0],))
    assert row["state"] == "done" and row["note"] == "Called back, safe"
    assert row["handled_by"].startswith("staff")
    actions = [r[0] for r in await site.store.fetchall("SELECT action FROM audit_log")]
    assert "alert-taken" in actions and "alert-done" in actions
    assert "Nothing to follow up" in (await client.get("/staff/")).text


async def test_crisis_alerts_come_first_and_staff_can_end_the_safety_state_audited(
        site: DashboardSite) -> None:
    await site.store.alerts.add("directory-invalid", "line 4: no name")
    await text_in(site, "sms:+447700900304", "thinking of ending it tonight")
    contact = await site.store.contacts.find("sms:+447700900304")
    assert contact is not None
    client = await site.logged_in("staff")
    today = (await client.get("/staff/")).text
    # Urgent first, however old the other alerts: the crisis came in after the directory one.
    assert today.index("Message sounded like an emergency") < today.index(
        "Directory file has problems")
    assert "In the safety state" in today
    await text_in(site, "sms:+447700900304", "any walking groups?")
    last = await site.store.fetchone(
        "SELECT text FROM outbox WHERE recipient='sms:+447700900304' ORDER BY id DESC")
    assert "116 123" in last["text"] and "walk" not in last["text"].lower()  # still held
    response = await client.post(f"/staff/contacts/{contact.id}/end-safety-state", data={
        "csrf": csrf_in(today), "back": "/staff/", "note": "Rang back, safe, has support"})
    assert response.status_code == 303 and response.headers["location"].startswith("/staff/?")
    assert await site.store.contacts.safety_hold(contact.id, utcnow()) is None
    row = await site.store.fetchone(
        "SELECT actor, target, detail FROM audit_log WHERE action='safety-state-ended'")
    assert row["actor"].startswith("staff") and row["target"] == f"contact:{contact.id}"
    assert "suicide" in row["detail"] and "Rang back" in row["detail"]
    assert "In the safety state" not in (await client.get("/staff/")).text
    await text_in(site, "sms:+447700900304", "any walking groups?")
    last = await site.store.fetchone(
        "SELECT text FROM outbox WHERE recipient='sms:+447700900304' ORDER BY id DESC")
    assert "116 123" not in last["text"]  # ordinary replies again
    # Ending it twice, or for someone never in it, changes nothing and says so.
    again = await client.post(f"/staff/contacts/{contact.id}/end-safety-state",
                              data={"csrf": csrf_in(today)})
    assert "not%20in%20the%20safety%20state" in again.headers["location"]
    assert len(await site.store.fetchall(
        "SELECT 1 FROM audit_log WHERE action='safety-state-ended'")) == 1


async def test_the_person_page_shows_the_safety_state_and_can_end_it(
        site: DashboardSite) -> None:
    contact = await site.store.contacts.for_address("sms:+447700900778")
    async with site.store.transaction():
        response_id = await site.store.insert(
            "INSERT INTO champion_responses(contact_id, answer, state, name, interests,"
            " availability, contact_method, consent, created_at, updated_at, completed_at)"
            " VALUES (?, 'yes', 'completed', 'Sam', 'walking', 'evenings', 'a text', 1, ?, ?,"
            " ?) RETURNING id", (contact.id, iso(utcnow()), iso(utcnow()), iso(utcnow())))
    client = await site.logged_in("staff")
    assert "In the safety state" not in (await client.get(f"/staff/people/{response_id}")).text
    await site.store.contacts.set_safety_state(contact.id, "self-harm",
                                               utcnow() + timedelta(hours=24))
    detail = (await client.get(f"/staff/people/{response_id}")).text
    assert "In the safety state" in detail
    response = await client.post(f"/staff/contacts/{contact.id}/end-safety-state", data={
        "csrf": csrf_in(detail), "back": f"/staff/people/{response_id}"})
    assert response.headers["location"].startswith(f"/staff/people/{response_id}?")
    assert await site.store.contacts.safety_hold(contact.id, utcnow()) is None
    assert "In the safety state" not in (await client.get(f"/staff/people/{response_id}")).text


async def test_today_counts_conversations_searches_and_no_matches(site: DashboardSite) -> None:
    await text_in(site, "sms:+447700900302", "any walking groups?")
    await text_in(site, "sms:+447700900302", "MORE")
    await text_in(site, "sms:+447700900303", "karate for kids")
    client = await site.logged_in("staff")
    page = (await client.get("/staff/")).text
    assert 'id="count-conversations">2<' in page
    assert 'id="count-searches">2<' in page  # MORE is not a new search
    assert '<a href="/staff/needs">1</a>' in page
    needs = (await client.get("/staff/needs")).text
    assert "karate" in needs


async def test_search_tester_shows_the_same_reply_the_bot_texts(site: DashboardSite,
                                                                tmp_path: Path) -> None:
    harness = await Harness.start(tmp_path / "h", directory=site.config.directory.path)
    try:
        texted = await harness.say("sms:+447700900401", "I'm lonely")
    finally:
        await harness.close()
    client = await site.logged_in("staff")
    before = await site.store.fetchall(COUNTS)
    page = (await client.get("/staff/tester", params={"q": "I'm lonely"})).text
    import html

    shown = html.unescape(page.split('id="reply-1">')[1].split("</pre>")[0])
    assert [shown] == texted
    assert "company" in page and "Friendship Lunch Club" in page
    # Nothing was recorded by trying it.
    await client.get("/staff/tester", params={"q": "karate for kids"})
    crisis = (await client.get("/staff/tester", params={"q": "I want to kill myself"})).text
    assert "call 999 now" in crisis
    after = await site.store.fetchall(COUNTS)
    assert [tuple(r) for r in after] == [tuple(r) for r in before]


async def test_editing_an_offer_writes_the_yaml_keeps_comments_and_shows_in_the_tester(
        site: DashboardSite) -> None:
    client = await site.logged_in("staff")
    path = "/staff/directory/millbrook-health-walk/edit"
    form = (await client.get(path)).text
    seen = form.split('name="seen" value="')[1].split('"')[0]
    import html

    bad = await client.post(path, data={"csrf": csrf_in(form), "seen": html.unescape(seen),
                                        "name": "Millbrook Health Walk", "status": "active",
                                        "schedule": "sometime soon"})
    assert bad.status_code == 400 and 'id="e-schedule">Sorry, we couldn&#39;t read a day' in bad.text

    response = await client.post(path, data={
        "csrf": csrf_in(form), "seen": html.unescape(seen), "name": "Millbrook Health Walk",
        "status": "active", "description": html.unescape(
            form.split('name="description" rows="4">')[1].split("</textarea>")[0]),
        "schedule": "Wednesdays 2-3pm", "location": html.unescape(
            form.split('id="f-location" name="location" value="')[1].split('"')[0]),
        "contact": "Sue 07700 900101", "cost": "", "notice": "",
        "maintainers": "+447700900101"})
    assert response.status_code == 303, response.text
    text = Path(site.config.directory.path).read_text()
    assert text.startswith("# Millbrook dynamic directory (example).")
    block = text.split("id: millbrook-health-walk")[1].split("- id:")[0]
    assert "[WE]" in block and "14:00" in block and "[TU]" not in block
    tester = (await client.get("/staff/tester", params={"q": "walking group"})).text
    assert "Wednesdays 2-3pm" in tester
    audited = await site.store.fetchall("SELECT field FROM listing_changes")
    assert [r[0] for r in audited] == ["schedule", "last_reviewed"]  # reviewed today


async def test_upload_a_list_preview_and_send_a_campaign(site: DashboardSite) -> None:
    client = await site.logged_in("staff")
    page = await client.get("/staff/campaigns")
    rows = ["First name,Mobile"] + [f"Ann{i},07700 900{500 + i:03d}" for i in range(6)]
    rows += ["Bob,01632 960001", "Cat,", "Dan,07700 900500"]
    response = await client.post(
        "/staff/campaigns", data={"csrf": csrf_in(page.text), "name": "Spring",
                                  "message": "Hi {first_name}, join us at {practice_name}? "
                                             "Reply YES or NO. Text STOP to opt out."},
        files={"list": ("list.csv", "\n".join(rows).encode(), "text/csv")})
    assert response.status_code == 303
    assert "6 to invite, 3 rows skipped" in httpx.URL(response.headers["location"]).params[
        "notice"]
    campaign = await client.get(response.headers["location"])
    assert "landline" in campaign.text and "duplicate" in campaign.text
    assert "Hi Ann0, join us at Millbrook Health Centre?" in campaign.text
    token = csrf_in(campaign.text)
    url = response.headers["location"].split("?")[0]
    preview = await client.post(url + "/preview", data={"csrf": token,
                                                        "message": "Hello {first_name}!"})
    assert "Hello Ann0!" in preview.text and 'id="p-to-send">6<' in preview.text
    broken = await client.post(url + "/preview", data={"csrf": token, "message": "Hi {name}"})
    assert "unknown placeholder" in broken.text
    await client.post(url + "/send", data={"csrf": token, "rate": "50"})
    import asyncio

    for _ in range(200):
        progress = (await client.get(url + "/progress")).json()
        if progress["state"] == "finished":
            break
        await asyncio.sleep(0.05)
    assert progress["done"] == progress["total"] == 6
    assert {s["key"]: s["count"] for s in progress["send"]}["sent"] == 6
    listed = (await client.get("/staff/campaigns")).text
    assert ">Spring<" in listed


async def test_people_who_came_forward_masked_in_lists_full_on_detail_audited(
        site: DashboardSite) -> None:
    contact = await site.store.contacts.for_address("sms:+447700900777")
    async with site.store.transaction():
        response_id = await site.store.insert(
            "INSERT INTO champion_responses(contact_id, answer, state, name, interests,"
            " availability, contact_method, consent, created_at, updated_at, completed_at)"
            " VALUES (?, 'yes', 'completed', 'Jo', 'gardening, singing', 'weekday mornings',"
            " 'a call', 1, ?, ?, ?) RETURNING id",
            (contact.id, iso(utcnow()), iso(utcnow()), iso(utcnow())))
    client = await site.logged_in("staff")
    listing = (await client.get("/staff/people")).text
    assert "07700 90****" in listing and "900777" not in listing
    # As a whole word: a random CSRF token can hold the letters "Jo".
    named = re.compile(r"\bJo\b")
    assert named.search((await client.get("/staff/people", params={"interest": "singing"})).text)
    assert not named.search((await client.get("/staff/people", params={"interest": "golf"})).text)
    detail = (await client.get(f"/staff/people/{response_id}")).text
    assert "07700 900777" in detail
    audit = await site.store.fetchall("SELECT action, target FROM audit_log")
    assert ("viewed-contact-details", f"champion_response:{response_id}") in [
        tuple(r) for r in audit]
    await client.post(f"/staff/people/{response_id}/contacted", data={"csrf": csrf_in(detail)})
    assert "yes, by staff" in (await client.get("/staff/people")).text
    export = await client.get("/staff/people.csv")
    assert export.headers["content-type"].startswith("text/csv")
    assert "Jo,07700 900777,\"gardening, singing\"" in export.text
