"""A fake Twilio REST API on 127.0.0.1 for the real `twilio` client, with fault injection.

In tests:

    async with FakeTwilio() as fake:
        # point sms.api_base_url at fake.url, use fake.account_sid / fake.auth_token
        fake.fail_next(2, status=429)             # throttled twice
        fake.fail_next(1, status=500, after_accept=True)  # recorded, but answers 500
        fake.opt_out("+447700900001")             # error 21610 for that number
        fake.slow(3.0, n=1)                       # next response 3 s late
        fake.messages                             # what was accepted, as Twilio JSON
        await fake.send_status(sid, "delivered")  # signed StatusCallback to the bot

As a process (benchmarks, trying `serve` by hand):

    python -m bot.fakes.twilio_server --port 8765

It prints its account sid and token; control it over HTTP: GET /_fake/messages,
POST /_fake/fail {"n":1,"status":500,"after_accept":true}, POST /_fake/opt_out
{"number":"+44..."}, POST /_fake/slow {"seconds":2,"n":1}, POST /_fake/reset.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime
from types import TracebackType
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from twilio.request_validator import RequestValidator

from bot.fakes.loopback import LoopbackServer
from bot.gsm import count_segments

API = "/2010-04-01/Accounts/{account_sid}/Messages.json"
DEFAULT_SID = "AC" + "f" * 32
DEFAULT_TOKEN = "fake-auth-token-0123456789abcdef"


class _Params:
    """Form parameters with repeated keys kept, in the shape RequestValidator reads."""

    def __init__(self, pairs: Iterable[tuple[str, str]]):
        self.pairs = list(pairs)

    def __iter__(self) -> Any:
        return iter(dict.fromkeys(key for key, _ in self.pairs))

    def getlist(self, key: str) -> list[str]:
        return [value for name, value in self.pairs if name == key]


def sign(url: str, params: Mapping[str, str] | Iterable[tuple[str, str]], token: str) -> str:
    """The X-Twilio-Signature Twilio would send for a POST of `params` to `url`."""
    pairs = list(params.items()) if isinstance(params, Mapping) else list(params)
    return RequestValidator(token).compute_signature(url, _Params(pairs))


@dataclass
class _Fault:
    status: int
    after_accept: bool = False
    code: int | None = None
    message: str = ""
    retry_after: float | None = None


def _error(status: int, code: int | None, message: str,
           headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"code": code, "message": message, "status": status,
            "more_info": f"https://www.twilio.com/docs/errors/{code}" if code else None}
    return JSONResponse(body, status_code=status, headers=headers)


def _rfc2822(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True).replace("GMT", "+0000")


def _parse_when(value: str) -> datetime:
    """Twilio's DateSent filters take a date (YYYY-MM-DD) or an ISO 8601 datetime."""
    text = value.strip().replace("Z", "+00:00")
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class FakeTwilio:
    """The Messages API of Twilio, in memory, on a loopback port."""

    def __init__(self, account_sid: str = DEFAULT_SID, auth_token: str = DEFAULT_TOKEN,
                 host: str = "127.0.0.1", port: int = 0):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.messages: list[dict[str, Any]] = []
        self.create_requests = 0  # every POST to Messages.json, accepted or not
        self.list_requests = 0
        self._faults: list[_Fault] = []
        self._list_faults: list[_Fault] = []
        self._per_number: dict[str, _Fault] = {}
        self._slow: list[float] = []  # one delay per upcoming request
        self._slow_always = 0.0
        self.app = self._build_app()
        self._server = LoopbackServer(self.app, host=host, port=port, lifespan="off")

    # ---- fault injection -------------------------------------------------------------

    def fail_next(self, n: int = 1, status: int = 429, *, after_accept: bool = False,
                  code: int | None = None, message: str = "",
                  retry_after: float | None = None) -> None:
        """The next n create requests fail with `status`; after_accept records them first."""
        default_code = {429: 20429}.get(status, 20500 if status >= 500 else None)
        for _ in range(n):
            self._faults.append(_Fault(status, after_accept, code or default_code,
                                       message or f"fake failure {status}", retry_after))

    def fail_lookups(self, n: int = 1, status: int = 500) -> None:
        """The next n list (lookup) requests fail with `status`."""
        self._list_faults.extend(_Fault(status, code=20500, message="fake lookup failure")
                                 for _ in range(n))

    def opt_out(self, number: str) -> None:
        """Sending to `number` fails with 21610, as after the person texted STOP to Twilio."""
        self._per_number[number] = _Fault(
            400, code=21610, message="Attempt to send to unsubscribed recipient")

    def reject(self, number: str, code: int = 21211, status: int = 400,
               message: str = "The 'To' number is not a valid phone number.") -> None:
        """Sending to `number` fails for good with this 4xx error."""
        self._per_number[number] = _Fault(status, code=code, message=message)

    def slow(self, seconds: float, n: int | None = 1) -> None:
        """Delay the next n create responses, after accepting (all of them if n is None)."""
        if n is None:
            self._slow_always = seconds
        else:
            self._slow.extend([seconds] * n)

    def reset(self) -> None:
        """Forget messages and faults."""
        self.messages.clear()
        self._faults.clear()
        self._list_faults.clear()
        self._per_number.clear()
        self._slow.clear()
        self._slow_always = 0.0
        self.create_requests = self.list_requests = 0

    def to(self, number: str) -> list[str]:
        """Bodies accepted for one recipient, in order."""
        return [m["body"] for m in self.messages if m["to"] == number]

    async def send_status(self, sid: str, status: str, error_code: int | None = None,
                          via: str | None = None) -> httpx.Response:
        """POST a signed status callback for message `sid`, as Twilio does; `via` is a root
        (http://127.0.0.1:port) to deliver it to instead, as a reverse proxy would."""
        message = next(m for m in self.messages if m["sid"] == sid)
        message["status"] = status
        signed_url = message["status_callback"]
        target = signed_url
        if via:
            parts = urlsplit(signed_url)
            target = via.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")
        params = {"MessageSid": sid, "SmsSid": sid, "MessageStatus": status,
                  "SmsStatus": status, "AccountSid": self.account_sid,
                  "To": message["to"], "From": message["from"] or "",
                  "ApiVersion": "2010-04-01"}
        if error_code is not None:
            params["ErrorCode"] = str(error_code)
        headers = {"X-Twilio-Signature": sign(signed_url, params, self.auth_token)}
        async with httpx.AsyncClient() as client:
            return await client.post(target, data=params, headers=headers)

    # ---- lifecycle -------------------------------------------------------------------

    @property
    def url(self) -> str:
        return self._server.url

    async def start(self) -> None:
        await self._server.start()

    async def stop(self) -> None:
        await self._server.stop()

    async def __aenter__(self) -> FakeTwilio:
        await self.start()
        return self

    async def __aexit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.stop()

    # ---- the API ---------------------------------------------------------------------

    def _build_app(self) -> Starlette:
        return Starlette(routes=[
            Route(API, self._create, methods=["POST"]),
            Route(API, self._list, methods=["GET"]),
            Route("/_fake/messages", self._control_messages, methods=["GET"]),
            Route("/_fake/{action}", self._control, methods=["POST"]),
        ])

    async def _delay(self) -> None:
        seconds = self._slow.pop(0) if self._slow else self._slow_always
        if seconds:
            await asyncio.sleep(seconds)

    def _authorised(self, request: Request) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        given = request.headers.get("authorization", "")
        return (secrets.compare_digest(given, f"Basic {expected}")
                and request.path_params["account_sid"] == self.account_sid)

    async def _create(self, request: Request) -> Response:
        if not self._authorised(request):
            return _error(401, 20003, "Authenticate")
        self.create_requests += 1
        form = await request.form()
        to, sender = str(form.get("To", "")), str(form.get("From", ""))
        service, body = str(form.get("MessagingServiceSid", "")), str(form.get("Body", ""))
        if not to:
            return _error(400, 21604, "A 'To' phone number is required.")
        if not sender and not service:
            return _error(400, 21603, "A 'From' phone number is required.")
        if not body:
            return _error(400, 21602, "Message body is required.")
        fault = self._faults.pop(0) if self._faults else None
        if fault is not None and not fault.after_accept:
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after else None
            return _error(fault.status, fault.code, fault.message, headers)
        number_fault = self._per_number.get(to)
        if number_fault is not None:
            return _error(number_fault.status, number_fault.code, number_fault.message)
        now = datetime.now(UTC)
        sid = "SM" + secrets.token_hex(16)
        record: dict[str, Any] = {
            "sid": sid, "account_sid": self.account_sid, "to": to, "from": sender or None,
            "messaging_service_sid": service or None, "body": body, "status": "queued",
            "num_segments": str(count_segments(body)), "num_media": "0",
            "direction": "outbound-api", "api_version": "2010-04-01", "price": None,
            "price_unit": "GBP", "error_code": None, "error_message": None,
            "date_created": _rfc2822(now), "date_updated": _rfc2822(now),
            "date_sent": _rfc2822(now), "uri": API.format(account_sid=self.account_sid)
            .replace(".json", f"/{sid}.json"), "subresource_uris": {},
            "status_callback": str(form.get("StatusCallback", "")) or None,
            "_created": now,
        }
        self.messages.append(record)
        await self._delay()  # slow after accepting: a client timeout here is ambiguous
        if fault is not None:  # accepted, but the caller hears a 5xx: the ambiguous case
            return _error(fault.status, fault.code, fault.message)
        return JSONResponse(_public(record), status_code=201)

    async def _list(self, request: Request) -> Response:
        if not self._authorised(request):
            return _error(401, 20003, "Authenticate")
        self.list_requests += 1
        if self._list_faults:
            fault = self._list_faults.pop(0)
            return _error(fault.status, fault.code, fault.message)
        query = request.query_params
        found = list(self.messages)
        if query.get("To"):
            found = [m for m in found if m["to"] == query["To"]]
        if query.get("From"):
            found = [m for m in found if m["from"] == query["From"]]
        if query.get("DateSent>"):
            after = _parse_when(query["DateSent>"])
            found = [m for m in found if m["_created"] >= after]
        if query.get("DateSent<"):
            before = _parse_when(query["DateSent<"])
            found = [m for m in found if m["_created"] <= before]
        if query.get("DateSent"):
            day = _parse_when(query["DateSent"]).date()
            found = [m for m in found if m["_created"].date() == day]
        found.reverse()  # newest first, as Twilio lists them
        size = int(query.get("PageSize", 50))
        page = int(query.get("Page", 0))
        chunk = found[page * size:(page + 1) * size]
        uri = API.format(account_sid=self.account_sid)
        more = (page + 1) * size < len(found)
        next_query = {k: v for k, v in query.items() if k not in ("Page", "PageSize")}
        next_uri = (f"{uri}?{urlencode({**next_query, 'Page': page + 1, 'PageSize': size})}"
                    if more else None)
        return JSONResponse({
            "messages": [_public(m) for m in chunk], "page": page, "page_size": size,
            "start": page * size, "end": page * size + len(chunk), "uri": uri,
            "first_page_uri": uri, "next_page_uri": next_uri, "previous_page_uri": None,
        })

    async def _control_messages(self, request: Request) -> Response:
        return JSONResponse({"messages": [_public(m) for m in self.messages],
                             "create_requests": self.create_requests,
                             "list_requests": self.list_requests})

    async def _control(self, request: Request) -> Response:
        action = request.path_params["action"]
        data = await request.json() if await request.body() else {}
        if action == "fail":
            self.fail_next(int(data.get("n", 1)), int(data.get("status", 429)),
                           after_accept=bool(data.get("after_accept", False)),
                           code=data.get("code"))
        elif action == "opt_out":
            self.opt_out(str(data["number"]))
        elif action == "reject":
            self.reject(str(data["number"]), int(data.get("code", 21211)))
        elif action == "slow":
            n = data.get("n", 1)
            self.slow(float(data["seconds"]), None if n is None else int(n))
        elif action == "reset":
            self.reset()
        else:
            return JSONResponse({"error": f"unknown action {action}"}, status_code=404)
        return JSONResponse({"ok": True})


def _public(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if not k.startswith("_") and k != "status_callback"}


def main(argv: list[str] | None = None) -> int:
    """Run the fake as its own process until Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m bot.fakes.twilio_server",
                                     description="A fake Twilio Messages API on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--account-sid", default=DEFAULT_SID)
    parser.add_argument("--auth-token", default=DEFAULT_TOKEN)
    args = parser.parse_args(argv)
    fake = FakeTwilio(args.account_sid, args.auth_token, port=args.port)

    async def run() -> None:
        await fake.start()
        print(f"fake Twilio on {fake.url}\n  TWILIO_ACCOUNT_SID={fake.account_sid}\n"
              f"  TWILIO_AUTH_TOKEN={fake.auth_token}", flush=True)
        try:
            await asyncio.Event().wait()
        finally:
            await fake.stop()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
