"""Sending a campaign against the fake Twilio: exactly once through ambiguous answers, opt-outs,
STOP in the middle, and `campaign send` killed with SIGKILL again and again."""

import asyncio
import csv
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot.campaigns.csvimport import parse_text
from bot.campaigns.records import create_campaign, status_counts
from bot.campaigns.sender import CampaignSender
from bot.campaigns.template import DEFAULT_INVITATION
from bot.channels.twilio_sms import TwilioSmsChannel
from bot.fakes.twilio_server import FakeTwilio
from bot.harness import DEFAULT_EXAMPLE, Harness

ROOT = Path(__file__).resolve().parent.parent
FROM = "+447700900999"


def number(i: int) -> str:
    """Distinct valid UK mobiles (the 07700 900xxx drama range only has a thousand)."""
    return f"+4479111{i:05d}"


def channel_for(fake: FakeTwilio) -> TwilioSmsChannel:
    return TwilioSmsChannel(account_sid=fake.account_sid, auth_token=fake.auth_token,
                            from_number=FROM, api_base_url=fake.url, rate_per_second=1000)


async def make_campaign(h, count: int, name: str = "spring"):
    text = "Forename,Mobile\n" + "".join(f"P{i},{number(i)}\n" for i in range(count))
    created = await create_campaign(h.store, name, parse_text(text), DEFAULT_INVITATION,
                                    "list.csv", h.runtime.services.now())
    return created.campaign


async def test_ambiguous_5xx_opted_out_and_throttling_still_exactly_once(harness):
    campaign = await make_campaign(harness, 40)
    async with FakeTwilio() as fake:
        fake.opt_out(number(7))
        fake.fail_next(3, status=500, after_accept=True)  # accepted, but we hear 500
        fake.fail_next(2, status=503)                      # not accepted
        fake.fail_next(1, status=429, retry_after=0.01)
        channel = channel_for(fake)
        try:
            sender = CampaignSender(harness.store, harness.config, campaign, {"sms": channel},
                                    rate=1000, ignore_window=True)
            progress = await sender.run()
        finally:
            await channel.close()
        for i in range(40):
            assert len(fake.to(number(i))) == (0 if i == 7 else 1), i
        assert progress.sent == 39 and progress.opted_out == 1 and progress.remaining == 0
        opted = await harness.store.contacts.find("sms:" + number(7))
        assert opted.opted_out
        row = await harness.store.fetchone(
            "SELECT state, attempts FROM campaign_recipients WHERE address=?",
            ("sms:" + number(7),))
        assert tuple(row) == ("opted_out", 1)
        counts = await status_counts(harness.store, campaign)
        assert counts["sent"] == 39 and counts["opted_out"] == 1 and counts["recipients"] == 40
        # running it again sends nothing more
        channel = channel_for(fake)
        try:
            await CampaignSender(harness.store, harness.config, campaign, {"sms": channel},
                                 rate=1000, ignore_window=True).run()
        finally:
            await channel.close()
        assert len(fake.messages) == 39


async def test_stop_in_the_middle_of_a_campaign(harness):
    campaign = await make_campaign(harness, 10)
    async with FakeTwilio() as fake:
        real = channel_for(fake)

        class StopsHalfway:
            """Person 8 texts STOP while the campaign is at person 4."""

            name = "sms"

            async def send(self, message):
                if message.to.id == number(4):
                    await harness.say("sms:" + number(8), "STOP")
                return await real.send(message)

            async def was_sent(self, message):
                return await real.was_sent(message)

        try:
            await CampaignSender(harness.store, harness.config, campaign,
                                 {"sms": StopsHalfway()}, rate=1000, ignore_window=True).run()
        finally:
            await real.close()
        assert fake.to(number(8)) == []
        assert all(len(fake.to(number(i))) == 1 for i in range(10) if i != 8)
        counts = await status_counts(harness.store, campaign)
        assert counts["opted_out"] == 1 and counts["sent"] == 9


async def test_outside_the_window_sending_waits_and_says_until_when(harness):
    from datetime import UTC, datetime, timedelta

    campaign = await make_campaign(harness, 2)
    clock = [datetime(2025, 5, 23, 16, 59, 59, tzinfo=UTC)]  # Friday 17:59:59 London
    waited = []

    async def sleep(seconds):
        waited.append(seconds)
        clock[0] += timedelta(seconds=seconds)

    sent_at = []

    class Recorder:
        name = "sms"

        async def send(self, message):
            sent_at.append(clock[0])
            clock[0] += timedelta(seconds=1)
            return f"SM{message.id}"

        async def was_sent(self, message):
            return None

    seen = []
    sender = CampaignSender(harness.store, harness.config, campaign, {"sms": Recorder()},
                            rate=1000, now=lambda: clock[0], sleep=sleep,
                            on_progress=lambda p: seen.append(p.waiting_until))
    await sender.run()
    # One at 17:59:59 on Friday; the next after the bank holiday weekend (Mon 26 May).
    assert sent_at[0] == datetime(2025, 5, 23, 16, 59, 59, tzinfo=UTC)
    assert sent_at[1] == datetime(2025, 5, 27, 8, 0, tzinfo=UTC)  # Tuesday 09:00 BST
    assert datetime(2025, 5, 27, 8, 0, tzinfo=UTC) in seen


# ---- SIGKILL ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def env_for(db: Path, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"BOT_STORAGE_DATABASE": str(db), "BOT_SMS_PROVIDER": "twilio",
                "BOT_SMS_API_BASE_URL": f"http://127.0.0.1:{port}", "BOT_SMS_FROM_NUMBER": FROM,
                "TWILIO_ACCOUNT_SID": "AC" + "f" * 32,
                "TWILIO_AUTH_TOKEN": "fake-auth-token-0123456789abcdef",
                "PYTHONPATH": str(ROOT)})
    return env


def bot(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args, "--config", DEFAULT_EXAMPLE],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)


def start_fake(port: int) -> subprocess.Popen[str]:
    fake = subprocess.Popen([sys.executable, "-m", "bot.fakes.twilio_server", "--port",
                             str(port)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert fake.stdout is not None
    fake.stdout.readline()  # "fake Twilio on ..." once it listens
    return fake


def kill_sends(name: str, env: dict[str, str], port: int, kills: int, rng: random.Random,
               *, faults: int = 2, rate: int = 400) -> int:
    """Run `campaign send` and SIGKILL it at random points; returns how many were killed."""
    killed = 0
    control = f"http://127.0.0.1:{port}/_fake"
    for _ in range(kills):
        httpx.post(f"{control}/fail", json={"n": faults, "status": 500, "after_accept": True})
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "campaign", "send", name, "--rate", str(rate),
             "--ignore-window", "--config", DEFAULT_EXAMPLE],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(1.2, 2.6))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed += 1
        process.wait()
    return killed


def write_list(path: Path, count: int) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Surname", "Forename", "Mobile Telephone"])
        for i in range(count):
            writer.writerow(["SMITH", f"PERSON{i}", "0" + number(i)[3:]])
        writer.writerow(["DUP", "Again", number(1)])         # a duplicate
        writer.writerow(["BAD", "Bad", "0770 12"])            # a bad number


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_2000_recipients_sigkilled_at_random_points_each_get_exactly_one(tmp_path):
    port = free_port()
    fake = start_fake(port)
    try:
        env = env_for(tmp_path / "bot.db", port)
        write_list(tmp_path / "list.csv", 2000)
        created = bot("campaign", "create", "big", "--list", str(tmp_path / "list.csv"),
                      env=env)
        assert created.returncode == 0, created.stderr
        killed = kill_sends("big", env, port, kills=4, rng=random.Random(6))
        assert killed >= 2
        httpx.post(f"http://127.0.0.1:{port}/_fake/fail",
                   json={"n": 3, "status": 500, "after_accept": True})
        final = bot("campaign", "send", "big", "--rate", "5000", "--ignore-window", env=env)
        assert final.returncode == 0, final.stderr
        messages = httpx.get(f"http://127.0.0.1:{port}/_fake/messages").json()["messages"]
        per_number: dict[str, int] = {}
        for message in messages:
            per_number[message["to"]] = per_number.get(message["to"], 0) + 1
        assert len(per_number) == 2000 and set(per_number.values()) == {1}
        status = json.loads(bot("campaign", "status", "big", "--json", env=env).stdout)
        assert status["sent"] == 2000 and status["pending"] == status["sending"] == 0
    finally:
        fake.terminate()
        fake.wait()


@pytest.mark.slow
@pytest.mark.timeout(120)
@pytest.mark.sqlite_only("the campaign commands run in subprocesses, on the SQLite file")
def test_acceptance_300_people_killed_sends_then_yes_export_and_status(tmp_path):
    port = free_port()
    fake = start_fake(port)
    try:
        env = env_for(tmp_path / "bot.db", port)
        write_list(tmp_path / "list.csv", 300)
        opted = number(42)
        httpx.post(f"http://127.0.0.1:{port}/_fake/opt_out", json={"number": opted})
        created = bot("campaign", "create", "spring", "--list", str(tmp_path / "list.csv"),
                      env=env)
        assert created.returncode == 0, created.stderr
        assert "duplicate" in created.stdout and "invalid number" in created.stdout
        preview = bot("campaign", "preview", "spring", env=env)
        assert "300 invitation(s) to send" in preview.stdout and "Example 3" in preview.stdout
        killed = kill_sends("spring", env, port, kills=3, rng=random.Random(3), faults=1,
                            rate=100)
        assert killed >= 2
        final = bot("campaign", "send", "spring", "--rate", "5000", "--ignore-window", env=env)
        assert final.returncode == 0, final.stderr
        control = httpx.get(f"http://127.0.0.1:{port}/_fake/messages").json()
        tos = [m["to"] for m in control["messages"]]
        assert len(tos) == len(set(tos)) == 299 and opted not in tos

        async def reply_yes() -> None:
            h = await Harness.start(tmp_path)  # the same database file
            try:
                who = "sms:" + number(5)
                assert (await h.exchange(who, "YES"))[0].text.endswith("call you Person5?")
                for text in ("yes", "walking", "weekends", "TEXT", "YES"):
                    await h.say(who, text)
            finally:
                await h.close()

        asyncio.run(reply_yes())
        status = json.loads(bot("campaign", "status", "spring", "--json", env=env).stdout)
        states = ("pending", "sending", "queued", "sent", "delivered", "failed", "opted_out",
                  "skipped")
        assert sum(status[s] for s in states) == status["recipients"] == 300
        assert status["sent"] == 299 and status["opted_out"] == 1
        assert status["replied_yes"] == status["completed"] == 1
        assert status["excluded at import"] == 2
        exported = bot("campaign", "export", "spring", "--out", str(tmp_path / "out.csv"),
                       env=env)
        assert exported.returncode == 0 and "Wrote 1" in exported.stdout
        assert "Person5" in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
        retried = bot("campaign", "send", "spring", "--rate", "5000", "--ignore-window", env=env)
        assert retried.returncode == 0
        after = httpx.get(f"http://127.0.0.1:{port}/_fake/messages").json()
        assert after["create_requests"] == control["create_requests"]  # nobody retried
    finally:
        fake.terminate()
        fake.wait()


async def test_forget_me_at_another_practice_does_not_stop_this_practices_invitation(harness):
    """Each practice is its own data controller: FORGET ME to Oak leaves the number Elm's
    to invite (checked again just before sending)."""
    created = await create_campaign(harness.store, "spring", parse_text(
        f"Forename,Mobile\nPat,{number(1)}\nSam,{number(2)}\n"), DEFAULT_INVITATION,
        "list.csv", harness.runtime.services.now(), "elm")
    for i in (1, 2):  # both asked Oak to forget them after Elm's list was imported
        oak, _ = await harness.store.contacts.find_or_create("sms:" + number(i), "oak")
        await harness.store.contacts.forget(oak.id)
    elm = await harness.store.contacts.find("sms:" + number(2), "elm")
    await harness.store.contacts.forget(elm.id)  # Sam asked Elm too
    async with FakeTwilio() as fake:
        channel = channel_for(fake)
        try:
            await CampaignSender(harness.store, harness.config, created.campaign,
                                 {"sms": channel}, rate=1000, ignore_window=True).run()
        finally:
            await channel.close()
        assert len(fake.to(number(1))) == 1 and fake.to(number(2)) == []
