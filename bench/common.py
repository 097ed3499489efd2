"""Shared pieces for the whole-bot benchmarks and the fault tests.

- `ServerProcess`: the real `python -m bot serve` as a subprocess, SMS via Twilio pointed at a
  fake Twilio, on a temp database, with the limits that would throttle a benchmark raised.
- `python bench/common.py fake-twilio --port N`: the project's FakeTwilio as a process, plus
  GET /_bench/accepted ([to, accepted-at epoch seconds] per message it accepted).
- `python bench/common.py ceiling --port N`: a bare Starlette app answering empty TwiML,
  served by uvicorn exactly as `serve` is: the ceiling of the machine for a webhook.
- Signed webhook forms, a closed-loop and an open-loop load generator, percentiles, RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PUBLIC_URL = "https://bot.example.org"
SMS_PATH = "/webhooks/twilio/sms"
BOT_NUMBER = "+447700900999"
ACCOUNT_SID = "AC" + "f" * 32
AUTH_TOKEN = "fake-auth-token-0123456789abcdef"
# Realistic first texts; each gets exactly one reply from a new sender (signposting, HELP).
BODIES = ("any walking groups?", "knit and natter on thursday", "I feel lonely",
          "HELP", "coffee morning this week?", "something for my mum who is on her own")
# Raised so the abuse and cost limits don't throttle a benchmark (reported in its output).
BENCH_LIMITS = {
    "BOT_SMS_RATE_PER_SECOND": "100000",
    "BOT_SMS_MAX_REPLIES_PER_10_MINUTES": "1000000",
    "BOT_SMS_DAILY_CAP": "100000000",
    # The example offers' review dates age with the calendar: without this, `serve` texts
    # their maintainers "is this still right?" and the fault tests count those as extra texts.
    "BOT_DIRECTORY_REVIEW_AFTER": "3650d",
}


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sender_number(n: int) -> str:
    """The n-th distinct UK mobile number (+4474 range), one per simulated person."""
    return f"+4474{n % 100_000_000:08d}"


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def median(values: Sequence[float]) -> float:
    clean = [v for v in values if v == v]
    return statistics.median(clean) if clean else float("nan")


def rss_mib(pid: int) -> float:
    """Resident memory of a process in MiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# ---- signed webhooks ------------------------------------------------------------------

def inbound_form(sender: str, body: str, sid: str) -> list[tuple[str, str]]:
    """The form Twilio posts for an inbound text."""
    return [("MessageSid", sid), ("SmsSid", sid), ("AccountSid", ACCOUNT_SID),
            ("From", sender), ("To", BOT_NUMBER), ("Body", body), ("NumMedia", "0"),
            ("FromCountry", "GB")]


def signed_request(sender: str, body: str, sid: str,
                   token: str = AUTH_TOKEN) -> tuple[bytes, dict[str, str]]:
    """(body bytes, headers) of a correctly signed inbound SMS webhook."""
    from bot.fakes.twilio_server import sign

    form = inbound_form(sender, body, sid)
    headers = {"X-Twilio-Signature": sign(PUBLIC_URL + SMS_PATH, form, token),
               "Content-Type": "application/x-www-form-urlencoded"}
    return urlencode(form).encode(), headers


@dataclass
class Sent:
    """One webhook the load generator sent."""

    sender: str
    started: float  # epoch seconds, just before the request was written
    latency: float = float("nan")  # until the response arrived
    status: int = 0  # 0: no response (connection error)


@dataclass
class LoadResult:
    """What one load run did."""

    sent: list[Sent] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def ok(self) -> list[Sent]:
        return [s for s in self.sent if s.status == 200]

    @property
    def errors(self) -> int:
        return len(self.sent) - len(self.ok)

    @property
    def accepted_per_second(self) -> float:
        return len(self.ok) / self.elapsed if self.elapsed else 0.0


class Requests:
    """Pre-signed webhooks from distinct senders, numbered from `start`."""

    def __init__(self, start: int, tag: str):
        self.next = start
        self.tag = tag

    def take(self, n: int) -> list[tuple[str, bytes, dict[str, str]]]:
        made = []
        for _ in range(n):
            sender = sender_number(self.next)
            tag = self.tag.encode().hex()  # a Sid in Twilio's form: SM and 32 hex digits
            body, headers = signed_request(sender, BODIES[self.next % len(BODIES)],
                                           f"SM{tag}{self.next:0{32 - len(tag)}d}")
            made.append((sender, body, headers))
            self.next += 1
        return made


async def _post(session: object, url: str, item: tuple[str, bytes, dict[str, str]],
                out: list[Sent]) -> None:
    import aiohttp

    sender, body, headers = item
    record = Sent(sender, time.time())
    out.append(record)
    began = time.perf_counter()
    try:
        async with session.post(url, data=body, headers=headers) as response:  # type: ignore[attr-defined]
            await response.read()
            record.status = response.status
    except (TimeoutError, aiohttp.ClientError, OSError):
        record.status = 0
    record.latency = time.perf_counter() - began


def spread(url: str | Sequence[str]) -> Iterator[str]:
    """One URL, or several instances' taken in turn (a round-robin load balancer)."""
    return itertools.cycle([url] if isinstance(url, str) else list(url))


async def closed_loop(url: str | Sequence[str], requests: Requests, concurrency: int,
                      seconds: float) -> LoadResult:
    """`concurrency` clients each sending back to back for `seconds` (to several URLs in
    turn, if given several)."""
    import aiohttp

    # Enough pre-signed requests for a generous rate, signed before the clock starts.
    pool = requests.take(int(max(200, 4000 * seconds)))
    result = LoadResult()
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        items: Iterator[tuple[str, bytes, dict[str, str]]] = iter(pool)
        urls = spread(url)
        began = time.perf_counter()
        deadline = began + seconds

        async def client() -> None:
            for item in items:
                if time.perf_counter() >= deadline:
                    return
                await _post(session, next(urls), item, result.sent)

        await asyncio.gather(*(client() for _ in range(concurrency)))
        result.elapsed = time.perf_counter() - began
    return result


async def open_loop(url: str | Sequence[str], requests: Requests, rate: float,
                    seconds: float, on_tick: object = None) -> LoadResult:
    """Requests started at a steady `rate` per second for `seconds`, whatever the replies."""
    import aiohttp

    total = int(rate * seconds)
    result = LoadResult()
    connector = aiohttp.TCPConnector(limit=512)
    timeout = aiohttp.ClientTimeout(total=30)
    tasks: set[asyncio.Task[None]] = set()
    urls = spread(url)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        began = time.perf_counter()
        batch = max(1, int(rate))  # sign a second's worth at a time, off the schedule
        pending = requests.take(min(batch, total))
        for i in range(total):
            if not pending:
                pending = requests.take(min(batch, total - i))
            item = pending.pop(0)
            delay = began + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            task = asyncio.create_task(_post(session, next(urls), item, result.sent))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            if on_tick is not None and i % batch == 0:
                on_tick(time.perf_counter() - began)  # type: ignore[operator]
        if tasks:
            await asyncio.gather(*tasks)
        result.elapsed = time.perf_counter() - began
    return result


# ---- processes -------------------------------------------------------------------------

def _wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer in {timeout:.0f} s")


class Process:
    """A child process serving HTTP on 127.0.0.1:port; stderr goes to a log file."""

    def __init__(self, argv: list[str], port: int, log: Path, env: dict[str, str] | None = None,
                 ready_path: str = "/"):
        self.argv, self.port, self.log, self.env = argv, port, log, env
        self.ready_path = ready_path
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> Process:
        env = {**os.environ, **(self.env or {})}
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(self.argv, cwd=ROOT, env=env, stdout=log, stderr=log)
        _wait_http(self.url + self.ready_path, self.proc)
        return self

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a power cut or an OOM kill."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> Process:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def fake_twilio_process(workdir: Path, port: int | None = None) -> Process:
    port = port or free_port()
    return Process([sys.executable, str(ROOT / "bench" / "common.py"), "fake-twilio",
                    "--port", str(port)], port, workdir / "fake_twilio.log",
                   ready_path="/_bench/count")


def ceiling_process(workdir: Path) -> Process:
    port = free_port()
    return Process([sys.executable, str(ROOT / "bench" / "common.py"), "ceiling",
                    "--port", str(port)], port, workdir / "ceiling.log", ready_path="/healthz")


def bot_env(workdir: Path, port: int, twilio_url: str, **extra: str) -> dict[str, str]:
    """Settings for `python -m bot serve` as BOT_* variables, secrets in the environment."""
    return {
        "BOT_STORAGE_DATABASE": str(workdir / "bot.db"),
        "BOT_SERVER_PORT": str(port), "BOT_SERVER_HOST": "127.0.0.1",
        "BOT_SERVER_PUBLIC_URL": PUBLIC_URL,
        "BOT_SMS_PROVIDER": "twilio", "BOT_SMS_API_BASE_URL": twilio_url,
        "BOT_SMS_FROM_NUMBER": BOT_NUMBER,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        **BENCH_LIMITS, **extra,
    }


def bot_process(workdir: Path, twilio_url: str, port: int | None = None,
                **extra: str) -> Process:
    port = port or free_port()
    return Process([sys.executable, "-m", "bot", "serve", "--config",
                    str(ROOT / "config.example.yaml")], port, workdir / "bot.log",
                   env=bot_env(workdir, port, twilio_url, **extra), ready_path="/healthz")


def fetch_json(url: str, method: str = "GET") -> object:
    import json
    import urllib.request

    request = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


# ---- the two small servers run as processes ----------------------------------------------

def _serve_fake_twilio(port: int) -> None:
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from bot.fakes.twilio_server import FakeTwilio

    fake = FakeTwilio(ACCOUNT_SID, AUTH_TOKEN, port=port)

    async def accepted(request: Request) -> JSONResponse:
        return JSONResponse([[m["to"], m["_created"].timestamp()] for m in fake.messages])

    async def count(request: Request) -> JSONResponse:
        return JSONResponse({"accepted": len(fake.messages),
                             "create_requests": fake.create_requests})

    # Ahead of the fake's own /_fake routes; timestamps are kept but not in its public JSON.
    fake.app.router.routes[:0] = [Route("/_bench/accepted", accepted),
                                  Route("/_bench/count", count)]

    async def run() -> None:
        await fake.start()
        await asyncio.Event().wait()

    asyncio.run(run())


def ceiling_app() -> object:
    """A bare Starlette app: POST the webhook, get empty TwiML, nothing else."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    twiml = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

    async def webhook(request: Request) -> Response:
        await request.body()
        return Response(twiml, media_type="text/xml")

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"ok": True})

    return Starlette(routes=[Route(SMS_PATH, webhook, methods=["POST"]),
                             Route("/healthz", healthz)])


def _serve_ceiling(port: int) -> None:
    import uvicorn

    # The same uvicorn settings as bot.server.serve.
    uvicorn.run(ceiling_app(), host="127.0.0.1", port=port, log_config=None,  # type: ignore[arg-type]
                access_log=False, lifespan="on")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="helper servers for the benchmarks")
    parser.add_argument("what", choices=("fake-twilio", "ceiling"))
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    try:
        if args.what == "fake-twilio":
            _serve_fake_twilio(args.port)
        else:
            _serve_ceiling(args.port)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
