"""Issue 15, item 1: CSV formula injection, as an attacker would try it (OWASP payloads)."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.campaigns.records import all_campaigns
from bot.campaigns.report import export
from bot.csvsafe import spreadsheet_safe
from bot.dashboard.testing import DashboardSite
from bot.storage import Store, iso, utcnow

PAYLOADS = [
    '=1+HYPERLINK("http://e.x","click")',
    "-1+1+cmd|' /C calc'!A0",
    '+1+HYPERLINK("http://e.x")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://e.x")',
    "=2",
    "\t=1+1",
    "\r=1+1",
    "-2",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_formula_start_is_escaped(payload: str) -> None:
    assert spreadsheet_safe(payload) == "'" + payload


@pytest.mark.parametrize("plain", ["Jo", "gardening, singing", "07700 900123", "1 = 1", ""])
def test_plain_cells_are_left_alone(plain: str) -> None:
    assert spreadsheet_safe(plain) == plain


async def _came_forward_with(store: Store, payload: str) -> None:
    """A champion whose name, interests and availability are the payload, in a campaign
    named with it."""
    contact = await store.contacts.for_address("sms:+447700900321")
    now = iso(utcnow())
    async with store.transaction():
        campaign_id = await store.insert(
            "INSERT INTO campaigns(name, template, created_at) VALUES (?, 'Hi', ?) RETURNING id",
            (payload, now))
        await store.write(
            "INSERT INTO champion_responses(contact_id, campaign_id, answer, state, name,"
            " interests, availability, contact_method, consent, created_at, updated_at,"
            " completed_at) VALUES (?, ?, 'yes', 'completed', ?, ?, ?, ?, 1, ?, ?, ?)",
            (contact.id, campaign_id, payload, payload, payload, payload, now, now, now))


def _cells(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    return [cell for row in rows[1:] for cell in row]


@pytest.fixture
async def site(tmp_path: Path) -> AsyncIterator[DashboardSite]:
    started = await DashboardSite.start(tmp_path)
    yield started
    await started.stop()


@pytest.mark.parametrize("payload", PAYLOADS[:4])
async def test_people_csv_and_campaign_export_escape_every_cell(
        site: DashboardSite, tmp_path: Path, payload: str) -> None:
    await _came_forward_with(site.store, payload)
    client = await site.logged_in("staff")
    response = await client.get("/staff/people.csv")
    assert response.status_code == 200
    cells = _cells(response.text)
    assert cells.count("'" + payload) == 5, cells  # name, interests, when, how, campaign
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    [campaign] = await all_campaigns(site.store)
    out = tmp_path / "export.csv"
    assert await export(site.store, campaign, out) == 1
    cells = _cells(out.read_text(encoding="utf-8-sig"))
    assert cells.count("'" + payload) == 5, cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
