"""One place that assembles the web app: which components make up the server, and the
Starlette app with the bot's workers in its lifespan.

Channels, the dashboard and the periodic jobs each give a Component (bot/component.py):
routes, channels for the outbox, and a start/stop pair run inside the lifespan
(python-telegram-bot's own customwebhookbot example runs its Application the same way).
`python -m bot serve` (bot/server.py) runs what `create_app` returns.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp

from bot.backup_job import backup_component
from bot.channels.base import Channel
from bot.channels.console import ConsoleChannel
from bot.component import Component
from bot.config import Config
from bot.dashboard import dashboard_component
from bot.features import FEATURES, load
from bot.metrics import metrics_component
from bot.retention import retention_component
from bot.runtime import Runtime
from bot.sms_web import sms_component
from bot.storage.stats import StatsRepository
from bot.telegram_app import telegram_component
from bot.web_guard import WebGuard

log = logging.getLogger(__name__)

# Every part of the server, in start order: each gives a Component, or None when its
# settings turn it off. A feature's jobs and routes come from its entry in bot/features.py.
COMPONENT_FACTORIES: list[Callable[[Config], Component | None]] = [
    telegram_component,    # telegram.enabled
    sms_component,         # sms.provider: twilio
    dashboard_component,   # the staff dashboard under /staff/
    *(load(feature.component) for feature in FEATURES if feature.component),
    retention_component,   # retention.enabled: daily
    backup_component,      # backup.schedule
    metrics_component,     # metrics.enabled
]


def console_component(config: Config) -> Component:
    """Fallback channels that print to the terminal (sms.provider: console)."""
    printer = ConsoleChannel("console")
    return Component("console", channels={"sms": printer, "console": printer})


async def healthz(request: Request) -> JSONResponse:
    runtime: Runtime = request.app.state.runtime
    counts: tuple[int, ...] = (0, 0, 0, 0)
    try:
        counts, database_ok = await StatsRepository(runtime.store).overview(), True
    except Exception:
        log.exception("healthz: database check failed")
        database_ok = False
    problems = ["database unreachable"]
    if database_ok:
        from bot.health import health_problems

        problems = await health_problems(runtime)
    directory = runtime.services.directory()
    body = {
        "ok": not problems,
        "problems": problems,
        "database": "ok" if database_ok else "unreachable",
        "directory": {"loaded": True, "offers": len(directory.offers),
                      "active": len(directory.active())},
        "counts": {"contacts": counts[0], "inbox_unprocessed": counts[1],
                   "outbox_queued": counts[2], "open_alerts": counts[3]},
    }
    if not await _staff_session(request):
        # Anyone can reach /healthz: say only whether the bot is well, no counts.
        body = {"ok": not problems}
    return JSONResponse(body, status_code=200 if not problems else 503)


async def _staff_session(request: Request) -> bool:
    """A logged-in staff member (cookie sent by hand: it is scoped to /staff) sees counts."""
    from bot.dashboard.auth import session_user
    from bot.dashboard.web import COOKIE

    token = request.cookies.get(COOKIE)
    if not token:
        return False
    try:
        return await session_user(request.app.state.runtime.store, token) is not None
    except Exception:  # the database is what failed: no details either way
        return False


def build_components(config: Config) -> list[Component]:
    components = [console_component(config)]
    for factory in COMPONENT_FACTORIES:
        component = factory(config)
        if component is not None:
            components.append(component)
    return components


def create_app(config: Config, components: list[Component] | None = None,
               runtime_options: dict[str, Any] | None = None) -> Starlette:
    """The web app; the lifespan opens the runtime and runs the workers."""
    parts = components if components is not None else build_components(config)
    channels: dict[str, Channel] = {}
    for part in parts:
        channels.update(part.channels)  # later components replace the console fallback

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        runtime = await Runtime.open(config, channels, watch=True, **(runtime_options or {}))
        app.state.runtime = runtime
        await runtime.start_watching()
        await runtime.outbox.recover()
        worker = asyncio.create_task(runtime.outbox.run(), name="outbox")
        started: list[Component] = []
        try:
            # Before any channel accepts: messages left from before a restart go first.
            await runtime.inbound.start()
            for part in parts:
                if part.start is not None:
                    await part.start(runtime)
                started.append(part)
            # Everything loaded so far (modules, directory, vocabulary) lives as long as the
            # server: keep it out of garbage collections, which then only scan what requests
            # make (bench/inbound.py: a full collection scanned it all, again and again).
            gc.freeze()
            yield
        finally:
            # Answer what was stored while the channels can still send, then stop them.
            await runtime.inbound.drain()
            for part in reversed(started):
                if part.stop is not None:
                    await part.stop()
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker
            await runtime.close()

    routes: list[BaseRoute] = [Route("/healthz", healthz, methods=["GET"])]
    for part in parts:
        routes.extend(part.routes)
    middleware = [layer for part in parts for layer in part.middleware]
    return GuardedStarlette(config, routes=routes, lifespan=lifespan, middleware=middleware)


# Where the practice list is uploaded (bot/dashboard/pages_campaigns.py): server.max_upload.
UPLOAD_PATHS = ("/staff/campaigns",)


class GuardedStarlette(Starlette):
    """Starlette with WebGuard outside its whole stack, so the body limit and security
    headers apply to every response, 404s and 500s included."""

    def __init__(self, config: Config, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.guard_config = config

    def build_middleware_stack(self) -> ASGIApp:
        server = self.guard_config.server
        return WebGuard(super().build_middleware_stack(), max_body=server.max_body,
                        max_upload=server.max_upload, upload_paths=UPLOAD_PATHS,
                        https=str(server.public_url).startswith("https://"))
