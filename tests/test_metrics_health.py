"""Metrics, /healthz thresholds and JSON logs, on the real server.

`python -m bot serve` runs as a process against a fake Twilio with metrics on their own
loopback port; signed webhooks go in and /metrics is read as Prometheus would read it."""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import aiohttp
import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/ is not installed

from bench.common import (  # noqa: E402
    ACCOUNT_SID,
    AUTH_TOKEN,
    SMS_PATH,
    Requests,
    bot_process,
    free_port,
    signed_request,
)
from bot.dashboard.testing import DashboardSite  # noqa: E402
from bot.fakes.twilio_server import FakeTwilio  # noqa: E402
from bot.logs import JsonFormatter, ScrubFilter  # noqa: E402
from bot.store import iso, utcnow  # noqa: E402


def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    with urllib.request.urlopen(url, timeout=10) as response:
        text = response.read().decode()
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.mark.slow
@pytest.mark.timeout(120)
async def test_metrics_count_texts_sends_failures_alerts_and_webhook_latency(tmp_path):
    metrics_port = free_port()
    async with FakeTwilio(ACCOUNT_SID, AUTH_TOKEN) as fake:
        fake.fail_next(1, status=429)  # one throttled send, retried
        bot = bot_process(tmp_path, fake.url, BOT_METRICS_ENABLED="true",
                          BOT_METRICS_PORT=str(metrics_port))
        await asyncio.to_thread(bot.start)
        try:
            batch = Requests(0, "m").take(20)
            crisis = ("+447400999999", *signed_request("+447400999999",
                                                       "im going to kill myself", "SM" + "c" * 32))
            async with aiohttp.ClientSession() as session:
                for _sender, body, headers in [*batch, crisis, batch[0]]:  # last: a repeat
                    async with session.post(bot.url + SMS_PATH, data=body,
                                            headers=headers) as response:
                        assert response.status == 200
                async with session.get(bot.url + "/metrics") as response:
                    assert response.status == 404  # never on the public port
            expected = {sender for sender, _, _ in [*batch, crisis]}
            deadline = time.monotonic() + 30
            while not expected <= {m["to"] for m in fake.messages}:
                assert time.monotonic() < deadline, "replies never came"
                await asyncio.sleep(0.2)
            samples: dict = {}
            deadline = time.monotonic() + 15  # gauges refresh every few seconds
            while time.monotonic() < deadline:
                samples = await asyncio.to_thread(
                    scrape, f"http://127.0.0.1:{metrics_port}/metrics")
                if value(samples, "bot_healthy") == 1 and value(
                        samples, "bot_inbox_backlog") == 0:
                    break
                await asyncio.sleep(0.5)
        finally:
            await asyncio.to_thread(bot.stop)
    assert value(samples, "bot_messages_in_total", channel="sms") == 21
    assert value(samples, "bot_messages_duplicate_total", channel="sms") == 1
    assert value(samples, "bot_messages_out_total", channel="sms", outcome="sent") >= 21
    assert value(samples, "bot_messages_out_total", channel="sms", outcome="throttled") == 1
    assert value(samples, "bot_send_failures_total", channel="sms", error="ThrottledError") == 1
    assert value(samples, "bot_crisis_alerts_total") == 1
    assert value(samples, "bot_webhook_duration_seconds_count", route="/webhooks/twilio/sms",
                 status="200") == 22
    assert value(samples, "bot_inbox_backlog") == 0
    assert value(samples, "bot_directory_active_offers") > 40
    assert value(samples, "bot_healthy") == 1
    text = " ".join(f"{name} {labels}" for name, labels in samples)
    assert "+44" not in text and "kill" not in text  # no number or text in any label


async def test_healthz_turns_unhealthy_on_backlog_old_replies_and_a_broken_directory(tmp_path):
    # review_after: the example offers' review dates age with the calendar, and the review
    # prompts serve queues at start would fill the outbox past the backlog limit.
    site = await DashboardSite.start(tmp_path, health__max_backlog=3,
                                     directory__review_after=timedelta(days=3650))
    try:
        async with httpx.AsyncClient(base_url=site.url) as client:
            healthy = await client.get("/healthz")
            assert healthy.status_code == 200 and healthy.json()["ok"] is True
            store = site.runtime.store
            old = iso(utcnow().replace(year=2020))
            # A reply waiting for longer than health.max_reply_age (5m by default).
            await store.write("INSERT INTO outbox(recipient, text, state, next_attempt_at,"
                              " created_at, updated_at) VALUES ('sms:+447700900001', 'x',"
                              " 'queued', '2999-01-01', ?, ?)", (old, old))
            late = await client.get("/healthz")
            assert late.status_code == 503
            # Without a staff session /healthz says only ok / not ok (issue 15); the reasons
            # and counts are for staff.
            assert late.json() == {"ok": False}
            await store.write("DELETE FROM outbox")
            for n in range(4):
                await store.write("INSERT INTO inbox(channel, external_id, received_at)"
                                  " VALUES ('sms', ?, ?)", (f"x{n}", iso(utcnow())))
            backlog = await client.get("/healthz")
            assert backlog.status_code == 503
            assert backlog.json() == {"ok": False}
            await store.write("UPDATE inbox SET processed_at=received_at")
            directory = Path(site.config.get("directory.path"))
            directory.write_text(directory.read_text() + "\n  - id: [broken\n")
            assert site.runtime.watcher is not None
            await site.runtime.watcher.reload()
            broken = await client.get("/healthz")
            assert broken.status_code == 503
            assert broken.json() == {"ok": False}
    finally:
        await site.stop()


def test_json_logs_are_one_object_a_line_and_still_scrubbed():
    record = logging.LogRecord("bot.x", logging.INFO, __file__, 1,
                               "reply to %s sent", ("+447700900123",), None)
    ScrubFilter().filter(record)
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["level"] == "INFO" and entry["logger"] == "bot.x"
    assert "+447700900123" not in line and entry["message"].endswith("**** sent")


def test_serve_with_json_logs_writes_json_lines(tmp_path):
    port = free_port()
    root = Path(__file__).resolve().parent.parent
    env = {"PATH": "/usr/bin:/bin", "BOT_LOGGING_FORMAT": "json",
           "BOT_SERVER_PORT": str(port), "BOT_STORAGE_DATABASE": str(tmp_path / "bot.db")}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--config",
                             str(root / "config.example.yaml")], cwd=root, env=env,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90  # starting up on a busy shared machine
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except (urllib.error.URLError, OSError):
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.2)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and all(json.loads(line)["level"] for line in lines)


def test_dashboard_and_alert_rules_use_only_metrics_the_bot_exports():
    import re

    import yaml

    from bot.metrics import Metrics

    exported = {metric.name for metric in Metrics().registry.collect()}
    exported |= {f"{name}_total" for name in exported} | {
        f"{name}_bucket" for name in exported} | {"up"}
    docs = Path(__file__).resolve().parent.parent / "docs"
    dashboard = json.loads((docs / "grafana-dashboard.json").read_text())
    exprs = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    rules = yaml.safe_load((docs / "alert-rules.yml").read_text())
    exprs += [rule["expr"] for group in rules["groups"] for rule in group["rules"]]
    used = {name for expr in exprs for name in re.findall(r"\b(bot_\w+|up)\b", expr)}
    assert used and used <= exported, used - exported
