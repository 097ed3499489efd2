"""The texts of introductions. Plain GSM-7, at most 3 SMS segments each (tested).

Connections, never referrals: a friendly face from the group, asked first, never a
hand-off. The question to the resident and the ask to the champion are issue 17's words.
"""

from __future__ import annotations

OFFER_QUESTION = ("Would you like {first_name}, who runs it, to get in touch, or to meet you "
                  "there the first time? Reply YES or NO.")
OFFER_QUESTION_NO_NAME = ("Would you like the person who runs it to get in touch, or to meet "
                          "you there the first time? Reply YES or NO.")
RESIDENT_ASKING = ("Thank you. We'll ask {first_name} and text you when they reply, within "
                   "{wait}. They won't see your number.")
RESIDENT_NO = "No problem. You're welcome to just go along, and to text us any time."

CHAMPION_ASK = ("Someone would like to come to {offer}{day} and would be glad of a friendly "
                "face. Could you text them? Reply YES or NO. Neither of you will see the "
                "other's number.")
CHAMPION_YES = ("Thank you! Anything you text here now goes to them, through the practice "
                "number, for {days} days. Text END INTRO to finish.")
CHAMPION_NO = ("Thank you for letting us know. We'll tell them kindly and give them other "
               "ways to get in touch.")
CHAMPION_LATE = ("Thank you. That request has lapsed, so we've already given them other ways "
                 "to get in touch.")
RESIDENT_INTRODUCED = ("Good news: {first_name} from {offer} would be glad to help. Text here "
                       "and we'll pass it on, without your number. Text END INTRO to finish.")

# After a champion's NO, or no answer in time: kind, with the group's contact and a call.
RESIDENT_NOT_THIS_TIME = ("Sorry, {first_name} can't get in touch this time. You're still very "
                          "welcome to go along.{contact} Or reply CALL and someone from the "
                          "practice will ring you.")
RESIDENT_NO_ANSWER = ("Sorry, we haven't heard back from {first_name} this time. You're still "
                      "very welcome to go along.{contact} Or reply CALL and someone from the "
                      "practice will ring you.")
CALL_ARRANGED = ("Thank you. We've asked the practice team to ring you. You can also call "
                 "them on {phone}.")

RELAY_TO_CHAMPION = "{offer} visitor{ref}: {body}"
RELAY_TO_RESIDENT = "{first_name} ({offer}){ref}: {body}"
RELAY_PICK = ("You're in touch with {count} people. Start your text with their number, for "
              "example: {example} See you Thursday")
END_CONFIRM = "Done, the introduction for {offer} has ended. Thank you."
ENDED_OTHER = ("The introduction for {offer} has ended, so messages won't be passed on any "
               "more. Thank you.")
NOT_PASSED_ON = ("The introduction for {offer} has ended, so your message wasn't passed on. "
                 "Text what you're looking for, or HELP.")
RELAY_CLOSED = ("The introduction for {offer} has now closed, so messages won't be passed on "
                "any more. Thank you.")
NO_RELAY = ("There's no introduction open just now, so we can't pass messages on. Text what "
            "you're looking for, or HELP.")

FOLLOW_UP = "Did you get along to {offer}? Reply YES, NO or NOT YET."
WENT = "That's lovely to hear. Thank you for letting us know."
WHAT_GOT_IN_THE_WAY = "Sorry it didn't work out. What got in the way?"
AFTER_BARRIER = ("Thank you for telling us. Text what else you're looking for and we'll "
                 "suggest something, or reply CALL and someone from the practice will ring "
                 "you.")
NOT_YET = "No problem. We hope you can make it another time. Text us any time."

INTRODUCTIONS_ON = ("Thank you. People asking about {offers} can now be offered an "
                    "introduction to you. Text INTRODUCTIONS OFF to pause them.")
INTRODUCTIONS_OFF = ("Introductions are paused. Nobody will be offered one until you text "
                     "INTRODUCTIONS ON.")
INTRODUCTIONS_NOT_YOURS = ("Only the people who run a group in the directory can take "
                           "introductions. Ask the practice team to add your number to it.")

# The optional wellbeing measure: the ONS personal wellbeing questions (ONS4), 0 to 10.
WELLBEING_INVITE = ("One more thing, if you're happy to: 4 quick questions on how you've "
                    "been, each scored 0 to 10, help the practice see whether groups help. "
                    "We ask at most every 8 weeks. Reply YES or NO.")
WELLBEING_AGAIN = ("Hello from {practice}. Would you answer the 4 quick questions on how "
                   "you've been again? Reply SKIP to stop them. {question}")
WELLBEING_QUESTIONS = {
    "life_satisfaction": ("Question 1 of 4: Overall, how satisfied are you with your life "
                          "nowadays? Reply 0 to 10, where 0 is not at all and 10 is "
                          "completely."),
    "worthwhile": ("Question 2 of 4: Overall, to what extent do you feel the things you do "
                   "in your life are worthwhile? Reply 0 to 10."),
    "happy": "Question 3 of 4: Overall, how happy did you feel yesterday? Reply 0 to 10.",
    "anxious": ("Question 4 of 4: Overall, how anxious did you feel yesterday? Reply 0 to "
                "10, where 0 is not at all and 10 is completely."),
}
WELLBEING_NUMBER = "Please reply with a number from 0 to 10, or SKIP to stop these questions."
WELLBEING_THANKS = "Thank you. That helps the practice see what makes a difference."
WELLBEING_NO = "No problem, we won't ask."
WELLBEING_SKIPPED = "OK, we won't ask these questions again."

ALL = {name: value for name, value in globals().items() if name.isupper()}
