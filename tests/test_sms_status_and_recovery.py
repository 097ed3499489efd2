"""Status callbacks (forward only), restart recovery of inbox and outbox, abuse limits."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.fakes.sms_bot import SmsBot
from bot.fakes.twilio_server import FakeTwilio
from bot.sms_web import STATUS_PATH
from bot.storage import Store, iso

PERSON = "+447700900001"


async def state_of(bot: SmsBot, outbox_id: int) -> str:
    row = await bot.runtime.store.fetchone("SELECT state FROM outbox WHERE id=?", (outbox_id,))
    return row["state"]


async def test_status_callbacks_only_move_forward(tmp_path: Path) -> None:
    async with SmsBot(tmp_path) as bot:
        await bot.text(PERSON, "any walking groups?")
        await bot.settle()
        [row] = await bot.outbox(PERSON)
        sid = row["provider_id"]
        steps = [("delivered", "delivered"), ("sent", "delivered"), ("queued", "delivered"),
                 ("delivered", "delivered"), ("failed", "delivered")]
        for status, expected in steps:
            response = await bot.send_status(sid, status)
            assert response.status_code == 204
            assert await state_of(bot, row["id"]) == expected, status


async def test_status_callback_must_be_signed(tmp_path: Path) -> None:
    async with SmsBot(tmp_path) as bot:
        await bot.text(PERSON, "any walking groups?")
        await bot.settle()
        [row] = await bot.outbox(PERSON)
        form = {"MessageSid": row["provider_id"], "MessageStatus": "undelivered"}
        path = f"{STATUS_PATH}?outbox_id={row['id']}"
        assert (await bot.post(path, form, signature="")).status_code == 403
        forged = await bot.post(path, form, signed_url="https://bot.example.org" + STATUS_PATH)
        assert forged.status_code == 403  # the outbox id is part of what was signed
        assert await state_of(bot, row["id"]) == "sent"


async def test_undelivered_21610_callback_opts_out_and_urgent_alerts(tmp_path: Path) -> None:
    async with SmsBot(tmp_path) as bot:
        await bot.text(PERSON, "I want to end my life")
        await bot.settle()
        rows = await bot.outbox(PERSON)
        urgent = next(r for r in rows if r["kind"] == "urgent")
        await bot.send_status(urgent["provider_id"], "undelivered", error_code=21610)
        assert await state_of(bot, urgent["id"]) == "undelivered"
        contact = await bot.runtime.store.contacts.find(f"sms:{PERSON}")
        assert contact is not None and contact.opted_out
        kinds = [a["kind"] for a in await bot.runtime.store.alerts.all_open()]
        assert "undeliverable-urgent-reply" in kinds


async def test_restart_processes_inbox_and_sends_outbox_none_twice(tmp_path: Path) -> None:
    async with FakeTwilio() as fake:
        bot = SmsBot(tmp_path, fake=fake)
        await bot.start()  # creates the database
        await bot.stop()
        # As if the process died: one text stored but not processed, one reply queued,
        # one reply mid-send that Twilio has, one mid-send that it never got.
        store = await Store.open(tmp_path / "bot.db")
        now = datetime.now(UTC)
        await store.inbox.insert("sms", "SMcrashed1", "sms:+447700900002", "any walking groups?",
                                 now)
        await store.outbox.add("sms:+447700900003", "Queued before the crash.")
        had = await store.outbox.add("sms:+447700900004", "Twilio has this one.")
        lost = await store.outbox.add("sms:+447700900005", "Twilio never got this one.")
        for outbox_id in (had, lost):
            await store.outbox.set_state(outbox_id, "sending", attempts_delta=1)
        await store.close()
        fake.messages.append({
            "sid": "SM" + "a" * 32, "to": "+447700900004", "from": "+447700900999",
            "body": "Twilio has this one.", "status": "queued", "_created": now,
            "date_created": None, "date_sent": None, "date_updated": None})
        await bot.start()
        try:
            await bot.settle()
            assert len(fake.to("+447700900002")) == 1  # the stored text was answered
            assert fake.to("+447700900003") == ["Queued before the crash."]
            assert fake.to("+447700900004") == ["Twilio has this one."]  # not resent
            assert fake.to("+447700900005") == ["Twilio never got this one."]
            store = bot.runtime.store
            row = await store.fetchone("SELECT provider_id, state FROM outbox WHERE id=?", (had,))
            assert (row["provider_id"], row["state"]) == ("SM" + "a" * 32, "sent")
            del store
            await bot.restart()
            await bot.settle()
            assert len(fake.messages) == 4  # a second restart sends nothing again
        finally:
            await bot.close()


async def test_reply_limit_per_sender_then_quiet(tmp_path: Path) -> None:
    async with SmsBot(tmp_path, sms__max_replies_per_10_minutes=3) as bot:
        for n in range(6):
            await bot.text(PERSON, f"any walking groups? {n}")
            await bot.settle(quiet=0.05)
        assert len(bot.fake.to(PERSON)) == 3
        refused = [r for r in await bot.outbox(PERSON) if r["state"] == "failed"]
        assert refused and all("reply limit" in r["error"] for r in refused)
        await bot.text("+447700900002", "any walking groups?")  # others are unaffected
        await bot.settle()
        assert len(bot.fake.to("+447700900002")) == 1


async def test_daily_cap_holds_texts_and_alerts_staff_once(tmp_path: Path) -> None:
    async with SmsBot(tmp_path, sms__daily_cap=2) as bot:
        for n in range(1, 5):
            await bot.text(f"+44770090000{n}", "any walking groups?")
        await bot.wait_for(lambda: len(bot.fake.messages) >= 2)
        await bot.settle()
        assert len(bot.fake.messages) == 2
        kinds = [a["kind"] for a in await bot.runtime.store.alerts.all_open()]
        assert kinds.count("sms-daily-cap-reached") == 1
        held = await bot.runtime.store.fetchall(
            "SELECT next_attempt_at FROM outbox WHERE state='queued'")
        assert len(held) == 2 and all(r["next_attempt_at"] > iso(datetime.now(UTC)) for r in held)
        await bot.text("+447700900009", "I want to end my life")  # urgent help still goes
        await bot.wait_for(lambda: bot.fake.to("+447700900009"))
