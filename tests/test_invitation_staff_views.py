"""What staff see of invitation replies (issue 14 part 7): the ask-again date and renamed
first names, over real HTTP on a loopback port with real SQLite."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.campaigns.csvimport import parse_text
from bot.campaigns.records import create_campaign
from bot.campaigns.template import DEFAULT_INVITATION
from bot.dashboard.testing import DashboardSite, csrf_in
from bot.storage import iso, utcnow


@pytest.fixture
async def site(tmp_path: Path) -> AsyncIterator[DashboardSite]:
    started = await DashboardSite.start(tmp_path)
    yield started
    await started.stop()


async def test_maybe_later_shows_with_its_ask_again_date_and_a_masked_number(
        site: DashboardSite) -> None:
    created = await create_campaign(site.store, "spring",
                                    parse_text("Forename,Mobile\nMaggie,07700900777\n"),
                                    DEFAULT_INVITATION, "list.csv", utcnow())
    contact = await site.store.contacts.for_address("sms:+447700900777")
    async with site.store.transaction():
        await site.store.write(
            "INSERT INTO champion_responses(contact_id, campaign_id, answer, state, ask_again,"
            " created_at, updated_at) VALUES (?, ?, 'later', 'ask later', '2027-03-01', ?, ?)",
            (contact.id, created.campaign.id, iso(utcnow()), iso(utcnow())))
    client = await site.logged_in("staff")
    page = (await client.get("/staff/people")).text
    later = page[page.index('id="ask-later"'):]
    assert "Maggie" in later and "2027-03-01" in later and "spring" in later
    assert "07700 90****" in later and "900777" not in later


async def test_campaign_preview_names_the_accented_names_it_will_change(
        site: DashboardSite) -> None:
    created = await create_campaign(site.store, "spring",
                                    parse_text("Forename,Mobile\nSiobhán,07700900777\n"
                                               "Pat,07700900778\n"),
                                    DEFAULT_INVITATION, "list.csv", utcnow())
    client = await site.logged_in("staff")
    url = f"/staff/campaigns/{created.campaign.id}"
    page = (await client.get(url)).text
    assert "Siobhán -&gt; Siobhan" in page and "Hi Siobhan, this is" in page
    preview = await client.post(url + "/preview", data={"csrf": csrf_in(page),
                                                        "message": DEFAULT_INVITATION})
    assert 'id="p-renamed"' in preview.text and "Siobhan" in preview.text
    assert "(GSM-7)" in preview.text
