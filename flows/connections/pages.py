"""The dashboard's Connections page: introductions by week, per group and per champion."""

from __future__ import annotations

from datetime import timedelta

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.dashboard.auth import StaffUser
from bot.dashboard.web import render, runtime_of, staff_page
from flows.connections.report import COLUMNS, connections_report

WEEKS = 8


@staff_page()
async def connections(request: Request, user: StaffUser) -> Response:
    """Counts only: no names of residents, no messages; reasons are scrubbed."""
    runtime = runtime_of(request)
    since = runtime.services.now() - timedelta(weeks=WEEKS)
    report = await connections_report(runtime.store, since,
                                      runtime.config.campaigns.send_window.timezone)
    return render(request, "connections.html", {
        "title": "Connections", "report": report, "columns": COLUMNS, "weeks": WEEKS})


ROUTES = [Route("/connections", connections, methods=["GET"])]
