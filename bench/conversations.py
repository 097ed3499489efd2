"""Conversation-understanding benchmark (issue 14): intent accuracy, dead ends, long replies.

Run: python bench/conversations.py [FILE ...]
  (default: bench/data/conversations.yaml and, when present, bench/data/conversations_fresh.yaml,
  each reported separately). Add --misses to list every wrong intent and dead end.

Every message is sent through the real bot (bot.harness.Harness, a temp SQLite file and a
temp copy of the example directory) after setting up its context for real:
  none          a new sender
  shown_one     "walking group", then "1" (one offer's details shown)
  shown_several "walking group" (a list shown)
  invited       the sender was sent a champion invitation by a real campaign
  champion      the sender is a maintainer of an example listing (+447700900101..105)
The intent is the kind the bot's understanding step logged for the message (or the router's
crisis step); the baseline is the same bot with the understanding step switched off, run in
the same process.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import shutil
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.campaigns.csvimport import parse_text  # noqa: E402
from bot.campaigns.records import create_campaign  # noqa: E402
from bot.campaigns.sender import CampaignSender  # noqa: E402
from bot.campaigns.template import DEFAULT_INVITATION  # noqa: E402
from bot.gsm import count_segments  # noqa: E402
from bot.harness import Harness  # noqa: E402
from bot.messages import Address, Inbound  # noqa: E402

DATA = ROOT / "bench" / "data"
DEFAULT_FILES = (DATA / "conversations.yaml", DATA / "conversations_fresh.yaml")
EXAMPLE = ROOT / "directory" / "example" / "offers.yaml"
KINDS = ("greeting", "thanks_bye", "empty", "followup", "medical", "practice", "complaint",
         "other_language", "search", "feeling", "invite_yes", "invite_no", "invite_later",
         "invite_trust", "invite_question", "invite_other_person", "invite_name",
         "champion_update", "crisis")
MESSAGE_CONTEXTS = ("none", "shown_one", "shown_several", "invited", "champion")
CONVERSATION_CONTEXTS = ("none", "invited", "champion")
# A reply containing any of these leaves the person at a dead end (defined once, here).
DEAD_ENDS = ("couldn't find", "could not find", "pass your request", "didn't quite catch",
             "didn't catch", "did not understand", "didn't understand", "try other words")
MAINTAINERS = ("+447700900101", "+447700900102", "+447700900103", "+447700900104",
               "+447700900105")


class LabelError(Exception):
    """A labelled file that doesn't follow the format: what is wrong and where."""


@dataclass
class Case:
    """One message to classify, after `setup` messages put the sender in `context`."""

    text: str
    kind: str
    answered: bool
    where: str


@dataclass
class Script:
    """Messages sent one after another by one sender who starts in `context`."""

    name: str
    context: str
    cases: list[Case]
    single: bool  # a single message (context may also be shown_one / shown_several)


@dataclass
class Tally:
    n: int = 0
    right: int = 0
    answered: int = 0
    dead: int = 0
    long: int = 0
    misses: list[str] = field(default_factory=list)


def load(path: Path) -> list[Script]:
    """Every message and conversation in a labelled file, checked."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise LabelError(f"{path}: {error}") from None
    if not isinstance(data, dict):
        raise LabelError(f"{path}: expected 'messages:' and 'conversations:'")
    problems: list[str] = []
    scripts: list[Script] = []
    for i, m in enumerate(data.get("messages") or []):
        where = f"{path.name}: messages[{i}]"
        if not isinstance(m, dict) or "text" not in m:
            problems.append(f"{where}: needs text, context, kind")
            continue
        context, kind = m.get("context", "none"), m.get("kind")
        if context not in MESSAGE_CONTEXTS:
            problems.append(f"{where}: context '{context}' is not one of "
                            + ", ".join(MESSAGE_CONTEXTS))
        if kind not in KINDS:
            problems.append(f"{where}: kind '{kind}' is not one of the kinds")
        scripts.append(Script(where, context, [Case(str(m["text"] or ""), str(kind),
                                                    bool(m.get("answered", True)), where)],
                              single=True))
    for i, c in enumerate(data.get("conversations") or []):
        where = f"{path.name}: conversations[{i}]"
        context = c.get("context", "none") if isinstance(c, dict) else None
        if context not in CONVERSATION_CONTEXTS:
            problems.append(f"{where}: context '{context}' is not one of "
                            + ", ".join(CONVERSATION_CONTEXTS))
            continue
        cases = []
        for j, t in enumerate(c.get("turns") or []):
            if not isinstance(t, dict) or t.get("kind") not in KINDS or "say" not in t:
                problems.append(f"{where}.turns[{j}]: needs say and a known kind")
                continue
            cases.append(Case(str(t["say"] or ""), t["kind"], bool(t.get("answered", True)),
                              f"{where} ({c.get('name')}) turn {j + 1}"))
        scripts.append(Script(str(c.get("name")), context, cases, single=False))
    if problems:
        raise LabelError("\n".join(problems))
    return scripts


class KindLog(logging.Handler):
    """Collects the kinds the understanding step logs (never the message)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.kinds: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("understood kind="):
            self.kinds.append(record.getMessage().split("=", 1)[1])


class Bench:
    """One bot, a new sender per script."""

    def __init__(self, h: Harness, kinds: KindLog):
        self.h = h
        self.kinds = kinds
        self.count = 0
        self.maintainer = 0
        self.invited = 0

    async def send(self, sender: str, text: str) -> tuple[str, list[str]]:
        """The intent decided and the replies for one message."""
        self.kinds.kinds.clear()
        self.count += 1
        inbound = Inbound(Address.parse(sender), text, f"bench-{self.count}",
                          self.h.runtime.services.now())
        received = await self.h.runtime.engine.receive(inbound)
        sent = [m.text for m in await self.h.deliver()]
        if received.step == "crisis":
            return "crisis", sent
        if self.kinds.kinds:
            return self.kinds.kinds[-1], sent
        if received.step == "listings":
            return "champion_update", sent
        return {"signposting": "search"}.get(received.step, received.step or "none"), sent

    async def new_sender(self, context: str) -> str:
        self.count += 1
        if context == "champion":
            self.maintainer += 1
            sender = "sms:" + MAINTAINERS[self.maintainer % len(MAINTAINERS)]
            # A clean start for a reused maintainer: an earlier script's "take us off the
            # list" may have opted that number out, which would silence this one.
            await self.send(sender, "START")
            await self.send(sender, "MENU")
            return sender
        if context == "invited":
            # Invitations go through the real CSV import, which accepts only valid numbers:
            # Ofcom's drama range 07700 900500-900999 (the maintainers use 9001xx).
            self.invited += 1
            number = f"07700{900500 + self.invited:06d}"
            await invite(self.h, number)
            return "sms:+44" + number[1:]
        sender = f"sms:+4474{self.count:08d}"
        if context in ("shown_one", "shown_several"):
            await self.send(sender, "walking group")
            if context == "shown_one":
                await self.send(sender, "1")
        return sender


async def invite(h: Harness, number: str) -> None:
    created = await create_campaign(h.store, f"bench-{number}",
                                    parse_text(f"Forename,Mobile\nPat,{number}\n"),
                                    DEFAULT_INVITATION, "bench.csv", h.runtime.services.now())
    sender = CampaignSender(h.store, h.config, created.campaign, {"sms": h.channels["sms"]},
                            rate=1000, ignore_window=True, now=h.runtime.services.now)
    await sender.run()
    await h.deliver()


async def run_file(scripts: list[Script], understanding: bool) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    kinds = KindLog()
    logger = logging.getLogger("flows.understanding")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(kinds)
    with tempfile.TemporaryDirectory() as tmp:
        offers = Path(tmp) / "offers.yaml"
        shutil.copy(EXAMPLE, offers)
        h = await Harness.start(Path(tmp), directory=str(offers), directory__path=str(offers),
                                sms__daily_cap=10**6)
        if not understanding:
            from flows.understanding import step

            async def off(turn: Any, router: Any) -> bool:
                return False
            original, step.answer = step.answer, off  # the baseline: no understanding step
        try:
            bench = Bench(h, kinds)
            for script in scripts:
                sender = await bench.new_sender(script.context)
                for case in script.cases:
                    got, sent = await bench.send(sender, case.text)
                    if not understanding and got not in ("crisis", "champion_update"):
                        got = "search" if got in ("search", "none") else got
                    reply = "\n".join(sent)
                    for key in (case.kind, "ALL"):
                        t = tallies[key]
                        t.n += 1
                        t.right += got == case.kind
                        if case.answered:
                            t.answered += 1
                            dead = any(d in reply.lower() for d in DEAD_ENDS) or not sent
                            t.dead += dead
                            if dead and key != "ALL":
                                t.misses.append(f"  dead end  {case.where}: {case.text!r}"
                                                f" -> {reply[:70]!r}")
                        t.long += any(count_segments(s).segments > 3 for s in sent)
                        if got != case.kind and key != "ALL":
                            t.misses.append(f"  {case.kind} -> {got}  {case.where}: "
                                            f"{case.text!r}")
        finally:
            if not understanding:
                step.answer = original
            await h.close()
            logger.removeHandler(kinds)
    return tallies


def table(name: str, tallies: dict[str, Tally], base: dict[str, Tally], misses: bool) -> None:
    print(f"\n{name}")
    print(f"{'kind':<20} {'n':>4} {'accuracy':>9} {'baseline':>9} {'dead-end':>9} "
          f"{'baseline':>9} {'>3 seg':>7}")
    for kind in [*KINDS, "ALL"]:
        t, b = tallies.get(kind), base.get(kind, Tally())
        if t is None or not t.n:
            continue
        rate = f"{t.dead / t.answered:.1%}" if t.answered else "-"
        brate = f"{b.dead / b.answered:.1%}" if b.answered else "-"
        print(f"{kind:<20} {t.n:>4} {t.right / t.n:>9.3f} {b.right / max(b.n, 1):>9.3f} "
              f"{rate:>9} {brate:>9} {t.long:>7}")
    if misses:
        for kind in KINDS:
            for line in tallies.get(kind, Tally()).misses:
                print(line)


async def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--misses", action="store_true", help="list wrong intents, dead ends")
    args = parser.parse_args(argv)
    files = args.files or [f for f in DEFAULT_FILES if f.exists()]
    logging.basicConfig(level=logging.WARNING)
    for path in files:
        try:
            scripts = load(path)
        except LabelError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        found = sum(len(s.cases) for s in scripts)
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
              f"{sum(s.single for s in scripts)} messages, "
              f"{sum(not s.single for s in scripts)} conversations, {found} labelled turns",
              flush=True)
        tallies = await run_file(scripts, understanding=True)
        base = await run_file(scripts, understanding=False)
        table(f"{path.name} (baseline = the same bot without the understanding step)",
              tallies, base, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
