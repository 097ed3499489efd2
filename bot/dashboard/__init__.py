"""The staff dashboard: server-rendered pages under /staff/, served by `python -m bot serve`."""

from __future__ import annotations

from typing import Any

from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from bot.config import Config
from bot.runtime import Runtime
from bot.server import Component
from bot.store import Store
from flows.base import Turn


def dashboard_component(config: Config) -> Component:
    """Routes under /staff/, a search counter for the Today page, and cleanup on stop."""
    from bot.dashboard import (
        pages_auth,
        pages_campaigns,
        pages_directory,
        pages_main,
        pages_people,
    )
    from bot.dashboard.web import HERE
    from flows.connections import pages as connections_pages

    routes = [*pages_auth.ROUTES, *pages_main.ROUTES, *pages_campaigns.ROUTES,
              *pages_people.ROUTES, *pages_directory.ROUTES, *connections_pages.ROUTES,
              Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")]
    started: list[Runtime] = []

    async def start(runtime: Runtime) -> None:
        started.append(runtime)
        zone = runtime.config.campaigns.send_window.timezone

        async def count_search(turn: Turn) -> None:
            if is_new_search(turn):
                await count(runtime.store, "search", runtime.services.now(), zone)

        runtime.engine.after_turn.append(count_search)

    async def stop() -> None:
        from bot.dashboard.sending import Sends
        from bot.dashboard.tester import close_scratch

        for runtime in started:
            sends: Sends | None = getattr(runtime, "dashboard_sends", None)
            if sends is not None:
                await sends.stop_all()
            await close_scratch(runtime)

    return Component("dashboard", routes=[Mount("/staff", routes=routes)], start=start,
                     stop=stop)


def is_new_search(turn: Turn) -> bool:
    """A turn that searched the directory afresh (not MORE, details or a yes/no)."""
    if turn.forgotten or not turn.state_changed or not turn.next_state:
        return False
    flow, _step, data = turn.next_state
    if flow != "signposting" or int(data.get("offset") or 0) != 0:
        return False
    before: dict[str, Any] = {}
    if turn.conversation is not None and turn.conversation.flow == "signposting":
        before = turn.conversation.data
    return bool(data.get("query")) and data.get("query") != before.get("query")


async def count(store: Store, kind: str, now: Any, zone: str) -> None:
    """Add one to today's count of `kind` (practice time zone)."""
    from zoneinfo import ZoneInfo

    day = now.astimezone(ZoneInfo(zone)).date().isoformat()
    async with store.transaction():
        await store.execute(
            "INSERT INTO dashboard_counts(day, kind, count) VALUES (?, ?, 1)"
            " ON CONFLICT(day, kind) DO UPDATE SET count = count + 1", (day, kind))
