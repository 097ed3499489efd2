"""A past crisis, now safe, told with a request (round 21).

"i used to think about ending it a few years ago but the meds really helped, im doing great
now. can i come off citalopram", "last year i tried to hang myself, im doing ok now, can i
book my review": the crisis words are history and the person says they are well now. Help
numbers sent for that are a false alarm, and one that tells them the practice did not read.

This is a veto over every layer (patterns, concepts, classifier) for the texter's own
suicide, self-harm, overdose or a past abuser, and it is narrow on purpose. It holds only
when the message has all three of:

- a time that is plainly past: years ago, "last year", "years back", "used to", "when i was
  younger", "as a teenager", "back in 2019";
- the person saying they are well or safe now: "im doing great now", "im well now", "all good
  now", "im safe now", "the meds really helped", "havent felt like that in years";

and none of the signs that the wish, the plan or the danger is here now: "still", "again",
"tonight", "today", "right now", "lately", "these days", thoughts "back" or "creeping back",
"relapse", urges, struggling or not coping, a wish or a plan in the present tense ("want to
die", "thinking about doing it"), a means got ready ("tablets saved up", "the rope"), a
farewell, fear, or an abuser who keeps coming back. Sexual assault is never vetoed (recent or
long ago, it gets its help), nor someone else's crisis, nor any medical emergency but an
overdose.
"""

from __future__ import annotations

import re

from flows import safety

_PAST = re.compile(
    r"\b(?:(?:a |few |a few |couple of |a couple of |some |many |[0-9]+ |two |three |four |five |"
    r"six |ten |twenty )?(?:years?|yrs?) (?:ago|back|before)|last year|year before last|used to|"
    r"when i was (?:younger|a teen\w*|a kid|at uni|at school|in my (?:teens|twenties|20s)|[0-9]+)|"
    r"as a teen\w*|in my (?:teens|twenties|20s)|back in (?:(?:19|20)[0-9]{2}|the day|my \w+)|"
    r"in (?:19|20)[0-9]{2}|a long time ago|long ago|ages ago|a while back|in the past)\b")
_NOT = r"(?<!not )(?<!never )(?<!isnt )(?<!wasnt )(?<!arent )"
_SAFE_NOW = re.compile(
    rf"\b(?:{_NOT}(?:im|i am|i m|doing|feeling|feel|been|things are|life is|all) (?:really |much |so |"
    rf"a lot |loads |way |pretty |very )?(?:well|ok|okay|fine|good|great|better|safe|stable|happy|"
    rf"settled)(?: again)? now|{_NOT}(?:im|i am) (?:in a )?(?:good|better|much better|safe) "
    rf"(?:place|space) now|{_NOT}(?:all|its all) good now|(?:really|they|it|that|therapy|the meds|the "
    rf"tablets|counselling|treatment) (?:\w+ )?(?:really )?helped|(?:im|i am) (?:now )?(?:safe|well|"
    rf"fine|ok|okay) (?:now )?(?:with|and|since)|havent (?:felt|been|thought|done|had) (?:like )?"
    rf"(?:that|it|those|this|anything like that)(?: \w+)? (?:since|in|for) (?:years|ages|a long time)|"
    rf"(?:long|well) behind me|in recovery|recovered)\b")
_HERE_NOW = re.compile(
    r"\b(?:still|again|anymore|any more|tonight|today|tomorrow|right now|at the moment|atm|lately|"
    r"recently|these days|this week|this month|since (?:yesterday|last night|the weekend)|"
    r"(?:its|theyre|they are|thoughts are|feelings are|it is|urges are) (?:\w+ )?back|(?:coming|"
    r"came|creeping|crept|come) back|relaps\w*|urges?|struggling|not coping|cant cope|worse|"
    r"(?<!used to )(?:want|wanna|wanting|wanted|feel like|thinking (?:about|of)|plan\w*|going to|gonna) "
    r"(?:to )?(?:\w+ )?(?:die|dying|end|ending|kill|killing|hurt|hurting|cut|cutting|harm|harming|"
    r"jump|do it|doing it|go through with|not be here|not wake|disappear)|ready|saved up|saving|"
    r"saved|collecting|collected|counting|counted|buying|bought|gathering|gathered|kept back|keeping "
    r"(?:them|my \w+)|(?:have|got|ive got|i have) (?:\w+ )?(?:tablets|pills|paracetamol|a rope|blades?|"
    r"razors?)|stockpil\w*|stash\w*|hoard\w*|lined up|rope|noose|ligature|blade|razor|goodbye|bye|sorry "
    r"for everything|last (?:message|text)|scared|afraid|frightened|terrified|worried|panick\w*|"
    r"keeps|turned up|turns up|following|follows|found me|threaten\w*|texting me|messaging me|"
    r"watching me|no point|hopeless|cant go on|cant do this|had enough|burden)\b")
_OVERDOSE = re.compile(r"\b(?:overdose\w*|od|oded|overdosed|attempt\w*|tried to|took (?:all|a load|"
                       r"loads|too many|[0-9]+))\b")
_VETOED_KINDS = ("suicide", "self-harm", "domestic-abuse")

# Round 22 (the twenty-ninth and thirtieth sets' false alarms): pasts told in other words.
# A past: "its been a year since i tried", "went through a dark time", "a self harm phase".
_PAST_22 = re.compile(
    r"\b(?:(?:its|it s|it has|its now) been (?:a|one|two|three|four|five|six|ten|over a|over|nearly|"
    r"almost|more than a|[0-9]+) (?:\w+ )?(?:years?|yrs?) since|(?:a|one|two|three|four|five|six|ten|"
    r"[0-9]+) (?:years?|yrs?) since (?:i|my)|(?:went|been|gone|came|come) through (?:a|my|her|his|"
    r"that|this) (?:\w+ ){0,2}(?:time|patch|spell|period|phase|stage)|had (?:a|my) (?:really )?(?:dark|"
    r"bad|rough|tough|difficult|hard|low) (?:time|patch|spell|period|phase)|(?:a|her|his|my) (?:self "
    r"harm|self harming|cutting|suicidal) (?:phase|stage|period|patch)|(?:dead|gone|passed away|"
    r"died) (?:for )?(?:[0-9]+|a few|many|two|three|five|ten|fifteen|twenty|thirty) (?:years|yrs)|"
    r"at the time(?: of)?)\b")
# Well now, in other words: "through the other side now", "and doing well", "doing brilliantly".
_SAFE_22 = re.compile(
    rf"\b(?:(?:through|out|out of) the other side|{_NOT}feeling (?:really |so |very |much )?(?:good|great|"
    rf"well|much better|loads better)|came out the other side|{_NOT}(?:im|i am|and|am|"
    rf"been|shes|hes|she is|he is|is|theyre|they are) doing (?:really |so |very |much |)?(?:well|great|"
    rf"brilliantly|brilliant|amazing|amazingly|fine|good)|{_NOT}(?:im|i am|i m) (?:fine|ok|okay|"
    rf"alright)(?: now)? (?:i )?just (?:want|wanted|need|needed|wanna)|(?:scar|scars) (?:treatment|"
    rf"removal|camouflage|revision|cream|laser|cover up|covering)|(?:laser|treatment|cream|tattoo) "
    rf"(?:\w+ ){{0,2}}(?:to |that can |which can |could |can )?(?:fade|lighten|remove|cover) (?:them|the "
    rf"scars|my scars|the marks)|(?:taken|removed|wiped) (?:off|"
    rf"from) my (?:record|records|notes)|off my (?:record|records|notes)|been fine since|fine ever "
    rf"since)\b")
# An abuser who has died: the danger is over.
_ABUSER_DEAD = re.compile(r"\b(?:he|she|they)(?: has| have| s|s)? (?:been |is |was )?(?:dead|passed away|"
                          r"died)\b")
# Ages: "when i was 16 ... im 45 now", "at 14, shes 18 now".
_AGE_THEN = re.compile(r"\b(?:(?:when (?:i|she|he|they) (?:was|were)|at|aged|at the age of) |in (?:my|her|"
                       r"his|their) (?:early |mid |late )?)([0-9]{1,2})s?\b")
_AGE_NOW = re.compile(r"\b(?:im|i am|i m|shes|she is|hes|he is|theyre|they are) (?:now )?([0-9]{1,2})"
                      r"(?: now| years old now| yrs old now)\b")
# Words that only look like signs of now: scars that are still visible, "still here and doing
# well", a wish to die "at the time".
_NOT_NOW_22 = re.compile(
    r"\b(?:scars?|marks?)\b(?: \w+){0,5} still (?:\w+ )?(?:noticeable|visible|there|obvious|red|"
    r"raised|showing|show|itchy|itch)\b|\bstill here and (?:doing|feeling)\b|\b(?:service|group|clinic|"
    r"counselling|counseling|class|course|team|drop in|it)s? (?:\w+ )?still (?:runs?|running|on|open|"
    r"going|available|exists?|there|taking|accept\w*)\b|\bwanted to (?:\w+ )?"
    r"(?:die|end it|end (?:his|her|my) life|kill (?:him|her|my) ?self) at the time\b")


def _years_between(norm: str) -> int:
    """How many years lie between an age then and an age now in the message (0 if none)."""
    then = [int(m.group(1)) for m in _AGE_THEN.finditer(norm)]
    now = [int(m.group(1)) for m in _AGE_NOW.finditer(norm)]
    if not then or not now:
        return 0
    return max(now) - min(then)


def past_and_safe(kind: str, text: str) -> bool:
    """The crisis heard is the texter's own and in the past, and they say they are well now."""
    if kind not in _VETOED_KINDS and kind != "medical":
        return False
    norm = safety.normalise(text)
    if kind == "medical" and not _OVERDOSE.search(norm):
        return False
    gap = _years_between(norm)
    past = _PAST.search(norm) or _PAST_22.search(norm) or gap > 0
    safe = (_SAFE_NOW.search(norm) or _SAFE_22.search(norm) or gap >= 5
            or (kind == "domestic-abuse" and _ABUSER_DEAD.search(norm)))
    return bool(past and safe and not _HERE_NOW.search(_NOT_NOW_22.sub(" ", norm)))
