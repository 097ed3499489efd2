"""Several practices: the periodic "is this still right?" checks go out for each
practice's own offers from that practice, and a shared offer is checked once."""

from __future__ import annotations

from bot.config import load_config
from bot.listings_job import tick
from bot.runtime import Runtime
from bot.testing import ELM_BELL_RINGERS, EXAMPLE_OFFERS, two_practices_config

ALWAYS = {"days": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"], "start": "00:00",
          "end": "23:59", "skip_bank_holidays": False}


async def test_each_practice_checks_its_own_offers_and_shared_ones_once(tmp_path) -> None:
    own = tmp_path / "elm.yaml"
    own.write_text(ELM_BELL_RINGERS)
    file = two_practices_config(
        tmp_path, numbers=False, keys={pid: {"send_window": ALWAYS} for pid in ("oak", "elm")},
        elm={"shared": EXAMPLE_OFFERS, "own": own},
        storage={"database": str(tmp_path / "bot.db")}, directory={"review_after": "1d"})
    config = load_config(str(file), environ={})
    runtime = await Runtime.open(config, {})
    try:
        await tick(runtime)  # the periodic job's tick, as serve runs it
        store = runtime.store
        reviews = await store.fetchall(
            "SELECT offer_id, COUNT(*) FROM listing_reviews GROUP BY offer_id")
        assert reviews and all(count == 1 for _, count in reviews)  # shared: once
        [(practice, text)] = await store.fetchall(
            "SELECT practice_id, text FROM outbox WHERE recipient='sms:+447700900155'")
        assert practice == "elm" and "Hello from Elm Practice" in text
        shared_practices = {row[0] for row in await store.fetchall(
            "SELECT practice_id FROM outbox WHERE recipient<>'sms:+447700900155'")}
        assert shared_practices == {"oak"}  # the first to find them due
    finally:
        await runtime.close()
