"""What wraps every request and response of the web server, outside the app itself (so
static files, 404s and 500s are covered too): a cap on request bodies, checked before any
route reads them, and the security headers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:;"
       " form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
HSTS = "max-age=31536000; includeSubDomains"


def security_headers(https: bool) -> list[tuple[bytes, bytes]]:
    """The headers every response gets (unless the route set its own value)."""
    headers = [(b"content-security-policy", CSP.encode()), (b"x-frame-options", b"DENY"),
               (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"same-origin")]
    if https:
        headers.append((b"strict-transport-security", HSTS.encode()))
    return headers


class WebGuard:
    """ASGI middleware: 413 for a body over the limit (from Content-Length at once, or as
    soon as a streamed body passes it), and security headers on every response."""

    def __init__(self, app: ASGIApp, *, max_body: int, max_upload: int,
                 upload_paths: Iterable[str], https: bool) -> None:
        self.app = app
        self.max_body = max_body
        self.max_upload = max_upload
        self.upload_paths = frozenset(upload_paths)
        self.headers = security_headers(https)

    def limit_for(self, scope: Scope) -> int:
        """The practice-list upload gets its own (larger) limit; everything else max_body."""
        if scope.get("method") == "POST" and scope.get("path") in self.upload_paths:
            return self.max_upload
        return self.max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(send)
        limit = self.limit_for(scope)
        declared = _content_length(scope)
        if declared is not None and (declared < 0 or declared > limit):
            await _refuse(send, 413 if declared > limit else 400, limit)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Starlette's exception middleware turns this into a 413 response.
                    raise HTTPException(413, _too_large(limit))
            return message

        await self.app(scope, limited_receive, send)

    def _with_headers(self, send: Send) -> Send:
        extra = self.headers

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message = {**message, "headers": [
                    *message.get("headers", []),
                    *[(name, value) for name, value in extra if name not in present]]}
            await send(message)

        return sending


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return -1
    return None


def _too_large(limit: int) -> str:
    return f"Request too large: the limit is {limit // 1024} KB."


async def _refuse(send: Send, status: int, limit: int) -> None:
    body = (_too_large(limit) if status == 413 else "Bad Content-Length.").encode()
    start: dict[str, Any] = {"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()), (b"connection", b"close")]}
    await send(start)
    await send({"type": "http.response.body", "body": body})
