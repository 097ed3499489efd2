"""The champion invitation flow: a reply to an invitation, then a few questions with consent.

Steps (stored, a reply can come days later):
  "invited"            -- YES / NO / MORE to the invitation
  "after_more"         -- YES / NO after hearing what's involved
  "confirm_name"       -- "Is it OK to call you Pat?"
  "ask_name"           -- what to call them
  "ask_interests"      -- what they might enjoy (free text)
  "ask_availability"   -- weekdays, evenings, weekends (free text)
  "ask_contact"        -- TEXT, CALL or an email address
  "ask_email", "ask_phone"
  "ask_consent"        -- its own plain YES / NO question
  "other_person"       -- "not me but my wife might be": their name and number, if they agree
  "other_consent"      -- has that person said it's OK to contact them?
Answers never use the opt-out or opt-in words (STOP, END, CANCEL, START...): they belong
to the router. People arriving by the Telegram link `/start champion`, or texting CHAMPION,
start at "invited" too.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from bot.campaigns.staff import notify_staff
from bot.phones import PhoneError, display_uk, uk_phone
from bot.storage import Store
from bot.storage.champions import ChampionsRepository
from directory.categories import CATEGORIES
from flows.base import Turn
from flows.understanding import invitation_replies as said
from flows.understanding import note, understand
from flows.understanding.invitation import (
    Reply,
    bare_name,
    gsm_name,
    name_in,
    read_reply,
    says_yes,
)
from flows.understanding.replies import fixed_reply
from flows.words import normalise

FLOW = "champion_invitation"
INVITED = "invited"  # the step an invitation starts the conversation in
INVITED_EXPIRY = timedelta(days=14)  # how long a reply still counts as about the invitation
# Questions waiting on an answer: someone quiet at one of these gets one reminder.
QUESTION_STEPS = ("confirm_name", "ask_name", "ask_interests", "ask_availability",
                  "ask_contact", "ask_email", "ask_phone", "ask_consent")
ENTRY_WORDS = ("champion", "champions", "start champion", "be a champion", "health champion",
               "practice health champion")
INVITATION_DAYS = 30  # a YES this long after an invitation still counts as an answer
CHANGE_OF_MIND = timedelta(days=1)  # "maybe later", then "actually go on then": still a YES

YES_WORDS = {"yes", "y", "yeah", "yea", "yep", "yup", "yes please", "ok", "okay", "sure",
             "interested", "im interested", "i am interested", "go on", "why not", "aye",
             "count me in", "sounds good", "definitely", "of course", "absolutely", "please",
             "happy to", "id love to", "love to", "yes i would", "id like to", "i would"}
NO_WORDS = {"no", "n", "nope", "nah", "no thanks", "no thank you", "no ta", "not interested",
            "not for me", "not now", "not really", "no thankyou", "not at the moment"}
MORE_WORDS = {"more", "tell me more", "more info", "more information", "whats involved",
              "what is involved", "what does it involve", "what is it", "whats that",
              "what is that", "details", "more details", "not sure", "maybe", "what",
              "what do i have to do", "what would i do", "whats a champion",
              "what is a champion", "how much time", "explain"}
_MORE_HINTS = ("involve", "tell me more", "more info", "what is a", "whats a", "what would")
_YES_FIRST = {"yes", "yeah", "yep", "yup", "ok", "okay", "sure", "aye", "definitely"}
_NO_FIRST = {"no", "nope", "nah"}
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")

INVITE_CHOICES = ("YES", "NO", "MORE")
YES_NO = ("YES", "NO")

# Texts: plain GSM-7, at most 3 segments (tested with the longest values).
INTRO = ("Hello! {practice} invites local people to work alongside us as Practice Health "
         "Champions, starting groups and activities that bring people together. Interested? "
         "Reply YES, NO or MORE.")
REASK = ("Sorry, I didn't quite catch that. Would you like to work alongside us as a Practice "
         "Health Champion? Reply YES, NO or MORE to find out more.")
MORE = ("Champions are local people who work alongside {practice}: starting or helping with "
        "groups like walks, coffee mornings or crafts, and helping others find them. You choose "
        "what and how much, with no commitment. Would you like to take part? Reply YES or NO.")
REASK_PLAIN = ("Would you like to work alongside us as a Practice Health Champion? "
               "Reply YES, NO or MORE.")
REASK_YES_NO = "Sorry, I didn't catch that. Would you like to take part? Please reply YES or NO."
REASK_YES_NO_PLAIN = "Would you like to take part? Please reply YES or NO."
SAID_NO = ("Thank you for letting us know, that's absolutely fine. We won't invite you again. "
           "You can text us any time to find local groups and activities.")
THANKS = "Thank you, that's wonderful! Just a few quick questions, one at a time. "
CONFIRM_NAME = "Is it OK to call you {name}?"
ASK_NAME = "What would you like us to call you?"
ASK_INTERESTS = ("Thanks {name}. What might you enjoy doing with others? For example {examples}. "
                 "Anything else is welcome, just tell us in your own words.")
ASK_INTERESTS_AGAIN = ("What might you enjoy doing with others? Anything is welcome, in your own "
                       "words.")
ASK_AVAILABILITY = "When are you usually free? For example weekdays, evenings or weekends."
ASK_CONTACT_SMS = ("How would you like us to get in touch? Reply TEXT for a text to this number, "
                   "CALL for a phone call, or send us your email address.")
ASK_CONTACT_OTHER = ("How would you like us to get in touch? Reply MESSAGE for a message here, "
                     "CALL for a phone call, or send us your email address.")
ASK_EMAIL = "What's your email address?"
BAD_EMAIL = ("That doesn't look like an email address. Please send it again, or reply CALL "
             "for a phone call instead.")
ASK_PHONE = "What number should we call?"
BAD_PHONE = "Sorry, that doesn't look like a UK phone number. What number should we call?"
ASK_CONSENT = ("Last question. Is it OK for {practice} to keep these answers and contact you "
               "about being a Practice Health Champion? Reply YES or NO. It's fine to say no.")
REASK_CONSENT = ("Sorry, I didn't catch that. Is it OK for us to keep your answers and contact "
                 "you about being a champion? Please reply YES or NO.")
DONE = ("Thank you, {name}! Someone from {practice} will be in touch in the next couple of "
        "weeks for a friendly chat. There's no commitment at all. Text HELP any time.")
NO_CONSENT = ("That's fine, thank you for telling us. We won't keep your answers or contact you "
              "about this. You can still text us any time to find local groups.")
REMINDER = "Hello from {practice}. You started telling us about being a champion. {question}"

# Directory categories that make good examples of things to enjoy doing with others.
_EXAMPLE_CATEGORIES = ("walking", "music", "arts-crafts", "outdoors", "company",
                       "physical-activity", "healthy-eating", "digital")


# A word said before the answer ("actually yes please", "well no", "erm go on then").
_FILLER = re.compile(r"^(?:(?:actually|well|erm+|um+|umm+|hmm+|ah+|so)\s+)+")


def classify(text: str) -> str | None:
    """'yes', 'no', 'more' or None for a reply to the invitation."""
    word = normalise(text)
    bare = _FILLER.sub("", word)
    if bare and bare != word:
        return classify(bare)
    if word in MORE_WORDS:
        return "more"
    if word in YES_WORDS:
        return "yes"
    if word in NO_WORDS:
        return "no"
    read = read_reply(text)
    if read.topic == "other":
        return None  # some other question: not a request for MORE
    found = {"invite_yes": "yes", "invite_no": "no", "invite_question": "more"}.get(
        read.kind or "")
    if found is None and any(hint in word for hint in _MORE_HINTS):
        return "more"
    return found


def interest_examples(directory: Any) -> str:
    """Up to four activity categories the directory has offers in, as plain words."""
    counts: dict[str, int] = {}
    for offer in directory.active() if directory is not None else []:
        for category in offer.categories:
            counts[category] = counts.get(category, 0) + 1
    chosen = [c for c in _EXAMPLE_CATEGORIES if counts.get(c)] or list(_EXAMPLE_CATEGORIES)
    chosen = sorted(chosen[:6], key=lambda c: -counts.get(c, 0))[:4]
    labels = [CATEGORIES[c].lower() for c in chosen]
    return ", ".join(labels[:-1]) + " or " + labels[-1] if len(labels) > 1 else labels[0]


class ChampionInvitationFlow:
    """Replies to a champion invitation, and the questions that follow a YES."""

    name = FLOW

    def wants(self, turn: Turn) -> bool:
        """The entry word (Telegram deep link), or an answer that may be to an invitation."""
        word = normalise(turn.text)
        return word in ENTRY_WORDS or read_reply(turn.text).kind is not None \
            or classify(turn.text) is not None

    async def handle(self, turn: Turn) -> bool:
        live = turn.conversation
        if live is not None and live.flow == self.name:
            return await self._step(turn, live.step, dict(live.data))
        if normalise(turn.text) in ENTRY_WORDS:
            data = {"campaign_id": None, "first_name": turn.contact.name}
            turn.say(self._fill(turn, INTRO), choices=INVITE_CHOICES)
            turn.converse(self.name, INVITED, data)
            return True
        invitation = await _recent_invitation(turn)
        if invitation is None:
            return False  # not someone we invited: let other flows answer
        return await self._step(turn, INVITED, invitation)

    # ---- steps ---------------------------------------------------------------------------

    async def _step(self, turn: Turn, step: str, data: dict[str, Any]) -> bool:
        handler = getattr(self, "_" + step, None)
        if handler is None:
            turn.end_conversation()
            return False
        await _touch(turn, data)
        result: bool = await handler(turn, data)
        return result

    async def _invited(self, turn: Turn, data: dict[str, Any]) -> bool:
        if understand(turn.text) == "other_language":
            return await self._not_an_answer(turn, data, INVITED)
        reply = read_reply(turn.text)
        answer = classify(turn.text)
        name = bare_name(turn.text) if reply.kind is None else None
        if name and answer is None:
            reply = Reply("invite_name", name)  # "Dave": the name they go by
        if await self._in_own_words(turn, data, reply, INVITED):
            return True
        if answer == "more":
            note("invite_question")
            await _record(turn, data, asked_more=1)
            turn.say(self._fill(turn, MORE), choices=YES_NO)
            turn.converse(self.name, "after_more", data)
            return True
        if answer is None:
            return await self._not_an_answer(turn, data, INVITED)
        return await self._answer(turn, data, answer)

    async def _after_more(self, turn: Turn, data: dict[str, Any]) -> bool:
        kind = understand(turn.text)
        if kind == "other_language":
            return await self._not_an_answer(turn, data, "after_more")
        if data.get("passed_on") and kind == "thanks_bye" and not says_yes(turn.text) \
                and classify(turn.text) != "no":
            # "lovely thanks" after handing it on to someone else: thanks, not their own YES.
            note("thanks_bye")
            turn.say(self._fill(turn, said.OTHER_PERSON_THANKS), choices=YES_NO)
            turn.converse(self.name, "after_more", data)
            return True
        reply = read_reply(turn.text)
        answer = classify(turn.text)
        if await self._in_own_words(turn, data, reply, "after_more"):
            return True
        if answer in ("yes", "no"):
            return await self._answer(turn, data, answer)
        if answer == "more":
            note("invite_question")
            turn.say(self._fill(turn, MORE), choices=YES_NO)
            turn.converse(self.name, "after_more", data)
            return True
        return await self._not_an_answer(turn, data, "after_more")

    async def _other_person(self, turn: Turn, data: dict[str, Any]) -> bool:
        """Someone else might like to take part: their details go on only with their OK."""
        if _PHONE.search(turn.text):
            note("invite_other_person")
            data["suggested"] = turn.text.strip()[:300]
            turn.say(self._fill(turn, said.OTHER_CONSENT), choices=YES_NO)
            turn.converse(self.name, "other_consent", data)
            return True
        reply = read_reply(turn.text)
        if reply.kind is None and classify(turn.text) is None \
                and understand(turn.text) == "thanks_bye":
            note("thanks_bye")  # "thank you": the invitation for themselves still stands
            turn.say(self._fill(turn, said.OTHER_PERSON_THANKS), choices=YES_NO)
            turn.converse(self.name, "after_more", data)
            return True
        if reply.kind in ("invite_other_person", "invite_name") or (
                reply.kind is None and classify(turn.text) is None):
            note("invite_other_person")  # "his names keith, hes on this number too"
            turn.say(self._fill(turn, said.OTHER_PERSON_MORE), choices=YES_NO)
            turn.converse(self.name, "after_more", data)
            return True
        return await self._after_more(turn, data)

    async def _other_consent(self, turn: Turn, data: dict[str, Any]) -> bool:
        answer = classify(turn.text)
        suggested = str(data.pop("suggested", "") or "")
        note("invite_other_person")
        if answer == "yes" and suggested:
            await _pass_on_suggestion(turn, suggested)
            turn.say(said.OTHER_PASSED, choices=YES_NO)
        elif answer == "no" or not suggested:
            turn.say(said.OTHER_NOT_PASSED, choices=YES_NO)
        else:
            data["suggested"] = suggested
            turn.say(self._fill(turn, said.OTHER_CONSENT) + " Text MENU to leave this.",
                     choices=YES_NO)
            turn.converse(self.name, "other_consent", data)
            return True
        turn.converse(self.name, "after_more", data)
        return True

    async def _in_own_words(self, turn: Turn, data: dict[str, Any], reply: Reply,
                            step: str) -> bool:
        """Trust questions, paid / hours questions, maybe later, someone else, a name."""
        kind = reply.kind
        if kind == "invite_trust":
            note(kind)
            turn.say(self._fill(turn, said.TRUST), choices=INVITE_CHOICES)
            turn.converse(self.name, step, data)
            return True
        if kind == "invite_question" and reply.topic == "general" and step == "after_more":
            note(kind)  # they heard MORE already: the fuller answer is the team's
            turn.say(self._fill(turn, said.OTHER), choices=YES_NO)
            turn.converse(self.name, "after_more", data)
            return True
        if kind == "invite_question" and reply.topic == "other" and _is_directory_question(turn):
            return False  # "any walking groups?": signposting answers it
        if kind == "invite_question" and reply.topic in said.QUESTIONS:
            note(kind)
            await _record(turn, data, asked_more=1)
            turn.say(self._fill(turn, said.QUESTIONS[reply.topic]), choices=YES_NO)
            turn.converse(self.name, "after_more", data)
            return True
        if kind == "invite_later":
            note(kind)
            again = (turn.services.now() + said.ASK_AGAIN_AFTER).date().isoformat()
            await _record(turn, data, answer="later", state="ask later", ask_again=again)
            await turn.store.audit.record(turn.actor, "champion-ask-later")
            turn.say(said.LATER)
            turn.end_conversation()
            return True
        if kind == "invite_other_person":
            note(kind)
            data["passed_on"] = True  # their "thanks" from here is a thank-you, not a YES
            if _PHONE.search(turn.text):
                return await self._other_person(turn, data)
            turn.say(self._fill(turn, said.OTHER_PERSON), choices=YES_NO)
            turn.converse(self.name, "other_person", data)
            return True
        if kind == "invite_name" and reply.name:
            note(kind)
            data["first_name"] = reply.name
            if normalise(turn.text).split(" ")[0] in _YES_FIRST or re.search(
                    r"\b(put me down|sign me up|count me in)\b", normalise(turn.text)):
                return await self._answer(turn, data, "yes")  # "put me down as Ahmed"
            turn.say(said.NAME_NOTED.format(name=reply.name) + self._fill(turn, REASK_PLAIN),
                     choices=INVITE_CHOICES)
            turn.converse(self.name, step, data)
            return True
        return False

    async def _not_an_answer(self, turn: Turn, data: dict[str, Any], step: str) -> bool:
        """Not an answer: a local-groups question goes to signposting; a medical or
        practice question gets its fixed reply; otherwise ask again."""
        kind = understand(turn.text)
        if kind in ("medical", "practice", "complaint", "other_language", "greeting",
                    "thanks_bye", "empty"):
            note(kind)
            # Their message was understood and answered: ask again without "didn't catch".
            again = REASK_PLAIN if step == INVITED else REASK_YES_NO_PLAIN
            turn.say(fixed_reply(turn, kind), choices=())
            if kind not in ("thanks_bye", "other_language"):
                turn.say(self._fill(turn, again), choices=INVITE_CHOICES if step == INVITED
                         else YES_NO)
            turn.converse(self.name, step, data)
            return True
        if _is_directory_question(turn):
            note("search")
            turn.end_conversation()
            return False  # signposting answers it; their YES later still counts
        note("unknown")
        turn.say(REASK if step == INVITED else REASK_YES_NO,
                 choices=INVITE_CHOICES if step == INVITED else YES_NO)
        turn.converse(self.name, step, data)
        return True

    async def _answer(self, turn: Turn, data: dict[str, Any], answer: str) -> bool:
        note("invite_" + answer)
        if answer == "no":
            await _record(turn, data, answer="no", state="declined")
            await turn.store.audit.record(turn.actor, "champion-declined")
            turn.say(SAID_NO)
            turn.end_conversation()
            return True
        await _record(turn, data, answer="yes")
        first = data.get("first_name")
        if first:
            turn.say(THANKS + CONFIRM_NAME.format(name=first), choices=YES_NO)
            turn.converse(self.name, "confirm_name", data)
        else:
            turn.say(THANKS + ASK_NAME)
            turn.converse(self.name, "ask_name", data)
        return True

    async def _confirm_name(self, turn: Turn, data: dict[str, Any]) -> bool:
        given = read_reply(turn.text)
        if given.kind == "invite_name" and given.name:
            note("invite_name")  # "no call me Patricia", "no its Siobhan actually"
            return await self._save_name(turn, data, given.name)
        answer = classify(turn.text)
        if answer == "yes" and normalise(turn.text).split(" ")[0] not in _NO_FIRST:
            note("invite_yes")
            return await self._save_name(turn, data, str(data.get("first_name")))
        if answer == "no" and bare_name(turn.text.split(",")[-1]) is None:
            note("invite_name")
            turn.say("No problem. " + ASK_NAME)
            turn.converse(self.name, "ask_name", data)
            return True
        # "Call me Patricia" or just "Patricia": take it as the name they'd like.
        return await self._ask_name(turn, data)

    async def _ask_name(self, turn: Turn, data: dict[str, Any]) -> bool:
        given = read_reply(turn.text)
        name = given.name if given.kind == "invite_name" else _name_from(turn.text)
        if not name:
            note("unknown")
            turn.say(ASK_NAME + " Or text MENU to leave this.")
            turn.converse(self.name, "ask_name", data)
            return True
        note("invite_name")
        return await self._save_name(turn, data, name)

    async def _save_name(self, turn: Turn, data: dict[str, Any], name: str) -> bool:
        data["name"] = name
        await _record(turn, data, name=name)
        examples = interest_examples(turn.services.directory())
        turn.say(ASK_INTERESTS.format(name=name, examples=examples))
        turn.converse(self.name, "ask_interests", data)
        return True

    def _question_after_yes(self, turn: Turn, data: dict[str, Any], step: str,
                            again: str) -> bool:
        """ "when would i start?" while the questions after a YES are under way: the answer,
        then their question again (nothing recorded)."""
        reply = read_reply(turn.text)
        if reply.kind != "invite_question" or reply.topic not in ("start", "paid", "checks"):
            return False
        note("invite_question")
        answer = self._fill(turn, said.QUESTIONS[reply.topic]).replace(said.ASK_AGAIN, "")
        turn.say(f"{answer} {again}")
        turn.converse(self.name, step, data)
        return True

    async def _ask_interests(self, turn: Turn, data: dict[str, Any]) -> bool:
        if self._question_after_yes(turn, data, "ask_interests", ASK_INTERESTS_AGAIN):
            return True
        corrected = _name_correction(turn.text)
        if corrected:
            # "sorry its Elizabeth for the forms but Liz is fine", "Jo with no e"
            note("invite_name")
            return await self._save_name(turn, data, corrected)
        note("invite_yes")  # answers after a YES belong to that yes
        await _record(turn, data, interests=turn.text.strip()[:300])
        turn.say(ASK_AVAILABILITY, choices=("Weekdays", "Evenings", "Weekends"))
        turn.converse(self.name, "ask_availability", data)
        return True

    async def _ask_availability(self, turn: Turn, data: dict[str, Any]) -> bool:
        if self._question_after_yes(turn, data, "ask_availability", ASK_AVAILABILITY):
            return True
        note("invite_yes")
        await _record(turn, data, availability=turn.text.strip()[:200])
        self._ask_contact_question(turn, data)
        return True

    def _ask_contact_question(self, turn: Turn, data: dict[str, Any]) -> None:
        if turn.inbound.sender.channel == "sms":
            turn.say(ASK_CONTACT_SMS, choices=("TEXT", "CALL", "EMAIL"))
        else:
            turn.say(ASK_CONTACT_OTHER, choices=("MESSAGE", "CALL", "EMAIL"))
        turn.converse(self.name, "ask_contact", data)

    async def _ask_contact(self, turn: Turn, data: dict[str, Any]) -> bool:
        note("invite_yes")
        word = normalise(turn.text)
        email = _EMAIL.search(turn.text)
        sms = turn.inbound.sender.channel == "sms"
        if email:
            return await self._save_contact(turn, data, "email " + email.group(0))
        if "email" in word or "e mail" in word:
            turn.say(ASK_EMAIL)
            turn.converse(self.name, "ask_email", data)
            return True
        if "call" in word or "phone" in word or "ring" in word:
            if sms:
                return await self._save_contact(turn, data, "call this number")
            turn.say(ASK_PHONE)
            turn.converse(self.name, "ask_phone", data)
            return True
        if word.split(" ")[0] in ("text", "txt", "message", "msg", "here", "this", "yes", "ok"):
            return await self._save_contact(
                turn, data, "text this number" if sms else "message here")
        # Their own words ("mornings are best, by text"): keep them for staff to read.
        return await self._save_contact(turn, data, turn.text.strip()[:200])

    async def _ask_email(self, turn: Turn, data: dict[str, Any]) -> bool:
        email = _EMAIL.search(turn.text)
        if email:
            return await self._save_contact(turn, data, "email " + email.group(0))
        word = normalise(turn.text)
        if "call" in word or "text" in word:
            turn.converse(self.name, "ask_contact", data)
            return await self._ask_contact(turn, data)
        turn.say(BAD_EMAIL)
        turn.converse(self.name, "ask_email", data)
        return True

    async def _ask_phone(self, turn: Turn, data: dict[str, Any]) -> bool:
        try:
            number = uk_phone(turn.text)
        except PhoneError:
            turn.say(BAD_PHONE)
            turn.converse(self.name, "ask_phone", data)
            return True
        return await self._save_contact(turn, data, "call " + display_uk(number))

    async def _save_contact(self, turn: Turn, data: dict[str, Any], method: str) -> bool:
        await _record(turn, data, contact_method=method)
        turn.say(self._fill(turn, ASK_CONSENT), choices=YES_NO)
        turn.converse(self.name, "ask_consent", data)
        return True

    async def _ask_consent(self, turn: Turn, data: dict[str, Any]) -> bool:
        answer = classify(turn.text)
        if re.search(r"\b(i consent|i agree|agreed|thats fine|that is fine|fine by me)\b",
                     normalise(turn.text)) and not re.search(r"\b(dont|do not|not)\b",
                                                             normalise(turn.text)):
            answer = "yes"
        if answer not in ("yes", "no"):
            note("unknown")
            turn.say(REASK_CONSENT, choices=YES_NO)
            turn.converse(self.name, "ask_consent", data)
            return True
        note("invite_" + answer)
        store = turn.store
        now = turn.services.now()
        if answer == "no":
            # No consent: their answers are not kept.
            await ChampionsRepository(store).refuse_consent(data["response_id"], now)
            await store.audit.record(turn.actor, "champion-consent-refused")
            turn.say(NO_CONSENT)
            turn.end_conversation()
            return True
        await ChampionsRepository(store).complete(data["response_id"], now)
        await store.contacts.set_consent(turn.contact.id, True)
        if data.get("name"):
            await store.contacts.set_name(turn.contact.id, str(data["name"]))
        await store.audit.record(turn.actor, "champion-came-forward",
                                 f"response:{data['response_id']}")
        await notify_staff(store, turn.services.config, int(data["response_id"]))
        turn.say(self._fill(turn, DONE).replace("{name}", str(data.get("name") or "")))
        turn.end_conversation()
        return True

    def _fill(self, turn: Turn, template: str) -> str:
        practice = turn.services.config.practice
        return template.replace("{practice}", practice.name).replace(
            "{phone}", display_uk(practice.phone))


async def open_invitation(store: Store, contact_id: int, campaign_id: int,
                          first_name: str | None, now: datetime) -> None:
    """An invitation is on its way: the person's reply comes to this flow, unless they are
    in another conversation (their YES still reaches the flow through its answer words).
    Called in the transaction that queues the invitation."""
    live = await store.conversations.load(contact_id, now)
    if live is not None and live.flow != FLOW:
        return
    data = {"campaign_id": campaign_id, "first_name": first_name}
    await store.conversations.save(contact_id, FLOW, INVITED, data, now, INVITED_EXPIRY)


async def reminder_queued(store: Store, contact_id: int, step: str, data: dict[str, Any],
                          now: datetime, expiry: timedelta) -> None:
    """A reminder of the question at `step` is on its way: the conversation stays open
    there for another `expiry`."""
    await store.conversations.save(contact_id, FLOW, step, data, now, expiry)


def question_for(step: str, data: dict[str, Any], channel: str, practice: str,
                 directory: Any = None) -> str | None:
    """The question a half-done conversation is waiting on (for the reminder)."""
    name = str(data.get("name") or data.get("first_name") or "")
    questions = {
        "confirm_name": CONFIRM_NAME.format(name=name),
        "ask_name": ASK_NAME,
        "ask_interests": ASK_INTERESTS.format(name=name or "again",
                                              examples=interest_examples(directory)),
        "ask_availability": ASK_AVAILABILITY,
        "ask_contact": ASK_CONTACT_SMS if channel == "sms" else ASK_CONTACT_OTHER,
        "ask_email": ASK_EMAIL,
        "ask_phone": ASK_PHONE,
        "ask_consent": ASK_CONSENT.replace("{practice}", practice),
    }
    return questions.get(step)


# ---- storage of the answers ----------------------------------------------------------------

async def _recent_invitation(turn: Turn) -> dict[str, Any] | None:
    """Someone we invited lately who hasn't answered yet: data to start the flow with."""
    since = turn.services.now().timestamp() - INVITATION_DAYS * 86400
    # Read once a turn: the understanding step asks first, then this flow (Turn.reads).
    key = f"unanswered_invitation:{turn.contact.id}"
    if key not in turn.reads:
        responses = ChampionsRepository(turn.store)
        found = await responses.unanswered_invitation(turn.contact.id)
        if found is None and classify(turn.text) == "yes" \
                and understand(turn.text) != "thanks_bye":
            # A change of mind after "maybe later" (never a bare "ok" that acknowledges it).
            found = await responses.answered_later(
                turn.contact.id, turn.services.now() - CHANGE_OF_MIND)
        turn.reads[key] = found
    found = turn.reads[key]
    if found is None or found.sent_at.timestamp() < since:
        return None
    first = gsm_name(found.first_name) if found.first_name else found.first_name
    return {"campaign_id": found.campaign_id, "first_name": first}


async def _touch(turn: Turn, data: dict[str, Any]) -> None:
    """Make sure the response row exists; its id is kept in the conversation data."""
    responses = ChampionsRepository(turn.store)
    if data.get("response_id") and await responses.response_exists(data["response_id"]):
        return
    found = await responses.latest_response(turn.contact.id, data.get("campaign_id"))
    if found is not None:
        data["response_id"] = found
        return
    data["response_id"] = await responses.add_response(
        turn.contact.id, data.get("campaign_id"), turn.services.now())


async def _record(turn: Turn, data: dict[str, Any], **values: Any) -> None:
    await ChampionsRepository(turn.store).record(data["response_id"], turn.services.now(),
                                                 values)


def _name_from(text: str) -> str | None:
    words = re.sub(r"(?i)^(?:please\s+)?(?:call me|it'?s|its|i'?m|im|my name is|just)\s+", "",
                   text.strip()).strip(" .!")
    if not words or len(words) > 40 or not re.search(r"[A-Za-z]", words):
        return None
    # A sentence or a question is not a name ("whats this for", "not sure yet").
    if "?" in words or len(words.split()) > 3 or _NOT_A_NAME.search(words.lower()):
        return None
    return gsm_name(" ".join(part[:1].upper() + part[1:] for part in words.split()[:3]))


_PHONE = re.compile(r"(?<!\d)(?:\+44\s?7|07)\d{3}\s?\d{3}\s?\d{3}(?!\d)|(?<!\d)0\d{9,10}(?!\d)")


def _name_correction(text: str) -> str | None:
    """A clear correction of the name while we ask about something else, or None."""
    if not re.search(r"(?i)\b(call me|my name|name'?s|spelt|spelled|for the forms|"
                     r"with(?:out)? (?:no|an?) \w\b|its [A-Z]\w+ not|it'?s [A-Z]\w+,? not|"
                     r"but [A-Z]\w+ is fine|[A-Z]\w+ is fine)", text):
        return None
    fine = re.search(r"\bbut ([A-Z][a-z'-]+) is fine\b", text)
    if fine:
        return gsm_name(fine.group(1))
    return name_in(text)


async def _pass_on_suggestion(turn: Turn, suggested: str) -> None:
    """Someone suggested (with their OK) goes to the team: the alert holds no personal
    details; their name and number as texted are kept apart, shown to staff with an audit
    entry and erased by FORGET ME of the person who sent them (as passed-on requests are)."""
    async with turn.store.transaction():
        alert = await turn.store.alerts.add(
            "champion-suggested", "Someone invited to be a champion suggested another person "
            "who is happy to be contacted. Open the request to see who.", turn.contact.id)
        await turn.store.alerts.add_passed_on_request(
            alert, turn.contact.id, suggested[:1000])
    await turn.store.audit.record(turn.actor, "champion-suggested-someone")


_NOT_A_NAME = re.compile(r"\b(what|why|who|how|when|where|not|sure|dont|don't|no|yes|ok|"
                        r"thanks|sorry|busy|later|this|that|is|are|do|you)\b")


def _is_directory_question(turn: Turn) -> bool:
    """A clear question about local groups ("any walking groups?") goes to signposting."""
    try:
        from directory.matching import find_offers

        return bool(find_offers(turn.services.directory(), turn.text, limit=1).matches)
    except Exception:  # the directory being unavailable must not break the invitation
        return False
