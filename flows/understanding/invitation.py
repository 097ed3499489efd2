"""Replies to a champion invitation, as people write them (issue 14, part 7).

`read_reply(text)` gives one kind: invite_yes, invite_no, invite_later, invite_trust,
invite_question, invite_other_person, invite_name, or None (not an answer). A name given
or corrected comes back too ("no call me Patricia" -> Patricia), in the nearest GSM-7
letters (Siobhan for Siobhán), since texts are GSM-7.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.gsm import to_gsm
from flows.words import normalise

_NAME = r"([A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'-]{1,20})"
_CAP_NAME = r"([A-Z\u00c0-\u00de][A-Za-z\u00c0-\u024f'-]{1,20})"
_NAME_PATTERNS = (
    re.compile(rf"(?i)\b(?:call me|calls? me|known as|i go by|goes by|prefer) {_NAME}"),
    re.compile(rf"(?i)\bmy name(?: is|s| is actually|s actually)? {_NAME}"),
    re.compile(rf"(?i)\bname'?s {_NAME}"),
    re.compile(rf"(?i)^(?:no|nope|yes|yeah|ok|sorry|oh)?[ ,.]*(?:it'?s|its|i'?m|im|this is) "
               # "This is Pauline Hart.": a surname may follow the first name.
               rf"(?:actually )?{_NAME}(?-i: [A-Z][a-z'-]+)?(?: not \w+| actually|"
               rf",? everyone calls me| please|"
               rf",? by the way|,? btw|,? here\b|,? speaking|[.!,]|$)"),
    # "this is Joan from Elm Close": a capitalised name, then where they are from.
    re.compile(rf"^(?i:hi|hello|hiya|hey)?[ ,.]*(?i:this is|it'?s|its|i'?m|im) {_CAP_NAME} "
               rf"(?i:from|at|of|on|in) "),
    # "oh sorry should've said, it's Phil": the name said last, after a comma or a stop.
    re.compile(rf"[,.;!]\s*(?i:it'?s|its|i'?m|im|this is) {_CAP_NAME}[.!]?\s*$"),
    re.compile(rf"(?i)\b(?:should'?ve said|should have said|forgot to say|meant to say)[ ,.]+"
               rf"(?:it'?s|its|i'?m|im|this is|my name is|my names) {_NAME}\b"),
    re.compile(rf"(?i)\bwrong name\b.*?(?:it'?s|its|i'?m|im)? {_CAP_NAME}"),
    re.compile(rf"\b(?:it'?s|its|i'?m|im|I'?m) {_CAP_NAME}(?: not | for | with |,)"),
    re.compile(rf"(?i)\bspelt {_NAME}|\bspelled {_NAME}"),
    # "You can put me down as Ahmed Rahman", "sign me up as Bev"
    re.compile(rf"(?i)\b(?:put me down|sign me up|put me|down|register me|list me|book me in|"
               rf"have me down|know me) as {_NAME}"),
    re.compile(rf"(?i)^just {_NAME}(?: is fine| please| will do|$)"),
    re.compile(rf"(?i)^{_NAME} with(?:out)? (?:no|an?|one|two|double) \w\b"),
)
_NOT_NAMES = {"not", "busy", "fine", "ok", "okay", "good", "sorry", "interested", "afraid",
              "working", "retired", "too", "very", "really", "just", "a", "the", "in", "at",
              "on", "up", "out", "away", "over", "unwell", "ill", "sick", "happy", "free",
              "me", "you", "it", "that", "this", "mostly", "always", "sure", "here", "there",
              "well", "great", "lovely", "about", "for", "with", "my", "your", "all", "anything",
              "nothing", "something", "fab", "brill", "keen", "thinking", "going", "moving",
              "off", "back", "home", "disabled", "old", "young", "new", "only", "also", "still",
              "no", "yes", "maybe", "is", "was", "be", "what", "who", "how", "why", "when",
              "actually", "quite", "pretty", "getting", "trying", "looking", "doing", "having",
              "gardening", "walking", "knitting", "baking", "crafts", "cooking", "singing"}
# Short replies that are never a name, even capitalised by the phone ("Maybe", "Dunno").
_NOT_A_BARE_NAME = _NOT_NAMES | {
    "hi", "hello", "hiya", "hey", "thanks", "thank", "ta", "cheers", "dunno", "hmm", "hm",
    "huh", "eh", "pardon", "sorry", "whatever", "nah", "yep", "yeah", "yes", "no", "nope",
    "please", "stop", "help", "menu", "more", "info", "later", "soon", "never", "lol",
    "great", "cool", "nice", "brilliant", "wonderful", "perfect", "right", "alright",
    "interesting", "possibly", "perhaps", "definitely", "absolutely", "count", "sign", "go",
    "why", "aye", "sure", "ok", "okay", "x", "xx", "xxx", "love", "sounds", "count me in",
    "walking", "group", "groups", "coffee", "morning", "evening", "afternoon", "weekends",
    "weekdays", "evenings", "mornings", "afternoons", "mondays", "tuesdays", "wednesdays",
    "thursdays", "fridays", "saturdays", "sundays", "anytime", "text", "call", "email",
    "surgery", "doctor", "doctors", "practice", "champion", "champions", "volunteer"}
# Everyday words after "its"/"im" that are not names ("im off from friday", "its raining").
_COMMON_WORDS = frozenset(
    "raining sunny cold hot late early closed open shut cancelled finished full done sorted "
    "nice lovely fine writing texting messaging calling ringing replying contacting "
    "speaking talking someone somebody one".split())
_HONORIFIC = re.compile(r"(?i)^(mr|mrs|ms|miss|mx|dr)\.? ([a-z]\.? )?[a-z][a-z'-]+$")

# Text-speak to plain words, word by word, before the patterns below read a reply.
_TXT = {"u": "you", "r": "are", "ur": "your", "ya": "you", "yr": "your", "pls": "please",
        "plz": "please", "thx": "thanks", "thnx": "thanks", "ty": "thank you", "wat": "what",
        "wot": "what", "hw": "how", "y": "why", "cos": "because", "coz": "because",
        "atm": "at the moment", "mo": "moment", "min": "minute", "sec": "second",
        "gd": "good", "defo": "definitely", "deffo": "definitely", "definately": "definitely",
        "ppl": "people", "abt": "about", "wk": "week", "wks": "weeks", "mnth": "month",
        "dnt": "dont", "cant": "cant", "cnt": "cant", "wont": "wont", "im": "im",
        "knw": "know", "no1": "no one", "some1": "someone", "any1": "anyone", "b4": "before",
        "l8r": "later", "2day": "today", "2moro": "tomorrow", "tmrw": "tomorrow",
        "gp": "surgery", "doctors": "surgery", "docs": "surgery", "drs": "surgery",
        "yh": "yeah", "ye": "yeah", "yea": "yeah", "yup": "yep", "ofc": "of course"}


def plain_words(text: str) -> str:
    """A reply normalised, with text-speak spelled out ("who r u" -> "who are you")."""
    return " ".join(_TXT.get(w, w) for w in normalise(text).split())


_RELATION = (r"(wife|husband|hubby|partner|other half|daughter|son|mum|mam|mom|mother|dad|"
             r"father|friend|pal|neighbour|neighbor|sister|brother|nan|nanna|gran|granny|"
             r"grandad|grandson|granddaughter|grandma|grandpa|mate|auntie|aunt|uncle|niece|"
             r"nephew|cousin|colleague|fiance|fiancee|girlfriend|boyfriend|lodger|carer|"
             r"in law|mother in law|father in law|sister in law|brother in law)")
_OTHER_PERSON = re.compile(
    r"\b(not me but|no but my|for me but my|instead of me|myself but|me but my|"
    r"i know (someone|somebody|a few|some|people|a lady|a man|loads)|"
    r"(can|could|would|may) (my|i ask my|i tell my|i pass)|pass (this|it) on|"
    r"(ask|tell) my|give (you|u) (her|his|their) (number|details)|"
    r"would (he|she|they) (count|do|be)|"
    r"(give|pass|send|forward) (him|her|them) (your|ur|the|this) (number|details|info|text|message)|"
    r"(pass|give|send|forward) (your|ur|the) (number|details|info) (on )?to|"
    rf"(sounds|more) (more |a bit more )?(like|for|up) my (\w+ )?{_RELATION})\b|"
    # "sign him up lol", "i'll mention it to my sister, she's more the type"
    r"\b(sign|put) (him|her|them) (up|down|forward)\b|"
    rf"\b(mention|show|pass|forward|send|give|tell) (it|this|that|the text|the message)( on)? "
    rf"to (my|a|her|him|them)\b|\b(shes|hes|theyre) (more|much more) the (type|sort)\b|"
    # "my cousin is, she wants to help, can she do it?"
    r"\b(can|could|would|may|will|shall) (she|he) (do it|do this|help|join|take part|"
    r"sign up|apply|be one|have a go|volunteer|be a champion)\b|"
    r"\b(she|he) (wants?|would like|would love|is keen|might like|d like|d love|"
    r"is interested) to (help|do it|do this|join|take part|volunteer|"
    r"get involved)\b")
# Someone else named with a might or would: "my daughter might be interested". Weaker than a
# hand-on: "my son says this could be a scam" is about trust, and "interested but my husband
# is in hospital, could you get back to me in a month" is later.
_OTHER_PERSON_MAYBE = re.compile(
    rf"\bmy (\w+ )?{_RELATION}s?( \w+)?\b.*\b(might|would|could|may|instead|love|interested|"
    r"great|want|good|perfect|brilliant|enjoy|retired|bored|sociable|the one|keen|better|"
    r"ideal|suit|runs|looking for|up for)\b")
_TRUST = re.compile(
    r"\b(who is this|whos this|who are you|who is it|who dis|how did you get (my|this)|"
    r"how do you (have|know) (my|this)|where did you get (my|this)|who gave you (my|this)|"
    r"(got|get) my (number|details|info)|scam|spam|genuine|legit|legitimate|dodgy|"
    r"suspicious|is this real|is it real|real person|a bot|robot|how do i know|"
    r"is this really|really (from|the)|are you (actually|really|definitely) (the|from)|is this (from )?the surgery|phishing|fake|prove|"
    r"never signed up|didnt sign up|not signed up|what practice|which practice|"
    r"which surgery|what surgery|my (information|info|data|details) (being )?shared|"
    r"shared my|who sent this|not to reply to texts|dont click|never heard of (you|this)|"
    r"is (this|that|it) (really |actually )?(from )?(the|my|your) (surgery|practice|"
    r"health cent\w+|medical cent\w+)|"
    # "Is it really Millbrook Medical Practice?", "never to answer texts like this"
    r"is (this|that|it) (really|actually|definitely|genuinely) (from )?(\w+ ){0,3}(surgery|"
    r"practice|health cent\w+|medical cent\w+)|(answer|reply to|trust|click on|respond to) "
    r"(\w+ )?texts? like (this|these)|"
    r"(dont|do not|didnt) (recognise|recognize|know) "
    r"(the|this|your) number|unknown number|random (number|text)|"
    r"why (have|has|did|was|am) (i|me) (been |being )?(picked|chosen|selected|contacted|sent|"
    r"texted|asked|invited)|why did you (pick|choose|contact|text|select|ask|invite) me|why me|"
    r"(check|make sure|be sure|see if|know) (this|it|that) (is|s) (real|genuine|legit|really)|"
    r"(ring|call|phone) (the surgery|you|the practice) to (check|confirm|make sure))\b|"
    r"^who\b.{0,12}$|^(sorry )?who\??$")
# Talking it over with someone first, or replying in time: later, not someone else.
_LATER_FIRST = re.compile(
    r"\b(discuss|talk|speak|check|chat|run it past|run it by|ask|see what)( it| this| that|"
    r" about it| about this| it over)?( with| to| past| by)? my \w+( \w+)? (first|before)\b|"
    r"\b(i shall|ill|i will|will) (reply|respond|get back to you|let you know|answer)( \w+)?"
    r" (in due course|later|soon|when)\b|\bin due course\b")
_LATER = re.compile(
    r"\b(maybe later|later on|later in the year|not right now|not (just )?now|not yet|"
    r"not at the (moment|minute)|not at this (time|moment)|not today|"
    r"ask me (again|later|then|another|in|after|when|next)|"
    r"(try|text|contact|message|ask|get back to|catch) (me|you) (again|later|then|in|after|"
    r"when|another|next|back|nearer)|get back to (you|u)|come back to (you|me)|"
    r"think about it|have a think|mull it over|sleep on it|let me (think|talk|check|ask|see)|"
    r"another time|some other time|other time|new year|in a (few|couple|month|bit)|"
    r"in (the )?(summer|spring|autumn|winter|new year)|(?<!look )(?<!looks )(?<!looking )"
    r"after (christmas|xmas|easter|"
    r"the summer|the holidays|my|the op|that|i retire)|once (i|the|my)|when (i|the|my|things)|"
    r"(maybe|possibly|perhaps) (in|next|after|when|later|once|another|nearer)|"
    r"in (\w+ )?(weeks|months)|next (year|month)|too busy (right now|at the moment|now)|"
    r"busy at the moment|(flat out|snowed under|mad busy)|dont cross me off|keep me in mind|"
    r"bear me in mind|not the right time|bad time|"
    r"not this (term|week|month|year|season|semester|winter|summer|autumn|spring|christmas)|"
    r"(summer|spring|autumn|winter|next year|next term|new year|christmas|easter) "
    r"(maybe|perhaps|possibly)|after (my |the )?exams|"

    # Away for a while: "im away til march, can we talk then", "back in the new year".
    r"away (til|till|until|untill|for|at the|over)|when (im|i am|i get|i'm) back|"
    r"(talk|speak|chat) (then|after|nearer|when|in the new)|back (in|after) (the )?"
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|new year|spring|summer|autumn))\b|"
    # A month named for it: "im on nights all this month, can we talk in january".
    r"\b(talk|speak|chat|try|ask|text|contact|get back to|catch up|do it|start|think about it)"
    r"( \w+)? (in|after|from|around|nearer|early|late|end of|the end of) (the )?"
    r"(january|february|march|april|june|july|august|september|october|november|december|"
    r"jan|feb|sept|oct|nov|dec)\b|\b(busy|away|on nights|on lates|on earlies|working|"
    r"flat out) all (this|the) (month|week)\b|"
    + _LATER_FIRST.pattern + "|"
    r"^later\b|^(maybe|possibly) later")
# "when would i start?", "what happens next": when they would hear and begin.
_START = re.compile(r"\b(when (would|will|do|can|could|shall|should) (i|we) "
                    r"(start|begin|hear|know)|what happens (next|now|after that|then)|how soon (would|will|do|can|could)|"
                    r"when (will|would|do) (someone|you|they|the team) (be in touch|get in touch|"
                    r"call|contact|ring|text))\b")
_PAID = re.compile(r"\b(paid|pay|payment|money|wage|wages|salary|expenses|reimburs\w*|"
                   r"bus fares?|travel costs?|out of pocket|voluntary|unpaid)\b")
_HOURS = re.compile(r"\b(hours?|how much time|how long|full time|part time|evenings?|"
                    r"weekends?|time does it take|commitment|commit|long term|how often|"
                    r"just try|try it|every week)\b")
_CHECKS = re.compile(r"\b(dbs|qualifications?|qualified|training|trained|experience|"
                     r"police check|background check|crb|certificate|need to know|"
                     r"already have (one|a dbs|a check)|does that count)\b")
_ABLE = re.compile(r"\b(wheelchair|disabled|disability|mobility|walking stick|deaf|blind|"
                   r"too old|age limit|how old|my age|im \d{2}|i am \d{2}|anxious|shy|"
                   r"anxiety|on my own|by myself|in front of|confidence|computers?|online|"
                   r"from home|not very good|mental health|health isnt|poorly myself)\b")
_QUESTION = re.compile(
    r"\b(tell me more|more info|more information|whats involved|what is involved|"
    r"what does it involve|(whats|what does|what will|what would) (it|this|that) involve|what would i (have to |actually )?(do|be doing)|"
    r"what do i (have to |actually )?do|whats a|what is a|health champion|champion do|"
    r"volunteer\w*|what is it|whats that|what is that|what is this about|explain|"
    r"more details|what sort of|what kind of|what type of|whats the catch|"
    r"have to be a patient|do i have to|would i have to|can i (do|bring|start|choose|pick)|"
    r"could i (do|start|bring)|what happens|how does it work)\b|"
    r"^(more|what|info|details|eh|huh)\b")
_QUESTION_SHAPE = re.compile(r"^(is|are|does|do|can|could|would|will|what|whats|when|where|"
                             r"which|who|how|why|should|must|am i|have i|any)\b")
_YES = re.compile(
    r"^(oh |well |ah |ahh |ooh |erm |um |hmm |aw |aww |yes |ok |okay )*"
    r"(ok|okay|go on|yes|yess+|yeah|yep|aye|sure|definitely|absolutely|"
    r"of course|why not|count me in|sign me up|sounds (good|great|lovely|nice|interesting|fun|"
    r"alright|ok|brilliant|fab|fabulous|wonderful)|lovely|great|brilliant|fab|perfect|"
    r"id (love|like|be happy|be glad|be delighted|be interested)|i would|happy to|glad to|"
    r"love to|(im|i am) up for|im in|i am in|fair enough|interested|(im|i am) interested|"
    r"please|yes please|put me down|why not|(im|i am) keen|keen|delighted|honoured|"
    r"ill give it a go|give it a go|i will|i can|i could|i do|i am|im happy|count us in|"
    r"no problem|no worries)\b|"
    r"\b(count me in|count us in|sign me up|up for (it|that|this)|id love to|happy to (help|"
    r"be involved|do it|take part|get involved|join)|honoured|why not|sounds (good|great|"
    r"lovely|nice|interesting|fun|brilliant)|definitely interested|id (like|love) (to|that)|"
    r"put me down|give it a go|im in|so yes|then yes|yes then|go on then|"
    r"(i|id) (would )?(like|love) to (help|join|take part|get involved|be involved|do it))\b")
_NO = re.compile(
    r"^(no|n|nope|nah|naa+h?|no thanks|no thank you|no ta|not interested|not for me|"
    r"i dont think so|dont think so|not my thing|not really|no sorry|sorry no|i will pass|"
    r"ill pass|i'll pass|pass|not me)\b|"
    r"\b(not interested|not for me|not my (thing|cup of tea|scene)|dont think so|"
    r"no thank you|no thanks|no ta|ill pass|i will pass|too old for|past it|"
    r"(im|i am) not (well|up to|able|in a position)|cant commit|cannot commit|"
    r"not well enough|health isnt good enough|dont want to|dont like it|got enough on|"
    r"have enough on|thanks for asking|thank you for asking|not able to|"
    # "ill have to say no", "too much on my plate", "my health isn't up to it",
    # "i'd rather not", "please don't ask me again", "thanks for thinking of me but no"
    r"(have to|going to|gonna|got to|must|ill|i will|will) (say no|decline|pass)|"
    r"too much on|plate is full|(isnt|is not|not|wont be|arent) up to (it|that|this|much)|"
    r"rather not|(dont|do not|never|please dont) (ask|invite|contact|text|message) me|"
    r"(but|sadly|unfortunately|afraid|its a|going to be a|gonna be a) no\b(?! (problem|worries|"
    r"bother|doubt)))\b")
# "my volunteering days are behind me, but thank you for thinking of me": a polite no
# when nothing in it says yes.
_POLITE_NO = re.compile(
    r"\b(days are (behind|over)|behind me now|(are|is) behind me|at my age|too old now|"
    r"but thank(s| you)( very much| so much)? for (thinking of|asking|the offer|considering))\b")
_NOT_A_NO = re.compile(r"^(no (problem|worries|bother)|no doubt)\b")
# "ok thank you, bye for now": a goodbye, not a yes, unless a yes is said in so many words.
_FAREWELL = re.compile(r"\b(bye|byee+|ta ra|tara|see ya|see you|cya|night night|goodnight|"
                       r"good night|speak soon|take care)\b")
_SAYS_YES = re.compile(r"\b(yes|yeah|yep|yup|aye|count me in|count us in|sign me up|"
                       r"put me down|id love|id like|im in|interested|happy to|go on then|"
                       r"definitely)\b")


@dataclass(frozen=True)
class Reply:
    """What an invitee's message means, and the name they gave if any."""

    kind: str | None
    name: str | None = None
    topic: str | None = None  # for invite_question: paid, hours, checks or general


def says_yes(text: str) -> bool:
    """A yes in so many words ("yes", "count me in"), not only "ok" or "lovely"."""
    return bool(_SAYS_YES.search(plain_words(text)))


def gsm_name(name: str) -> str:
    """A name in GSM-7 letters: accents outside GSM-7 become the plain letter."""
    return to_gsm(name)


# "hi its derek from park road": typed in lower case, a name is told by where they are from;
# a word that is never a name ("hi its me from the walk", "im back from holiday") is not one.
_LOWER_NAME_FROM = re.compile(
    rf"(?i)^(?:hi|hello|hiya|hey)?[ ,.]*(?:this is|it'?s|its|i'?m|im) {_NAME} "
    rf"(?:from|here from) (?:the |number |no )?\w+")


def name_in(text: str) -> str | None:
    """The name someone gives or corrects to, or None."""
    for pattern in _NAME_PATTERNS:
        match = pattern.search(text.strip())
        if match:
            word = next(g for g in match.groups() if g)
            if word.lower() not in _NOT_NAMES:
                return gsm_name(word[:1].upper() + word[1:])
    match = _LOWER_NAME_FROM.search(text.strip())
    if match and match.group(1).lower() not in _NOT_A_BARE_NAME and \
            match.group(1).lower() not in _COMMON_WORDS:
        return gsm_name(match.group(1)[:1].upper() + match.group(1)[1:])
    return None


def bare_name(text: str) -> str | None:
    """A reply that is only a name ("Dave", "Mohammed Iqbal", "mrs j thompson"), or None."""
    words = text.strip(" .!,x").split()
    if not 1 <= len(words) <= 3 or any(not re.fullmatch(r"[A-Za-z\u00c0-\u024f'.-]+", w)
                                       for w in words):
        return None
    if _HONORIFIC.match(" ".join(words)):
        return " ".join(w[:1].upper() + w[1:] for w in words)
    if any(normalise(w) in _NOT_A_BARE_NAME for w in words) or \
            normalise(" ".join(words)) in _NOT_A_BARE_NAME:
        return None
    if len(words) > 1 and not all(w[:1].isupper() for w in words):
        return None  # "go on then", "not sure" are not names; "Sandra Hughes" is
    return gsm_name(" ".join(w[:1].upper() + w[1:] for w in words))


def read_reply(text: str) -> Reply:
    """The kind of a reply to an invitation (or to the questions after it)."""
    norm = plain_words(text)
    name = name_in(text)
    if name:
        return Reply("invite_name", name)
    if _OTHER_PERSON.search(norm) and not _LATER_FIRST.search(norm):
        return Reply("invite_other_person")
    if _TRUST.search(norm) and not re.search(r"\bif (its|it is) (really|genuine|real)\b", norm):
        return Reply("invite_trust")
    if _LATER.search(norm) and not re.search(
            r"\b(stop|(dont|do not|never|please dont) (text|contact|message|ask|invite))\b", norm):
        return Reply("invite_later")
    if _OTHER_PERSON_MAYBE.search(norm):
        return Reply("invite_other_person")
    unpadded = re.sub(r"^((maybe|ok|okay|so|and|but|well|hmm|right|sorry|also|just)\b[ ,]*)+",
                      "", norm)
    questioning = "?" in text or bool(_QUESTION_SHAPE.match(unpadded))
    polite_no = bool(_POLITE_NO.search(norm)) and not _SAYS_YES.search(norm)
    no = (bool(_NO.search(norm)) or polite_no) and not _NOT_A_NO.match(norm)
    if _START.search(norm) and questioning and not no:
        return Reply("invite_question", topic="start")
    if _PAID.search(norm) and (questioning or not no):
        return Reply("invite_question", topic="paid")
    if _CHECKS.search(norm) and (questioning or not no):
        return Reply("invite_question", topic="checks")
    if _ABLE.search(norm) and (questioning or re.search(r"\b(is|am) (that|it|this|i)\b", norm)):
        return Reply("invite_question", topic="able")
    if _HOURS.search(norm) and (questioning or re.search(r"\b(how|i work)\b", norm)):
        return Reply("invite_question", topic="hours")
    if _QUESTION.search(norm) and not no:
        return Reply("invite_question", topic="general")
    if no:
        return Reply("invite_no")
    if _FAREWELL.search(norm) and not _SAYS_YES.search(norm):
        return Reply(None)  # "ok thank you, bye for now": a goodbye, the invitation stands
    if _YES.search(norm):
        return Reply("invite_yes")
    if questioning and len(norm.split()) >= 2:
        return Reply("invite_question", topic="other")
    return Reply(None)
