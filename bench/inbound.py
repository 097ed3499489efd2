"""Inbound SMS benchmark: the whole bot against the bare-server ceiling, on one machine.

Run:  python bench/inbound.py            (about 25 minutes: 3 repeats and a 300 s soak)
      python bench/inbound.py --quick    (about a minute, to try it)
      python bench/inbound.py --database postgresql://user@host/postgres --instances 2
                                         (on PostgreSQL: a fresh database made on that
                                         server for the run, N bots sharing it)

Starts, as separate processes: the fake Twilio (bench/common.py fake-twilio), the real bot
(`python -m bot serve`, sms.provider twilio, api_base_url -> the fake, a temp database) and
a bare Starlette app answering empty TwiML (the ceiling). This process fires correctly
signed webhooks over loopback, each from a new sender, and prints markdown tables:

1. closed loop at rising concurrency: accepted webhooks/s, bot vs ceiling, the ratio; how
   fast replies drained; end to end p50/p99 (webhook sent -> reply accepted by fake Twilio);
2. open loop at a steady rate (default 200/s): webhook and end-to-end p50/p99, errors;
3. a soak at a steady rate (default 300 s): bot RSS at the start and end, and its latency.
Medians over --repeat runs. The bot's abuse/cost limits are raised (see BENCH_LIMITS).
With --instances N, N bots serve one database (PostgreSQL) and the webhooks go to each in
turn, as from a round-robin load balancer; the ceiling is then N bare servers the same way.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    BENCH_LIMITS,
    SMS_PATH,
    LoadResult,
    Process,
    Requests,
    bot_process,
    ceiling_process,
    closed_loop,
    fake_twilio_process,
    fetch_json,
    median,
    open_loop,
    percentile,
    rss_mib,
)
from bot.storage.postgres import create_database, drop_databases  # noqa: E402
from bot.testing_postgres import database_url  # noqa: E402


@dataclass
class Replies:
    """End-to-end view of one load run: which accepted webhooks got their reply, when."""

    latencies: list[float]
    missing: int
    drain_seconds: float  # first webhook sent -> last reply accepted

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies, 50) * 1000

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies, 99) * 1000


async def collect_replies(fake: Process, result: LoadResult, timeout: float = 180.0) -> Replies:
    """Wait until every accepted webhook's sender has a reply at the fake (matched by
    recipient, so a late reply from an earlier phase is never counted as this phase's)."""
    wanted = {s.sender for s in result.ok}
    deadline = time.monotonic() + timeout
    first: dict[str, float] = {}
    while True:
        first.clear()
        for to, at in fetch_json(fake.url + "/_bench/accepted"):  # type: ignore[union-attr]
            first.setdefault(to, at)
        if wanted <= first.keys() or time.monotonic() >= deadline:
            break
        await asyncio.sleep(0.5)
    latencies = [first[s.sender] - s.started for s in result.ok if s.sender in first]
    began = min((s.started for s in result.sent), default=0.0)
    last = max((first[s] for s in wanted if s in first), default=began)
    fetch_json(fake.url + "/_fake/reset", method="POST")
    return Replies(latencies, len(result.ok) - len(latencies), max(last - began, 1e-9))


def fmt(value: float, digits: int = 0) -> str:
    return "-" if value != value else f"{value:,.{digits}f}"


def urls(processes: list[Process]) -> list[str]:
    return [process.url + SMS_PATH for process in processes]


async def closed_loop_levels(args: argparse.Namespace, bot: list[Process],
                             ceiling: list[Process], fake: Process,
                             requests: Requests) -> list[list[str]]:
    rows = []
    for level in args.levels:
        runs: dict[str, list[float]] = {k: [] for k in (
            "ceiling", "bot", "drained", "p50", "p99", "errors", "missing")}
        for _ in range(args.repeat):
            top = await closed_loop(urls(ceiling), requests, level, args.seconds)
            ours = await closed_loop(urls(bot), requests, level, args.seconds)
            replies = await collect_replies(fake, ours)
            runs["ceiling"].append(top.accepted_per_second)
            runs["bot"].append(ours.accepted_per_second)
            runs["drained"].append(len(replies.latencies) / replies.drain_seconds)
            runs["p50"].append(replies.p50_ms)
            runs["p99"].append(replies.p99_ms)
            runs["errors"].append(ours.errors + top.errors)
            runs["missing"].append(replies.missing)
        ratios = [b / c for b, c in zip(runs["bot"], runs["ceiling"], strict=True) if c]
        rows.append([str(level), fmt(median(runs["ceiling"])), fmt(median(runs["bot"])),
                     f"{median(ratios):.0%}", fmt(median(runs["drained"])),
                     fmt(median(runs["p50"])), fmt(median(runs["p99"])),
                     fmt(sum(runs["errors"])), fmt(sum(runs["missing"]))])
        print(f"  concurrency {level}: done", file=sys.stderr, flush=True)
    return rows


async def steady(args: argparse.Namespace, bot: list[Process], fake: Process,
                 requests: Requests) -> list[list[str]]:
    runs: dict[str, list[float]] = {k: [] for k in (
        "rate", "hook50", "hook99", "p50", "p99", "errors", "missing")}
    for _ in range(args.repeat):
        result = await open_loop(urls(bot), requests, args.rate, args.steady_seconds)
        replies = await collect_replies(fake, result)
        hooks = [s.latency for s in result.ok]
        runs["rate"].append(len(result.sent) / result.elapsed)
        runs["hook50"].append(percentile(hooks, 50) * 1000)
        runs["hook99"].append(percentile(hooks, 99) * 1000)
        runs["p50"].append(replies.p50_ms)
        runs["p99"].append(replies.p99_ms)
        runs["errors"].append(result.errors)
        runs["missing"].append(replies.missing)
    return [[fmt(args.rate), fmt(median(runs["rate"])), fmt(median(runs["hook50"]), 1),
             fmt(median(runs["hook99"]), 1), fmt(median(runs["p50"]), 1),
             fmt(median(runs["p99"]), 1), fmt(sum(runs["errors"])),
             fmt(sum(runs["missing"]))]]


async def soak(args: argparse.Namespace, bots: list[Process], fake: Process,
               requests: Requests) -> list[list[str]]:
    bot = bots[0]  # the RSS of the first
    samples: list[tuple[float, float]] = [(0.0, rss_mib(bot.pid))]
    next_sample = [min(10.0, args.soak_seconds / 10)]

    def tick(elapsed: float) -> None:
        if elapsed >= next_sample[0]:
            samples.append((elapsed, rss_mib(bot.pid)))
            next_sample[0] += max(args.soak_seconds / 30, 1.0)

    result = await open_loop(urls(bots), requests, args.soak_rate, args.soak_seconds,
                             on_tick=tick)
    replies = await collect_replies(fake, result)
    samples.append((result.elapsed, rss_mib(bot.pid)))
    # "Start" is after the first 10% (caches warm, pools full); "end" is the last sample.
    warm = next(rss for at, rss in samples if at >= args.soak_seconds / 10)
    end = samples[-1][1]
    peak = max(rss for _, rss in samples)
    print("  soak RSS samples (s, MiB): " + ", ".join(f"{a:.0f}:{r:.1f}" for a, r in samples),
          file=sys.stderr)
    hooks = [s.latency for s in result.ok]
    return [[fmt(args.soak_seconds), fmt(args.soak_rate), fmt(len(result.sent)),
             fmt(samples[0][1], 1), fmt(warm, 1), fmt(end, 1), fmt(peak, 1),
             fmt(end - warm, 1), fmt(percentile(hooks, 99) * 1000, 1),
             fmt(replies.p50_ms, 1), fmt(replies.p99_ms, 1), fmt(result.errors),
             fmt(replies.missing)]]


def table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---:" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


async def run(args: argparse.Namespace, workdir: Path, database: str | None) -> None:
    fake = fake_twilio_process(workdir).start()
    bot: list[Process] = []
    ceiling: list[Process] = []
    extra = {"BOT_STORAGE_DATABASE": database} if database else {}
    try:
        for n in range(args.instances):
            folder = workdir / f"bot{n}"
            folder.mkdir()
            bot.append(bot_process(folder, fake.url, **extra).start())
            ceiling.append(ceiling_process(workdir).start())
        requests = Requests(0, "b")
        # Warm up both (imports, directory index, SQLite pages), then forget the replies.
        for target in (ceiling, bot):
            await closed_loop(urls(target), requests, 8, 1.0)
        await asyncio.sleep(1.0)
        await collect_replies(fake, LoadResult())
        print(f"machine: {machine()}", flush=True)
        print(f"database: {'PostgreSQL' if database else 'SQLite'}, {args.instances} "
              f"instance(s)", flush=True)
        print(f"limits raised for the run: {', '.join(f'{k}={v}' for k, v in BENCH_LIMITS.items())}"
              f"; median of {args.repeat} run(s)\n", flush=True)

        rows = await closed_loop_levels(args, bot, ceiling, fake, requests)
        print(f"Closed loop, {args.seconds:g} s per level: accepted webhooks/s\n")
        print(table(["concurrency", "ceiling/s", "bot/s", "bot/ceiling", "replies drained/s",
                     "e2e p50 ms", "e2e p99 ms", "errors", "no reply"], rows) + "\n",
              flush=True)

        rows = await steady(args, bot, fake, requests)
        print(f"Open loop at a steady rate, {args.steady_seconds:g} s\n")
        print(table(["target/s", "sent/s", "webhook p50 ms", "webhook p99 ms", "e2e p50 ms",
                     "e2e p99 ms", "errors", "no reply"], rows) + "\n", flush=True)

        if args.soak_seconds > 0:
            rows = await soak(args, bot, fake, requests)
            print("Soak at a steady rate: bot RSS (MiB) at start, after warm-up (10%), end\n")
            print(table(["seconds", "rate/s", "messages", "RSS start", "RSS warm", "RSS end",
                         "RSS peak", "end - warm", "webhook p99 ms", "e2e p50 ms",
                         "e2e p99 ms", "errors", "no reply"], rows) + "\n", flush=True)
    finally:
        for process in (*ceiling, *bot, fake):
            process.stop()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python bench/inbound.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default="1,8,32,64",
                        help="closed-loop concurrency levels (default 1,8,32,64)")
    parser.add_argument("--seconds", type=float, default=5.0, help="per level and run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--rate", type=float, default=200.0, help="steady-rate messages/s")
    parser.add_argument("--steady-seconds", type=float, default=20.0)
    parser.add_argument("--soak-seconds", type=float, default=300.0, help="0 to skip")
    parser.add_argument("--soak-rate", type=float, default=200.0)
    parser.add_argument("--quick", action="store_true",
                        help="one run, 2 s levels, 5 s steady, 20 s soak")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (logs, db)")
    parser.add_argument("--database", help="a PostgreSQL server's URL: run on a fresh"
                        " database made there (and dropped after), not a SQLite file")
    parser.add_argument("--instances", type=int, default=1,
                        help="bots serving the one database (more than 1 needs --database)")
    args = parser.parse_args(argv)
    if args.instances > 1 and not args.database:
        parser.error("--instances above 1 needs --database postgresql://...")
    args.levels = [int(x) for x in str(args.levels).split(",") if x.strip()]
    if args.quick:
        args.seconds, args.repeat, args.steady_seconds = 2.0, 1, 5.0
        args.soak_seconds = min(args.soak_seconds, 20.0)
    return args


BENCH_DATABASE = "bench_inbound"


async def fresh_database(server: str) -> str:
    """An empty database for the run on that PostgreSQL server; its URL."""
    await drop_databases(server, [BENCH_DATABASE])
    await create_database(server, BENCH_DATABASE)
    return database_url(server, BENCH_DATABASE)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="bench-inbound-"))
    database = None
    try:
        if args.database:
            database = asyncio.run(fresh_database(args.database))
        asyncio.run(run(args, workdir, database))
    finally:
        if database:
            asyncio.run(drop_databases(args.database, [BENCH_DATABASE]))
        if args.keep:
            print(f"logs and database kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
