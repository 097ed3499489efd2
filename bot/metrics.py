"""Prometheus metrics on their own port (metrics.enabled; off by default).

They are served on metrics.host:metrics.port (127.0.0.1:9108 by default), apart from the
public webhooks, so they are never on the internet by accident. Counters come from
events (inbox stores, channel sends, staff alerts, webhook timings); backlog gauges are
read from the database every few seconds. No label ever holds a number or a text.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.channels.base import Channel
from bot.component import Component, background_job
from bot.config import Config
from bot.messages import Outbound
from bot.storage import Store, parse_iso, utcnow
from bot.storage.stats import StatsRepository

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

REFRESH_SECONDS = 5.0
# Webhook routes get their own latency series; anything else under /webhooks is "other"
# (a path could carry a secret, so it is never used as a label as it is).
WEBHOOK_ROUTES = ("/webhooks/twilio/sms", "/webhooks/twilio/status", "/webhooks/telegram")
ERROR_OUTCOMES = {"OptedOutError": "opted_out", "ThrottledError": "throttled",
                  "AmbiguousError": "ambiguous", "RejectedError": "rejected"}


class Metrics:
    """Every metric the bot exports, in a registry of its own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.messages_in = Counter("bot_messages_in", "Inbound messages stored, by channel",
                                   ["channel"], registry=r)
        self.duplicates = Counter("bot_messages_duplicate", "Repeated deliveries dropped",
                                  ["channel"], registry=r)
        self.messages_out = Counter("bot_messages_out", "Send attempts by channel and outcome",
                                    ["channel", "outcome"], registry=r)
        self.send_failures = Counter("bot_send_failures", "Failed send attempts by error type",
                                     ["channel", "error"], registry=r)
        self.alerts = Counter("bot_staff_alerts", "Staff alerts raised, by kind", ["kind"],
                              registry=r)
        self.crisis_alerts = Counter("bot_crisis_alerts", "Messages that got urgent help",
                                     registry=r)
        self.directory_failures = Counter(
            "bot_directory_reload_failures", "Directory changes rejected as broken", registry=r)
        self.webhook_seconds = Histogram(
            "bot_webhook_duration_seconds", "Time to answer a webhook", ["route", "status"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
            registry=r)
        self.inbox_backlog = Gauge("bot_inbox_backlog", "Inbound messages not yet processed",
                                   registry=r)
        self.outbox_backlog = Gauge("bot_outbox_backlog", "Outbound messages queued or sending",
                                    ["kind"], registry=r)
        self.oldest_unprocessed = Gauge(
            "bot_inbox_oldest_unprocessed_seconds", "Age of the oldest unprocessed message",
            registry=r)
        self.oldest_unsent_reply = Gauge(
            "bot_outbox_oldest_unsent_reply_seconds", "Age of the oldest reply not yet sent",
            registry=r)
        self.campaign_recipients = Gauge(
            "bot_campaign_recipients", "Campaign recipients by state", ["campaign", "state"],
            registry=r)
        self.directory_offers = Gauge("bot_directory_active_offers", "Active offers loaded",
                                      registry=r)
        self.healthy = Gauge("bot_healthy", "1 when /healthz says ok", registry=r)

    def on_store_event(self, event: str, label: str) -> None:
        if event == "inbox":
            self.messages_in.labels(label).inc()
        elif event == "duplicate":
            self.duplicates.labels(label).inc()
        elif event == "alert":
            self.alerts.labels(label).inc()
            if label == "crisis":
                self.crisis_alerts.inc()
            elif label == "directory-invalid":
                self.directory_failures.inc()

    async def refresh(self, store: Store, now: datetime, active_offers: int,
                      healthy: bool) -> None:
        """Read the backlog gauges from the database."""
        stats = StatsRepository(store)
        backlog = await stats.backlog()
        self.inbox_backlog.set(backlog.unprocessed)
        self.oldest_unprocessed.set(_age(backlog.oldest_unprocessed, now))
        self.oldest_unsent_reply.set(_age(backlog.oldest_unsent_reply, now))
        for kind in ("urgent", "reply", "bulk"):
            self.outbox_backlog.labels(kind).set(0)
        for kind, count in (await stats.outbox_waiting_by_kind()).items():
            self.outbox_backlog.labels(kind).set(count)
        self.campaign_recipients.clear()
        for name, state, count in await stats.live_campaign_recipients():
            self.campaign_recipients.labels(name, state).set(count)
        self.directory_offers.set(active_offers)
        self.healthy.set(1 if healthy else 0)


def _age(stamp: str | None, now: datetime) -> float:
    return max(0.0, (now - parse_iso(stamp)).total_seconds()) if stamp else 0.0


class CountingChannel:
    """A channel whose sends are counted by outcome; everything else passes through."""

    def __init__(self, inner: Channel, name: str, metrics: Metrics):
        self._inner, self._name, self._metrics = inner, name, metrics

    async def send(self, message: Outbound) -> str:
        try:
            result = await self._inner.send(message)
        except Exception as exc:
            kind = type(exc).__name__
            outcome = next((v for k, v in ERROR_OUTCOMES.items()
                            if any(c.__name__ == k for c in type(exc).__mro__)), "error")
            self._metrics.messages_out.labels(self._name, outcome).inc()
            self._metrics.send_failures.labels(self._name, kind).inc()
            raise
        self._metrics.messages_out.labels(self._name, "sent").inc()
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class WebhookTimer:
    """ASGI middleware: how long each webhook took to answer, by route and status."""

    def __init__(self, app: ASGIApp, metrics: Metrics):
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith("/webhooks/"):
            await self.app(scope, receive, send)
            return
        route = path if path in WEBHOOK_ROUTES else "other"
        began = time.perf_counter()
        status = [0]

        async def timed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                self.metrics.webhook_seconds.labels(route, str(status[0])).observe(
                    time.perf_counter() - began)

        await self.app(scope, receive, timed_send)


def metrics_component(config: Config) -> Component | None:
    """Server part: the metrics listener and the gauge refresher (when metrics.enabled)."""
    from starlette.middleware import Middleware

    from bot.health import health_problems

    if not config.metrics.enabled:
        return None
    metrics = Metrics()
    state: dict[str, Any] = {}

    async def refresh(runtime: Runtime) -> None:
        problems = await health_problems(runtime)
        await metrics.refresh(runtime.store, utcnow(),
                              len(runtime.services.directory().active()), not problems)

    async def listen(runtime: Runtime) -> None:
        runtime.store.listeners.append(metrics.on_store_event)
        outbox = runtime.outbox
        for name, channel in list(outbox.channels.items()):
            outbox.channels[name] = CountingChannel(channel, name, metrics)  # type: ignore[assignment]
        host, port = config.metrics.host, config.metrics.port
        server, thread = start_http_server(port, addr=host, registry=metrics.registry)
        state.update(server=server, thread=thread)
        log.info("metrics on http://%s:%d/metrics", host, port)

    async def close() -> None:
        server = state.pop("server", None)
        if server is not None:
            await asyncio.to_thread(server.shutdown)
            server.server_close()

    component = background_job("metrics", refresh, every=REFRESH_SECONDS, on_start=listen,
                               on_stop=close, every_instance=True)  # each its own gauges
    component.middleware.append(Middleware(WebhookTimer, metrics=metrics))
    return component
