"""Today, Alerts, Audit log and Unmet needs."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.dashboard.auth import StaffUser
from bot.dashboard.web import (
    field,
    form_of,
    london_day_start,
    redirect,
    render,
    runtime_of,
    staff_page,
)
from bot.storage import iso, utcnow
from bot.storage.needs import NeedsRepository
from bot.storage.stats import StatsRepository
from flows.needs import unmet_needs_report

ALERT_LABELS = {
    "crisis": "Message sounded like an emergency: please follow up",
    "crisis-undelivered": "Urgent help could not be delivered",
    "directory-invalid": "Directory file has problems",
    "daily-cap": "Daily text limit reached",
    "champion-came-forward": "Someone came forward to work alongside the practice",
    "listing-proposal": "A new listing was proposed",
    "request-passed-on": "Someone asked the team for help finding something",
}
# Safety first on the Today page: these come before everything else.
URGENT_KINDS = ("crisis", "crisis-undelivered")


def alert_label(kind: str) -> str:
    return ALERT_LABELS.get(kind, kind.replace("-", " ").capitalize())


def hold_view(hold: tuple[datetime, str] | None) -> dict[str, str] | None:
    """A safety state as the templates show it (until as stored, kind)."""
    return {"until": iso(hold[0]), "kind": hold[1]} if hold else None


async def _alerts(request: Request, state: str = "open", limit: int = 200) -> list[dict]:
    """The alerts of the staff member's practice (a federation admin: of every one)."""
    store = runtime_of(request).store
    rows = await store.alerts.alerts(state, URGENT_KINDS, limit, request.state.user.practice)
    now = utcnow()
    out = []
    for row in rows:
        alert = {**row, "label": alert_label(row["kind"]), "urgent": row["kind"] in URGENT_KINDS,
                 "hold": None}
        if alert["urgent"] and row["contact_id"]:
            alert["hold"] = hold_view(await store.contacts.safety_hold(row["contact_id"], now))
        out.append(alert)
    return out


@staff_page()
async def passed_on_request(request: Request, user: StaffUser) -> Response:
    """A passed-on request as the person texted it: only here, and each view is audited."""
    store = runtime_of(request).store
    alert_id = int(request.path_params["alert_id"])
    text = await store.alerts.passed_on_text(alert_id)
    if await store.alerts.state_of(alert_id, user.practice) is None:
        text = None  # another practice's: not theirs to read
    if text is None:
        return render(request, "error.html", {
            "title": "Not available", "message": "There is no request text for that alert "
                                                 "(the person may have asked to be forgotten)."},
                      404)
    await store.audit.record(user.actor, "viewed-passed-on-request", f"alert:{alert_id}")
    return render(request, "passed_on_request.html", {
        "title": "The request as texted", "alert_id": alert_id, "text": text})


@staff_page()
async def today(request: Request, user: StaffUser) -> Response:
    """Open alerts first, then today's counts."""
    runtime = runtime_of(request)
    store = runtime.store
    zone = runtime.config.seen_by(user.practice).campaigns.send_window.timezone
    start = london_day_start(utcnow(), zone)
    counts = vars(await StatsRepository(store).today(start, start.date().isoformat(),
                                                     user.practice))
    return render(request, "today.html", {"title": "Today", "alerts": await _alerts(request),
                                          "counts": counts})


@staff_page()
async def alerts(request: Request, user: StaffUser) -> Response:
    """Open alerts to follow up, and the most recent done ones."""
    return render(request, "alerts.html", {
        "title": "Alerts", "open": await _alerts(request),
        "done": await _alerts(request, "done", 50)})


@staff_page()
async def alert_action(request: Request, user: StaffUser) -> Response:
    """Take an alert on ('I'm handling this') or mark it done with a note; audited."""
    store = runtime_of(request).store
    alert_id = int(request.path_params["alert_id"])
    form = form_of(request)
    action = request.path_params["action"]
    if action not in ("claim", "done"):
        return redirect("/staff/alerts")
    alerts = store.alerts
    if await alerts.state_of(alert_id, user.practice) is None:
        return redirect("/staff/alerts", "That alert no longer exists.")
    note = field(form, "note")[:500]
    async with store.transaction():
        if action == "claim":
            await alerts.take(alert_id, user.email)
            await store.audit.record(user.actor, "alert-taken", f"alert:{alert_id}")
        else:
            await alerts.mark_done(alert_id, user.email, utcnow(), note)
            await store.audit.record(user.actor, "alert-done", f"alert:{alert_id}", note)
    back = field(form, "back") if field(form, "back") in ("/staff/", "/staff/alerts") \
        else "/staff/alerts"
    return redirect(back, "Alert marked done." if action == "done" else
                    "You are now handling that alert.")


@staff_page()
async def end_safety_hold(request: Request, user: StaffUser) -> Response:
    """End someone's safety state early, once staff have been in touch; audited.

    Until then they get only a short supportive reply with the help numbers: no listings,
    invitations or reminders. STOP and FORGET ME work either way.
    """
    store = runtime_of(request).store
    contact_id = int(request.path_params["contact_id"])
    form = form_of(request)
    back = field(form, "back")
    if not (back in ("/staff/", "/staff/alerts") or re.fullmatch(r"/staff/people/\d+", back)):
        back = "/staff/alerts"
    hold = await store.contacts.safety_hold(contact_id, utcnow())
    if hold is None:
        return redirect(back, "That person is not in the safety state.")
    note = field(form, "note")[:500]
    async with store.transaction():
        await store.contacts.clear_safety_state(contact_id)
        await store.audit.record(
            user.actor, "safety-state-ended", f"contact:{contact_id}",
            f"was {hold[1]} until {iso(hold[0])}" + (f"; {note}" if note else ""))
    return redirect(back, "The safety state has ended: they will get ordinary replies again.")


@staff_page(admin=True)
async def audit(request: Request, user: StaffUser) -> Response:
    """Who changed what, when: the audit log and the directory's change history."""
    store = runtime_of(request).store
    try:
        page = max(int(request.query_params.get("page", "1")), 1)
    except ValueError:
        page = 1
    per = 100
    rows = await store.audit.page(per + 1, (page - 1) * per)
    return render(request, "audit.html", {"title": "Audit log", "rows": rows[:per],
                                          "page": page, "more": len(rows) > per})


@staff_page()
async def needs(request: Request, user: StaffUser) -> Response:
    """What people asked for that nothing offers, grouped, with a trend over 8 weeks."""
    runtime = runtime_of(request)
    store = runtime.store
    zone = ZoneInfo(runtime.config.seen_by(user.practice).campaigns.send_window.timezone)
    weeks = 8
    now = utcnow()
    this_monday = london_day_start(now, str(zone)) - timedelta(
        days=now.astimezone(zone).weekday())
    first = this_monday - timedelta(weeks=weeks - 1)
    groups = await unmet_needs_report(store, first, practice=user.practice)
    rows = await NeedsRepository(store).since(first, user.practice)
    by_week: dict[str, Counter[int]] = {}
    totals: Counter[int] = Counter()
    for row in rows:
        week = (row.at.astimezone(zone) - first).days // 7
        key = ", ".join(row.categories) if row.categories else (row.words or "(no words)")
        by_week.setdefault(key, Counter())[week] += 1
        totals[week] += 1
    labels = [(first + timedelta(weeks=n)).strftime("%d %b") for n in range(weeks)]
    top = max(totals.values(), default=0)
    trend = [{"label": labels[n], "count": totals[n],
              "percent": round(100 * totals[n] / top) if top else 0} for n in range(weeks)]
    table = [{"group": g, "weeks": [by_week.get(g.key, Counter())[n] for n in range(weeks)]}
             for g in groups[:30]]
    return render(request, "needs.html", {"title": "Unmet needs", "trend": trend,
                                          "labels": labels, "table": table})


ROUTES = [
    Route("/", today, methods=["GET"]),
    Route("/alerts", alerts, methods=["GET"]),
    Route("/alerts/{alert_id:int}/request", passed_on_request, methods=["GET"]),
    Route("/alerts/{alert_id:int}/{action:str}", alert_action, methods=["POST"]),
    Route("/contacts/{contact_id:int}/end-safety-state", end_safety_hold, methods=["POST"]),
    Route("/audit", audit, methods=["GET"]),
    Route("/needs", needs, methods=["GET"]),
]
