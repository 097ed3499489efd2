"""The staff dashboard: server-rendered pages under /staff/, served by `python -m bot serve`."""

from __future__ import annotations

from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from bot.component import Component
from bot.config import Config
from bot.features import FEATURES, load
from bot.runtime import Runtime


def dashboard_component(config: Config) -> Component:
    """Routes under /staff/, and cleanup on stop."""
    from bot.dashboard import pages_auth, pages_main
    from bot.dashboard.web import HERE

    pages = [load(f"{module}:ROUTES") for feature in FEATURES for module in feature.pages]
    routes = [*pages_auth.ROUTES, *pages_main.ROUTES, *(r for page in pages for r in page),
              Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")]
    started: list[Runtime] = []

    async def start(runtime: Runtime) -> None:
        started.append(runtime)

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
