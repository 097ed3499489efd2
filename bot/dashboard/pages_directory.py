"""Directory: every offer with its problems, the edit form, proposals, the search tester."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.dashboard.auth import StaffUser
from bot.dashboard.tester import try_message
from bot.dashboard.web import field, form_of, redirect, render, runtime_of, staff_page
from directory import edits
from directory.model import STATUSES, Offer
from directory.texts import describe_schedule
from directory.writeback import Change, Conflict, WriteBackError, read_offer
from flows.listings_admin import (
    approve_proposal,
    pending_proposals,
    reject_proposal,
    save_changes,
)


def problems_of(offer: Offer, today: dt.date, review_after: dt.timedelta) -> list[str]:
    """What staff should look at: never reviewed, overdue for review, no way to get in touch."""
    found = []
    if offer.last_reviewed is None:
        found.append("never reviewed")
    elif today - offer.last_reviewed > review_after:
        found.append("review overdue")
    if not offer.has_contact():
        found.append("no contact")
    if not offer.maintainers:
        found.append("nobody keeps it current")
    return found


@staff_page()
async def directory_list(request: Request, user: StaffUser) -> Response:
    """Every offer: status, last reviewed, maintainers, problems; proposals waiting."""
    runtime = runtime_of(request)
    services = runtime.services_of(user.practice)  # their practice's directory
    directory = services.directory()
    today = services.now().date()
    only = request.query_params.get("problems", "")
    offers = []
    for offer in sorted(directory.offers, key=lambda o: o.name.lower()):
        found = problems_of(offer, today, services.config.directory.review_after)
        if only and not found:
            continue
        offers.append({"offer": offer, "problems": found})
    invalid = await runtime.store.alerts.open_of_kind("directory-invalid", 5)
    return render(request, "directory.html", {
        "title": "Directory", "offers": offers, "only": only, "invalid": invalid,
        "total": len(directory.offers),
        "proposals": await pending_proposals(runtime.store)})


# Form fields: (name, label, how to read the text, how to show the current value)
def _schedule_text(offer: Offer) -> str:
    return "\n".join(part.strip() for part in describe_schedule(
        Offer(id=offer.id, name=offer.name, schedule=offer.schedule)).split(";"))


def _place_text(raw: dict[str, Any]) -> str:
    loc = raw.get("location") or {}
    return ", ".join(str(loc[k]) for k in ("name", "address", "postcode") if loc.get(k))


def _contact_text(raw: dict[str, Any]) -> str:
    c = raw.get("contact") or {}
    return " ".join(str(c[k]) for k in ("name", "phone", "email") if c.get(k))


def current_values(offer: Offer, raw: dict[str, Any]) -> dict[str, str]:
    """What the form shows: each editable field as the text a person would type."""
    return {"name": str(raw.get("name") or ""), "status": str(raw.get("status") or "active"),
            "description": str(raw.get("description") or ""),
            "notice": str(raw.get("notice") or ""), "cost": str(raw.get("cost") or ""),
            "schedule": _schedule_text(offer), "location": _place_text(raw),
            "contact": _contact_text(raw),
            "maintainers": "\n".join(str(m) for m in raw.get("maintainers") or [])}


def changes_from(form_values: dict[str, str], shown: dict[str, str], raw: dict[str, Any],
                 offer_id: str) -> tuple[list[Change], dict[str, str]]:
    """Changes for each field whose text was changed, read with the champions' parsers."""
    changes: list[Change] = []
    errors: dict[str, str] = {}
    for name, text in form_values.items():
        if " ".join(text.split()) == " ".join(shown.get(name, "").split()):
            continue  # untouched: never rewrite a field nobody changed
        try:
            new = _parse(name, text, raw)
        except edits.EditError as exc:
            errors[name] = str(exc)
            continue
        changes.append(Change(offer_id, name, new, expected=raw.get(name)))
    return changes, errors


def _parse(name: str, text: str, raw: dict[str, Any]) -> Any:
    text = text.strip()
    if name == "status":
        if text not in STATUSES:
            raise edits.EditError(f"Status must be one of {', '.join(STATUSES)}.")
        return text
    if name in ("notice", "cost") and not text:
        return None  # emptied: remove the field
    if name == "name":
        return edits._text(text, "name", 3, 80)
    if name == "description":
        return edits.parse_description(text)
    if name == "notice":
        return edits.parse_notice(text)
    if name == "cost":
        return edits.parse_cost(text)
    if name == "location":
        return edits.parse_place(text)
    if name == "contact":
        return edits.parse_contact(text)
    if name == "schedule":
        lines = [line for line in text.splitlines() if line.strip()]
        if not lines:
            raise edits.EditError("Give at least one day and time, or set the status to "
                                  "paused or ended.")
        return [edits.parse_schedule(line) for line in lines]
    if name == "maintainers":
        return [line.strip() for line in text.splitlines() if line.strip()]
    raise edits.EditError(f"{name} can't be edited here")


FIELDS = ("name", "status", "description", "schedule", "location", "contact", "cost",
          "notice", "maintainers")


def _seen_values(posted: str) -> dict[str, str] | None:
    """The form's record of what the editor saw: field -> text, or None if tampered with."""
    try:
        seen = json.loads(posted or "{}")
    except ValueError:
        return None
    if not isinstance(seen, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in seen.items()):
        return None
    return seen


@staff_page()
async def offer_edit(request: Request, user: StaffUser) -> Response:
    """The edit form; saving goes through the champions' write-back (comments kept)."""
    runtime = runtime_of(request)
    services = runtime.services_of(user.practice)  # their practice's directory
    offer_id = request.path_params["offer_id"]
    offer = services.directory().get(offer_id)
    if offer is None:
        return render(request, "error.html", {"title": "Not found", "message":
                                              f"There is no offer with id {offer_id}."}, 404)
    raw = read_offer(offer.source_file or services.config.directory.path, offer_id)
    shown = current_values(offer, raw)
    errors: dict[str, str] = {}
    values, status = dict(shown), 200
    if request.method == "POST":
        form = form_of(request)
        # A field missing from the post is left alone (not emptied).
        values = {name: str(form.get(name)) for name in FIELDS if name in form}
        # The form carries what the editor saw: only fields they changed are written, so a
        # champion's edit to another field made meanwhile is not overwritten.
        seen = _seen_values(str(form.get("seen", "{}")))
        if seen is None:
            return render(request, "error.html", {
                "title": "Form damaged", "message": "This form arrived damaged. Go back, "
                                                    "reload the page and try again."}, 400)
        changes, errors = changes_from(values, seen or shown, raw, offer_id)
        if not errors and not changes:
            return redirect(f"/staff/directory/{offer_id}/edit", "Nothing was changed.")
        if not errors:
            try:
                await save_changes(services, user.actor, changes, "dashboard")
            except Conflict as exc:
                errors[exc.field] = ("Someone else changed this meanwhile. The form now "
                                     "shows the latest; please make your change again.")
                values = current_values(offer, read_offer(offer.source_file, offer_id))
            except WriteBackError as exc:
                errors["_"] = f"Not saved: {exc}"
            else:
                await runtime.store.audit.record(user.actor, "offer-edited", offer_id,
                                                 ", ".join(c.field for c in changes))
                return redirect(f"/staff/directory/{offer_id}/edit", "Saved.")
        status = 400
        values = {**shown, **values}
    return render(request, "offer_edit.html", {
        "title": f"Edit {offer.name}", "offer": offer, "values": values, "errors": errors,
        "seen": json.dumps(shown), "statuses": STATUSES, "example": edits.SCHEDULE_EXAMPLE}, status)


@staff_page()
async def proposal_action(request: Request, user: StaffUser) -> Response:
    """Approve (adds it to the directory) or reject a proposed listing."""
    runtime = runtime_of(request)
    number = int(request.path_params["number"])
    action = request.path_params["action"]
    if action == "approve":
        try:
            offer_id = await approve_proposal(runtime.services_of(user.practice), number,
                                              user.actor)
        except (LookupError, WriteBackError) as exc:
            return redirect("/staff/directory", f"Not approved: {exc}.")
        await runtime.store.audit.record(user.actor, "listing-approved", f"P{number}", offer_id)
        return redirect("/staff/directory", f"P{number} approved: it is now listed.")
    if action != "reject":
        return redirect("/staff/directory")
    try:
        await reject_proposal(runtime.services_of(user.practice), number, user.actor,
                              field(form_of(request), "reason"))
    except LookupError as exc:
        return redirect("/staff/directory", f"Not rejected: {exc}.")
    return redirect("/staff/directory", f"P{number} rejected.")


@staff_page()
async def tester(request: Request, user: StaffUser) -> Response:
    """Type a resident's message; see the exact reply and why."""
    message = request.query_params.get("q", "").strip()[:480]
    result = None
    if message:
        result = await try_message(runtime_of(request), runtime_of(request), message,
                                   practice=user.practice)
    return render(request, "tester.html", {"title": "Search tester", "q": message,
                                           "result": result})


ROUTES = [
    Route("/directory", directory_list, methods=["GET"]),
    Route("/directory/{offer_id}/edit", offer_edit, methods=["GET", "POST"]),
    Route("/proposals/{number:int}/{action:str}", proposal_action, methods=["POST"]),
    Route("/tester", tester, methods=["GET"]),
]
