"""Campaigns: upload a list, edit the message with a live preview, send, pause, progress."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Awaitable, Callable
from pathlib import PurePath

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.campaigns.csvimport import REASONS, ListError, decode, parse_text
from bot.campaigns.records import (
    REPLY_STATES,
    SEND_STATES,
    STOPPED,
    Campaign,
    CampaignError,
    create_campaign,
    status_counts,
)
from bot.campaigns.report import campaigns_report, preview
from bot.campaigns.template import DEFAULT_INVITATION, TemplateError, check_template
from bot.campaigns.window import local_text
from bot.dashboard.auth import StaffUser
from bot.dashboard.sending import Sends
from bot.dashboard.web import (
    field,
    form_of,
    harden,
    practice_chosen,
    redirect,
    render,
    runtime_of,
    staff_page,
    templates,
)
from bot.storage import utcnow
from bot.storage.campaigns import CampaignsRepository

LABELS = {"opted_out": "opted out", "replied_yes": "replied yes", "replied_no": "replied no",
          "asked_more": "asked for more", STOPPED: "texted STOP after"}


def sends_of(request: Request) -> Sends:
    """The server's dashboard sends (kept on the runtime, stopped with the server)."""
    runtime = runtime_of(request)
    if getattr(runtime, "dashboard_sends", None) is None:
        runtime.dashboard_sends = Sends()  # type: ignore[attr-defined]
    return runtime.dashboard_sends  # type: ignore[attr-defined,no-any-return]


CampaignHandler = Callable[[Request, StaffUser, Campaign], Awaitable[Response]]


def campaign_view(*, as_json: bool = False) -> Callable[[CampaignHandler],
                                                       Callable[[Request], Awaitable[Response]]]:
    """A staff page about one campaign (/staff/campaigns/{campaign_id}/...): logged in, CSRF
    checked (staff_page), and the campaign found, else 404 (as JSON with as_json)."""
    def wrap(handler: CampaignHandler) -> Callable[[Request], Awaitable[Response]]:
        async def page(request: Request, user: StaffUser) -> Response:
            campaign = await campaign_by_id(request)
            if campaign is not None and not user.sees(campaign.practice):
                campaign = None  # another practice's
            if campaign is None:
                return (harden(JSONResponse({"error": "not found"}, 404)) if as_json
                        else _not_found(request))
            return await handler(request, user, campaign)

        page.__name__, page.__doc__ = handler.__name__, handler.__doc__
        return staff_page()(page)

    return wrap


async def campaign_by_id(request: Request) -> Campaign | None:
    store = runtime_of(request).store
    return await CampaignsRepository(store).by_id(int(request.path_params["campaign_id"]))


def _not_found(request: Request) -> Response:
    return render(request, "error.html", {"title": "Not found",
                                          "message": "There is no such campaign."}, 404)


@staff_page()
async def campaigns(request: Request, user: StaffUser) -> Response:
    """Every campaign with its numbers, and the form to start one from a practice list."""
    return await _campaigns_page(request, user, message=DEFAULT_INVITATION)


async def _campaigns_page(request: Request, user: StaffUser, *, message: str, name: str = "",
                          error: str = "", chosen: str = "") -> Response:
    """The campaign list (a federation admin's: every practice's, with a practice column)
    and the form to start one (a federation admin picks whose list it is)."""
    runtime = runtime_of(request)
    names = {p.id: p.name for p in runtime.config.practices}
    rows = await campaigns_report(runtime.store, user.practice)
    for row in rows:
        row["practice_name"] = names.get(row["practice"], row["practice"])
    picker = (list(names.items())
              if user.practice is None and runtime.config.several_practices else [])
    return render(request, "campaigns.html", {
        "title": "Campaigns", "rows": rows, "practices": picker, "chosen": chosen,
        "message": message, "error": error, "name": name}, 400 if error else 200)


@staff_page()
async def campaign_create(request: Request, user: StaffUser) -> Response:
    """Upload: the same import (and skip report) as `campaign create`."""
    runtime = runtime_of(request)
    form = form_of(request)
    name, message = field(form, "name"), field(form, "message") or DEFAULT_INVITATION
    upload = form.get("list")
    error = ""
    chosen = field(form, "practice")
    try:
        practice = practice_chosen(request, user, chosen, refusal="you can start campaigns for",
                                   error=CampaignError)
        check = check_template(message, runtime.config.seen_by(practice).practice.name)
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise ListError("choose the practice list file (CSV) to upload")
        source = PurePath(upload.filename.replace("\\", "/")).name
        limit = runtime.config.server.max_upload  # the whole body is capped there too
        data = await upload.read(limit + 1)
        if len(data) > limit:
            raise ListError(f"{source}: the file is over {limit // 1024} KB "
                            "(server.max_upload)")
        if source.lower().endswith((".xlsx", ".xls")):
            raise ListError(f"{source}: this is a spreadsheet file; save it as CSV first "
                            "(File > Save As > CSV)")
        try:
            parsed = parse_text(decode(data))
        except ListError as exc:
            raise ListError(f"{source}: {exc}") from None
        created = await create_campaign(runtime.store, name, parsed, message, source, utcnow(),
                                        practice)
    except TemplateError as exc:
        error = f"The message can't be used: {exc}"
    except (ListError, CampaignError) as exc:
        error = f"The list can't be used: {exc}" if isinstance(exc, ListError) else str(exc)
    if error:
        return await _campaigns_page(request, user, message=message, name=name, error=error,
                                     chosen=chosen)
    await runtime.store.audit.record(
        user.actor, "campaign-created", f"campaign:{created.campaign.id}",
        f"{created.recipients} recipients, {len(created.skipped)} skipped")
    note = f"Imported: {created.recipients} to invite, {len(created.skipped)} rows skipped."
    if check.warnings:
        note += " Note: " + " ".join(check.warnings)
    return redirect(f"/staff/campaigns/{created.campaign.id}", note)


async def _skipped(request: Request, campaign: Campaign) -> list[dict]:
    rows = await CampaignsRepository(runtime_of(request).store).exclusions(campaign.id)
    by_reason: dict[str, list[int]] = defaultdict(list)
    for row_number, reason in rows:
        by_reason[reason.split(" (")[0]].append(row_number)
    order = [r for r in REASONS if r in by_reason] + sorted(set(by_reason) - set(REASONS))
    return [{"reason": r, "count": len(by_reason[r]), "rows": by_reason[r][:30],
             "more": max(len(by_reason[r]) - 30, 0)} for r in order]


async def _progress(request: Request, campaign: Campaign) -> dict:
    runtime = runtime_of(request)
    settings = runtime.config.seen_by(campaign.practice)  # the campaign's practice's
    counts = await status_counts(runtime.store, campaign)
    total = counts["recipients"]
    remaining = counts["pending"] + counts["sending"]
    job = sends_of(request).get(campaign.id)
    state = job.state if job is not None else ("finished" if campaign.finished_at or (
        total and not remaining) else "not started")
    if job is not None and job.running and job.progress.waiting_until is not None:
        zone = settings.campaigns.send_window.timezone
        state = f"waiting for the sending window ({local_text(job.progress.waiting_until, zone)})"
    return {"campaign": campaign.name, "state": state, "running": bool(job and job.running),
            "message": job.message if job else "", "total": total, "done": total - remaining,
            "remaining": remaining,
            "send": [{"key": s, "label": LABELS.get(s, s), "count": counts[s]}
                     for s in SEND_STATES],
            "replies": [{"key": s, "label": LABELS.get(s, s), "count": counts[s]}
                        for s in (*REPLY_STATES, STOPPED)],
            "excluded": counts["excluded at import"]}


@campaign_view()
async def campaign_page(request: Request, user: StaffUser, campaign: Campaign) -> Response:
    """One campaign: skip report, message and preview, send controls, live progress."""
    runtime = runtime_of(request)
    settings = runtime.config.seen_by(campaign.practice)  # the campaign's practice's
    progress = await _progress(request, campaign)
    view = await preview(runtime.store, settings, campaign, utcnow())
    return render(request, "campaign.html", {
        "title": campaign.name, "campaign": campaign, "progress": progress, "preview": view,
        "skipped": await _skipped(request, campaign),
        "editable": progress["done"] == 0, "rate": settings.sms.rate_per_second,
        "finish": local_text(view.finish, settings.campaigns.send_window.timezone)
        if view.finish else ""})


@campaign_view()
async def campaign_preview(request: Request, user: StaffUser, campaign: Campaign) -> Response:
    """The live preview: three personalised examples, segments and cost for a draft."""
    runtime = runtime_of(request)
    settings = runtime.config.seen_by(campaign.practice)  # the campaign's practice's
    message = field(form_of(request), "message")
    error, view = "", None
    try:
        check = check_template(message, settings.practice.name)
        draft = dataclasses.replace(campaign, template=message)
        view = await preview(runtime.store, settings, draft, utcnow())
    except TemplateError as exc:
        error, check = str(exc), None
    response = templates.TemplateResponse(request, "_preview.html", {
        "preview": view, "error": error, "warnings": check.warnings if check else ()})
    return harden(response)


@campaign_view()
async def campaign_message(request: Request, user: StaffUser, campaign: Campaign) -> Response:
    """Save an edited message (only before anything has been sent)."""
    runtime = runtime_of(request)
    settings = runtime.config.seen_by(campaign.practice)  # the campaign's practice's
    message = field(form_of(request), "message")
    if (await _progress(request, campaign))["done"]:
        return redirect(f"/staff/campaigns/{campaign.id}",
                        "Some invitations have gone out, so the message can't change now.")
    try:
        check_template(message, settings.practice.name)
    except TemplateError as exc:
        return redirect(f"/staff/campaigns/{campaign.id}", f"Not saved: {exc}")
    async with runtime.store.transaction():
        await CampaignsRepository(runtime.store).set_template(campaign.id, message)
        await runtime.store.audit.record(user.actor, "campaign-message-changed",
                                         f"campaign:{campaign.id}")
    return redirect(f"/staff/campaigns/{campaign.id}", "Message saved.")


@campaign_view()
async def campaign_send(request: Request, user: StaffUser, campaign: Campaign) -> Response:
    """Start or resume sending (inside the window unless told otherwise), or pause."""
    runtime = runtime_of(request)
    settings = runtime.config.seen_by(campaign.practice)  # the campaign's practice's
    sends = sends_of(request)
    back = f"/staff/campaigns/{campaign.id}"
    if request.path_params["action"] not in ("send", "pause"):
        return _not_found(request)
    if request.path_params["action"] == "pause":
        paused = await sends.pause(campaign.id)
        if paused:
            await runtime.store.audit.record(user.actor, "campaign-paused",
                                             f"campaign:{campaign.id}")
        return redirect(back, "Paused. Nobody will be texted twice when you resume."
                        if paused else "It wasn't sending.")
    form = form_of(request)
    try:
        rate = float(field(form, "rate") or settings.sms.rate_per_second)
    except ValueError:
        rate = 0
    if not 0 < rate <= 100:
        return redirect(back, "Texts per second must be a number between 0 and 100.")
    ignore_window = field(form, "ignore_window") == "yes"
    sends.start(runtime, campaign, rate=rate, ignore_window=ignore_window)
    await runtime.store.audit.record(
        user.actor, "campaign-send-started", f"campaign:{campaign.id}",
        f"rate {rate:g}/s" + (", outside the window" if ignore_window else ""))
    return redirect(back, "Sending started.")


@campaign_view(as_json=True)
async def campaign_progress(request: Request, user: StaffUser, campaign: Campaign) -> Response:
    """Counts as JSON, polled by the campaign page."""
    return harden(JSONResponse(await _progress(request, campaign)))


ROUTES = [
    Route("/campaigns", campaigns, methods=["GET"]),
    Route("/campaigns", campaign_create, methods=["POST"]),
    Route("/campaigns/{campaign_id:int}", campaign_page, methods=["GET"]),
    Route("/campaigns/{campaign_id:int}/preview", campaign_preview, methods=["POST"]),
    Route("/campaigns/{campaign_id:int}/message", campaign_message, methods=["POST"]),
    Route("/campaigns/{campaign_id:int}/progress", campaign_progress, methods=["GET"]),
    Route("/campaigns/{campaign_id:int}/{action:str}", campaign_send, methods=["POST"]),
]
