"""The fixed texts of the core. Plain GSM-7, at most 3 SMS segments each (tested).

Urgent help after a crisis message is in flows/urgent_help.yaml (flows/crisis.py)."""

from __future__ import annotations

OPTED_OUT = (
    "You won't get any more texts from {practice}. "
    "If you change your mind, text START."
)

OPTED_IN = (
    "Welcome back. You can text {practice} again and we'll reply. "
    "Text STOP at any time to stop texts."
)

# START from someone who never opted out: a welcome, not "welcome back".
WELCOME = (
    "Welcome to the {practice} text service. Tell us what you're looking for, like walking "
    "group or coffee morning, and we'll suggest local groups. Text STOP at any time to stop "
    "texts."
)

HELP = (
    "This is the {practice} text service. Tell us what you're looking for, "
    "like walking group or coffee morning, and we'll suggest local groups. "
    "Surgery: {phone}. Text MENU to start again, FORGET ME to delete your details, "
    "STOP to stop texts."
)

FORGOTTEN = (
    "Done. {practice} has deleted your details and messages and won't invite you again. "
    "If you text us in future we'll start afresh."
)

MENU = (
    "Tell us what you're looking for, like walking group or coffee morning, "
    "and we'll suggest local groups. Text HELP for more."
)

APOLOGY = (
    "Sorry, something went wrong our end. Please try again later, "
    "or call {practice} on {phone}."
)

ALL_FIXED = {
    "OPTED_OUT": OPTED_OUT, "OPTED_IN": OPTED_IN, "WELCOME": WELCOME, "HELP": HELP,
    "FORGOTTEN": FORGOTTEN, "MENU": MENU, "APOLOGY": APOLOGY,
}
