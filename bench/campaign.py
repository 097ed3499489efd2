"""Campaign benchmark: import 13,000 rows, render and enqueue, send (no provider).

    python bench/campaign.py [--rows 13000] [--send 2000]

The last stage runs the real CampaignSender over --send people with a channel that answers
at once, so it measures what sending costs the bot per person (checks, outbox row, claim,
outcome, progress), not the provider.

Prints time and peak Python memory (tracemalloc) per stage, next to a simple baseline
measured in the same run: csv.reader + str.format, no validation, no database.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.campaigns.csvimport import parse_file  # noqa: E402
from bot.campaigns.records import create_campaign, recipient_rows  # noqa: E402
from bot.campaigns.template import DEFAULT_INVITATION, render_for_sms  # noqa: E402
from bot.storage import Store, iso, utcnow  # noqa: E402

PRACTICE = "Millbrook Health Centre"


def write_list(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["NHS Number", "Surname", "Forename", "Mobile Telephone",
                         "Home Telephone", "Address"])
        for i in range(rows):
            mobile = f"07911{i % 1000000:06d}" if i % 50 else "01632 960000"  # 2% landlines
            writer.writerow([f"94{i:08d}", "SMITH", f"PERSON{i}", mobile, "", "1 High St"])


def measure(work: Callable[[], Any]) -> tuple[float, float, Any]:
    tracemalloc.start()
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak, result


def baseline(path: Path) -> int:
    """csv.reader + str.format only."""
    count = 0
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        first, mobile = header.index("Forename"), header.index("Mobile Telephone")
        out = io.StringIO()
        for row in reader:
            out.write(DEFAULT_INVITATION.format(first_name=row[first].title(),
                                                practice_name=PRACTICE))
            out.write(row[mobile])
            count += 1
    return count


async def import_stage(store: Store, path: Path) -> int:
    parsed = parse_file(path)
    created = await create_campaign(store, "bench", parsed, DEFAULT_INVITATION, path.name,
                                    utcnow())
    return created.recipients


async def render_and_enqueue(store: Store) -> int:
    """What sending does per person, minus the provider: render, outbox row, mark."""
    from bot.campaigns.records import get_campaign

    campaign = await get_campaign(store, "bench")
    done = 0
    stamp = iso(utcnow())
    while True:
        rows = await recipient_rows(store, campaign, ("pending",), limit=500)
        if not rows:
            return done
        async with store.transaction():
            for r in rows:
                text = render_for_sms(campaign.template, r.first_name, PRACTICE)
                cursor = await store.write(
                    "INSERT INTO outbox(recipient, contact_id, text, kind, state, created_at,"
                    " updated_at) VALUES (?,?,?,?,?,?,?)",
                    (r.address, r.contact_id, text, "bulk", "queued", stamp, stamp))
                await store.write(
                    "UPDATE campaign_recipients SET state='queued', outbox_id=? WHERE id=?",
                    (cursor.lastrowid, r.id))
                done += 1


class InstantChannel:
    """A channel that accepts every text at once (no network)."""

    name = "sms"

    def __init__(self) -> None:
        self.sent = 0

    async def send(self, message: Any) -> str:
        self.sent += 1
        return f"SM{message.id:032d}"

    async def was_sent(self, message: Any) -> str | None:
        return None


async def send_stage(store: Store, path: Path, rows: int) -> int:
    """The real sender over `rows` people of the list, through the outbox."""
    from bot.campaigns.sender import CampaignSender
    from bot.config import load_config
    from bot.harness import DEFAULT_EXAMPLE

    parsed = parse_file(path)
    parsed.rows[:] = parsed.rows[:rows]
    created = await create_campaign(store, "bench-send", parsed, DEFAULT_INVITATION,
                                    path.name, utcnow())
    channel = InstantChannel()
    config = load_config(DEFAULT_EXAMPLE, environ={})
    await CampaignSender(store, config, created.campaign, {"sms": channel}, rate=1e9,
                         ignore_window=True).run()
    return channel.sent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=13000)
    parser.add_argument("--send", type=int, default=2000, help="people for the send stage")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-campaign-") as tmp:
        path = Path(tmp) / "list.csv"
        write_list(path, args.rows)
        base_s, base_mb, base_n = measure(lambda: baseline(path))
        parse_s, parse_mb, parsed = measure(lambda: parse_file(path))

        async def run() -> list[tuple[str, float, float, int]]:
            store = await Store.open(Path(tmp) / "bench.db")
            try:
                tracemalloc.start()
                t0 = time.perf_counter()
                recipients = await import_stage(store, path)
                t1 = time.perf_counter()
                import_peak = tracemalloc.get_traced_memory()[1] / 1e6
                tracemalloc.reset_peak()
                t2 = time.perf_counter()
                queued = await render_and_enqueue(store)
                t3 = time.perf_counter()
                enqueue_peak = tracemalloc.get_traced_memory()[1] / 1e6
                tracemalloc.stop()
                fresh = await Store.open(Path(tmp) / "send.db")
                try:
                    tracemalloc.start()
                    t4 = time.perf_counter()
                    sent = await send_stage(fresh, path, args.send)
                    t5 = time.perf_counter()
                    send_peak = tracemalloc.get_traced_memory()[1] / 1e6
                    tracemalloc.stop()
                finally:
                    await fresh.close()
                return [("import into the store (parse + checks + insert)", t1 - t0,
                         import_peak, recipients),
                        ("render and enqueue (no provider)", t3 - t2, enqueue_peak, queued),
                        ("send: CampaignSender + outbox (instant channel)", t5 - t4,
                         send_peak, sent)]
            finally:
                await store.close()

        stages = asyncio.run(run())
    rows = [("baseline: csv.reader + str.format", base_s, base_mb, base_n),
            ("parse and validate the CSV (phonenumbers)", parse_s, parse_mb, len(parsed.rows)),
            *stages]
    print(f"Campaign benchmark, {args.rows:,} rows\n")
    print(f"{'stage':<50}{'seconds':>9}{'peak MB':>9}{'rows':>8}{'x baseline':>12}")
    for name, seconds, peak, count in rows:
        print(f"{name:<50}{seconds:>9.3f}{peak:>9.1f}{count:>8}{seconds / base_s:>12.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
