"""`python -m bot serve`: Starlette + uvicorn, with the bot's workers in its lifespan.

Channels plug in as components: each gives routes, channels for the outbox, and a
start/stop pair run inside the server's lifespan (python-telegram-bot's own
customwebhookbot example runs its Application the same way).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp

from bot.channels.base import Channel
from bot.channels.console import ConsoleChannel
from bot.config import Config
from bot.logs import configure_logging
from bot.runtime import Runtime
from bot.web_guard import WebGuard
from directory.problems import DirectoryInvalid

log = logging.getLogger(__name__)


@dataclass
class Component:
    """A part of the server: its routes, its channels, and what to run alongside."""

    name: str
    routes: list[BaseRoute] = field(default_factory=list)
    channels: dict[str, Channel] = field(default_factory=dict)
    start: Callable[[Runtime], Any] | None = None  # async, called once the runtime is up
    stop: Callable[[], Any] | None = None  # async
    middleware: list[Middleware] = field(default_factory=list)  # around the whole app


# Functions config -> Component | None; features (SMS, Telegram) add theirs here.
COMPONENT_FACTORIES: list[Callable[[Config], Component | None]] = []


def _telegram_component(config: Config) -> Component | None:
    """Telegram, when telegram.enabled (imported lazily: bot.telegram_app imports this module)."""
    from bot.telegram_app import telegram_component

    return telegram_component(config)


COMPONENT_FACTORIES.append(_telegram_component)


def _sms_component(config: Config) -> Component | None:
    """Twilio SMS, when sms.provider: twilio (imported lazily: bot.sms_web imports this module)."""
    from bot.sms_web import sms_component

    return sms_component(config)


COMPONENT_FACTORIES.append(_sms_component)


def _dashboard_component(config: Config) -> Component | None:
    """The staff dashboard under /staff/ (imported lazily: bot.dashboard imports this module)."""
    from bot.dashboard import dashboard_component

    return dashboard_component(config)


COMPONENT_FACTORIES.append(_dashboard_component)


def _listings_component(config: Config) -> Component | None:
    """The periodic listings job: passed OFF notices, regular checks (bot.cli_listings)."""
    from bot.cli_listings import listings_component

    return listings_component(config)  # type: ignore[no-any-return]


COMPONENT_FACTORIES.append(_listings_component)


def _champion_reminders_component(config: Config) -> Component | None:
    """One reminder to a half-answered champion invitation, inside the sending window."""
    from bot.campaigns.reminders import reminders_component

    return reminders_component(config)  # type: ignore[no-any-return]


COMPONENT_FACTORIES.append(_champion_reminders_component)


def _operations_component(module: str, factory: str) -> Callable[[Config], Component | None]:
    """Retention (daily), scheduled backups, metrics: imported when the server is built."""
    def build(config: Config) -> Component | None:
        import importlib

        return getattr(importlib.import_module(module), factory)(config)  # type: ignore[no-any-return]

    return build


COMPONENT_FACTORIES.append(_operations_component("bot.retention", "retention_component"))
COMPONENT_FACTORIES.append(_operations_component("bot.backup_job", "backup_component"))
COMPONENT_FACTORIES.append(_operations_component("bot.metrics", "metrics_component"))
# Introductions (issue 17): asks, time-outs, closing relays, the follow-up.
COMPONENT_FACTORIES.append(_operations_component("flows.connections.jobs",
                                                 "connections_component"))


def console_component(config: Config) -> Component:
    """Fallback channels that print to the terminal (sms.provider: console)."""
    printer = ConsoleChannel("console")
    return Component("console", channels={"sms": printer, "console": printer})


async def healthz(request: Request) -> JSONResponse:
    runtime: Runtime = request.app.state.runtime
    counts: tuple[int, ...] = (0, 0, 0, 0)
    try:
        row = await runtime.store.fetchone(
            "SELECT (SELECT COUNT(*) FROM contacts), (SELECT COUNT(*) FROM inbox"
            " WHERE processed_at IS NULL), (SELECT COUNT(*) FROM outbox WHERE state='queued'),"
            " (SELECT COUNT(*) FROM staff_alerts WHERE state='open')")
        assert row is not None
        counts, database_ok = tuple(row), True
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
        if runtime.watcher is not None:
            await runtime.watcher.start()
        await runtime.outbox.recover()
        recovered = await runtime.engine.recover()
        if recovered:
            log.info("processed %d messages left from before a restart", recovered)
        worker = asyncio.create_task(runtime.outbox.run(), name="outbox")
        started: list[Component] = []
        try:
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


def proxy_settings(config: Config) -> dict[str, Any]:
    """uvicorn's forwarded-header settings: X-Forwarded-For/-Proto are believed only from
    server.trusted_proxies (none by default), so login limits see real client addresses
    behind nginx or Caddy and nobody else can claim one."""
    trusted = list(config.server.trusted_proxies)
    return {"proxy_headers": bool(trusted), "forwarded_allow_ips": trusted or None}


async def serve(config: Config) -> int:
    """Run until Ctrl-C / SIGTERM."""
    configure_logging(config.logging.level, config.get("logging.format"))
    from bot.store import SchemaTooNew, check_schema

    try:
        check_schema(config.storage.database)
    except SchemaTooNew as exc:
        # Our own message, no personal data: shown in full (the line is still scrubbed).
        log.error("cannot start: %s", str(exc))
        return 2
    try:
        components = build_components(config)
    except ValueError as exc:  # a component refusing to start, e.g. a missing secret
        log.error("cannot start: %s", str(exc))  # our own message: shown in full
        return 2
    app = create_app(config, components)
    server = uvicorn.Server(uvicorn.Config(
        app, host=config.server.host, port=config.server.port, log_config=None,
        access_log=False, lifespan="on", **proxy_settings(config)))
    try:
        await server.serve()
    except DirectoryInvalid as exc:
        for problem in exc.problems:
            log.error("directory: %s", problem)
        return 2
    return 0 if server.started else 2
