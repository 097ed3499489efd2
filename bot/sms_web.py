"""Twilio webhooks: inbound texts and delivery status callbacks, and the SMS component.

Every request is checked with twilio's RequestValidator against the URL Twilio called,
rebuilt from `server.public_url` plus the path and query (never the Host header, which a
reverse proxy or an attacker sets), over every form parameter with repeated keys kept.
An inbound text is parsed and handed to the one inbound pipeline (`runtime.inbound.accept`,
bot/inbound.py), which stores it in the inbox keyed by MessageSid and commits it before
Twilio gets its empty TwiML; the pipeline's worker answers it afterwards.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
from collections.abc import Iterable
from urllib.parse import unquote_plus

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from twilio.request_validator import RequestValidator

from bot.channels.twilio_sms import TwilioSmsChannel
from bot.component import Component
from bot.config import Config
from bot.messages import Address, Inbound
from bot.phones import PhoneError, is_uk, to_e164
from bot.runtime import Runtime
from bot.sms_limits import SmsLimits
from bot.storage import utcnow

log = logging.getLogger(__name__)

MAX_BODY = 16 * 1024
SMS_PATH = "/webhooks/twilio/sms"
TWILIO_SID = re.compile(r"[A-Za-z]{2}[0-9a-fA-F]{32}")  # e.g. SM + 32 hex digits
STATUS_PATH = "/webhooks/twilio/status"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
# Forward-only delivery states: a callback may move a message right, never left.
RANK = {"queued": 0, "sending": 1, "sent": 2, "delivered": 3, "undelivered": 3, "failed": 3,
        "skipped": 3}
TWILIO_STATUS = {"accepted": "sent", "scheduled": "sent", "queued": "sent", "sending": "sent",
                 "sent": "sent", "delivered": "delivered", "read": "delivered",
                 "undelivered": "undelivered", "failed": "failed", "canceled": "failed"}


class FormParams:
    """Form parameters with repeated keys kept, in the shape RequestValidator reads."""

    def __init__(self, pairs: Iterable[tuple[str, str]]):
        self.values: dict[str, list[str]] = {}
        for key, value in pairs:
            self.values.setdefault(key, []).append(value)

    @classmethod
    def parse(cls, body: str) -> FormParams:
        """An application/x-www-form-urlencoded body, as parse_qsl(keep_blank_values=True)
        reads it, without its per-call overhead (tests/test_sms_webhooks.py compares them)."""
        pairs = []
        for field in body.split("&"):
            if field:
                name, _, value = field.partition("=")
                pairs.append((unquote_plus(name), unquote_plus(value)))
        return cls(pairs)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.values)

    def getall(self, key: str) -> list[str]:
        # The first name RequestValidator tries: a missing one costs it an exception a key.
        return self.values.get(key, [])

    def get(self, key: str, default: str = "") -> str:
        values = self.values.get(key)
        return values[0] if values else default


class TooLarge(Exception):
    """The request body is over MAX_BODY."""


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The body, refusing early (by Content-Length or while streaming) past `limit`."""
    declared = request.headers.get("content-length", "")
    if declared.isdecimal() and int(declared) > limit:
        raise TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


class TwilioWebhooks:
    """The two Twilio routes; `runtime` is set when the server starts."""

    def __init__(self, config: Config, auth_token: str):
        self.config = config
        self.public_url = config.server.public_url.rstrip("/")
        self.reply_only_uk: bool = config.sms.reply_only_uk
        self.validator = RequestValidator(auth_token)
        self.runtime: Runtime | None = None

    def routes(self) -> list[Route]:
        return [Route(SMS_PATH, self.inbound, methods=["POST"]),
                Route(STATUS_PATH, self.status, methods=["POST"])]

    def public_url_of(self, request: Request) -> str:
        """The URL Twilio signed: our configured public root, the path and the query."""
        # From the ASGI scope: request.url would first rebuild and re-parse the whole URL.
        query = request.scope.get("query_string", b"").decode("latin-1")
        return self.public_url + request.scope["path"] + (f"?{query}" if query else "")

    async def verified(self, request: Request) -> tuple[FormParams, Runtime] | Response:
        """The form and the running bot if the signature is good, else the response to
        give (413, 403, or 503 while starting)."""
        try:
            body = await read_body(request)
        except TooLarge:
            return PlainTextResponse("too large", status_code=413)
        params = FormParams.parse(body.decode("utf-8", "replace"))
        signature = request.headers.get("x-twilio-signature", "")
        if not signature or not self.signed(self.public_url_of(request), params, signature):
            log.warning("twilio webhook refused: bad or missing signature path=%s",
                        request.url.path)
            return PlainTextResponse("forbidden", status_code=403)
        if self.runtime is None:
            return PlainTextResponse("starting", status_code=503)
        return params, self.runtime

    def signed(self, url: str, params: FormParams, signature: str) -> bool:
        """Twilio's signature check. RequestValidator.validate always signs twice (the URL
        with and without its port); the URL exactly as configured is one of the two and
        is what Twilio signs, so try that alone first and fall back to the full check."""
        expected = self.validator.compute_signature(url, params)
        # bytes: compare_digest refuses non-ASCII str, and headers arrive decoded as latin-1
        if hmac.compare_digest(expected.encode(), signature.encode("latin-1")):
            return True
        return bool(self.validator.validate(url, params, signature))

    async def inbound(self, request: Request) -> Response:
        """POST /webhooks/twilio/sms: accept into the pipeline, then answer with TwiML."""
        if self.runtime is None:
            return await self._inbound(request)  # 503 once the signature is checked
        with self.runtime.inbound.answering():  # the pipeline's worker gives way meanwhile
            return await self._inbound(request)

    async def _inbound(self, request: Request) -> Response:
        verified = await self.verified(request)
        if isinstance(verified, Response):
            return verified
        form, runtime = verified
        sid = form.get("MessageSid") or form.get("SmsSid")
        if sid and not TWILIO_SID.fullmatch(sid):
            # Twilio's signature covers keys and values run together, so characters can be
            # shifted between them under the same signature: only a real Sid is accepted.
            log.warning("twilio webhook with a malformed MessageSid: ignored")
            return twiml()
        try:
            sender = to_e164(form.get("From"))
        except PhoneError:
            sender = ""
        if not sid or not sender:
            log.warning("twilio webhook without a usable MessageSid or From: ignored")
            return twiml()
        if self.reply_only_uk and not is_uk(sender):
            # Nothing kept, nothing answered: replies abroad are how SMS pumping costs money.
            log.info("inbound from a non-UK number ignored sid=%s", sid)
            return twiml()
        practice = self.practice_texted(form.get("To"))
        if practice is None:
            # Several practices, and none has this number: nobody to answer for.
            log.warning("inbound to a number no practice lists: ignored sid=%s", sid)
            return twiml()
        inbound = Inbound(Address("sms", sender), form.get("Body"), sid,
                          runtime.services.now(), practice=practice)
        await runtime.inbound.accept(inbound)  # committed before Twilio gets its answer
        return twiml()

    def practice_texted(self, to: str) -> str | None:
        """Whose number the text was sent to (Twilio's `To`): that practice's id, or None
        if no practice lists it. Without a `practices:` list, every number is the one
        practice's."""
        if not self.config.practice_list:
            return self.config.practices[0].id
        try:
            number = to_e164(to)
        except PhoneError:
            return None
        found = self.config.practice_for_number(number)
        return found.id if found is not None else None

    async def status(self, request: Request) -> Response:
        """POST /webhooks/twilio/status?outbox_id=N: move that message forward, never back."""
        verified = await self.verified(request)
        if isinstance(verified, Response):
            return verified
        form, runtime = verified
        raw_id = request.query_params.get("outbox_id", "")
        new = TWILIO_STATUS.get(form.get("MessageStatus") or form.get("SmsStatus"))
        # ASCII digits only, and short: "²".isdigit() is true but int() refuses it, and a
        # 40-digit id overflows SQLite; either was a 500 (tests/test_fault_webhooks.py).
        if not (raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= 18) or new is None:
            return PlainTextResponse("", status_code=204)
        await apply_status(runtime, int(raw_id), form.get("MessageSid"), new,
                           form.get("ErrorCode"))
        return PlainTextResponse("", status_code=204)

def twiml() -> Response:
    return Response(EMPTY_TWIML, media_type="text/xml")


async def apply_status(runtime: Runtime, outbox_id: int, sid: str, new: str,
                       error_code: str = "") -> str | None:
    """Forward-only status update; returns the state the row is left in."""
    store = runtime.store
    outbox = store.outbox
    row = await outbox.delivery(outbox_id)
    for _ in range(50):  # our own send may not have recorded the sid yet: wait for it
        if row is None or row.state != "sending" or row.next_attempt_at is not None:
            break
        await asyncio.sleep(0.1)
        row = await outbox.delivery(outbox_id)
    if row is None:
        return None
    if row.provider_id and sid and row.provider_id != sid:
        log.warning("status callback sid mismatch outbox=%d: ignored", outbox_id)
        return row.state
    if RANK.get(new, 0) <= RANK.get(row.state, 0):
        return row.state  # a repeat or a late, earlier status
    error = f"twilio {error_code}" if error_code else row.error
    async with store.transaction():
        # Twilio called back with our outbox id, so it has the message: never resend it.
        await outbox.record_status(outbox_id, new, sid or None, error, utcnow())
        if error_code == "21610" and row.contact_id is not None:
            await store.contacts.set_opted_out(row.contact_id, True)
            await store.audit.record("system", "opted-out-at-provider", f"contact:{row.contact_id}")
        if new in ("undelivered", "failed") and row.kind == "urgent":
            await store.alerts.add("undeliverable-urgent-reply",
                                   "An urgent-help reply could not be delivered by text.",
                                   row.contact_id)
    log.info("status outbox=%d %s -> %s", outbox_id, row.state, new)
    return new


def sms_component(config: Config) -> Component | None:
    """With sms.provider: twilio, the Twilio channel and webhooks; else None (console)."""
    if config.sms.provider != "twilio":
        return None
    missing = [name for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN")
               if not config.secrets.get(name)]
    problems = [f"{name} is not set in the environment" for name in missing]
    if not config.server.public_url:
        problems.append("server.public_url is not set (the https address Twilio calls)")
    numbers = {p.id: p.sms_numbers[0] for p in config.practice_list if p.sms_numbers}
    if not config.sms.from_number and not config.sms.messaging_service_sid and not numbers:
        problems.append("set sms.from_number or sms.messaging_service_sid")
    if problems:
        raise ValueError("sms.provider is twilio, but " + "; ".join(problems))
    token = config.secrets["TWILIO_AUTH_TOKEN"]
    webhooks = TwilioWebhooks(config, token)
    channel = TwilioSmsChannel(
        account_sid=config.secrets["TWILIO_ACCOUNT_SID"], auth_token=token,
        from_number=config.sms.from_number or next(iter(numbers.values()), ""),
        messaging_service_sid=config.sms.messaging_service_sid,
        api_base_url=config.sms.api_base_url,
        status_callback_url=config.server.public_url.rstrip("/") + STATUS_PATH,
        rate_per_second=config.sms.rate_per_second, practice_numbers=numbers)

    async def start(runtime: Runtime) -> None:
        webhooks.runtime = runtime
        channel.guard = SmsLimits(runtime.store, config, runtime.services.now)

    async def stop() -> None:
        webhooks.runtime = None
        await channel.close()

    return Component("sms", routes=list(webhooks.routes()), channels={"sms": channel},
                     start=start, stop=stop)
