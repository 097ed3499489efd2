"""Several practices: a staff member sees their own practice's Today counts, alerts and
unmet needs; a federation admin (no practice) sees every practice's."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.dashboard.testing import DashboardSite, csrf_in
from bot.storage.needs import NeedsRepository
from bot.testing import EXAMPLE_OFFERS, two_practices_config


@pytest.fixture
async def site(tmp_path: Path):
    config = two_practices_config(tmp_path)
    running = await DashboardSite.start(tmp_path, config_file=str(config))
    store = running.store
    now = datetime.now(UTC)
    ids = {}
    for practice, words in (("oak", "archery"), ("elm", "falconry")):
        person = await store.contacts.for_address("sms:+447700900001", practice)
        ids[practice] = await store.alerts.add("request-passed-on", f"{practice} alert",
                                               person.id)
        await store.alerts.add_passed_on_request(ids[practice], person.id, f"{words} please")
        await NeedsRepository(store).add(now, "no-match", [], words, words, practice)
        await store.inbox.insert("sms", f"SM{practice:0>32}", "sms:+447700900001", "hi", now,
                                 practice=practice)
        stamp = now.isoformat()
        await store.write(  # came forward to work alongside the practice
            "INSERT INTO champion_responses(contact_id, answer, state, name, interests,"
            " consent, created_at, updated_at, completed_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (person.id, "yes", "completed", f"{practice.title()} Person", words, 1, stamp,
             stamp, stamp))
    running.alert_ids = ids
    try:
        yield running
    finally:
        await running.stop()


def alert_ids(page: str) -> set[int]:
    return {int(n) for n in re.findall(r'id="alert-(\d+)"', page)}


async def test_staff_see_their_practice_only(site) -> None:
    client = await site.logged_in("staff", practice="oak")
    today = (await client.get("/staff/")).text
    assert alert_ids(today) == {site.alert_ids["oak"]}
    assert re.search(r'id="count-conversations">1<', today)
    assert re.search(r'id="count-no-match"><a href="/staff/needs">1<', today)
    assert alert_ids((await client.get("/staff/alerts")).text) == {site.alert_ids["oak"]}
    needs = (await client.get("/staff/needs")).text
    assert "archery" in needs and "falconry" not in needs


async def test_another_practices_alert_cannot_be_handled_or_read(site) -> None:
    client = await site.logged_in("staff", practice="oak")
    page = await client.get("/staff/alerts")
    elm = site.alert_ids["elm"]
    response = await client.post(f"/staff/alerts/{elm}/done",
                                 data={"csrf": csrf_in(page.text), "note": "not mine"})
    assert response.status_code == 303
    assert await site.store.alerts.state_of(elm) == "open"
    assert (await client.get(f"/staff/alerts/{elm}/request")).status_code == 404
    mine = await client.get(f"/staff/alerts/{site.alert_ids['oak']}/request")
    assert mine.status_code == 200 and "archery please" in mine.text


async def test_a_federation_admin_sees_every_practice(site) -> None:
    client = await site.logged_in("admin", practice=None)
    today = (await client.get("/staff/")).text
    assert alert_ids(today) == set(site.alert_ids.values())
    assert re.search(r'id="count-conversations">1<', today)  # one number, two practices
    needs = (await client.get("/staff/needs")).text
    assert "archery" in needs and "falconry" in needs


async def test_people_who_came_forward_are_their_practices(site) -> None:
    client = await site.logged_in("staff", practice="elm")
    page = (await client.get("/staff/people")).text
    assert "Elm Person" in page and "Oak Person" not in page
    oak = await site.store.fetchone(
        "SELECT r.id FROM champion_responses r JOIN contacts c ON c.id = r.contact_id"
        " WHERE c.practice_id='oak'")
    assert (await client.get(f"/staff/people/{oak[0]}")).status_code == 404
    csv = (await client.get("/staff/people.csv")).text
    assert "Elm Person" in csv and "Oak Person" not in csv
    admin = await site.logged_in("admin", practice=None)
    page = (await admin.get("/staff/people")).text
    assert "Elm Person" in page and "Oak Person" in page


async def test_the_directory_and_tester_are_the_staff_members_practices(tmp_path) -> None:
    own = tmp_path / "elm-offers.yaml"
    own.write_text("""
offers:
  - id: elm-bell-ringers
    name: Elm Bell Ringers
    description: Learn to ring the church bells with a friendly band.
    categories: [music, company]
    keywords: [bell ringing, bells]
    schedule:
      - {freq: WEEKLY, byday: [TH], opens_at: "19:00", closes_at: "20:30"}
    location: {name: St Mary's Church, address: "Church Lane, Millbrook", postcode: MB1 3CL}
    contact: {name: Ann, phone: "07700 900155"}
""")
    config = two_practices_config(tmp_path, numbers=False,
                                  elm={"shared": EXAMPLE_OFFERS, "own": own})
    site = await DashboardSite.start(tmp_path, config_file=str(config))
    try:
        elm, oak = await site.logged_in("staff", "elm"), await site.logged_in("staff", "oak")
        assert "Elm Bell Ringers" in (await elm.get("/staff/directory")).text
        assert "Elm Bell Ringers" not in (await oak.get("/staff/directory")).text
        assert (await oak.get("/staff/directory/elm-bell-ringers/edit")).status_code == 404
        assert (await elm.get("/staff/directory/elm-bell-ringers/edit")).status_code == 200
        tried = (await elm.get("/staff/tester", params={"q": "bell ringing"})).text
        assert "Elm Bell Ringers" in tried
        tried = (await oak.get("/staff/tester", params={"q": "HELP"})).text
        assert "Oak Lane Surgery" in tried
    finally:
        await site.stop()


async def _add(client, **data: str):  # type: ignore[no-untyped-def]
    page = await client.get("/staff/accounts")
    return await client.post("/staff/accounts", data={"csrf": csrf_in(page.text),
                                                      "role": "staff", **data})


async def _practice_of(site, email: str) -> str | None:  # type: ignore[no-untyped-def]
    from bot.storage.staff import StaffRepository

    found = await StaffRepository(site.store).account(email)
    assert found is not None
    return found.practice


async def test_a_federation_admin_picks_the_new_accounts_practice(site) -> None:
    client = await site.logged_in("admin", practice=None)
    page = (await client.get("/staff/accounts")).text
    assert '<select id="new-practice" name="practice">' in page
    assert '<option value="oak">Oak Lane Surgery</option>' in page
    assert '<option value="elm">Elm Practice</option>' in page
    added = await _add(client, email="elm.nurse@practice.example.org", practice="elm")
    assert added.status_code == 200 and "Account added" in added.text
    assert await _practice_of(site, "elm.nurse@practice.example.org") == "elm"
    added = await _add(client, email="pcn.lead@practice.example.org", practice="*",
                       role="admin")
    assert added.status_code == 200
    assert await _practice_of(site, "pcn.lead@practice.example.org") is None
    wrong = await _add(client, email="ash@practice.example.org", practice="ash")
    assert wrong.status_code == 400 and "there is no practice" in wrong.text
    assert "ash@practice.example.org" not in (await client.get("/staff/accounts")).text


async def test_a_practices_admin_adds_at_their_own_practice_only(site) -> None:
    client = await site.logged_in("admin", practice="oak")
    page = (await client.get("/staff/accounts")).text
    assert 'name="practice"' not in page  # no picker
    refused = await _add(client, email="sneaky@practice.example.org", practice="elm")
    assert refused.status_code == 400 and "your own practice (oak) only" in refused.text
    assert "sneaky@practice.example.org" not in (await client.get("/staff/accounts")).text
    added = await _add(client, email="oak.nurse@practice.example.org")
    assert added.status_code == 200
    assert await _practice_of(site, "oak.nurse@practice.example.org") == "oak"


async def test_each_practices_flu_campaign_links_to_its_own(site) -> None:
    from bot.campaigns.csvimport import parse_text
    from bot.campaigns.records import create_campaign

    ids = {}
    for practice in ("oak", "elm"):
        created = await create_campaign(site.store, "flu-2026", parse_text(
            "Name,Phone\nPat,07700900004\n"), "Hello {first_name}", "list.csv",
            datetime.now(UTC), practice)
        ids[practice] = created.campaign.id
    everyone = (await (await site.logged_in("admin", practice=None)).get(
        "/staff/campaigns")).text
    assert all(f'href="/staff/campaigns/{n}"' in everyone for n in ids.values())
    oak = await site.logged_in("staff", practice="oak")
    page = (await oak.get("/staff/campaigns")).text
    assert f'href="/staff/campaigns/{ids["oak"]}"' in page
    assert f'href="/staff/campaigns/{ids["elm"]}"' not in page
    assert (await oak.get(f"/staff/campaigns/{ids['elm']}")).status_code == 404
    assert (await oak.get(f"/staff/campaigns/{ids['oak']}")).status_code == 200


async def test_a_practices_admin_sees_and_changes_their_own_practices_accounts_only(
        site) -> None:
    await site.add_staff("elm.nurse@practice.example.org", practice="elm")
    await site.add_staff("oak.nurse@practice.example.org", practice="oak")
    client = await site.logged_in("admin", practice="oak")
    page = await client.get("/staff/accounts")
    assert "oak.nurse@practice.example.org" in page.text
    assert "elm.nurse@practice.example.org" not in page.text
    refused = await client.post("/staff/accounts/change", data={
        "csrf": csrf_in(page.text), "email": "elm.nurse@practice.example.org",
        "action": "disable", "role": ""})
    assert refused.status_code == 400 and "There is no account for" in refused.text
    from bot.storage.staff import StaffRepository

    elm = await StaffRepository(site.store).account("elm.nurse@practice.example.org")
    assert elm is not None and not elm.disabled
    done = await client.post("/staff/accounts/change", data={
        "csrf": csrf_in(page.text), "email": "oak.nurse@practice.example.org",
        "action": "disable", "role": ""})
    assert done.status_code == 303
    everyone = (await (await site.logged_in("admin", practice=None)).get(
        "/staff/accounts")).text
    assert "elm.nurse@practice.example.org" in everyone and "oak.nurse" in everyone


async def _upload(client, **data: str):  # type: ignore[no-untyped-def]
    page = await client.get("/staff/campaigns")
    return await client.post(
        "/staff/campaigns", data={"csrf": csrf_in(page.text), "message": "Hello {first_name}",
                                  **data},
        files={"list": ("list.csv", b"First name,Mobile\nPat,07700 900004\n", "text/csv")})


async def test_a_federation_admin_starts_a_campaign_for_the_practice_picked(site) -> None:
    client = await site.logged_in("admin", practice=None)
    page = (await client.get("/staff/campaigns")).text
    assert '<select id="c-practice" name="practice">' in page
    made = await _upload(client, name="flu-2026", practice="elm")
    assert made.status_code == 303
    campaign_id = int(made.headers["location"].split("?")[0].rsplit("/", 1)[1])
    from bot.storage.campaigns import CampaignsRepository

    campaign = await CampaignsRepository(site.store).by_id(campaign_id)
    assert campaign is not None and campaign.practice == "elm"
    # The list says whose each campaign is.
    listed = (await client.get("/staff/campaigns")).text
    row = re.search(rf'href="/staff/campaigns/{campaign_id}">flu-2026</a></td><td>([^<]*)<',
                    listed)
    assert row and row.group(1) == "Elm Practice"
    wrong = await _upload(client, name="flu-2027", practice="ash")
    assert wrong.status_code == 400 and "there is no practice" in wrong.text


async def test_a_practices_staff_start_campaigns_for_their_own_practice_only(site) -> None:
    client = await site.logged_in("staff", practice="oak")
    page = (await client.get("/staff/campaigns")).text
    assert 'name="practice"' not in page and "<th scope=\"col\">Practice</th>" not in page
    refused = await _upload(client, name="flu-2026", practice="elm")
    assert refused.status_code == 400 and "your own practice (oak) only" in refused.text
    made = await _upload(client, name="flu-2026")
    assert made.status_code == 303
    from bot.storage.campaigns import CampaignsRepository

    [campaign] = await CampaignsRepository(site.store).all("oak")
    assert campaign.name == "flu-2026"
    assert await CampaignsRepository(site.store).all("elm") == []
