"""One outbound pipeline: campaign texts, reminders and replies are all outbox rows, sent by
the one Outbox through the real twilio client against the fake Twilio on 127.0.0.1; a
provider failure on a campaign text is retried by the outbox's backoff; bot/campaigns/
neither writes the invitation flow's state nor retries, and an older database upgrades."""

from __future__ import annotations

import ast
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.campaigns.csvimport import parse_text
from bot.campaigns.records import create_campaign, status_counts
from bot.campaigns.reminders import send_reminders
from bot.campaigns.sender import CampaignSender
from bot.campaigns.template import DEFAULT_INVITATION
from bot.channels.twilio_sms import TwilioSmsChannel
from bot.fakes.twilio_server import FakeTwilio
from bot.harness import Harness
from bot.messages import Address, Inbound
from bot.outbox import Outbox
from bot.storage import Store
from bot.storage.campaigns import CampaignsRepository
from flows import champion

ROOT = Path(__file__).resolve().parent.parent
PAT, SAM = "+447700900001", "+447700900002"


class Clock:
    """Tuesday 3 June 2025, 10:00 London: inside the sending window."""

    def __init__(self) -> None:
        self.now = datetime(2025, 6, 3, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def twilio(fake: FakeTwilio) -> TwilioSmsChannel:
    return TwilioSmsChannel(account_sid=fake.account_sid, auth_token=fake.auth_token,
                            from_number="+447700900999", api_base_url=fake.url,
                            rate_per_second=1000)


async def campaign_for(h: Harness, clock: Clock, *people: tuple[str, str]):
    text = "Forename,Mobile\n" + "".join(f"{first},{number}\n" for first, number in people)
    created = await create_campaign(h.store, "spring", parse_text(text), DEFAULT_INVITATION,
                                    "list.csv", clock.now)
    return created.campaign


async def test_campaign_text_reply_and_reminder_all_go_through_the_one_outbox(tmp_path):
    clock = Clock()
    h = await Harness.start(tmp_path, now=clock)
    try:
        async with FakeTwilio() as fake:
            channel = twilio(fake)
            outbox = Outbox(h.store, {"sms": channel}, clock)
            try:
                campaign = await campaign_for(h, clock, ("Pat", PAT))
                await CampaignSender(h.store, h.config, campaign, {"sms": channel},
                                     ignore_window=True, now=clock, sleep=clock.sleep,
                                     outbox=outbox).run()
                # A reply: Pat says yes; the engine queues the next question.
                await h.runtime.engine.receive(Inbound(Address.parse("sms:" + PAT), "yes",
                                                       "SMpipeline1", clock.now))
                assert await outbox.flush() == 1
                # Then Pat goes quiet: one reminder, queued by the job, sent by the outbox.
                clock.now += h.config.campaigns.reminder_after + timedelta(minutes=1)
                assert await send_reminders(h.store, h.config, clock.now) == (1, 0)
                assert await outbox.flush() == 1
            finally:
                await channel.close()
            texts = fake.to(PAT)
            rows = await h.store.outbox.rows_to("sms:" + PAT)
        assert [row["kind"] for row in rows] == ["bulk", "reply", "bulk"]
        assert [row["state"] for row in rows] == ["sent"] * 3
        assert [row["text"] for row in rows] == texts  # each sent once, in order
        assert texts[0] == DEFAULT_INVITATION.format(first_name="Pat",
                                                     practice_name="Millbrook Health Centre")
        assert "call you Pat?" in texts[1] and "You started telling us" in texts[2]
        sids = {message["sid"] for message in fake.messages}
        assert {row["provider_id"] for row in rows} == sids
        [recipient] = await CampaignsRepository(h.store).recipients(campaign.id, ("sent",))
        assert recipient.outbox_id == rows[0]["id"]  # the recipient points at its row
        # The invitation opened the flow's conversation where the flow says it starts.
        counts = await status_counts(h.store, campaign)
        assert counts["sent"] == 1 and counts["replied_yes"] == 1
    finally:
        await h.close()


async def test_a_provider_failure_on_a_campaign_text_is_retried_by_the_outbox_backoff(
        tmp_path):
    clock = Clock()
    h = await Harness.start(tmp_path, now=clock)
    try:
        async with FakeTwilio() as fake:
            fake.fail_next(1, status=503)  # not accepted: the outbox looks it up, then backs off
            channel = twilio(fake)
            outbox = Outbox(h.store, {"sms": channel}, clock)
            waits: list[float] = []

            async def sleep(seconds: float) -> None:
                waits.append(seconds)
                await clock.sleep(seconds)

            campaign = await campaign_for(h, clock, ("Pat", PAT), ("Sam", SAM))
            sender = CampaignSender(h.store, h.config, campaign, {"sms": channel},
                                    ignore_window=True, now=clock, sleep=sleep, outbox=outbox)
            seen: list[tuple[str, str | None, int]] = []
            original = outbox.deliver

            async def watched(message):  # what the outbox row says after each delivery
                state = await original(message)
                row = await h.store.outbox.delivery(message.id)
                seen.append((state, row.next_attempt_at if row else None, message.id))
                return state

            outbox.deliver = watched  # type: ignore[method-assign]
            try:
                progress = await sender.run()
            finally:
                await channel.close()
            assert len(fake.to(PAT)) == 1 and len(fake.to(SAM)) == 1
            assert fake.create_requests == 3 and fake.list_requests >= 1
        assert progress.sent == 2 and progress.remaining == 0
        first_state, retry_at, first_id = seen[0]
        assert first_state == "queued" and retry_at is not None  # the outbox's backoff
        # The sender only waited for the time the outbox set, and the outbox sent it again.
        assert [s for s, _, i in seen if i == first_id] == ["queued", "sent"]
        assert waits and all(w <= 2.0 + 1e-6 for w in waits)  # backoff(1) is at most 2 s
        [pat] = await h.store.outbox.rows_to("sms:" + PAT)
        assert pat["attempts"] == 2 and pat["state"] == "sent"
        recipients = await CampaignsRepository(h.store).recipients(campaign.id, ("sent",))
        assert [r.attempts for r in recipients] == [1, 1]  # queued once each, not resent
    finally:
        await h.close()


async def test_the_daily_cap_stops_the_campaign_and_the_held_text_goes_the_next_day(tmp_path):
    from bot.campaigns.sender import DailyCapReached
    from bot.sms_limits import SmsLimits

    clock = Clock()
    h = await Harness.start(tmp_path, now=clock, sms__daily_cap=1)
    try:
        async with FakeTwilio() as fake:
            channel = twilio(fake)
            channel.guard = SmsLimits(h.store, h.config, clock)
            campaign = await campaign_for(h, clock, ("Pat", PAT), ("Sam", SAM))
            try:
                sender = CampaignSender(h.store, h.config, campaign, {"sms": channel},
                                        ignore_window=True, now=clock, sleep=clock.sleep)
                try:
                    await sender.run()
                    raise AssertionError("the daily cap should stop the run")
                except DailyCapReached:
                    pass
                assert len(fake.messages) == 1
                [held] = await CampaignsRepository(h.store).recipients(campaign.id,
                                                                       ("pending",))
                [row] = await h.store.outbox.rows_to(held.address)
                assert row["state"] == "skipped"  # taken back: no worker sends it tonight
                clock.now += timedelta(days=1)
                progress = await CampaignSender(h.store, h.config, campaign,
                                                {"sms": channel}, ignore_window=True,
                                                now=clock, sleep=clock.sleep).run()
            finally:
                await channel.close()
            assert len(fake.to(PAT)) == 1 and len(fake.to(SAM)) == 1
        assert progress.sent == 2 and progress.remaining == 0
    finally:
        await h.close()


async def test_one_pacer_spaces_bulk_at_the_campaign_rate_without_holding_up_replies():
    import asyncio

    from bot.channels.twilio_sms import Pacer

    pacer = Pacer(100.0)
    pacer.bulk_rate(10.0)
    loop_time = asyncio.get_running_loop().time
    start = loop_time()
    for _ in range(3):
        await pacer.wait(bulk=True)
    bulk = loop_time() - start
    start = loop_time()
    for _ in range(3):
        await pacer.wait()  # replies: only the channel's own spacing
    replies = loop_time() - start
    assert bulk >= 2 / 10 - 0.01 and replies < 0.1
    pacer.bulk_rate(None)
    assert pacer.bulk_interval == pacer.interval
    pacer.bulk_rate(1000.0)  # never faster than the channel
    assert pacer.bulk_interval == pacer.interval


async def test_a_server_starting_leaves_a_campaign_text_another_process_is_sending(tmp_path):
    """`campaign send` claimed a text and is calling Twilio when the server starts: the
    server's start-up recovery looks it up only after the call can have ended."""
    clock = Clock()
    clock.now = datetime.now(UTC)  # claims are stamped with the real time
    h = await Harness.start(tmp_path, now=clock)
    try:
        async with FakeTwilio() as fake:
            other, server = twilio(fake), twilio(fake)
            try:
                row = await h.store.outbox.add("sms:" + PAT, "An invitation", kind="bulk")
                assert await h.store.outbox.claim(row)  # the other process has it
                outbox = Outbox(h.store, {"sms": server}, clock)
                assert await outbox.recover() == 1
                assert fake.list_requests == 0  # not looked up while it may be in flight
                delivery = await h.store.outbox.delivery(row)
                assert delivery.state == "sending" and delivery.next_attempt_at is not None
                assert await outbox.flush() == 0  # and not sent again meanwhile
                message = await h.store.outbox.get(row)
                await other.send(message)  # the other process's call lands
                clock.now += timedelta(seconds=21)
                await outbox.recover(due_only=True)
            finally:
                await other.close()
                await server.close()
            assert len(fake.to(PAT)) == 1
        delivery = await h.store.outbox.delivery(row)
        assert delivery.state == "sent" and delivery.provider_id == fake.messages[0]["sid"]
    finally:
        await h.close()


async def test_a_campaign_run_leaves_a_text_claimed_moments_ago_until_the_call_can_end(
        tmp_path):
    """The server's worker (or a `campaign send` just killed) claimed Pat's invitation a
    moment ago: a new run looks it up only once that call can have ended, then settles it."""
    clock = Clock()
    clock.now = datetime.now(UTC)  # claims are stamped with the real time
    h = await Harness.start(tmp_path, now=clock)
    try:
        async with FakeTwilio() as fake:
            channel = twilio(fake)
            try:
                campaign = await campaign_for(h, clock, ("Pat", PAT))
                [pat] = await CampaignsRepository(h.store).recipients(campaign.id,
                                                                      ("pending",))
                text = DEFAULT_INVITATION.format(first_name="Pat",
                                                 practice_name="Millbrook Health Centre")
                row = await h.store.outbox.add("sms:" + PAT, text, kind="bulk",
                                               contact_id=pat.contact_id)
                await CampaignsRepository(h.store).queued(
                    pat.id, row, Address.parse("sms:" + PAT), "sending", clock.now)
                assert await h.store.outbox.claim(row)
                other = twilio(fake)
                await other.send(await h.store.outbox.get(row))  # its call lands
                await other.close()
                sender = CampaignSender(h.store, h.config, campaign, {"sms": channel},
                                        ignore_window=True, now=clock, sleep=clock.sleep)
                assert await sender.settle(left_by_a_crash=True) == 1
                assert fake.list_requests == 0  # not looked up while it may be in flight
                progress = await sender.run()
            finally:
                await channel.close()
            assert len(fake.to(PAT)) == 1 and fake.list_requests >= 1
        assert progress.sent == 1 and progress.remaining == 0
    finally:
        await h.close()


# ---- the shape of the code -------------------------------------------------------------------

CAMPAIGNS = ROOT / "bot" / "campaigns"


def _trees() -> list[tuple[Path, ast.AST]]:
    return [(path, ast.parse(path.read_text(), str(path)))
            for path in sorted(CAMPAIGNS.glob("*.py"))]


def test_campaigns_neither_write_the_flows_state_nor_copy_its_step_names():
    steps = {champion.FLOW, champion.INVITED, *champion.QUESTION_STEPS}
    found = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in steps:
                found.append(f"{path.name}:{node.lineno} {node.value!r}")
            if isinstance(node, ast.Attribute) and node.attr in ("conversations", "converse"):
                found.append(f"{path.name}:{node.lineno} .{node.attr}")
    assert found == []


def test_only_the_outbox_retries_looks_up_or_calls_a_channel():
    errors = {"ThrottledError", "AmbiguousError", "OptedOutError", "RejectedError",
              "SendError"}
    found = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "bot.channels.base":
                found += [f"{path.name}: imports {a.name}" for a in node.names
                          if a.name in errors]
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                    node.func.attr in ("send", "was_sent") or (
                        node.func.attr in ("claim", "set_state")
                        and isinstance(node.func.value, ast.Attribute)
                        and node.func.value.attr == "outbox")):
                found.append(f"{path.name}:{node.lineno} .{node.func.attr}()")
            if isinstance(node, ast.Name) and node.id in ("backoff", "random"):
                found.append(f"{path.name}:{node.lineno} {node.id}")
    assert found == []


# ---- upgrade -------------------------------------------------------------------------------

def _without_practices(db: sqlite3.Connection) -> None:
    """Undo bot/migrations/0027_practices.sql to 0029 on a SQLite file (their tables back to
    their keys before them, every practice_id column gone)."""
    db.executescript(
        # 0029: forgotten numbers back to one list for the deployment.
        "CREATE TABLE f0 (hash TEXT PRIMARY KEY, forgotten_at TEXT NOT NULL);"
        " INSERT OR IGNORE INTO f0 SELECT hash, forgotten_at FROM forgotten;"
        " DROP TABLE forgotten; ALTER TABLE f0 RENAME TO forgotten;"
        # 0028: campaign names unique deployment-wide again (foreign keys are off here).
        " CREATE TABLE c0 (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
        "  template TEXT NOT NULL, source TEXT NOT NULL DEFAULT '',"
        "  rows_read INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, finished_at TEXT,"
        "  practice_id TEXT NOT NULL DEFAULT 'default');"
        " INSERT INTO c0 SELECT id, name, template, source, rows_read, created_at, finished_at,"
        "  practice_id FROM campaigns;"
        " DROP TABLE campaigns; ALTER TABLE c0 RENAME TO campaigns;")
    db.executescript(
        "DROP INDEX contacts_practice; DROP INDEX unmet_needs_practice;"
        " DROP INDEX staff_alerts_practice;"
        " CREATE TABLE a0 (address TEXT PRIMARY KEY, contact_id INTEGER NOT NULL"
        "  REFERENCES contacts(id) ON DELETE CASCADE, channel TEXT NOT NULL,"
        "  created_at TEXT NOT NULL);"
        " INSERT INTO a0 SELECT address, contact_id, channel, created_at FROM addresses;"
        " DROP TABLE addresses; ALTER TABLE a0 RENAME TO addresses;"
        " CREATE INDEX addresses_contact ON addresses(contact_id);"
        " CREATE TABLE d0 (day TEXT NOT NULL, kind TEXT NOT NULL,"
        "  count INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (day, kind));"
        " INSERT INTO d0 SELECT day, kind, count FROM dashboard_counts;"
        " DROP TABLE dashboard_counts; ALTER TABLE d0 RENAME TO dashboard_counts;")
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        if any(row[1] == "practice_id" for row in db.execute(f"PRAGMA table_info({table})")):
            db.execute(f"ALTER TABLE {table} DROP COLUMN practice_id")


@pytest.mark.sqlite_only("turns a SQLite file back to schema 24")
async def test_a_campaign_stopped_mid_send_by_the_old_version_is_settled_without_a_resend(
        tmp_path):
    """Before 0025 the sender owned its rows as state 'campaign'; one left mid-send after
    the provider accepted it is looked up after the upgrade, and never sent again."""
    clock = Clock()
    h = await Harness.start(tmp_path, now=clock)
    async with FakeTwilio() as fake:
        try:
            campaign = await campaign_for(h, clock, ("Pat", PAT), ("Sam", SAM))
            [pat, sam] = await CampaignsRepository(h.store).recipients(campaign.id,
                                                                       ("pending",))
            channel = twilio(fake)
            accepted = await h.store.outbox.add("sms:" + PAT, DEFAULT_INVITATION.format(
                first_name="Pat", practice_name="Millbrook Health Centre"), kind="bulk",
                contact_id=pat.contact_id)
            message = await h.store.outbox.get(accepted)
            await channel.send(message)  # accepted; the old sender was killed before noting it
            await channel.close()
            retried = await h.store.outbox.add("sms:" + SAM, "old attempt", kind="bulk",
                                               contact_id=sam.contact_id)
        finally:
            await h.close()
        with sqlite3.connect(tmp_path / "bot.db") as db:  # as the old version left it
            db.execute("UPDATE outbox SET state='campaign', attempts=1, updated_at=?"
                       " WHERE id IN (?,?)", ((datetime.now(UTC) - timedelta(minutes=5))
                                              .isoformat(), accepted, retried))
            db.execute("UPDATE campaign_recipients SET state='sending', outbox_id=?,"
                       " attempts=1 WHERE id=?", (accepted, pat.id))
            db.execute("UPDATE campaign_recipients SET state='pending', outbox_id=?,"
                       " attempts=1 WHERE id=?", (retried, sam.id))
            # And without what 0026 added, which the upgrade adds again.
            db.executescript("DROP TABLE inbox_leases; DROP TABLE job_runs;"
                             " DROP INDEX inbox_waiting; ALTER TABLE outbox DROP COLUMN"
                             " claimed_by; ALTER TABLE outbox DROP COLUMN claimed_until;")
            _without_practices(db)  # and 0027's
            db.execute("PRAGMA user_version=24")
        store = await Store.open(tmp_path / "bot.db")
        try:
            assert store.migrated_from == 24
            states = {row["id"]: row["state"] for row in await store.fetchall(
                "SELECT id, state FROM outbox")}
            assert states == {accepted: "sending", retried: "skipped"}
            channel = twilio(fake)
            try:
                progress = await CampaignSender(store, h.config, campaign, {"sms": channel},
                                                ignore_window=True, now=clock,
                                                sleep=clock.sleep).run()
            finally:
                await channel.close()
        finally:
            await store.close()
        assert len(fake.to(PAT)) == 1 and len(fake.to(SAM)) == 1
        assert progress.sent == 2 and progress.remaining == 0
