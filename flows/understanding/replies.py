"""The understanding step's fixed texts. Plain GSM-7, at most 3 SMS segments (tested)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.phones import display_uk
from flows.words import normalise

if TYPE_CHECKING:
    from flows.base import Turn

GREETING = (
    "Hello! This is the {practice} text service. We help you find local groups and "
    "activities. Tell us what you're looking for, like \"walking group\" or \"coffee morning "
    "on Tuesday\". For appointments call {phone}."
)
THANKS_BYE = "You're welcome. Take care, and text us any time you're looking for something."
EMPTY = ("We got an empty message (we can't see pictures). Tell us in words what you're "
         "looking for, like \"walking group\" or \"help with bills\".")
OTHER_LANGUAGE = (
    "Sorry, we can only reply in English by text. The practice can get you a free interpreter: "
    "call {phone} and say which language."
)
MEDICAL = (
    "We can't give medical advice by text. For medicines, ask your community pharmacist. If "
    "you feel unwell, call NHS 111 or go to 111.nhs.uk, or call {practice} on {phone}. "
    "In an emergency call 999."
)
MEDICAL_GROUP = " There's also {offer}: text {number} for details."
PRACTICE = ("For appointments, prescriptions, results and fit notes, please contact {practice} "
            "on {phone}.{hours}{online} This text service helps you find local groups.")
PRACTICE_HOURS = " Open {hours}."
PRACTICE_ONLINE = " You can also use {online}."
PRACTICE_WEBSITE = " Or see {website}."
COMPLAINT = (
    "I'm sorry it's been so frustrating. Please call {phone} and ask for the practice manager, "
    "who will want to hear about it. If you'd like local groups or support, just tell us "
    "what you're looking for."
)
SORRY_TO_HEAR = "I'm sorry to hear that. "
COMPLAINT_HOW = ("To make a complaint, please call {practice} on {phone} and ask for the practice "
                 "manager, who will want to hear about it.")
NOT_SURE = "We're not sure, but {contact} can tell you: {how}."
NOT_SURE_PRACTICE = "We're not sure, but the practice can find out: call {phone}."
WHICH_ONE = "Which one do you mean? Reply 1, 2 or 3 and we'll tell you more about it."
# A question about "it" ("is it free?") when no group has been shown yet.
WHICH_GROUP = ("Which group do you mean? Text its name, or what you're looking for, like "
               "\"walking group\", and we'll send you the times, place and cost.")

# When the directory has nothing for a feeling: still a human word and a person to call.
FEELING_NO_OFFERS = ("{line} We don't have a local group listed for that yet, but {practice} can "
                     "help you find support: call {phone}. If you ever feel unsafe, call "
                     "Samaritans free on 116 123.")

# One short human line before the offers, for someone who says how they feel (no labels).
WARM_LINES = {
    "grief": "I'm so sorry for your loss. Some people find it helps to be with others:",
    "lonely": "I'm sorry you're feeling alone. You'd be very welcome at these:",
    "anxious": "That sounds hard. These are friendly and low-key, go at your own pace:",
    "low": "I'm sorry things are tough at the moment. These might help a little:",
    "carer": "Caring is a lot to carry. There is support for you too:",
    "new": "Welcome to the area! These are good ways to meet people:",
    "money": "That sounds really stressful. These can help:",
}

ALL_FIXED = {
    "GREETING": GREETING, "THANKS_BYE": THANKS_BYE, "EMPTY": EMPTY,
    "OTHER_LANGUAGE": OTHER_LANGUAGE, "MEDICAL": MEDICAL, "COMPLAINT": COMPLAINT,
    "COMPLAINT_HOW": COMPLAINT_HOW, "SORRY_COMPLAINT_HOW": SORRY_TO_HEAR + COMPLAINT_HOW,
    "WHICH_ONE": WHICH_ONE, "WHICH_GROUP": WHICH_GROUP,
}


def fixed_reply(turn: Turn, kind: str) -> str:
    """The fixed reply for a kind of message, filled in with the practice's details."""
    practice = turn.services.config.practice
    values = {"practice": practice.name, "phone": display_uk(practice.phone)}
    if kind in ("practice", "complaint") and "complain" in normalise(turn.text):
        how = COMPLAINT_HOW.format(**values)
        return SORRY_TO_HEAR + how if kind == "complaint" else how
    if kind == "practice":
        hours = practice.opening_hours
        online = practice.online_services
        text = PRACTICE.format(
            hours=PRACTICE_HOURS.format(hours=hours) if hours else "",
            online=PRACTICE_ONLINE.format(online=online) if online else "", **values)
        if practice.website:
            text = text.replace(" This text service", PRACTICE_WEBSITE.format(
                website=practice.website) + " This text service")
        return text
    template = {"greeting": GREETING, "thanks_bye": THANKS_BYE,
                "empty": EMPTY, "other_language": OTHER_LANGUAGE,
                "medical": MEDICAL, "complaint": COMPLAINT}[kind]
    return template.format(**values)
