"""What a channel sees that is not a text to route by its words (bot/messages.py Event):
Telegram's /start (a welcome with a "share my phone number" button), a shared contact
(the chat joins the person behind that number, so SMS and Telegram are one conversation)
and a photo or sticker (we can only read words).

The router hands these events here before its text steps: there are no words to check
for a crisis or STOP, and a contact shared by someone who opted out still links (they stay
opted out). /start from someone who opted out is START, which the router answers itself.
"""

from __future__ import annotations

import logging
import re

from bot.messages import SHARE_PHONE
from bot.phones import PhoneError, display_uk, to_e164
from flows.base import Turn

log = logging.getLogger(__name__)

GREETING = (
    "Hello, this is {practice}. Tell us what you're looking for, like walking group or "
    "coffee morning, and we'll suggest local groups. If we already text you, tap "
    "Share my phone number so both count as one chat. Send /help for more, /stop to stop."
)
LINKED = ("Thanks. This chat is now linked to your phone number ending {last}, "
          "so you can carry on here or by text.")
LINKED_OPTED_OUT = ("Thanks, this chat is now linked to your phone number. You asked us to "
                    "stop messages, so we won't message you unless you send /start.")
NOT_YOURS = ("Sorry, we can only link your own phone number. Please tap "
             "Share my phone number to share yours.")
BAD_NUMBER = "Sorry, we couldn't read that phone number. Please try again or just carry on here."
ONLY_TEXT = ("Sorry, we can only read written messages. Tell us what you're looking for, "
             "like walking group or coffee morning.")


class ChannelWelcomeFlow:
    """Answers channel events; never claims a text and never owns a conversation."""

    name = "channel-welcome"
    events = ("start", "contact", "not-text")

    def wants(self, turn: Turn) -> bool:
        return False

    async def handle(self, turn: Turn) -> bool:
        event = turn.event
        if event is None or event.kind not in self.events:
            return False
        if event.kind == "start":
            practice = turn.services.config.practice
            turn.say(GREETING.format(practice=practice.name,
                                     phone=display_uk(practice.phone)),
                     choices=(SHARE_PHONE,))
        elif event.kind == "contact":
            await self.link(turn, str(event.data.get("phone", "")),
                            event.data.get("own") is True)
        else:
            turn.say(ONLY_TEXT)
        return True

    async def link(self, turn: Turn, phone: str, own: bool) -> None:
        """The sender's own number links this chat to the person who texts from it."""
        if not own:
            log.info("refused someone else's contact contact=%s", turn.contact.id)
            turn.say(NOT_YOURS)
            return
        try:
            number = to_e164("+" + re.sub(r"\D", "", phone))
        except PhoneError:
            turn.say(BAD_NUMBER)
            return
        store = turn.store
        person = await store.contacts.for_address(f"sms:{number}", turn.contact.practice)
        await store.contacts.link_address(turn.inbound.sender, person.id)
        await store.audit.record(f"contact:{person.id}", "linked-address", "telegram")
        log.info("chat linked contact=%s into contact=%s", turn.contact.id, person.id)
        merged = await store.contacts.get(person.id)
        assert merged is not None
        # The turn is now this person's (the contact the chat left may be gone): its replies
        # and the commit's turn-version check are theirs, as read under the write lock.
        turn.contact = merged
        if merged.opted_out:
            turn.say(LINKED_OPTED_OUT, essential=True)
        else:
            turn.say(LINKED.format(last=number[-3:]))
