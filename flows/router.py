"""The router: decides who answers a message, with safety and consent first.

Order, for every message on every channel:
  crisis check -> opt-out / opt-in words -> (silence if opted out) -> safety state
  -> HELP -> FORGET ME -> MENU -> the flow owning the live conversation -> command words
  -> signposting.
A channel event (Telegram's /start, a shared contact, a photo: bot/messages.py Event) has
no words to check: the flow for its kind answers it (flows/channel_welcome.py), except
/start from someone who opted out, which is START.

The crisis check comes first so that "stop texting me, i want to die" gets urgent help
(and is still recorded as an opt-out). In the safety state after a crisis reply, only
STOP, START, FORGET ME and a crisis of another kind keep their meaning, and (after help
for someone else or a medical emergency) a champion's change to their own listing;
everything else gets a short supportive reply with the help numbers, never listings.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.phones import display_uk
from flows import crisis, safety, texts
from flows.base import AfterCommitHandler, Flow, Turn
from flows.listings import ListingsFlow
from flows.understanding import step as understanding
from flows.words import is_word

log = logging.getLogger(__name__)

HELP_WORDS = ("help", "info", "helpme", "help me")
FORGET_WORDS = ("forget me", "forgetme", "delete my data", "delete my details",
                "delete me", "erase my data", "remove my data")
MENU_WORDS = ("menu", "main menu", "start again", "restart")
# Safety holds in which a listing's maintainer can still change their own listing.
HOLDS_THAT_TAKE_LISTING_UPDATES = ("medical", "third-party", crisis.SOMEONE_ELSE_HARMED)


class Router:
    """Routes a turn through the fixed safety steps, then flows in order."""

    def __init__(self, flows: Sequence[Flow], fallback: Flow, event_flows: Sequence[Flow] = ()):
        self.flows = list(flows)
        self.fallback = fallback
        # Which flow answers each kind of channel event (its `events`).
        self.event_flows = {kind: flow for flow in event_flows
                            for kind in getattr(flow, "events", ())}
        # Each flow's handlers for work its turns leave for after the commit (Turn.after_commit).
        self.after_commit: dict[str, AfterCommitHandler] = {}
        for flow in [*self.flows, fallback]:
            self.after_commit.update(getattr(flow, "after_commit_handlers", {}))

    def flow_named(self, name: str) -> Flow | None:
        """The flow that owns conversations stored under this name."""
        return next((f for f in [*self.flows, self.fallback] if f.name == name), None)

    def fill(self, turn: Turn, template: str) -> str:
        practice = turn.services.config.practice
        return template.format(practice=practice.name, phone=display_uk(practice.phone))

    async def route(self, turn: Turn) -> str:
        """Handle the turn; returns which step answered (for logs and tests)."""
        if turn.event is not None:
            return await self._event(turn)
        text = turn.text
        store = turn.store
        found = crisis.detect(text)
        now = turn.services.now()
        if found is not None and turn.contact.in_safety_state(now) and (
                found.help == turn.contact.safety_kind or found.layer == "classifier"):
            # More of the same, soon after the help was sent: stay with them, no new alarm.
            # The classifier alone hears talk about the crisis as one ("its ok now hes gone
            # out"); a new kind the reviewed layers name gets its own full help.
            crisis.answer_in_safety_state(turn)
            return "safety-follow-up"
        if found is not None:
            # Urgent help first, even to someone opted out, mid-conversation or not.
            await crisis.answer_crisis(turn, found)
            if safety.is_opt_out(text) and not turn.contact.opted_out:
                await store.contacts.set_opted_out(turn.contact.id, True)
                await store.audit.record(turn.actor, "opted-out")
            return "crisis"
        if safety.is_opt_out(text):
            if turn.contact.opted_out:
                return "opt-out-repeat"  # one confirmation only, then silence
            await store.contacts.set_opted_out(turn.contact.id, True)
            await store.audit.record(turn.actor, "opted-out")
            turn.end_conversation()
            turn.say(self.fill(turn, texts.OPTED_OUT), essential=True)
            return "opt-out"
        if safety.is_opt_in(text):
            if not turn.contact.opted_out:
                turn.say(self.fill(turn, texts.WELCOME))  # new here, or never left
                return "opt-in"
            return await self._opt_back_in(turn)
        if turn.contact.opted_out:
            return "silent-opted-out"
        forget = is_word(text, *FORGET_WORDS)
        if not forget and turn.contact.in_safety_state(now):
            if await self._listing_update_in_hold(turn):
                return "listings"
            crisis.answer_in_safety_state(turn)
            return "safety-follow-up"
        if is_word(text, *HELP_WORDS):
            turn.say(self.fill(turn, texts.HELP))
            return "help"
        if forget:
            await store.contacts.forget(turn.contact.id)
            turn.forgotten = True
            turn.say(self.fill(turn, texts.FORGOTTEN))  # names whose data it was
            return "forget-me"
        if is_word(text, *MENU_WORDS):
            turn.end_conversation()
            turn.say(texts.MENU)
            return "menu"
        if await understanding.answer(turn, self):
            return "understanding"  # small talk, questions, other languages (issue 14)
        live = turn.conversation
        if live is not None:
            owner = self.flow_named(live.flow)
            if owner is not None and await owner.handle(turn):
                return owner.name
            if owner is None:
                log.warning("conversation owned by unknown flow %s; ending it", live.flow)
            turn.conversation = None
        for flow in self.flows:
            if flow.wants(turn) and await flow.handle(turn):
                return flow.name
        await self.fallback.handle(turn)
        return self.fallback.name

    async def _listing_update_in_hold(self, turn: Turn) -> bool:
        """A champion's change to their own listing, in a hold after help for someone else
        or for a medical emergency, is still made ("cant do group today, one of our members
        has taken an overdose", then "no walk next week"), with the follow-up after its
        first message: it is their own business, not a listing sent to them. After help for
        their own thoughts of suicide, self-harm or abuse, every message gets the follow-up."""
        if turn.contact.safety_kind not in HOLDS_THAT_TAKE_LISTING_UPDATES:
            return False
        listings = self.flow_named("listings")
        if not isinstance(listings, ListingsFlow) or not await listings.is_maintainers_update(turn):
            return False
        carrying_on = listings.carries_on(turn)
        if not await listings.handle(turn):
            return False
        if not carrying_on:  # once per change, not on its YES
            turn.say(crisis.follow_up(turn.contact.safety_kind), urgent=True)
        return True

    async def _opt_back_in(self, turn: Turn) -> str:
        await turn.store.contacts.set_opted_out(turn.contact.id, False)
        await turn.store.audit.record(turn.actor, "opted-in")
        turn.contact.opted_out = False
        turn.say(self.fill(turn, texts.OPTED_IN))
        return "opt-in"

    async def _event(self, turn: Turn) -> str:
        """A channel event: the flow for its kind answers; /start after STOP is START."""
        assert turn.event is not None
        if turn.event.kind == "start" and turn.contact.opted_out:
            return await self._opt_back_in(turn)
        flow = self.event_flows.get(turn.event.kind)
        if flow is not None and await flow.handle(turn):
            return flow.name
        log.warning("no flow for channel event %s; not answered", turn.event.kind)
        return "unknown-event"
