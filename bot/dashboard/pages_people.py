"""People who came forward: answers and consent, filters, contacted, full details, CSV."""

from __future__ import annotations

import io

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.campaigns.staff import AskLater, CameForward, ask_later, came_forward
from bot.csvsafe import SafeCsvWriter
from bot.dashboard.auth import StaffUser
from bot.dashboard.pages_main import hold_view
from bot.dashboard.web import harden, redirect, render, runtime_of, staff_page
from bot.storage import utcnow
from bot.storage.campaigns import CampaignsRepository
from bot.storage.champions import ChampionsRepository, Followup


async def _people(request: Request) -> tuple[list[CameForward], dict[int, Followup]]:
    """Those of the staff member's practice (a federation admin: of every practice)."""
    store = runtime_of(request).store
    campaign = request.query_params.get("campaign", "")
    interest = request.query_params.get("interest", "").strip().lower()
    people = await came_forward(store, campaign_id=int(campaign) if campaign.isdecimal() else None,
                                practice=request.state.user.practice)
    if interest:
        people = [p for p in people if interest in p.interests.lower()
                  or interest in p.availability.lower()]
    done = await ChampionsRepository(store).followups()
    return people, done


def masked(person: CameForward | AskLater) -> str:
    """Numbers in lists show only the start: '07700 90****'."""
    out = []
    for part in person.reach.split(", "):
        digits = sum(c.isdigit() for c in part)
        out.append(part[:-4] + "****" if digits >= 8 else part)
    return ", ".join(out)


@staff_page()
async def people(request: Request, user: StaffUser) -> Response:
    """Everyone who said yes and agreed to be contacted, newest first; numbers masked."""
    store = runtime_of(request).store
    found, done = await _people(request)
    return render(request, "people.html", {
        "title": "People who came forward",
        "people": [{"p": p, "reach": masked(p), "contacted": done.get(p.response_id)}
                   for p in reversed(found)],
        "later": [{"p": p, "reach": masked(p)} for p in await ask_later(store, user.practice)],
        "campaigns": await CampaignsRepository(store).all(user.practice),
        "campaign": request.query_params.get("campaign", ""),
        "interest": request.query_params.get("interest", ""),
        "query": request.url.query})


@staff_page()
async def person(request: Request, user: StaffUser) -> Response:
    """One person's answers with their full number; viewing it is audited."""
    store = runtime_of(request).store
    response_id = int(request.path_params["response_id"])
    found = await came_forward(store, response_id=response_id, practice=user.practice)
    if not found:
        return render(request, "error.html", {"title": "Not found", "message":
                                              "Nobody with that record came forward (or they "
                                              "asked to be forgotten)."}, 404)
    await store.audit.record(user.actor, "viewed-contact-details",
                             f"champion_response:{response_id}")
    contacted = await ChampionsRepository(store).followup(response_id)
    hold = hold_view(await store.contacts.safety_hold(found[0].contact_id, utcnow()))
    return render(request, "person.html", {"title": found[0].name or "Person", "p": found[0],
                                           "contacted": contacted, "hold": hold})


@staff_page()
async def mark_contacted(request: Request, user: StaffUser) -> Response:
    """Record that someone from the practice has been in touch."""
    store = runtime_of(request).store
    response_id = int(request.path_params["response_id"])
    if not await came_forward(store, response_id=response_id, practice=user.practice):
        return redirect("/staff/people", "That person is no longer listed.")
    async with store.transaction():
        await ChampionsRepository(store).mark_contacted(response_id, utcnow(), user.email)
        await store.audit.record(user.actor, "marked-contacted", f"champion_response:{response_id}")
    return redirect("/staff/people", "Marked as contacted.")


@staff_page()
async def export_csv(request: Request, user: StaffUser) -> Response:
    """The filtered list as CSV (the same columns as `campaign export`); audited."""
    found, done = await _people(request)
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow(["Name", "Phone or chat", "What they'd enjoy", "When free",
                     "How to contact", "Consent", "Came forward at", "Campaign", "Contacted"])
    for p in found:
        writer.writerow([p.name, p.reach, p.interests, p.availability, p.contact_method, "yes",
                         p.completed_at[:16].replace("T", " "), p.campaign,
                         "yes" if p.response_id in done else ""])
    await runtime_of(request).store.audit.record(user.actor, "exported-people", "",
                                                 f"{len(found)} people")
    return harden(Response("\ufeff" + buffer.getvalue(), media_type="text/csv", headers={
        "Content-Disposition": 'attachment; filename="people-who-came-forward.csv"'}))


ROUTES = [
    Route("/people", people, methods=["GET"]),
    Route("/people.csv", export_csv, methods=["GET"]),
    Route("/people/{response_id:int}", person, methods=["GET"]),
    Route("/people/{response_id:int}/contacted", mark_contacted, methods=["POST"]),
]
