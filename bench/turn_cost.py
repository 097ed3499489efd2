"""What one text costs: statements (trips to the database), CPU and drain rate, per text,
through the real inbound pipeline and outbox, against a no-op router in the same process.

Run:  python bench/turn_cost.py                   (a temp SQLite file; about a minute)
      python bench/turn_cost.py --texts 300 --repeat 5
      python bench/turn_cost.py --database postgresql://postgres@127.0.0.1:55433/postgres
                                                   (a fresh database `bench_turn_cost`
                                                   made on that server, dropped after)
      python bench/turn_cost.py --no-send          (replies to a recording channel: no
                                                   send path, no fake Twilio)

The bot's Runtime (store, directory, router, engine, outbox, InboundPipeline) on
config.example.yaml; the SMS channel is the real TwilioSmsChannel with its SmsLimits
guard, pointed at the fake Twilio (bench/common.py fake-twilio, a separate process on
127.0.0.1, so its CPU is not ours). The abuse and cost limits are raised as for
bench/inbound.py (BENCH_LIMITS).

Each repeat, per phase: N texts are accepted as webhooks would be (`InboundPipeline.accept`,
group commit), the pipeline's worker answers them and the outbox (running as in the
server, `Outbox.run`) sends the replies; the phase ends when every text is processed and
every reply is accepted by the fake. Phases:
- new: N new senders, one first text each (bench/common.py BODIES);
- returning: the same N senders again, now with a conversation;
- noop new / noop returning: the same, but the engine's router only says "Thanks." (the
  pipeline, storage and outbox without routing): the baseline.
Statements are counted at the store's primitives (each is one trip to aiosqlite's
thread or one round trip to PostgreSQL; BEGIN and COMMIT count), split by who ran them:
the inbox's group commit, the turn (Engine.process), the send (Outbox, SmsLimits). CPU is
this process's CPU time (time.process_time: the event loop and aiosqlite's thread) over
the phase, per text. Drained/s is texts answered per second of wall time, first accept
to last reply accepted. Medians over --repeat; the first repeat warms up and is dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import itertools
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    ACCOUNT_SID,
    AUTH_TOKEN,
    BENCH_LIMITS,
    BODIES,
    BOT_NUMBER,
    fake_twilio_process,
    fetch_json,
    sender_number,
)

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "bench_turn_cost"
RETURNING_BODIES = ("2", "MORE", "thanks", "what about tuesday?", "HELP", "anything else?")
PRIMITIVES = ("_execute", "_fetch", "_execute_many", "_begin", "_commit", "_rollback")
PART = contextvars.ContextVar("part", default="other")  # who runs a statement


@dataclass
class Phase:
    texts: int
    trips: Counter[str] = field(default_factory=Counter)
    cpu: float = 0.0
    wall: float = 0.0
    replies: int = 0

    def per_text(self, part: str | None = None) -> float:
        total = sum(self.trips.values()) if part is None else self.trips[part]
        return total / self.texts


class Counting:
    """Counts every statement the store runs, by PART, while `on`."""

    def __init__(self, store: Any) -> None:
        self.counts: Counter[str] = Counter()
        self.on = False
        # A batch is one trip on SQLite; on PostgreSQL it calls the primitives, counted.
        one_trip = ("_run_batch",) if getattr(store, "batch_in_one_trip", False) else ()
        for name in PRIMITIVES + one_trip:
            original = getattr(store, name)
            setattr(store, name, self._wrap(original))

    def _wrap(self, original: Callable[..., Any]) -> Callable[..., Any]:
        async def counted(*args: Any) -> Any:
            if self.on:
                self.counts[PART.get()] += 1
            return await original(*args)
        return counted


class NoopRouter:
    """The baseline: every text gets one fixed reply, nothing else is read or written."""

    def __init__(self, real: Any) -> None:
        self.after_commit = real.after_commit
        self.fill = real.fill

    async def route(self, turn: Any) -> str:
        turn.say("Thanks.")
        return "noop"


class Sent:
    """Counts replies the channel handed to the provider successfully."""

    def __init__(self, channel: Any) -> None:
        self.count = 0
        self.changed = asyncio.Event()
        send = channel.send

        async def counted(message: Any) -> str:
            result = await send(message)
            self.count += 1
            self.changed.set()
            return result
        channel.send = counted


async def make_database(server: str) -> str:
    from bot.storage.postgres import create_database, drop_databases
    from bot.testing_postgres import database_url

    await drop_databases(server, [BENCH_DATABASE])
    await create_database(server, BENCH_DATABASE)
    return database_url(server, BENCH_DATABASE)


async def run(args: argparse.Namespace, workdir: Path) -> list[tuple[str, list[Phase]]]:
    from bot.channels.console import RecordingChannel
    from bot.channels.twilio_sms import TwilioSmsChannel
    from bot.config import load_config
    from bot.messages import Address, Inbound
    from bot.runtime import Runtime
    from bot.sms_limits import SmsLimits
    from bot.storage import utcnow

    database = str(workdir / "bot.db")
    if args.database:
        database = await make_database(args.database)
    config = load_config(str(ROOT / "config.example.yaml"), environ={})
    config = config.with_overrides(
        storage__database=database, sms__rate_per_second=float(
            BENCH_LIMITS["BOT_SMS_RATE_PER_SECOND"]),
        sms__max_replies_per_10_minutes=int(BENCH_LIMITS["BOT_SMS_MAX_REPLIES_PER_10_MINUTES"]),
        sms__daily_cap=int(BENCH_LIMITS["BOT_SMS_DAILY_CAP"]))
    fake = None
    if args.no_send:
        channel: Any = RecordingChannel("sms")
    else:
        fake = fake_twilio_process(workdir).start()
        channel = TwilioSmsChannel(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN,
                                   from_number=BOT_NUMBER, api_base_url=fake.url,
                                   rate_per_second=config.sms.rate_per_second)
    runtime = await Runtime.open(config, {"sms": channel})
    try:
        if not args.no_send:
            channel.guard = SmsLimits(runtime.store, config, runtime.services.now)
        counting = Counting(runtime.store)
        sent = Sent(channel)
        pipeline = runtime.inbound
        engine = runtime.engine
        real_router = engine.router
        noop = NoopRouter(real_router)
        added = Counter[str]()
        outbox = runtime.store.outbox
        # Replies queued: a turn's go in one batch (add_statement) where there is one, and
        # `add` builds its statement the same way; before batches, `add` alone.
        name = "add_statement" if hasattr(outbox, "add_statement") else "add"
        outbox_add = getattr(outbox, name)

        if name == "add":
            async def count_adds(*a: Any, **k: Any) -> Any:
                added["replies"] += 1
                return await outbox_add(*a, **k)
        else:
            def count_adds(*a: Any, **k: Any) -> Any:  # type: ignore[misc]
                added["replies"] += 1
                return outbox_add(*a, **k)
        setattr(outbox, name, count_adds)

        PART.set("turn")
        await pipeline.start()
        PART.set("send")
        await runtime.outbox.recover()
        outbox_task = asyncio.create_task(runtime.outbox.run(poll_seconds=0.2))
        PART.set("inbox")
        next_sender = 0
        sids = itertools.count(1)
        results: dict[str, list[Phase]] = {name: [] for name in (
            "new", "returning", "noop new", "noop returning")}

        async def phase(senders: list[int], bodies: tuple[str, ...]) -> Phase:
            """Accept one text from each sender, wait until all are answered and sent."""
            added.clear()
            base = sent.count
            counting.counts.clear()
            counting.on = True
            cpu0, wall0 = time.process_time(), time.perf_counter()
            stamp = utcnow()
            inbounds = [Inbound(Address("sms", sender_number(n)), bodies[n % len(bodies)],
                                f"SM{next(sids):032d}", stamp) for n in senders]
            await asyncio.gather(*(pipeline.accept(inbound) for inbound in inbounds))
            await pipeline.settle(timeout=300)
            while sent.count - base < added["replies"]:
                sent.changed.clear()
                try:
                    await asyncio.wait_for(sent.changed.wait(), 60)
                except TimeoutError:
                    raise RuntimeError(
                        f"replies not sent: {sent.count - base} of {added['replies']}"
                    ) from None
            wall = time.perf_counter() - wall0
            cpu = time.process_time() - cpu0
            counting.on = False
            return Phase(len(senders), Counter(counting.counts), cpu, wall, added["replies"])

        for repeat in range(args.repeat + 1):
            for routed, label in ((real_router, ""), (noop, "noop ")):
                engine.router = routed
                people = list(range(next_sender, next_sender + args.texts))
                next_sender += args.texts
                first = await phase(people, BODIES)
                again = await phase(people, RETURNING_BODIES)
                if repeat:  # the first is a warm-up
                    results[f"{label}new"].append(first)
                    results[f"{label}returning"].append(again)
            print(f"repeat {repeat}{' (warm-up)' if not repeat else ''} done", file=sys.stderr)
            if fake is not None:
                fetch_json(fake.url + "/_fake/reset", method="POST")
        engine.router = real_router
        outbox_task.cancel()
        try:
            await outbox_task
        except asyncio.CancelledError:
            pass
        await pipeline.drain()
        return list(results.items())
    finally:
        if not args.no_send:
            await channel.close()
        await runtime.close()
        if fake is not None:
            fake.stop()
        if args.database:
            from bot.storage.postgres import drop_databases

            await drop_databases(args.database, [BENCH_DATABASE])


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(results: list[tuple[str, list[Phase]]], args: argparse.Namespace) -> None:
    engine = "PostgreSQL" if args.database else "SQLite (temp file)"
    load = os.getloadavg()
    print(f"\nbench/turn_cost.py: {args.texts} texts a phase, median of {args.repeat}"
          f" repeats (after a warm-up); {engine}; send path "
          f"{'off (recording channel)' if args.no_send else 'on (TwilioSmsChannel -> fake Twilio)'}")
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end; limits raised: "
          + ", ".join(f"{k}={v}" for k, v in BENCH_LIMITS.items() if k.startswith("BOT_SMS")))
    print()
    print("| phase | replies/text | trips/text: inbox | turn | send | total "
          "| CPU ms/text | drained/s | CPU vs noop | drained vs noop |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    by_name = dict(results)
    for name, runs in results:
        if not runs:
            continue
        cpu = median([r.cpu / r.texts * 1000 for r in runs])
        drained = median([r.texts / r.wall for r in runs])
        base = by_name.get(f"noop {name}") if not name.startswith("noop") else None
        if base:
            base_cpu = median([r.cpu / r.texts * 1000 for r in base])
            base_drained = median([r.texts / r.wall for r in base])
            ratios = f"{cpu / base_cpu:.2f}x | {drained / base_drained:.2f}x"
        else:
            ratios = "1 | 1"
        trips = {part: median([r.per_text(part) for r in runs])
                 for part in ("inbox", "turn", "send")}
        total = median([r.per_text() for r in runs])
        replies = median([r.replies / r.texts for r in runs])
        print(f"| {name} | {replies:.2f} | {trips['inbox']:.2f} | {trips['turn']:.2f} | "
              f"{trips['send']:.2f} | {total:.2f} | {cpu:.2f} | {drained:,.0f} | {ratios} |")
    other = max((r.per_text("other") for _, runs in results for r in runs), default=0)
    if other:
        print(f"\n(statements run outside the three parts: up to {other:.2f} a text)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=200, help="texts per phase")
    parser.add_argument("--repeat", type=int, default=3, help="repeats after the warm-up")
    parser.add_argument("--database", default="",
                        help="a PostgreSQL server's URL (a fresh database is made on it)")
    parser.add_argument("--no-send", action="store_true",
                        help="replies to a recording channel (no twilio, no limits)")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="turn-cost-"))
    try:
        results = asyncio.run(run(args, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report(results, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
