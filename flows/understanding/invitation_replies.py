"""Texts for invitation replies in people's own words. GSM-7, at most 3 segments (tested)."""

from __future__ import annotations

from datetime import timedelta

ASK_AGAIN_AFTER = timedelta(days=90)  # "maybe later": staff see this date and may ask again

TRUST = ("This is {practice}. We texted you because you're registered with us, to invite "
         "local people to work alongside the practice as Practice Health Champions. To check, "
         "call the surgery. Interested? Reply YES, NO or MORE.")
PAID = ("It isn't paid: champions give a little time because they enjoy it, and you choose "
        "what and how much. Would you like to take part? Reply YES or NO.")
HOURS = ("As much or as little as suits you. Many champions work full time and help now and "
         "then, evenings or weekends. There's no commitment. Would you like to take part? "
         "Reply YES or NO.")
CHECKS = ("No qualifications are needed. If something you choose needs a check or training, "
          "the practice arranges it. Would you like to take part? Reply YES or NO.")
QUESTIONS = {"paid": PAID, "hours": HOURS, "checks": CHECKS}
LATER = ("No problem at all, thank you. We'll ask again in a few months. You can text us any "
         "time to find local groups and activities.")
OTHER_PERSON = ("Thank you! We can only contact people who say OK themselves, so please pass "
                "it on: they can text CHAMPION to this number. Would you like to take part "
                "yourself too? Reply YES or NO.")
NAME_NOTED = "Thanks, {name}, we'll call you that. "

ALL_FIXED = {"TRUST": TRUST, "PAID": PAID, "HOURS": HOURS, "CHECKS": CHECKS, "LATER": LATER,
             "OTHER_PERSON": OTHER_PERSON}
