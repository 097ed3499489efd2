"""The dashboard's Connections page: introductions by week, per group and per champion."""

from __future__ import annotations

from datetime import timedelta

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.dashboard.auth import StaffUser
from bot.dashboard.web import render, runtime_of, staff_page
from bot.storage.connections import MEASURES, WellbeingRepository
from flows.connections.report import COLUMNS, connections_report

WEEKS = 8


@staff_page()
async def connections(request: Request, user: StaffUser) -> Response:
    """Counts only: no names of residents, no messages; reasons are scrubbed."""
    runtime = runtime_of(request)
    since = runtime.services.now() - timedelta(weeks=WEEKS)
    report = await connections_report(
        runtime.store, since, runtime.config.seen_by(user.practice).campaigns.send_window.timezone,
        user.practice)
    people = await WellbeingRepository(runtime.store).people_with_answers(user.practice)
    return render(request, "connections.html", {
        "title": "Connections", "report": report, "columns": COLUMNS, "weeks": WEEKS,
        "measures": MEASURES, "people": people})


@staff_page()
async def wellbeing_answers(request: Request, user: StaffUser) -> Response:
    """One person's wellbeing answers: only here, and each view is audited."""
    store = runtime_of(request).store
    contact_id = int(request.path_params["contact_id"])
    sets = await WellbeingRepository(store).of(contact_id)
    person = await store.contacts.get(contact_id)
    if person is not None and not user.sees(person.practice):
        sets = []  # another practice's
    if not sets:
        return render(request, "error.html", {"title": "Not found",
                                              "message": "No wellbeing answers here."}, 404)
    await store.audit.record(user.actor, "viewed-wellbeing", f"contact:{contact_id}")
    return render(request, "wellbeing.html", {"title": "Wellbeing answers", "sets": sets,
                                              "measures": MEASURES, "contact_id": contact_id})


ROUTES = [Route("/connections", connections, methods=["GET"]),
          Route("/connections/wellbeing/{contact_id:int}", wellbeing_answers, methods=["GET"])]
