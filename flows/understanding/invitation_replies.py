"""Texts for invitation replies in people's own words. GSM-7, at most 3 segments (tested)."""

from __future__ import annotations

from datetime import timedelta

ASK_AGAIN_AFTER = timedelta(days=90)  # "maybe later": staff see this date and may ask again

TRUST = ("This is {practice}. We texted you because you're registered with us, to invite "
         "local people to work alongside the practice as Practice Health Champions. To check, "
         "call the surgery. Interested? Reply YES, NO or MORE.")
PAID = ("It isn't paid: champions give a little time because they enjoy it, and you choose "
        "what and how much. Ask the team about any costs when they call. Would you like to "
        "take part? Reply YES or NO.")
HOURS = ("As much or as little as suits you. Many champions work full time and help now and "
         "then, evenings or weekends. There's no commitment. Would you like to take part? "
         "Reply YES or NO.")
CHECKS = ("No qualifications are needed. If something you choose needs a check or training, "
          "the practice arranges it. Would you like to take part? Reply YES or NO.")
ABLE = ("Everyone is welcome, whatever your age, health or confidence. You choose what suits "
        "you, with others alongside you, and some help from home. Would you like to take "
        "part? Reply YES or NO.")
START = ("The team will be in touch in the next couple of weeks for a friendly chat, and you "
         "start whenever suits you. Would you like to take part? Reply YES or NO.")
OTHER = ("Good question. The team can answer it when they get in touch, or call {practice} "
         "on {phone}. There's no commitment. Would you like to take part? Reply YES or NO.")
QUESTIONS = {"paid": PAID, "hours": HOURS, "checks": CHECKS, "able": ABLE, "start": START,
             "other": OTHER}
# The same answers asked after a YES, while the questions that follow it are under way: the
# answer without asking YES again (their question is asked again instead).
ASK_AGAIN = " Would you like to take part? Reply YES or NO."
LATER = ("No problem at all, thank you. We'll ask again in a few months. You can text us any "
         "time to find local groups and activities.")
OTHER_PERSON = ("Thank you! They can text CHAMPION to this number. Or, if they've said it's "
                "OK, send their name and number and we'll pass it to the team. Would you like "
                "to take part yourself too? Reply YES or NO.")
OTHER_PERSON_MORE = ("Thank you. They can text CHAMPION to this number when they're ready, or "
                     "send their number if they've said it's OK for us to call. Would you like "
                     "to take part yourself? Reply YES or NO.")
OTHER_PERSON_THANKS = ("You're welcome, and thank you for passing it on. If you'd like to take "
                       "part yourself, just reply YES any time.")
OTHER_CONSENT = ("Have they said it's OK for {practice} to contact them about this? "
                 "Reply YES or NO.")
OTHER_PASSED = ("Thank you, we'll pass that to the team, who will get in touch with them. "
                "Would you like to take part yourself too? Reply YES or NO.")
OTHER_NOT_PASSED = ("That's fine, we won't contact them. They can text CHAMPION to this number "
                    "any time. Would you like to take part yourself? Reply YES or NO.")
NAME_NOTED = "Thanks, {name}, we'll call you that. "

ALL_FIXED = {"TRUST": TRUST, "PAID": PAID, "HOURS": HOURS, "CHECKS": CHECKS, "LATER": LATER,
             "OTHER_PERSON": OTHER_PERSON, "ABLE": ABLE, "OTHER": OTHER, "START": START,
             "OTHER_PERSON_MORE": OTHER_PERSON_MORE,
             "OTHER_PERSON_THANKS": OTHER_PERSON_THANKS, "OTHER_CONSENT": OTHER_CONSENT,
             "OTHER_PASSED": OTHER_PASSED, "OTHER_NOT_PASSED": OTHER_NOT_PASSED}
