"""Champions keep their own listings current by message (issues 7 and 14).

Words: UPDATE (guided), PAUSE / RESUME, FULL / NOT FULL, NOTICE <text>, NOTICE CLEAR,
OFF <date>, PROPOSE (or "new group"), and for staff admins APPROVE P<n>. A maintainer may
also say it in their own words ("we're full now", "cancelled this thursday", "moving to
1.30 til 3.30 from next week": flows/understanding/champion_words.py). Every change is
read back and saved only after YES; NO or MENU leaves the listing as it is. Not CANCEL: a
single-word CANCEL is an opt-out.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from bot.storage import Store
from directory import edits
from directory.edits import EditError
from directory.model import Offer
from directory.writeback import Change, Conflict, OfferNotFound, WriteBackError, read_offer
from flows import listings_admin as admin
from flows import listings_words as words
from flows.base import AfterCommitHandler, Finished, Services, Turn
from flows.understanding import champion_words, note, understand
from flows.understanding.replies import fixed_reply
from flows.words import normalise

log = logging.getLogger(__name__)

YES = ("yes", "y", "yeah", "yep", "yes please", "ok", "okay", "save", "correct", "right")
NO = ("no", "n", "nope", "no thanks", "leave it", "dont", "wrong")
QUICK = ("pause", "resume", "full", "not full", "notice", "off", "update")
PROPOSE = ("propose", "new group", "new listing", "add a group", "add my group")
FIELDS = [("schedule", "Day or time"), ("location", "Place"), ("contact", "Contact"),
          ("description", "Description"), ("cost", "Cost"), ("status", "Status"),
          ("notice", "Notice")]
STATUS_CHOICES = [("active", "running as normal"), ("paused", "taking a break"),
                  ("full", "full"), ("ended", "finished for good")]
OUT = " Or text MENU to leave this."
PROMPTS = {
    "schedule": "When does it run now? " + edits.SCHEDULE_EXAMPLE,
    "location": "Where is it now? For example: Church hall, Church Street, MB1 3CH",
    "contact": "Who should people contact? For example: Sue 07700 900101",
    "description": "Send the new description in one text: a sentence or two on what "
                   "happens and who it is for.",
    "cost": "What does it cost? For example: Free, or 2 pounds a session",
    "status": "Is it 1 running as normal, 2 taking a break, 3 full, or 4 finished for good? "
              "Reply with a number.",
    "notice": "What should the notice say? For example: No session on 24 Dec. "
              "Or reply CLEAR to remove the notice.",
}
NOT_YOURS = ("Sorry, only the people who run a group can change its listing. If you run one, "
             "ask the practice team to add your number to it.")
CONFIRM = " Reply YES to save, or NO to leave it as it is."
REASK_CONFIRM = "Reply YES to save the change, or NO to leave it as it is. Text MENU to leave this."
REASK_FIELD = ("Please reply with a number from 1 to 7, or a word like time, place or notice."
               + OUT)
_COMMAND = re.compile(r"^\s*(not\s+full|new\s+group|new\s+listing|[a-z]+)\b[\s:,.-]*(.*)$",
                      re.IGNORECASE | re.DOTALL)


def split_command(text: str) -> tuple[str, str]:
    """('pause', 'walking group') from 'PAUSE walking group'; ('', '') if no word."""
    m = _COMMAND.match(text)
    if not m:
        return "", ""
    return " ".join(m.group(1).lower().split()), m.group(2).strip()


def is_command(text: str) -> bool:
    """A listings command word (PAUSE, FULL, NOTICE ..., OFF <date>, UPDATE, PROPOSE)."""
    word, rest = split_command(text)
    if word in ("pause", "resume", "full", "not full", "update"):
        return len(rest.split()) <= 6  # "full english breakfast near me" is a search
    if word == "notice":
        return bool(rest)
    if word == "off":
        try:
            edits.parse_date(rest, __import__("datetime").date.today())
            return True
        except EditError:
            return False
    if word in ("approve", "propose"):
        return True
    return normalise(text) in PROPOSE or normalise(text) in YES


class ListingsFlow:
    """The listings conversation."""

    name = "listings"

    @property
    def after_commit_handlers(self) -> dict[str, AfterCommitHandler]:
        """Work this flow's turns leave for after their commit: writes to the YAML."""
        return {SAVE: finish_save, APPROVE: finish_approve}

    def wants(self, turn: Turn) -> bool:
        return is_command(turn.text) or champion_words.change_in(turn.text) is not None

    def carries_on(self, turn: Turn) -> bool:
        """The person is in the middle of one of this flow's conversations."""
        return turn.conversation is not None and turn.conversation.flow == self.name

    async def is_maintainers_update(self, turn: Turn) -> bool:
        """A listing's maintainer carrying on, or starting, a change to their own listing."""
        if not self.carries_on(turn) and not self.wants(turn):
            return False
        return bool(admin.maintained_offers(turn.services.directory(),
                                            await self._addresses(turn)))

    async def handle(self, turn: Turn) -> bool:
        live = turn.conversation
        if live is not None and live.flow == self.name:
            return await self.step(turn, live.step, dict(live.data))
        word, rest = split_command(turn.text)
        said = normalise(turn.text)
        if said in YES:
            return await self.review_yes(turn)
        if said in PROPOSE or word == "propose":
            turn.say("Thank you for starting something. What is the group called?")
            turn.converse(self.name, "propose_name", {"p": {}})
            return True
        if word == "approve":
            return await self.approve(turn, rest)
        if not is_command(turn.text):
            return await self.own_words(turn)
        return await self.start_edit(turn, word, rest)

    # ---- who and which ----------------------------------------------------------------

    async def _addresses(self, turn: Turn) -> set[str]:
        found = set(await turn.store.contacts.addresses_of(turn.contact.id))
        return found | {str(turn.inbound.sender)}

    async def own_words(self, turn: Turn) -> bool:
        """A maintainer's change in their own words; anyone else's text is not ours."""
        own = admin.maintained_offers(turn.services.directory(), await self._addresses(turn))
        if not own:
            return False
        data: dict[str, Any] = {"word": "own", "arg": turn.text}
        named = words.named_in(turn.text, own)
        if len(own) == 1 or len(named) == 1:
            return await self.begin(turn, (named or own)[0], data)
        lines = [f"{i}. {o.name}" for i, o in enumerate(own[:9], 1)]
        turn.say("Thanks. Which group is it?\n" + "\n".join(lines) + "\nReply with the number."
                 + OUT, choices=tuple(str(i) for i in range(1, len(lines) + 1)))
        data.update(choices=[o.id for o in own[:9]], staff=False)
        turn.converse(self.name, "choose_offer", data)
        return True

    async def start_edit(self, turn: Turn, word: str, rest: str) -> bool:
        addresses = await self._addresses(turn)
        directory = turn.services.directory()
        own = admin.maintained_offers(directory, addresses)
        staff = admin.is_admin(turn.services, addresses)
        if not own and not staff:
            await admin.record_denied(turn.store, turn.actor, word.upper())
            turn.say(NOT_YOURS)
            turn.end_conversation()
            return True
        data: dict[str, Any] = {"word": word, "arg": rest if word in ("notice", "off") else ""}
        candidates = own
        picker = rest if word not in ("notice", "off") else ""
        if picker:
            pool = directory.offers if staff else own
            candidates = _pick(picker, pool) or ([] if staff else own)
        if len(candidates) == 1:
            return await self.begin(turn, candidates[0], data)
        if not candidates or len(candidates) > 9:
            turn.say("Which group is it? Reply with its name.")
            data["choices"] = []
        else:
            lines = [f"{i}. {o.name}" for i, o in enumerate(candidates, 1)]
            turn.say("Which group is it?\n" + "\n".join(lines) + "\nReply with the number.",
                     choices=tuple(str(i) for i in range(1, len(candidates) + 1)))
            data["choices"] = [o.id for o in candidates]
        data["staff"] = staff
        turn.converse(self.name, "choose_offer", data)
        return True

    async def begin(self, turn: Turn, offer: Offer, data: dict[str, Any]) -> bool:
        """An offer is chosen: ask what to change, or read the quick change back."""
        word, arg = data["word"], data.get("arg", "")
        data = {"offer_id": offer.id, "name": offer.name,
                "source": "OWN WORDS" if word == "own" else word.upper()}
        if word == "update":
            return self.menu(turn, data)
        today = admin.today(turn.services)
        if word == "own":
            return await self.read_own_words(turn, data, arg)
        try:
            field, new, text = _quick(word, arg, offer, today)
        except EditError as exc:
            turn.say(str(exc))
            turn.end_conversation()
            return True
        return await self.read_back(turn, data, field, new, text)

    def menu(self, turn: Turn, data: dict[str, Any], lead: str = "") -> bool:
        """The UPDATE menu: a number or a word for what to change."""
        menu = "\n".join(f"{i}. {label}" for i, (_f, label) in enumerate(FIELDS, 1))
        turn.say(f"{lead}What would you like to change for {data['name']}?\n{menu}\n"
                 "Reply with the number or a word like time or place.",
                 choices=tuple(str(i) for i in range(1, len(FIELDS) + 1)))
        turn.converse(self.name, "choose_field", data)
        return True

    async def read_own_words(self, turn: Turn, data: dict[str, Any], text: str) -> bool:
        """Read a change in the maintainer's words back for YES, or ask what to change."""
        current = await _current(turn, data["offer_id"])
        try:
            reading = champion_words.read_change(text, current, admin.today(turn.services))
        except EditError as exc:
            return self.menu(turn, data, lead=f"{exc} ")
        if reading is None or reading.ask == "menu":
            return self.menu(turn, data, lead="Thanks. ")
        if reading.nothing:
            turn.say(f"Thanks. {data['name']}: {reading.nothing} So there's nothing to change.")
            turn.end_conversation()
            return True
        if reading.ask:
            data["field"] = reading.ask
            turn.say(f"Thanks. {PROMPTS[reading.ask]}{OUT}")
            turn.converse(self.name, "new_value", data)
            return True
        return await self.read_back_all(turn, data, reading.changes, reading.said)

    async def read_back(self, turn: Turn, data: dict[str, Any], field: str, new: Any,
                        text: str) -> bool:
        return await self.read_back_all(turn, data, [(field, new)], text)

    async def read_back_all(self, turn: Turn, data: dict[str, Any],
                            changes: list[tuple[str, Any]], text: str) -> bool:
        """Say what will change and wait for YES; `expected` guards each field."""
        current = await _current(turn, data["offer_id"])
        data["changes"] = [[field, new, current.get(field)] for field, new in changes]
        data["said"] = text
        turn.say(f"{data['name']}: {text}{CONFIRM}", choices=("YES", "NO"))
        turn.converse(self.name, "confirm", data)
        return True

    # ---- the steps ----------------------------------------------------------------------

    async def step(self, turn: Turn, step: str, data: dict[str, Any]) -> bool:
        text = turn.text.strip()
        said = normalise(text)
        if step == "choose_offer":
            directory = turn.services.directory()
            chosen: list[Offer] = []
            if said.isdecimal() and data.get("choices"):
                i = int(said) - 1
                ids = data["choices"]
                chosen = [o for o in [directory.get(ids[i])] if o] if 0 <= i < len(ids) else []
            else:
                addresses = await self._addresses(turn)
                pool = (directory.offers if data.get("staff")
                        else admin.maintained_offers(directory, addresses))
                chosen = _pick(text, pool)
            if len(chosen) != 1:
                turn.say("Sorry, we didn't find that one. Reply with the number or the "
                         "group's name, or text MENU to leave this.")
                return True
            return await self.begin(turn, chosen[0], data)
        if step == "choose_field":
            chosen_field = words.field_for(said, FIELDS)
            if chosen_field is None:
                if champion_words.change_in(text) is not None:
                    return await self.read_own_words(turn, data, text)
                turn.say(REASK_FIELD)
                return True
            data["field"] = chosen_field
            turn.say(PROMPTS[chosen_field])
            turn.converse(self.name, "new_value", data)
            return True
        if step == "new_value":
            return await self.new_value(turn, data, text)
        if step == "confirm":
            if said in YES or (words.YES_WORDS.match(said) and not words.NO_WORDS.match(said)):
                return await self.save(turn, data)
            if said in NO or words.NO_WORDS.match(said):
                turn.say("OK, nothing has changed.")
                turn.end_conversation()
                return True
            kind = understand(text)
            if kind in ("medical", "practice", "complaint") and \
                    champion_words.change_in(text) is None:
                # "also unrelated but my knee has swollen up since sunday": their own
                # question, answered; the change still waits for YES.
                note(kind)
                turn.say(fixed_reply(turn, kind))
                turn.say(REASK_CONFIRM)
                return True
            if await self.amend(turn, data, text):
                return True
            if kind == "thanks_bye":
                note("thanks_bye")  # "thanks" is not a YES: nothing saved until they say so
                turn.say("Thank you! We haven't saved it yet. " + REASK_CONFIRM)
                return True
            turn.say(REASK_CONFIRM)
            return True
        if step.startswith("propose_"):
            from flows.listings_propose import propose_step

            return await propose_step(self, turn, step, data, text)
        turn.end_conversation()
        return False

    async def amend(self, turn: Turn, data: dict[str, Any], text: str) -> bool:
        """More words before YES ("from the 3rd", "back on the 14th"): one read-back of all."""
        current = await _current(turn, data["offer_id"])
        today = admin.today(turn.services)
        try:
            reading = champion_words.read_change(text, current, today)
        except EditError:
            reading = None
        pending = [(str(f), new) for f, new, _old in data.get("changes") or []]
        said = str(data.get("said") or "")
        if reading is None or not reading.changes:
            when = champion_words.find_date(text, today)
            if when is None or when <= today or not pending or \
                    pending[0][0] not in ("schedule", "location"):
                return False
            what = "time" if pending[0][0] == "schedule" else "place"
            extra = f"New {what} from {edits.spoken_date(when)}."
            pending = [c for c in pending if c[0] != "notice"] + [("notice", extra)]
            return await self.read_back_all(turn, data, pending,
                                            said.split(" We'll add")[0]
                                            + f' We\'ll add the note "{extra}"')
        merged = dict(pending)
        for field, new in reading.changes:
            old = merged.get(field)
            if field == "notice" and isinstance(old, str) and isinstance(new, str) \
                    and new not in old:
                new = edits.parse_notice(f"{old.rstrip('.')}. {new}"[:160])
            merged[field] = new
        text_back = "; ".join(words.describe(f, v) for f, v in merged.items())
        return await self.read_back_all(turn, data, list(merged.items()), text_back + ".")

    async def new_value(self, turn: Turn, data: dict[str, Any], text: str) -> bool:
        field = data["field"]
        offer = turn.services.directory().get(data["offer_id"])
        if offer is None:
            turn.say("Sorry, that group is no longer in the directory.")
            turn.end_conversation()
            return True
        try:
            new, shown = await _parse_field(turn, data["offer_id"], field, text)
        except EditError as exc:
            turn.say(f"{exc} Or text MENU to leave this.")
            return True
        label = dict(FIELDS)[field].lower()
        return await self.read_back(turn, data, field, new, f"{label} will be: {shown}.")

    async def save(self, turn: Turn, data: dict[str, Any]) -> bool:
        """YES to a read-back: the change is written to the YAML once this turn commits
        (finish_save), so the file never holds a change the database has not seen."""
        pending = data.get("changes") or [[data["field"], data["new"], data.get("expected")]]
        turn.end_conversation()
        turn.after_commit(SAVE, {
            "saves": [{"offer_id": data["offer_id"], "changes": pending}],
            "actor": turn.actor, "source": data["source"], "name": data["name"],
            "review": "updated",
            "reply": _saved_text(data["name"], str(pending[0][0]), pending[0][1])})
        return True

    async def review_yes(self, turn: Turn) -> bool:
        """YES to a regular check: the listing is still right."""
        addresses = await self._addresses(turn)
        own = admin.maintained_offers(turn.services.directory(), addresses)
        waiting = await admin.open_reviews(turn.store, [o.id for o in own])
        if not waiting:
            return False
        day = admin.today(turn.services).isoformat()
        confirmed = [offer for offer in own if offer.id in waiting]
        names = " and ".join(offer.name for offer in confirmed)
        turn.after_commit(SAVE, {
            "saves": [{"offer_id": offer.id, "changes": [["last_reviewed", day]]}
                      for offer in confirmed],
            "actor": turn.actor, "source": "YES", "name": names, "review": "confirmed",
            "reply": f"Thank you. We've noted that {names} is still right."})
        return True

    async def approve(self, turn: Turn, rest: str) -> bool:
        """APPROVE P3 from a staff admin."""
        if not admin.is_admin(turn.services, await self._addresses(turn)):
            await admin.record_denied(turn.store, turn.actor, "APPROVE")
            turn.say(NOT_YOURS)
            return True
        number = admin.proposal_number(rest)
        if number is None:
            waiting = await admin.pending_proposals(turn.store)
            listed = ", ".join(f"{p['id']} {p['data'].get('name')}" for p in waiting[:5])
            turn.say(f"Which one? Text APPROVE and its number, e.g. APPROVE P1. "
                     f"Waiting: {listed or 'none'}.")
            return True
        try:
            offer_id = await admin.proposed_offer_id(turn.services, number)
        except LookupError as exc:
            turn.say(f"Sorry, {exc}.")
            return True
        turn.after_commit(APPROVE, {"number": number, "offer_id": offer_id,
                                    "actor": turn.actor})
        return True


SAVE, APPROVE = "listing-save", "proposal-approve"


async def finish_save(services: Services, payload: dict[str, Any]) -> Finished:
    """After the turn's commit: write a champion's saved change (or YES to a check) to the
    YAML; the audit rows, closed checks and the reply go in one transaction after it."""
    name = payload["name"]
    written = []
    try:
        for save in payload["saves"]:
            # [field, new, what the editor saw] or, with nothing seen, [field, new]
            changes = [Change(save["offer_id"], str(f), new,
                              **({"expected": seen[0]} if seen else {}))
                       for f, new, *seen in save["changes"]]
            written.append(await admin.write_changes(services, changes))
    except Conflict as exc:
        return Finished([f"Sorry, someone changed the {exc.field} of {name} while you were "
                         "texting, so we didn't save yours. Text UPDATE to look again."])
    except OfferNotFound:
        return Finished([f"Sorry, {name} is no longer in the directory."])
    except WriteBackError:
        offer_id = payload["saves"][0]["offer_id"]
        log.exception("listing save failed offer=%s", offer_id)

        async def alert(store: Store) -> None:
            await store.alerts.add("listing-save-failed", f"Could not save a change to "
                                   f"{offer_id}: the directory file needs checking.")
        return Finished(["Sorry, we couldn't save that just now. We've told the practice "
                         "team."], alert, reload_directory=bool(written))

    async def record(store: Store) -> None:
        for saved, save in zip(written, payload["saves"], strict=True):
            await admin.audit_changes(store, payload["actor"], saved, payload["source"])
            await admin.close_reviews(store, save["offer_id"], payload["review"],
                                      payload["actor"], services.now())
    return Finished([payload["reply"]], record, reload_directory=True)


async def finish_approve(services: Services, payload: dict[str, Any]) -> Finished:
    """After the turn's commit: APPROVE P<n> adds the offer to the YAML, then records it."""
    number, offer_id = int(payload["number"]), str(payload["offer_id"])
    try:
        await admin.write_proposal(services, number, offer_id)
    except (LookupError, WriteBackError) as exc:
        return Finished([f"Sorry, {exc}."])

    async def record(store: Store) -> None:
        await admin.record_approval(services, number, payload["actor"], offer_id)
    return Finished([f"Done. P{number} is live as {offer_id}."], record,
                    reload_directory=True)


def _pick(text: str, offers: list[Offer]) -> list[Offer]:
    """Offers whose id is the text, or whose name holds all its words."""
    said = normalise(text)
    if not said:
        return []
    exact = [o for o in offers if o.id == said.replace(" ", "-") or normalise(o.name) == said]
    if exact:
        return exact
    words = said.split()
    return [o for o in offers if all(w in normalise(o.name) for w in words)]


async def _current(turn: Turn, offer_id: str) -> dict[str, Any]:
    offer = turn.services.directory().get(offer_id)
    path = offer.source_file if offer and offer.source_file else (
        turn.services.config.directory.path)
    try:
        return await asyncio.to_thread(read_offer, path, offer_id)
    except WriteBackError:
        return {}


def _quick(word: str, arg: str, offer: Offer, today: Any) -> tuple[str, Any, str]:
    """(field, new value, read-back) for a quick word."""
    if word == "pause":
        return "status", "paused", ("we'll mark it as taking a break, so it won't show in "
                                    "searches until you text RESUME.")
    if word == "resume":
        return "status", "active", "we'll mark it as running again, so people can find it."
    if word == "full":
        return "status", "full", "we'll mark it as full. People will still see it, marked FULL."
    if word == "not full":
        return "status", "active", "we'll mark it as open to new people again."
    if word == "notice":
        if normalise(arg) in ("clear", "clear it", "remove", "none", "delete"):
            if not offer.notice:
                raise EditError(f"{offer.name} has no notice at the moment.")
            return "notice", None, "we'll remove the notice."
        notice = edits.parse_notice(arg)
        return "notice", notice, f'we\'ll show this notice with it: "{notice}"'
    if word == "off":
        day = edits.parse_date(arg, today)
        if day < today:
            raise EditError("That date has passed. Try something like: OFF 24 Dec")
        notice = edits.add_off(offer.notice, day)
        return "notice", notice, (f'we\'ll show "{notice}" until {edits.spoken_date(day)} '
                                  "has passed, then remove it.")
    raise EditError("Sorry, we didn't understand that.")


async def _parse_field(turn: Turn, offer_id: str, field: str, text: str) -> tuple[Any, str]:
    """A new value for a guided UPDATE, and how to read it back."""
    said = normalise(text)
    if field == "schedule":
        current = (await _current(turn, offer_id)).get("schedule")
        entry = edits.parse_schedule(text, current if isinstance(current, list) else None)
        return [entry], edits.describe_schedule(entry)
    if field == "location":
        place = champion_words.place_value(text)
        return place, ", ".join(v for v in place.values() if v)
    if field == "contact":
        contact = edits.parse_contact(text)
        return contact, " ".join(v for v in contact.values() if v)
    if field == "description":
        value = edits.parse_description(text)
        return value, value
    if field == "cost":
        value = edits.parse_cost(text)
        return value, value
    if field == "status":
        if said.isdecimal() and 1 <= int(said) <= len(STATUS_CHOICES):
            status, label = STATUS_CHOICES[int(said) - 1]
            return status, label
        named = words.status_for(said)
        if named is not None:
            return named, dict(STATUS_CHOICES)[named]
        raise EditError("Please reply with a number from 1 to 4, or a word like full.")
    if field == "notice":
        if said in ("clear", "remove", "none", "delete"):
            return None, "no notice"
        value = edits.parse_notice(text)
        return value, f'"{value}"'
    raise EditError("Sorry, that can't be changed by text.")


def _saved_text(name: str, field: str, new: Any) -> str:
    if field == "status" and new == "paused":
        return (f"Saved. {name} is taking a break and won't show in searches. "
                "Text RESUME when it starts again.")
    if field == "status" and new == "full":
        return f"Saved. {name} is marked FULL. Text NOT FULL when there is room again."
    if field == "status" and new == "ended":
        return f"Saved. {name} is marked as finished. Thank you for all you did."
    return f"Saved. {name} is up to date, and people searching see it straight away. Thank you."
