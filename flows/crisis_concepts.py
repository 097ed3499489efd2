"""The concept layer of crisis detection: warning signs that only mean risk together.

People rarely name a crisis in the words a pattern expects. They name the pieces: a means
("my insulin pens", "the bbq coals in the bedroom"), an intent or a plan ("thinking of using
all of them at once", "ive made my mind up"), a farewell or putting affairs in order ("sorted
my will and rehomed the dog"), hopelessness or being a burden ("theres no way out"), a time
("tonights the night"). Each piece alone is ordinary; together they are the warning signs
that suicide-prevention training teaches. This layer finds each concept with a small
reviewed regex and fires when a rule's concepts meet in one sentence or two neighbouring
ones. Because the concepts combine freely, "i have a stockpile now, thinking of finishing it"
and "ive saved my nans old tablets, i know how many i need" are caught by the same rule
without either being written down anywhere.

Vetoes work sentence by sentence: an accident ("cut my hand chopping onions"), a benign
reason to be away ("wont be around, were in spain till march"), or a crisis long past
("had chest pains last year but its all sorted") removes the concepts it explains from
that sentence only, so a real crisis elsewhere in the message still counts.
Text-speak and a few misspelt key words are repaired first (rapidfuzz, edit distance 1-2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from flows import safety

# Text-speak and phonetic spellings, word by word, into the words the concepts use.
_TXT = {
    "thinkin": "thinking", "finkin": "thinking", "bout": "about", "abt": "about",
    "gna": "gonna", "gunna": "gonna", "goin": "going", "2nite": "tonight", "tonite": "tonight",
    "2night": "tonight", "tnight": "tonight", "nite": "night", "tmrw": "tomorrow",
    "tmoz": "tomorrow", "2moro": "tomorrow", "2morrow": "tomorrow", "tomoz": "tomorrow",
    "rn": "right now", "u": "you", "ur": "your", "n": "and", "wen": "when", "wiv": "with",
    "every1": "everyone", "evry1": "everyone", "evryone": "everyone", "ppl": "people",
    "smth": "something", "sumthin": "something", "summat": "something", "cnt": "cant",
    "carnt": "cant", "cudnt": "couldnt", "tabs": "tablets", "wanna": "want to",
    "wana": "want to", "bin": "been", "b": "be", "2": "to", "da": "the",
    "dat": "that", "nuffin": "nothing", "nothin": "nothing", "noone": "no one",
    "sh": "self harm", "shd": "self harmed", "kms": "kill myself", "unalive": "kill",
    "unaliving": "killing", "meself": "myself", "myslef": "myself", "bf": "boyfriend",
    "gf": "girlfriend", "cos": "because", "coz": "because", "cuz": "because",
    # Scots, Geordie and Scouse spellings (round 2b).
    "tae": "to", "cannae": "cant", "canna": "cant", "canny": "cant", "dinnae": "dont",
    "dinna": "dont", "divvent": "dont", "divvint": "dont", "wisnae": "wasnt", "didnae": "didnt",
    "couldnae": "couldnt", "wouldnae": "wouldnt", "widnae": "wouldnt", "dae": "do",
    "anymare": "anymore", "nae": "no", "masel": "myself", "mysel": "myself", "maself": "myself",
    "ave": "have", "av": "i have", "hame": "home", "wantin": "wanting",
    # Round 4 (seventh set): more dialect and txt spellings of the words the concepts use.
    "mesel": "myself", "mysen": "myself", "intae": "into", "aff": "off", "ower": "over",
    "gan": "go", "goo": "go", "doon": "down", "fae": "from", "wi": "with", "naw": "no",
    "neet": "night", "babby": "baby", "bubba": "baby", "ozzy": "hospital", "marra": "mate",
    "mair": "more", "gonnae": "gonna", "babbys": "baby", "chests": "chest", "fur": "for",
    "ootside": "outside", "agen": "again", "nicht": "night", "noo": "now", "agin": "again", "slef": "self",
}
# Long key words people misspell; repaired when one or two letters off (never short words,
# whose near neighbours are other real words).
_KEY_WORDS = (
    "paracetamol", "overdose", "overdosed", "suicidal", "suicide", "stockpile", "stockpiled",
    "stockpiling", "unconscious", "unresponsive", "tomorrow", "tonight", "everyone",
    "goodbye", "goodbyes", "antidepressants", "diazepam", "strangled", "painkillers",
    "co codamol", "sleeping", "breathing", "seizure",
)
_FUZZY_MIN = 7
# Real words one letter from a key word: never "repaired".
_REAL_NEIGHBOURS = {"leisure", "breeding", "pleading", "sweeping", "steeping", "seizures",
                    "breathin", "tonights", "overdoses", "goodbye"}


# Dropped g's ("thinkin", "walkin") on the verbs the concepts use.
_DROPPED_G = {w[:-1]: w for w in (
    "thinking", "walking", "jumping", "going", "cutting", "taking", "ending", "killing",
    "planning", "hurting", "burning", "saving", "looking", "drinking", "feeling", "trying",
    "stepping", "driving", "hanging", "bleeding", "breathing", "harming", "wanting", "carving",
    "fitting", "shaking", "hitting", "punching", "scratching", "sitting", "standing", "waking", "starving", "finishing",
    "moving", "slicing", "killing", "topping", "knocking", "taking", "smashing", "squeezing",
    "snoring", "breathing", "hiding", "talking", "rubbing")}


def _repair(word: str) -> str:
    if len(word) < _FUZZY_MIN or word in _KEY_WORDS or word in _REAL_NEIGHBOURS:
        return word
    cutoff = 2 if len(word) >= 10 else 1
    found = process.extractOne(word, _KEY_WORDS, scorer=Levenshtein.distance,
                               score_cutoff=cutoff)
    return found[0] if found else word


_REPEATS = re.compile(r"([a-z])\1{2,}")  # "sooooo" -> "soo", "sleeeep" -> "sleep"


def prepare(sentence: str) -> str:
    """One sentence, normalised with idioms cut out, text-speak expanded, key words repaired."""
    norm = _REPEATS.sub(r"\1\1", safety._crisis_text(sentence))
    words = []
    for word in norm.split():
        word = _TXT.get(word, word)
        word = _DROPPED_G.get(word, word)
        words.append(_repair(word))
    return " ".join(words)


_PILLS = (
    r"(?:pills|tablets|tabs|paracetamol|paracetamols|painkillers|pain killers|meds|medication|"
    r"medicine|co codamol|cocodamol|codeine|ibuprofen|aspirin|antidepressants|insulin|"
    r"insulin pens|sleepers|sleeping pills|sleeping tablets|diazepam|tramadol|morphine|"
    r"oramorph|sertraline|citalopram|fluoxetine|amitriptyline|mirtazapine|propranolol|"
    r"zopiclone|pregabalin|gabapentin|lithium|quetiapine|heart tablets|blood pressure tablets)"
)
_OTHER = safety._OTHER
_SELF_BODY = (r"(?:my ?self|(?:my|me|ma) (?:own )?(?:arms?|legs?|wrists?|thighs?|skin|stomach|belly|tummy|body|"
              r"hands?|face|hips?|chest|fists?|knuckles|head|ankles?|fingers?))")
_OTHER_BODY = (r"(?:him ?self|her ?self|them ?selves|(?:his|her|their) (?:arms?|legs?|wrists?|"
               r"thighs?|skin|stomach|body|hands?|face|head|fists?|knuckles))")
_HARM_ACT = (r"(?:cut|cuts|cutting|cutted|burn|burns|burning|burnt|burned|scratch|scratched|"
             r"scratching|scratches|punch|punched|punching|punches|bang|banged|banging|bangs|"
             r"hit|hitting|hits|bite|bit|biting|bites|pick|picked|picking|carve|carved|carving|"
             r"stub|stubbed|stubbing|slice|sliced|slicing|slash|slashed|slashing|hurt|hurting|"
             r"hurts|harm|harming|harms|scald|scalded|scalding|bruise|bruised|bruising|stab|"
             r"stabbing|stabbed|slit|slitting|starve|starving|starved|stuck|stick|sticking|jab|"
             r"jabbed|jabbing)")

# Each concept is one regex over a prepared sentence.
CONCEPTS: dict[str, str] = {
    # ---- suicide: the warning signs ----
    "pills": rf"\b{_PILLS}\b",
    "amount": (
        r"\b(?:all (?:of )?(?:them|my|the|her|his|those|these)|the whole (?:lot|box|packet|"
        r"bottle)|whole (?:box|boxes|packet|packets|bottle|lot|strip)|all at once|at once|"
        r"all of it|stockpile|stockpiled|stockpiling|a stash|my stash|saved up|saving up|been saving|"
        r"hoard|hoarded|hoarding|how many (?:i|it|you|would|do|does|will|to)|enough to|"
        r"should be enough|(?:boxes|packets|strips|bottles) of|a load of|loads of|the lot|"
        r"counting|counted|lined up|(?:theres|there is|thats|think thats|have|got) enough(?: now)?)\b"),
    "lethal_q": (r"\b(?:how many (?:\w+ ){0,3}(?:it takes|does it take|would it take|would kill|to "
                 r"kill|would i need|i need to take|before you die)|how much (?:\w+ ){0,3}(?:would "
                 r"kill|to kill|is lethal|is fatal)|lethal dose|fatal dose)\b"),
    "disposal": (r"\b(?:get rid|dispose|disposal|take (?:them )?back|return|dosette|blister "
                 r"pack|out of date|expired)\b"),
    # A means at hand: ligatures, blades, car fumes, jumping or stepping in front of traffic.
    "means": (
        r"\b(?:rope|noose|ligature|(?:the|a|my|this) knife|(?:the|a|my) blade|(?:the|a) razor|"
        r"plastic bag over|(?:jump|jumping|jumped|step|stepping|stepped|walk|walking|walked|"
        r"throw|throwing|lie|lying|lay) (?:myself )?(?:off|in front of|under|into) (?:a|the) "
        r"(?:bridge|train|trains|roof|cliff|cliffs|building|multi ?storey|car park|balcony|"
        r"pier|flats|sea|river|canal|reservoir|lorry|bus|traffic|motorway|tracks)|"
        r"(?:drive|driving|crash|crashing|swerve|swerving) (?:my car |the car )?(?:into|off|in "
        r"front of) (?:a|the) (?:tree|wall|lorry|truck|bridge|river|cliff)|car running|"
        r"engine running|hose ?pipe (?:\w+ ){0,4}exhaust|(?:go|jump|step|fall) (?:off|over) (?:the|a) (?:\w+ )?bridge|"
        r"(?:lie|lying|lay) (?:down )?on (?:the|a) (?:tracks|railway|line|motorway))\b"),
    # Places people go to die; only with a plan, hopelessness or a farewell.
    "place": (r"\b(?:beachy head|train tracks|railway (?:line|tracks|bridge)|level crossing|"
              r"multi ?storey|top of the (?:car park|flats|building|bridge)|(?:off|on|at|over) the "
              r"(?:\w+ )?bridge\b(?! (?:club|group|players|night|evening|afternoon))|(?:walk|going|went|sat|"
              r"sitting|stood|standing) (?:\w+ ){0,3}by the (?:canal|river|docks|cliffs?|railway|tracks))"),
    # Round 21: at the top or edge of a high place now ("im at the top of the cliffs at the
    # country park now"); only with a farewell, thanks for trying or despair (a walk vetoes).
    "high_now": (r"^(?!.*\b(?:walk|walking|hike|hiking|climb|climbing|view|views|photos?|picnic|"
                 r"holiday|trip|signal|reception|ring (?:you )?later|call (?:you )?(?:back|later)|dog|"
                 r"sunset|sunrise|lovely day|geocach\w*|run|running|cycle|cycling|bike)\b).*\b(?:im|i am|i m|"
                 r"sat|sitting|stood|standing|here) (?:\w+ )?(?:at|on|by) the (?:very )?(?:top|edge) of (?:the )?"
                 r"(?:\w+ ){0,3}(?:cliffs?|bridge|multi ?storey|car park|tower|building|flats|quarry|viaduct|"
                 r"dam|pier|crags?|gorge|block)\b"),
    "strong_means": (
        r"\b(?:(?:coals|charcoal|bbq|barbecue) in (?:the|my) (?:bedroom|room|car|tent|flat)|"
        r"batteries out (?:of )?the smoke alarm|(?:car|engine) (?:is )?(?:running|on) in the "
        r"garage|garage with the (?:engine|car) (?:on|running)|(?:put|turned|left) the gas on (?:\w+ ){0,2}"
        r"(?:shut|closed|sealed) (?:the |all the )?(?:windows|doors)|gas on (?:and|with) (?:the )?"
        r"(?:windows|doors) (?:shut|closed)|wrong side of the (?:railings|railing|barrier|fence|"
        r"rail)|hose ?pipe (?:\w+ ){0,4}(?:for|on|to|into) the exhaust|exit bag|(?:lie|lying|lay) (?:down )?on the (?:tracks|railway line)|(?:the )?helium (?:came|arrived|tank|canister|bag|hood)|whoever finds me|"
        r"the (?:person|one) who finds me|next time i (?:wont|will not) (?:mess|screw|muck|fail)|"
        r"(?:wont|will not) (?:be )?need(?:ing)? (?:\w+ ){0,3}where im going|"
        # Round 17: voices that command an act.
        r"voices? (?:\w+ ){0,3}(?:say|says|saying|tell|telling|told|keep telling|want|keep saying) "
        r"(?:me )?(?:to )?(?:go in|get in|walk in|jump|do it|die|end it|drown|step out|step off|"
        r"walk into))\b"),
    "plan": (
        r"\b(?:keep (?:looking|staring) at|(?:looking|staring) at the (?:beam|banister|loft|hook|"
        r"tree|rafters)|thinking (?:of|about)|think about|thought about|planning|plan|plans|planned|"
        # Round 17: the how and the when both settled ("worked out exactly how and when").
        r"(?:how and when|when and how)(?! (?:to|you|i should|we|is|does|do|it|my|the)\b)|"
        r"the plan|decided|made my mind up|mind is made up|courage|nerve|tempted|urge|urges|"
        r"researching|looking up|looked up|googling|googled|how long (?:it takes|does it "
        r"take|would it take)|how many i need|how many it takes|quickest|painless|keep "
        r"picturing|cant stop thinking|all i think about|considering|havent used (?:it|them) yet|"
        r"not used (?:it|them) yet|(?:staring|stared|looking) (?:at|into) the (?:water|river|sea|drop)|"
        r"made my decision|ive decided(?! (?:to|on|what|which|that|against))|at peace with (?:it|my "
        r"decision|dying))\b"),
    # Round 17: only the courage missing ("just need the nerve"), not for a hard phone call.
    "nerve": (r"\b(?:just |only )?(?:need|needs|waiting for|build up|building up|work up|working up|"
              r"get up|getting up|lack|lacking|havent got|dont have|find|finding) (?:the )?(?:nerve|"
              r"courage|guts|bottle|balls)\b(?! to (?:ask|tell|speak|call|ring|phone|go to (?:the )?"
              r"(?:doctor|gp|dentist|surgery)|book|see|complain|say|talk|apply|leave (?:him|her)|go out))"),
    "intent": r"\b(?:going to|gonna|about to|ready to|want to|might|intend to|intending to|i intend)\b",
    "act": (
        r"\b(?:go through with (?:it|this)|finish(?:ing)? (?:it|things|myself|everything)"
        r"(?! (?:off|by|for|later|today|at|on|tomorrow|this|in|first))|"
        r"end(?:ing)? (?:it|things|everything|myself)(?! (?:with|between|off))|"
        r"only one way|except one|only way out|how (?:i|id|to|i would|i will|i could|i might) "
        r"do it|tonights the night|(?:tonight|today|tomorrow|this weekend) is (?:it|the night|the day)|"
        r"take (?:us|me) (?:both )?out|taking (?:us|me) (?:both )?out|"
        r"disappear (?:forever|for good|properly)|sleep forever|not wake|never wake|stop "
        r"existing|not exist|not be alive|off(?:ed|ing)? myself|do myself in|kill myself|"
        r"killing myself|take my life|end my life|be dead|be gone|wont be (?:around|here)|"
        r"stop living|(?:tonight|today|now) feels right|(?:not|never|no) (?:come|coming) back up|"
        r"(?:dont|not|no) (?:want|wanting|wanna) (?:to )?be (?:here|alive|around) (?:anymore|any more|"
        r"no more)|"
        # Round 2: going off somewhere and not coming back.
        r"(?:take|taking|took) myself off (?:\w+ ){0,3}(?:and )?(?:not|never) (?:come|coming) back|"
        r"somewhere (?:\w+ ){0,2}(?:and )?(?:not|never) (?:come|coming) back|"
        # Round 17: the way worked out, said bare ("ive worked out exactly how, just need ...").
        r"(?:worked out|figured out|planned out|decided|sorted out) (?:exactly |just |precisely )?"
        r"how(?: (?:ill|i will|id|to) (?:do it|go|end it|end things))?(?= (?:just|and|so|now|but|"
        r"all)\b|$))\b"),
    "join_dead": (r"\bjoin(?:ing)? (?:them|him|her|my \w+)\b(?! (?:at|for|in|on|to|with))|"
                  r"\btime (?:i|to|that i) (?:join|joined|be with|was with) (?:him|her|them)\b|"
                  r"\b(?:want|wanna|wish i could|long|need) to be with (?:him|her|them|my \w+) "
                  r"again\b|\bgo to (?:him|her|them) sooner\b"),
    # A life policy's suicide exclusion running out is a known warning sign.
    "policy": (r"\blife (?:insurance|policy|cover) (?:\w+ ){0,3}(?:pays? out|paid out|will pay|"
               r"suicide)\b(?=.*\b(?:its been|it has been|now so|now its|is up)\b)"),
    "bereaved": r"\b(?:lost|died|passed|gone|since (?:he|she|they)|heaven|grave|late)\b",
    "ways": (r"\b(?:(?:quickest|easiest|painless|best|surest|fastest) ways\b(?! to (?:get|make|"
             r"save|lose|find|cook|travel|meet|help))|researching ways|(?:ways|methods) to "
             r"(?:go|do it|die|end it))"),
    # Farewells and putting affairs in order: one alone is often ordinary, two are not.
    "strong_final": (
        r"\b(?:affairs in order|said (?:my )?goodbyes|(?:my|this is my) last (?:message|text)|"
        r"last time (?:you|youll|anyone) (?:will )?hear from me|cant see myself (?:being )?"
        r"(?:here|around|alive)|(?:not sure|dont think|doubt) (?:ill|i will|id) (?:still )?be "
        r"(?:around|here|alive)|wont be (?:around|here) to \w+|wont be (?:around|here) "
        r"(?:much longer|for long|anymore|any more)|(?:not|wont|never) (?:gonna |going to |gna )?be "
        r"(?:here|around) (?:for|at|by) (?:xmas|christmas|new year|my birthday|easter)|logging off for "
        r"good|thanks for nothing everyone|dont see myself (?:being )?(?:here|around) (?:much longer|"
        r"for long)|tell (?:my|her|his) \w+ i loved (?:her|him|them)|"
        # Round 17: being gone before help comes (a trip in the sentence vetoes it).
        r"(?:ill|i will|id|i might|i may) (?:probably |likely |already |long )?be (?:gone|long gone|"
        r"not here|not around) (?:long )?(?:before|by the time) (?:\w+ ){0,6}(?:list|waiting list|"
        r"appointment|appt|my turn|referral|gets to me|gets round to me|sees me|i get seen|comes "
        r"through)|by the time (?:\w+ ){0,6}(?:gets to me|comes through|gets round to me) (?:ill|i will) "
        r"(?:be )?(?:gone|long gone)|"
        r"(?:list|appointment|appt|referral|my turn|counsell?or|therapist|mental health|nurse|doctor)"
        r"\b.*\b(?:ill|i will|id) (?:probably |likely |already |long )?be (?:gone|long gone) (?:long )?"
        r"(?:before|by) (?:then|that|it|they (?:ring|call|see me|get to me)))\b"),
    "farewell": (
        r"\b(?:wont (?:be )?needing|wont need (?:it|them|the|my|any|anything|this|that) "
        r"(?:any ?more|after)|goodbye(?! (?:for now|see|till|until|then))|if (?:this|it) (?:gets|reaches) (?:to )?you|or any (?:after|after that|more after)|tell (?:my|her|his) \w+ i lov\w*|no longer be a "
        r"(?:problem|burden)|wont be missed|sorry for everything)\b"),
    "affairs": (
        r"\b(?:made (?:my|all the|the) arrangements|see to the house|want (?:it|everything) tidy|paid off "
        r"(?:the|my) (?:catalogue|debts?|loan|cards?)|gave (?:the|my) (?:dog|cat|pets?) to|wrote (?:a |the |"
        r"some )?(?:note|notes|letters?)|(?:sorted|written|done|made|finished) (?:out )?my will|my will (?:is )?(?:sorted|"
        r"done|written)|rehomed (?:the|my) (?:dog|cat|pets?)|found (?:a )?(?:new )?home for (?:the|"
        r"my) (?:dog|cat|pets?)|giv(?:e|ing|en) (?:all )?(?:my |of my )?(?:stuff|things|"
        r"belongings|possessions) away|gave (?:all )?(?:my )?(?:stuff|things) away|letters? "
        r"(?:for|to) (?:the kids|my kids|everyone|my family)|written (?:a |the |some )?(?:note|"
        r"notes|letters)|left a note|sorted (?:the|my) (?:dog|cat|pets?) out|sorted out (?:the|my) "
        r"(?:dog|cat|pets?))\b"),
    # Round 20: thanks for trying, with a goodbye ("goodbye. thanks for trying").
    "thanks_all": (r"\b(?:(?:thanks|thank you|thank u|ty) (?:\w+ )?for (?:everything|trying|all you "
                   r"(?:tried|did|have done|ve done)|putting up with me)|you "
                   r"(?:tried|did) (?:your|ur) best|you did (?:all|everything) you could|(?:its|it is|this "
                   r"is) not your fault|nothing (?:more )?(?:anyone|you) could (?:have )?(?:done|do))\b"),
    "hopeless": (
        r"\b(?:no point|whats the point|what is the point|no way out|no other way|better off|"
        r"burden|cant go on|cant carry on|had enough|cant take (?:it|any more|anymore)|cant do "
        r"this|nothing left|no future|no hope|hopeless|give up on (?:life|everything)|done with "
        r"(?:it all|everything|life|living)|tired of (?:fighting|everything|it all|living|being "
        r"alive)|no reason not to|no one would|nobody would|waste of space|dont deserve to|"
        r"dont care anymore|nothing to live for|hate my life|no reason to (?:carry on|go on|keep "
        r"going|live|be here)|(?:not|stopped being) (?:scared|afraid) of dying|cant cope no more|"
        r"cant see a way (?:through|out)|last one for me|made my mind up about (?:the weekend|tonight|"
        r"tomorrow|it)|done with it all|(?:feels?|feeling|i feel) (?:so )?calm now|cant do "
        r"another day|(?:im|i am) (?:actually |just )?finished|(?:finished|done|over) and so am i|"
        # Round 17: the world going on as well or better without them.
        r"(?:world|everyone|everybody|they|family|kids|people) (?:\w+ ){0,4}(?:fine|better|happier|"
        r"carry on|go on|keep (?:spinning|going|turning)) (?:\w+ ){0,1}without me(?: in it| around| here)?)\b"),
    "soon": (r"\b(?:tonight|today|tomorrow|this weekend|by (?:xmas|christmas|friday|the weekend|"
             r"monday|next week|the end of)|soon|right now)\b"),
    "confide": (r"\b(?:just (?:wanted|want|needed) (?:to tell|someone to know|to say|you to know)|"
                r"just letting (?:someone|you|somebody) know|"
                r"just so you know|dont know why im (?:texting|telling|messaging)|not sure "
                r"(?:why|what else)|i know i shouldnt)\b"),
    "unsafe": (
        r"\b(?:keep myself safe|not safe (?:from|with|around) myself|dont trust myself|scared of "
        r"what i (?:might|will|could|ll) do|scared ill do something|(?:not going to|not gonna|"
        r"wont|dont think ill|dont think i will|dont think i can) (?:make it|last|survive|get) "
        r"(?:through|to) (?:the night|tonight|tomorrow|the morning|morning))\b"),
    # ---- self-harm ----
    "harm_self": rf"\b{_HARM_ACT} (?:\w+ ){{0,3}}{_SELF_BODY}\b",
    "harm_wall": (r"\b(?:punch|punching|punched|punches|bang|banging|banged|hit|hitting|head ?butt"
                  r"\w*) (?:the )?walls?\b"),
    "harm_other": rf"\b{_HARM_ACT} (?:\w+ ){{0,2}}{_OTHER_BODY}\b",
    "harm_purpose": (
        r"\b(?:on purpose|deliberately|to hurt|(?<!normal )(?<!usual )(?<!common )(?<!ok )to feel|feel something|feel anything|feel pain|"
        r"deserve|punish|punishment|when it gets (?:too much|bad|hard)|when im (?:angry|upset|"
        r"sad|stressed|low)|to cope|calm (?:me )?down|it helps|helps me|the only (?:thing|way)|"
        r"relapse|relapsed|urges?|scars?|new ones|(?:months|weeks|days|years) clean|(?:til|till|until) (?:it|they|i|my \w+) "
        r"(?:bleeds?|bleed|breaks?|break|bruises?|bled)|raw|so (?:no one|nobody) (?:knows|sees|"
        r"finds out|can see)|dont want (?:my|anyone|them|her|him) (?:\w+ )?to (?:find|know|see)|"
        r"hide|hiding|make (?:the|that) (?:feeling|pain|thoughts?) (?:go away|stop)|make it (?:stop|"
        r"go away)|long sleeves|cover (?:them|it|my arms|my legs) up|take it out on myself|without "
        r"telling (?:my|anyone|them)|(?:please|pls|plz) dont tell|dont tell (?:my|anyone|them|school)|"
        r"how deep|too deep|go deeper|when i (?:am|get|feel) (?:stress|stressed|angry|upset|sad|low|"
        r"overwhelmed)|(?:til|till|until) (?:it|they) (?:goes?|go|turns?) (?:purple|red|black|blue|"
        r"numb)|only thing that works|so they never heal|to get through (?:the (?:night|day)|it|today|tonight)|"
        # Round 17: harm when the voices are loud or to quiet them.
        r"(?:when|while|because|cos|till|until) (?:the )?voices (?:\w+ ){0,2}(?:get|are|start|come|go|"
        r"tell|say|stop)|(?:shut|quiet|drown out|silence) (?:up )?(?:the )?voices|voices (?:tell|told|"
        r"telling|say|said) me)\b"),
    # Round 2: one's own marks, and a bare "cut" with an urge or a time ("gna cut 2nite").
    "own_marks": (r"\b(?:my|me|ma) (?:arms?|legs?|wrists?|thighs?|stomach|belly|body|skin|hips?) "
                  r"(?:are |is )?(?:(?:covered in|full of|all|covered with) (?:\w+ )?(?:cuts|scars|burns|"
                  r"marks|scratches)|(?:a )?mess|cut up|in a state)\b"),
    "cut_urge": (r"\b(?:gonna|going to|want to|need to|urge to|urges to|about to|might|will) cut\b"
                 r"(?! (?:down|back|out|off|up|in|through|across|the|a|an|some|his|her|their|it|costs|"
                 r"corners|class|ties|loose|short|and|my (?:hair|fringe|nails|hours|losses|grass|hedge)"
                 r")\b)"),
    "sh_named": r"\bself (?:harm(?:ing|ed|er)?|injur(?:e|es|ed|ing|y))\b",
    # Round 4: "i cut" said of oneself, marks on one's own body, burning or reopening wounds.
    "cut_self": (r"\b(?:i cut|i cutted|ive cut|ive been cutting|i been cutting|i keep cutting|i started "
                 r"cutting|cutting again|cut again|my cuts|the cuts|these cuts|cuts going)\b(?! (?:my (?:hair|fringe|nails|"
                 r"finger|thumb|hand)|the|back|down|out|off|up|it|some|a|an|corners|costs|short|loose|"
                 r"ties|through|across|in|his|her)\b)"),
    "marks_on_me": (r"\b(?:marks|cuts|lines|scars|burns|wounds|dressings|plasters|bandages) (?:\w+ ){0,3}(?:on|up|down|across) "
                    r"(?:my|me|ma) (?:arms?|wrists?|stomach|thighs?|legs?|hips?|belly)\b"),
    "fresh": (r"\b(?:fresh|still bleeding|new ones|so (?:mum|my mum|dad|my dad|no one|nobody|they|"
              r"she|he) (?:wont|cant|doesnt|dont) see|this time|doing it again|started again)\b"),
    "burn_tool": (r"\b(?:lighter|hot iron|the iron|cigarettes?|hot (?:knife|spoon|metal)|ice and "
                  r"salt|hair straighteners) (?:\w+ ){0,4}(?:on|to|against) (?:my|me|ma|the back of my) "
                  r"(?:arm|arms|skin|hand|hands|leg|legs|wrist|wrists|stomach|thigh|thighs|ankles?|feet|"
                  r"foot|shoulders?|neck)\b"),
    "reopen": (r"\b(?:open|opening|reopen|reopening|pick|picking|pull|pulling) (?:\w+ ){0,3}"
               r"(?:wounds|cuts|scabs) (?:back )?(?:up|open)\b|"
               # Round 17: one's own scars or cuts reopened or picked open.
               r"\b(?:my|me|ma) (?:\w+ ){0,2}(?:scars|cuts|wounds) (?:have |are |keep )?(?:reopened|re "
               r"opened|opened up|split open|keep opening)\b|\b(?:picked|picking|pick|dug|digging) "
               r"(?:at )?(?:my|me|ma) (?:\w+ )?(?:scars|cuts|wounds)(?: (?:open|with|till|until))?\b"),
    "cut_word": r"\b(?:cutting|carving|slicing|cut|cuts|slashing)\b",
    "blade_word": r"\b(?:razor|razors|blade|blades|sharpener|compass|scissors|broken glass)\b",
    "harm_weak": (r"\b(?:again|everytime|most nights|(?:its )?come back|back again|a habit|a lot|every (?:night|day|time)|keep|keeps|cant stop|secret|(?:same )?as "
                  r"always|over and over)\b"),
    "new_harm": r"\b(?:(?:did|done|made) (?:some )?(?:new|fresh|more) (?:ones|cuts)|fresh cuts)\b",
    "found_cuts": (r"\b(?:found|seen|saw|noticed) (?:\w+ ){0,2}(?:cuts|scars|burns|marks) "
                   r"(?:\w+ ){0,3}(?:on|over|up) (?:his|her|their)\b"),
    "other_cutting": (r"\b(?:has been|been|is|started|keeps|still) (?:cutting|self harming)\b"
                      r"(?! (?:back|down|out|the|his hair|her hair|hair|grass|hedge|costs|wood|"
                      r"corners|class|up|in|off))"),
    "other": rf"\b{_OTHER}\b",
    "other_gone": r"\b(?:taken|took|gone|went) (?:him|her|them) ?(?:self|selves) off\b|\b(?:gone|went) off with\b",
    "abuse_other": (
        r"\b(?:(?:dad|father|stepdad|step dad|husband|partner|boyfriend|son|lodger|carer|staff|mum|"
        r"brother) (?:\w+ ){0,3}(?:hurts|hits|beats|slaps|punches|kicks) (?:her|him|them)|"
        r"knock(?:s|ing)? (?:her|him|them) about|(?:seen|saw) (?:her|him) (?:slap|hit|punch) (?:him|"
        r"her)|rough with (?:her|him|them)|bruises on (?:her|his|their) (?:arms?|neck|face|legs?)|"
        r"marks on (?:her|his|their) neck|takes (?:his|her) pension|does things to (?:her|him)|"
        r"(?:will|is going to|gonna) kill her one day|(?:on about|talking about|going on about) "
        r"(?:topping|killing|ending|hurting) (?:him|her)self|talking about the bridge again|"
        r"(?:much )?older man (?:\w+ ){0,8}(?:online|presents|gifts|wants to meet)|"
        r"things being thrown|(?:posted|sent|shared) a (?:pic|picture|photo) of a (?:noose|rope|blade)|(?:shes|hes|she is|he is) (?:terrified|scared) of (?:him|her)|"
        r"(?:on|at) the (?:\w+ )?bridge and says (?:hes|shes|he is|she is) (?:going to|gonna))\b"),
    "other_final": (r"\b(?:this is (?:his|her|their) last|(?:his|her|their) last (?:night|day|"
                    r"message)|(?:sitting|sat|is) in the car in the (?:garage|locked)|locked "
                    r"(?:him|her)self in (?:the car|the garage))\b"),
    # ---- medical: the NHS list of when to call 999 ----
    "med_flag": (
        r"\b(?:(?:fit|fitting|seizure|convulsion)\w* (?:\w+ ){0,6}(?:over |more than )?(?:[0-9]+|"
        r"five|ten) (?:mins|minutes)|(?:blood|bleeding) (?:\w+ ){0,4}(?:pumping|spurting|"
        r"squirting|pouring|gushing|pulsing)|(?:pumping|spurting|pouring|gushing) (?:out )?"
        r"blood|boiling (?:water|oil|kettle) (?:\w+ ){0,3}(?:down|over|on)|(?:kettle|pan) of "
        r"boiling|grunting noises|(?:chest|ribs|tummy) (?:is |are )?(?:sucking|pulling) in|"
        r"sucking in (?:under|between|with)|crushing (?:pain|chest)|(?:face|mouth|smile) "
        r"(?:\w+ ){0,3}(?:lopsided|drooping|droopy|dropped)|(?:arm|leg) (?:has )?(?:gone|went) "
        r"(?:dead|numb|floppy|weak)|cant feel one side|(?:words|speech) (?:are |is )?(?:\w+ )"
        r"{0,3}(?:jumbled|slurred|garbled|muddled|coming out wrong)|(?:cannot|cant) lift "
        r"(?:his|her|my) (?:right |left )?arm|(?:vomiting|coughing up|throwing up) (?:\w+ )?"
        r"blood|(?:he|she|hes|shes|baby|dad|mum|nan|grandad|husband|wife|partner|son|daughter|"
        r"friend|they) (?:\w+ ){0,3}(?:not|isnt|wont|is not|arent) (?:moving|responding)|"
        r"(?:baby|he|she|hes|shes|lips|face) (?:\w+ ){0,2}(?:gone|going|turned|turning) (?:blue|grey|"
        r"gray)|(?:blue|grey|gray) and (?:limp|floppy)|(?:limp|floppy) and (?:blue|grey|gray)|"
        r"spots that dont fade|rash that doesnt fade|wont wake properly|cant get my breath|"
        # Round 4: stroke signs in everyday words, a long lie, floppy, the heart attack picture.
        r"(?:speech|talking|words) (?:has |have )?(?:gone|went|is|are) (?:all )?(?:funny|strange|"
        r"weird|wrong|slurry)|cant smile (?:properly )?on one side|one side (?:of (?:his|her|my) "
        r"(?:face|body) )?(?:is |has )?(?:not moving|gone|dropped|drooping|numb|weak)|"
        r"(?:he|she|hes|shes|baby|they) (?:\w+ ){0,3}(?:went|has went) (?:blue|grey|gray)|"
        r"(?:baby|he|she|hes|shes) (?:\w+ ){0,2}(?:gone|is|went|going) (?:all )?floppy|"
        r"(?:lying|lain|been) on (?:the|his|her|my) (?:\w+ )?floor (?:\w+ ){0,4}(?:since|all night|"
        r"for hours|and (?:cant|cannot) get up)|(?:grey|gray|sweaty|clammy) (?:\w+ ){0,6}chest|"
        r"chest (?:\w+ ){0,6}(?:grey|gray|sweaty|clammy)|flashing lights (?:\w+ ){0,8}(?:swelling|"
        r"swollen|puffing up|puffy)|pregnant (?:\w+ ){0,6}(?:flashing lights|blurred vision))\b"),
    "gun": r"\b(?:revolver|gun|shotgun|rifle|pistol|firearm)\b",
    "cant_wake": r"\b(?:cant|cannot|can not|wont) (?:wake|rouse) (?:her|him|them|my \w+)\b",
    "drunk_or_pills": (rf"\b(?:drunk|drinking|alcohol|vodka|wine|{_PILLS[3:-1]}|snoring (?:weird|"
                       r"funny|strange)|weird snoring|breathing (?:funny|weird|strange))\b"),
    "swell": (r"\b(?:face|lips|tongue|throat|mouth|eyes) (?:is |are |has |have |keeps |keep )?"
              r"(?:\w+ )?(?:swelling|swollen|swelled|blowing up|puffing up|closing)\b"),
    "allergy": (r"\b(?:allergy|allergic|epipen|epi pen|sting|stung|nuts?|peanuts?|ate|eaten|"
                r"reaction|hives|cant breathe|cant swallow|breathing)\b"),
    "neck_stiff": r"\bstiff neck\b|\bneck is stiff\b",
    "fever": (r"\b(?<!no )(?<!not )(?<!without )(?<!any )(?:light|temperature|temp|fever|burning up|"
              r"rash|red hot|drowsy|vomiting|being sick)\b"),
    "head_hit": (r"\b(?:banged|hit|bashed|knocked|smacked|cracked) (?:his|her|my|their) head|"
                 r"head injury|fell (?:off|down|from)\b"),
    "head_sign": (r"\b(?:being sick|vomiting|drowsy|sleepy|confused|not making sense|wont wake|"
                  r"blood (?:\w+ ){0,2}(?:from|out of) (?:his|her|my) ear|knocked out|passed "
                  r"out)\b"),
    "sugar": r"\b(?:diabetic|diabetes|insulin|hypo)\b",
    "sugar_sign": (r"\b(?:wont wake|not making sense|collapsed|unconscious|fitting|confused and "
                   r"(?:sweaty|shaky|clammy)|(?:sweaty|shaky|clammy) and (?:confused|drowsy))\b"),
    "took_many": (rf"\b(?:took|taken|had|swallowed|necked|downed) (?:\w+ ){{0,2}}(?:[1-9][0-9]+|"
                  rf"a load of|loads of|a strip of|strips of|a box of|boxes of|a bottle of|half a "
                  rf"bottle of|a handful of|a whole (?:box|packet|bottle|strip) of|all (?:of )?"
                  rf"(?:my|the|his|her)) (?:\w+ ){{0,2}}{_PILLS}\b|\b(?:took|taken|had) (?:my|her|his) "
                  rf"(?:\w+ )?tablets twice\b|\bdouble dose\b"),
    # ---- domestic abuse: control, injuries and fear ----
    "abuse": (
        r"\b(?:takes (?:all )?my (?:wages|money|pay|benefits|pension|card|passport)|controls "
        r"(?:all )?(?:the|my) money|(?:put|installed|fitted) a tracker|tracking (?:my|me)|sends "
        r"me (?:pics|photos|pictures) of my (?:house|door)|pins me (?:down|against)|bruises "
        r"(?:\w+ ){0,3}from where (?:he|she)|tell (?:people|everyone) i fell|(?:he|she|they|hes|"
        r"shes|dad|husband|partner|boyfriend|wife|girlfriend|ex|son) (?:\w+ ){0,2}(?:slapping|"
        r"slaps|slapped|smacking|punching|kicking|battering|hitting) (?:me|us|my mum)|"
        r"(?:hands|hand) round my (?:throat|neck)|strangled me|throttled me|threatened me "
        r"with|not safe at home|abusive relationship|controls everything|controlling (?:me|everything)|"
        r"coercive|scared to go home|afraid to go home|"
        # Round 4: violence in everyday and dialect words, and threats to the family.
        r"battered me|knock(?:s|ing)? me about|gied me a doin|gave me a (?:doing|hiding|beating|"
        r"kicking)|smashing (?:the )?\w+ up|throws? (?:stuff|things|plates|\w+) at (?:me|us|my "
        r"head)|squeezing my neck|(?:burn|torch) the house down|find (?:us|me) and (?:kill|hurt|burn)|"
        r"bruises all (?:down|over) my|hiding the bruises|my fault for winding him up|hurts me when|"
        r"(?:partner|husband|boyfriend|fella|he|hes|she) (?:\w+ ){0,8}(?<!got a )(?<!has a )(?<!had a )"
        r"(?<!gets a )(?<!with a )(?:black eye|split lip|busted lip)|"
        r"(?:went|goes|came) for me with (?:a|the) (?:hammer|knife|bat|bottle|belt|iron)|bruises are on "
        r"my (?:back|ribs|legs|arms|stomach) so (?:nobody|no one|noone) (?:sees|can see)|"
        r"makes me ask (?:his |her )?permission|ask (?:his|her) permission to (?:eat|go|shower|see))\b"),
    # ---- sexual assault: sex without consent ----
    "assault": (
        r"\b(?:put something in my drink|(?:didnt|wouldnt|did not|would not) stop when i "
        r"(?:told|said|asked)|(?:on top of me|having sex with me|had sex with me) (?:\w+ ){0,4}"
        r"(?:asleep|drunk|passed out|too drunk|said no)|too drunk to (?:say|stop|consent)|"
        r"took (?:the|a) condom off|without (?:my )?consent|forced (?:him|her)?self on me|"
        r"woke up (?:\w+ ){0,4}(?:no clothes|clothes off|naked)|"
        # Round 4: spiking, no taken as no, sex while asleep, coercion.
        r"(?:drink|drinks) (?:got |was |were )?spiked|(?:rubbing|rubbed) (?:him|her)self (?:on|"
        r"against) me|if i say no (?:he|she|they) (?:does it|do it|carries on|keeps going) anyway|"
        r"touch(?:ed|es)? me in (?:my |the )?private|(?:has|had|having) sex with me when im asleep|"
        r"(?:wouldnt|would not) take no for an answer|kept going when i was (?:crying|saying no|"
        r"asleep)|pay the rent another way|did it (?:to me )?while i was (?:passed out|asleep|out of "
        r"it)|naked (?:pic|pics|photo|photos|picture|pictures) of me (?:\w+ ){0,12}(?:do stuff|or "
        r"(?:he|she|they)ll)|made me take my (?:top|clothes|shirt) off|abused as (?:a )?(?:kid|kids|child|"
        r"children|boy|girl|teenager)|did (?:something|things|stuff) to me (?:\w+ ){0,8}(?:remember|videos?|"
        r"party|drunk|asleep|passed out)|i froze and (?:couldnt|could not) stop (?:him|her|them))\b"),
    # ---- sexual assault in plain words (round 2): touching or sex, and no consent ----
    "touched_me": r"\b(?:touched|touching|touches|groped|fondled|felt me up|kissed|grabbed) (?:me|my)\b",
    "sex_act": (r"\b(?:sex|slept with me|did stuff|did things|doing stuff|doing things|on top of me|"
                r"inside me|undressed me|took my clothes off)\b"),
    "no_consent": (r"\b(?:(?:didnt|did not|dont|do not) (?:want|agree|consent|say yes)|said no|told "
                   r"(?:him|her|them) (?:to )?stop|against my will|without (?:my )?(?:consent|"
                   r"permission)|i was (?:asleep|too drunk|passed out|out of it)|(?:wouldnt|would not|"
                   r"didnt|did not) let me (?:out|go|leave)|locked the doors?|held me down|pinned me|"
                   r"(?:wouldnt|would not|didnt) (?:unlock|open) the (?:doors?|car))\b"),
    "sa_attack": r"\b(?:attacked|assaulted|jumped on|dragged|grabbed)\b",
    "sa_sign": (r"\b(?:(?:didnt|did not|wouldnt) (?:use|wear) (?:anything|a condom|protection)|morning "
                r"after pill|emergency contraception|sti test|std test|pregnancy test|sexual health "
                r"clinic|"
                # Round 17: being touched or examined since an attack.
                r"smear|smear test|cervical screening|coil fitting|intimate (?:exam|examination)|"
                r"(?:cant|cannot|couldnt) (?:have|let|bear|stand) (?:anyone|anybody|a man|men|people) "
                r"touch(?:ing)? me)\b"),
    # ---- vetoes ----
    "accident": (r"\b(?:by accident|accidentally|on (?:a|the) (?:glass|knife|nail|tin|fence|door|"
                 r"oven)|tripped|slipped|fell over)\b"),
    "away": (r"\b(?:holiday|away|abroad|working|moving|visiting|on the (?:ferry|train|plane|coach|boat) to|flying (?:to|out|home)|cruise|off on|having my \w+ done|"
             r"operation|next few (?:weeks|days|months)|moving to|back (?:on|in)|until|till|next "
             r"(?:week|month)|in hospital|staying with|for a (?:week|few|couple)|because|on "
             r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|see you|speak soon|talk "
             r"soon)\b"),
    # Round 17: an injury from sport, a jab or injection named as such, a near miss or a small mark.
    "sport": (r"\b(?:playing|sparring|at) (?:\w+ )?(?:rugby|football|footy|hockey|netball|boxing|karate|"
              r"judo|kickboxing|mma|cricket|squash|basketball|lacrosse|wrestling) ?(?:training|match|"
              r"practice)?\b"),
    "procedure": (r"\b(?:the|my|a|his|her|their|this|that|flu|covid|hpv|b12|tetanus|booster|hep b) "
                  r"(?:\w+ )?(?:jab|jabs|vaccine|vaccination|injection|injections|booster|immunisation|"
                  r"blood test)\b"),
    "minor": (r"^(?!.*\b(?:baby|babys|toddler|newborn|infant)\b).*\b(?:missed (?:me|him|her|us)(?: "
              r"mostly)?|mostly missed|(?:tiny|little|small) (?:red )?(?:patch|mark|spot|blister)|just "
              r"(?:a )?(?:tiny |little |small )?(?:red (?:patch|mark)|blister|graze|scratch|nick))\b"),
    # Round 20: planning for old age or a death in the ordinary way (an advance decision, a funeral
    # wished for, "perfectly content"), with nothing of despair or a means in the sentence.
    "care_planning": (
        r"^(?!.*\b(?:no point|cant go on|cant carry on|had enough|burden|pills|tablets|rope|end it|"
        r"kill|tonight|alone|lonely|miserable|depressed|hopeless|ready to go|want to go)\b).*\b(?:advance "
        r"(?:decision|directive|care plan)|living will|do not resuscitate|dnr|dnacpr|respect form|power "
        r"of attorney|lpa|funeral plan|(?:his|her|my) (?:own )?funeral (?:\w+ ){0,3}(?:to have|music|"
        r"songs?|hymns?|played)|perfectly (?:content|healthy|happy|well|fine)|just likes planning|likes "
        r"to plan|being organised)\b"),
    # Round 20: a support group for adults abused as children, asked after (a topic).
    "support_group": (r"^(?!.*\b(?:still|happening|now|again|currently|at the moment)\b).*"
                      r"\b(?:groups?|charity|charities|services?|support|counselling|therapy|meet ?ups?)"
                      r" (?:\w+ ){0,2}for (?:people|adults|men|women|those|survivors|others) (?:who "
                      r"were )?abused as (?:a )?(?:kids?|children|child)\b"),
    # Round 20: a claim taken back as a joke about a procedure ("assaulted by the last one lol
    # joking it just hurt").
    "joke_back": (r"\b(?<!not )(?<!no )(?:only |just )?(?:joking|jk|kidding)\b(?: \w+){0,2} (?:it|that|she|he) (?:just |only )?"
                  r"(?:hurt|stung|pinched|was (?:just |only )?(?:sore|uncomfortable|painful))\b"),
    # Round 20: the day's tablets taken twice by mistake, of ordinary medicines, said to be fine.
    "double_ok": (
        r"^(?!.*\b(?:insulin|warfarin|methotrexate|lithium|digoxin|morphine|oramorph|tramadol|"
        r"methadone|fentanyl|paracetamol|co ?codamol|codeine|amitriptyline|baby|toddler|child|son|"
        r"daughter|drowsy|sick|vomiting|dizzy|confused|on purpose)\b)(?=.*\b(?:by accident|"
        r"accidentally|by mistake|forgot i (?:had|took))\b).*\b(?:twice|double dose|two doses|doubled "
        r"up)\b"),
    # Round 20: old scars, healed long ago ("old scars from years ago, the sun makes them itch").
    "old_scars": (r"^(?!.*\b(?:fresh|new|again|reopen\w*|re opened|bleeding|last night|cut|cutting|"
                  r"urges?|relapse\w*|myself|my self|hurt|hurting|burn|burning|punish\w*)\b).*\b(?:old|faded|healed|white) (?:self harm )?scars\b|"
                  r"^(?!.*\b(?:fresh|new|again|reopen\w*|bleeding|cutting|urges?|relapse\w*|myself|"
                  r"my self|hurt|hurting|burn|burning|punish\w*)\b).*"
                  r"\bscars\b(?: \w+){0,5} from (?:years|ages|a long time|decades) ago\b"),
    "past": (r"\b(?:last (?:year|month)|years? ago|months? ago|in (?:19|20)[0-9]{2}|all sorted|"
             r"recovered|died (?:of|from)|passed away|got out of|escaped (?:from )?|used to (?:be|live)|"
             r"no longer)\b"),
}
_COMPILED = {name: re.compile(pattern) for name, pattern in CONCEPTS.items()}

# Concepts a veto explains away, in the sentence where the veto is.
VETOES: dict[str, tuple[str, ...]] = {
    "accident": ("harm_self", "harm_other", "means"),
    "away": ("strong_final", "farewell", "act"),
    "past": ("med_flag", "head_hit", "took_many", "sugar_sign", "swell", "abuse"),
    "disposal": ("amount",),
    "sport": ("abuse", "harm_self", "harm_other"),
    "procedure": ("harm_self", "harm_other"),
    "minor": ("med_flag",),
    # Round 20.
    "care_planning": ("strong_final", "farewell", "affairs", "act", "plan"),
    "support_group": ("assault",),
    "joke_back": ("sa_attack",),
    "double_ok": ("took_many",),
    "old_scars": ("marks_on_me", "own_marks", "cut_self", "harm_purpose"),
}


@dataclass(frozen=True)
class Rule:
    """A crisis kind when every concept in all_of is present and, if given, one of any_of."""

    kind: str
    all_of: tuple[str, ...]
    any_of: tuple[str, ...] = ()
    why: str = ""


_SIGNS = ("plan", "hopeless", "farewell", "affairs", "confide", "act", "strong_final")
# Order matters only for the kind reported; every rule is reviewed on its own.
RULES: tuple[Rule, ...] = (
    # Someone else at risk: their self-harm, or their goodbye or means.
    Rule("third-party", ("harm_other",), ("harm_purpose", "harm_weak", "other_cutting"),
         "someone else hurting themselves"),
    Rule("third-party", ("found_cuts",), (), "cuts or burns found on someone else"),
    Rule("third-party", ("other", "other_cutting"), (), "someone else has been cutting"),
    Rule("third-party", ("other", "other_gone"), ("pills", "affairs", "farewell", "means"),
         "someone else gone off with a means or a note"),
    Rule("third-party", ("other_final",), (), "someone else's last night, or shut in a car"),
    Rule("third-party", ("abuse_other",), (), "someone else hurt, threatened or groomed"),
    Rule("third-party", ("other", "gun"), ("hopeless", "plan", "farewell", "act"),
         "someone else in despair, with a gun to hand"),
    Rule("suicide", ("gun",), ("hopeless", "plan", "farewell", "act", "soon"),
         "a gun to hand, with despair or a plan"),
    # Suicide by one's own hand.
    Rule("suicide", ("unsafe",), (), "cannot keep themselves safe"),
    Rule("suicide", ("strong_means",), (), "a means in place"),
    Rule("suicide", ("strong_final",), (), "a farewell"),
    Rule("suicide", ("means",), (*_SIGNS, "intent", "soon"), "a means with intent or a time"),
    Rule("suicide", ("place",), _SIGNS, "a place to die, with a plan or a farewell"),
    Rule("suicide", ("high_now",), ("thanks_all", "farewell", "strong_final", "hopeless", "plan",
                                    "affairs"), "at the top of a high place now, with a farewell"),
    Rule("suicide", ("pills", "amount"), (*_SIGNS, "intent", "soon"),
         "medicines gathered or counted, with intent"),
    Rule("suicide", ("act",), (*_SIGNS[:-2], "intent", "soon"),
         "ending life, with a plan, intent or a time"),
    Rule("suicide", ("ways",), _SIGNS, "looking up ways"),
    Rule("suicide", ("nerve",), ("hopeless", "act", "means", "place", "ways", "strong_final",
                                 "farewell", "pills"), "only the nerve missing, with despair or a way"),
    Rule("suicide", ("lethal_q", "pills"), (), "asking how many tablets it takes"),
    Rule("suicide", ("join_dead", "bereaved"), (), "joining someone who has died"),
    Rule("suicide", ("policy",), (), "a life policy's suicide exclusion running out"),
    Rule("suicide", ("affairs",), ("farewell", "thanks_all", "soon", "plan", "hopeless", "act",
                                   "confide"), "affairs in order, with a farewell or a time"),
    Rule("suicide", ("farewell",), ("thanks_all", "plan", "intent", "hopeless", "confide",
                                    "means", "pills"), "a farewell with a plan or hopelessness"),
    # Self-harm: hurting one's own body on purpose (an accident is vetoed).
    Rule("self-harm", ("harm_self",), ("harm_purpose", "harm_weak"), "hurting themselves"),
    Rule("self-harm", ("harm_wall", "harm_purpose"), (), "punching walls to hurt"),
    Rule("self-harm", ("new_harm",), (), "new cuts"),
    Rule("self-harm", ("own_marks",), ("harm_purpose", "harm_weak"), "own cuts, hidden or repeated"),
    Rule("self-harm", ("cut_urge",), ("soon", "harm_weak", "harm_purpose"), "an urge to cut, now"),
    Rule("self-harm", ("sh_named",), ("harm_weak", "harm_purpose", "soon"), "self-harm, again or now"),
    Rule("self-harm", ("cut_word", "blade_word"), ("harm_weak", "harm_purpose", "soon"),
         "cutting with a blade, again or now"),
    Rule("self-harm", ("harm_self", "blade_word"), (), "hurting themselves with a blade"),
    Rule("self-harm", ("cut_self",), ("harm_purpose", "harm_weak", "fresh", "soon"),
         "their own cutting, hidden, repeated or new"),
    Rule("self-harm", ("marks_on_me",), ("harm_purpose", "harm_weak", "fresh"),
         "marks on their own body, hidden or new"),
    Rule("self-harm", ("burn_tool",), (), "burning their own skin"),
    Rule("self-harm", ("reopen",), ("harm_weak", "harm_purpose"), "reopening wounds"),
    Rule("self-harm", ("sh_named", "marks_on_me"), (), "self-harm named, with marks or dressings"),
    # Medical emergencies.
    Rule("medical", ("med_flag",), (), "a sign on the NHS list of when to call 999"),
    Rule("medical", ("swell", "allergy"), (), "swelling with an allergy"),
    Rule("medical", ("neck_stiff", "fever"), (), "signs of meningitis"),
    Rule("medical", ("head_hit", "head_sign"), (), "a head injury with danger signs"),
    Rule("medical", ("sugar", "sugar_sign"), (), "a diabetic emergency"),
    Rule("medical", ("took_many",), (), "an overdose taken"),
    Rule("medical", ("cant_wake", "drunk_or_pills"), (), "can't be woken after drink or medicines"),
    Rule("domestic-abuse", ("abuse",), (), "control, injury or fear at home"),
    Rule("sexual-assault", ("assault",), (), "sex without consent"),
    Rule("sexual-assault", ("touched_me", "no_consent"), (), "touched, and trapped or unwilling"),
    Rule("sexual-assault", ("sex_act", "no_consent"), (), "sex or sexual acts without consent"),
    Rule("sexual-assault", ("sa_attack", "sa_sign"), (), "attacked, and asking for aftercare"),
)

_SENTENCES = re.compile(r"[.!?;\n]+|,\s+(?=(?:but|and|also|anyway|plus|ps)\b)")
# Nearly every text is under 700 characters (5 SMS segments). Past that, or past 16
# sentences, the start and the end are read, so a pasted essay can't stall the conversation;
# the reviewed patterns still read all of it.
MAX_CHARS = 700
MAX_SENTENCES = 16


@dataclass(frozen=True)
class Finding:
    """The rule that fired and the concepts it saw."""

    kind: str
    why: str
    concepts: frozenset[str]


# Concepts read on the plain normalised sentence, before the patterns' idioms are cut out (the
# idioms cut "advance decision" and "do not resuscitate" themselves).
_BEFORE_IDIOMS = ("care_planning",)


def _sentence_concepts(sentence: str) -> frozenset[str]:
    prepared = prepare(sentence)
    found = {name for name, rx in _COMPILED.items() if rx.search(prepared)}
    plain = safety.normalise(sentence)
    found.update(name for name in _BEFORE_IDIOMS if _COMPILED[name].search(plain))
    for veto, removes in VETOES.items():
        if veto in found:
            found.difference_update(removes)
    return frozenset(found)


def find(text: str) -> Finding | None:
    """The first rule whose concepts meet in one sentence or two neighbouring ones."""
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS - 250] + ". " + text[-250:]
    sentences = [s for s in _SENTENCES.split(text) if s.strip()]
    if len(sentences) > MAX_SENTENCES:
        sentences = sentences[:MAX_SENTENCES - 6] + sentences[-6:]
    per_sentence = [_sentence_concepts(s) for s in sentences]
    windows = list(per_sentence)
    windows += [a | b for a, b in zip(per_sentence, per_sentence[1:], strict=False)]
    for rule in RULES:
        for seen in windows:
            if all(c in seen for c in rule.all_of) and (
                    not rule.any_of or any(c in seen for c in rule.any_of)):
                return Finding(rule.kind, rule.why, seen)
    return None


_HARMLESS_CUT = re.compile(
    r"\bcut(?:ting|s)? (?:my|his|her|their|the|me) (?:own )?(?:hair|fringe|nails|toenails|"
    r"fingernails|grass|lawn|hedge|beard)\b")


# A trip or a move ("moving to spain, goodbye all"), and a small mishap the person says is
# fine ("bruised my bum, no harm done"): what a learned layer can't tell from a crisis.
_TRIP = re.compile(r"(?<!not )(?<!never )\b(?:moving to|flying (?:to|out)|emigrating|on holiday|"
                   r"going on holiday|relocating|moving away|moving abroad|moving house|on the "
                   r"(?:train|ferry|plane|coach|boat|flight) to)\b")
_FINE = re.compile(r"\b(?:no harm done|im fine|i am fine|im ok|im okay|just a bump|just bruised|"
                   r"nothing broken|only a graze|proper embarrassing|so embarrassing)\b")
_FINE_AFTER_ACCIDENT = re.compile(r"\b(?:all good|plaster on|plasters? on it|no harm done|im fine|"
                                  r"i am fine|its fine|all fine|stopped bleeding|just a nick|only a nick)\b")
# Round 20: a rash that fades under a glass (the reassuring result of the glass test).
_GLASS_FADES = re.compile(r"^(?!.*\b(?:doesnt|does not|dont|do not|wont|not|didnt) (?:\w+ )?(?:fade|go|"
                          r"disappear|blanch)\b).*\brash\b(?: \w+){0,4} (?:fades|faded|goes|went|disappears|"
                          r"disappeared|blanches|goes away|went away) (?:\w+ ){0,5}glass\b")
# A short yes ("id be up for that", "go on then id be up for it"): a reply to the
# invitation the classifier read as a crisis (reported by the understanding round).
_AGREEMENT = re.compile(r"^(?!.*\b(?:die|dying|dead|end it|ending it|kill|pills|tablets|overdos\w*|"
                        r"jump|hang|cut|cutting|hurt|harm)\b)(?:\w+ ){0,6}\b(?:up for|keen on|game "
                        r"for|in for|on board with|happy to do|glad to help with) (?:it|that|this|"
                        r"a go|giving it a go|helping|joining|doing it|that one)\b(?: \w+){0,4}$")
# Replies to the invitation and to a group shown, read by the classifier as crises (the sixth
# conversation set, after its held-out run): thanks for being thought of or asked ("id be
# honoured, thank you for thinking of me"); a change told as not feeling like oneself since
# an illness; asking whether the person one cares for can come too.
_CRISIS_WORDS = (r"(?!.*\b(?:die|dying|dead|death|end it|ending it|end my life|kill|killing|pills|"
                 r"tablets|overdos\w*|jump|hang|cut|cutting|hurt|harm|suicid\w*|goodbye|bye|farewell|"
                 r"too late|forgive|last|gone|leave|leaving|over|done|tired|cant|cannot|no point|"
                 r"burden|hit|hits|scared|afraid|frightened|threat\w*|let me|allowed|control\w*|"
                 r"angry|shout\w*|rope|bridge)\b)")
_GLAD_TO_BE_ASKED = re.compile(
    rf"^{_CRISIS_WORDS}(?:\w+ ){{0,6}}\b(?:thank you|thanks|thank u|ta|cheers) (?:so much |very much |"
    rf")?for (?:thinking of|asking|inviting|including|considering|choosing|picking|getting in touch"
    rf" with) (?:me|us)\b(?: \w+){{0,5}}$|^{_CRISIS_WORDS}(?:\w+ ){{0,3}}(?:id|i would|i d|i am|im|"
    rf"i m|i feel|feel) (?:be )?(?:so |very |really )?(?:honoured|honored|delighted|flattered|"
    rf"chuffed|privileged|thrilled)\b(?: \w+){{0,8}}$")
_NOT_MYSELF_SINCE = re.compile(
    rf"^{_CRISIS_WORDS}(?=.*\b(?:since|after) (?:the|my|his|her|a) (?:stroke|op|operation|surgery|baby|"
    rf"birth|illness|diagnosis|menopause|covid|chemo|heart attack|accident|fall|treatment|"
    rf"bereavement|redundancy|move|retirement)\b).*\b(?:dont|do not|don t|no longer|havent|have not) "
    rf"(?:\w+ )?(?:feel|felt) (?:like )?(?:me|myself|my old self|the same)\b")
_BRING_WHO_I_CARE_FOR = re.compile(
    rf"^{_CRISIS_WORDS}.*\b(?:can|could|may|is it ok if|would it be ok if|is it alright if) (?:i bring )?"
    rf"(?:my|his|her|our) (?:husband|wife|partner|mum|mam|dad|son|daughter|nan|gran|grandad|"
    rf"brother|sister|friend|carer|little one|kids?|children) (?:come|comes|join|joins|tag along|"
    rf"come along|with me)\b")
# Round 20: an injury already seen at A&E, with a follow-up asked for.
_SEEN_AT_AE = re.compile(r"^(?!.*\b(?:again|worse|still|now|tonight|scared|afraid|hit (?:me|her|him)|"
                         r"husband|wife|partner|boyfriend|girlfriend|dad|stepdad|mum|attempt\w*|overdos\w*|"
                         r"suicid\w*|self harm\w*|kill|die|dying|end it|on purpose|myself|himself|herself)\b)(?=.*\b(?:follow up|"
                         r"followup|follow on|check up|review|dressing|stitches out|appointment)\b).*\b(?:been|"
                         r"was|got|were|has been|have been|already) (?:\w+ )?(?:seen|checked|checked over|"
                         r"discharged|stitched|patched up|x rayed|treated) (?:\w+ ){0,2}(?:at|in|by|from) "
                         r"(?:a e|a and e|a n e|ae|hospital|the hospital|minor injuries|urgent care|the walk "
                         r"in|the ed)\b")
_VET = re.compile(r"\b(?:vet|vets|veterinary|emergency vet)\b")
_ANIMAL = re.compile(r"\b(?:dog|dogs|cat|cats|puppy|pup|kitten|rabbit|bunny|hamster|guinea pig|horse|"
                     r"pony|budgie|parrot|tortoise|ferret|pet|pets)\b")


# Round 21 (classifier only): a sting, a bite or a numb limb said with breathing fine and no
# danger sign; a question about one's own drinking, or drink with one's medicine; an older
# relative who won't take some tablets, with a word from the GP asked for.
_BREATHING_FINE = re.compile(r"\b(?:(?:no|without) (?:trouble|problems?|difficulty|issues?|probs) (?:with )?"
                             r"breathing|(?:no|not|without|never|isnt|none) (?:\w+ )?(?:breathing|breath\w*|"
                             r"wheez\w*) (?:probs|problems|issues|trouble|difficult\w*|bother)|breathing (?:is |s )?"
                             r"(?:fine|ok|okay|normal|all good)|(?:can|i can) breathe (?:fine|ok|okay|normally))\b")
_RED_FLAG = re.compile(r"\b(?:lips?|tongue|throat|neck|mouth|face|eyes? (?:swell\w*|puff\w*)|swallow\w*|wheez\w*|dizzy|"
                       r"faint\w*|collaps\w*|epi ?pen|adrenaline|hives all over|all over (?:my|his|her) body|"
                       r"chest|crushing|droop\w*|slurr\w*|one side|confus\w*|drowsy|unconscious|blue|grey|"
                       r"gray|floppy|bleed\w*|blood|fit|fitting|seizure|vomit\w*|overdose\w*|worse|spreading|"
                       r"spread|red line|hot to touch|fever|temperature)\b")
_DRINK = re.compile(r"\b(?:drink|drinking|drank|drunk|alcohol|booze|a glass|one glass|glass of wine|wine|"
                    r"beer|beers|pints?|cans|prosecco|vodka|cider|units)\b")
_DRINK_QUESTION = re.compile(r"\b(?:is it (?:bad|ok|okay|safe|normal|alright)|is (?:one|a) (?:glass|drink|"
                             r"pint|can) (?:ok|okay|fine|alright|safe)|can i (?:have a |still )?drink|safe to "
                             r"drink|ok to drink|okay to drink|(?:is that|is this) too much|how much is too "
                             r"much|not mad amounts|not (?:loads|much|a lot|excessive)|shouldnt drink)\b")
_DRINK_RISK = re.compile(r"\b(?:die|dying|dead|kill|end it|end my|suicid\w*|overdose\w*|too many|all my|"
                         r"whole (?:box|packet|bottle)|hurt|hurting|cut|cutting|harm\w*|hopeless|no point|cant "
                         r"go on|cant cope|pointless|forget everything|not wake|goodbye|hits? me|scared|afraid|"
                         r"unconscious|wont wake|cant wake|collapsed|passed out|black(?:ed|ing)? out|vomit\w*|"
                         r"breathing|shaking|seeing things|fit|fitting|seizure|withdrawal|the shakes|morning|"
                         r"cant stop|wake up drinking|hiding)\b")
_REFUSES_TABLETS = re.compile(r"\b(?:wont|will not|refuses to|refusing to|doesnt want to|dont want to|"
                              r"wont let me give (?:him|her)) (?:\w+ )?take (?:\w+ ){0,2}(?:tablets|pills|meds|"
                              r"medication|medicine|ones|big ones)\b")
_REFUSAL_DANGER = re.compile(r"\b(?:insulin|sugar|epilep\w*|seizure|fit|warfarin|heart|chest|breath\w*|"
                             r"confus\w*|drowsy|wont wake|cant wake|unconscious|collaps\w*|vomit\w*|die|dying|"
                             r"kill|end it|give up|giving up|had enough|no point|stockpil\w*|saving (?:them|up)|"
                             r"hoard\w*|hiding them|all at once|fallen|fell|not eating|not drinking|stopped "
                             r"eating|anymore|any more|whats the point|point|gave up|given up|done with|ready "
                             r"to go|wants? to go|let (?:me|him|her) go|tired of|any of them|none of them)\b")


_MATE_LATE = re.compile(safety._MATE_LATE)
_GRIEF = re.compile(r"\b(?:passed|passed away|died|lost (?:my|him|her)|grief|griev\w*|bereave\w*|broken "
                    r"heart|heartbroken|funeral|widow\w*)\b")
_GRIEF_ACHE = re.compile(r"\b(?:not (?:really |exactly |actually |a )?(?:chest )?pains?(?: exactly| as such)?|"
                         r"just sad|its (?:just )?grief|(?:just|only) emotional|heavy heart)\b")
_CHEST_DANGER = re.compile(r"\b(?:crushing|arm|jaw|sweat\w*|clammy|cant breathe|breathless|short of "
                           r"breath|grey|gray|collaps\w*|faint\w*|dizzy|tight\w*|pressure|spreading|worse)\b")


def _round_21_explained(kind: str, norm: str) -> bool:
    if kind == "domestic-abuse" and _MATE_LATE.search(norm):
        return True  # a mate's threat over being late for a game, with a laugh
    if (kind == "medical" and _GRIEF.search(norm) and _GRIEF_ACHE.search(norm)
            and not _CHEST_DANGER.search(norm)):
        return True  # the ache of grief, chest pain itself denied
    if kind == "medical" and _BREATHING_FINE.search(norm) and not _RED_FLAG.search(norm):
        return True
    if _DRINK.search(norm) and _DRINK_QUESTION.search(norm) and not _DRINK_RISK.search(norm):
        return True
    return (kind in ("medical", "third-party") and bool(_REFUSES_TABLETS.search(norm))
            and not _REFUSAL_DANGER.search(norm))


# Round 22 (classifier only): a do-not-resuscitate form or another end-of-life wish put on
# record, asked for by someone calm, is planning, not a wish to die now; an older relative's
# "good innings" said with a laugh or a party planned.
_END_OF_LIFE_FORM = re.compile(
    r"\b(?:do not (?:attempt )?(?:resus\w*|cpr)|dont (?:resus\w*|want cpr)|not for (?:resus\w*|cpr)|"
    r"dnr|dnar|dnacpr|respect form|advance (?:decision|directive|care plan|statement)|living will|"
    r"lasting power of attorney|lpa|end of life (?:plan|wishes|care plan)|treatment escalation plan)\b")
_GOOD_INNINGS = re.compile(r"\b(?:(?:had|have|has) a good innings|ready to go (?:whenever|when (?:its|"
                           r"my|her|his|their) time)|when (?:my|her|his|the) (?:time|number) (?:comes|is up))\b")
_LIGHT_FUTURE = re.compile(r"\b(?:laughs?|laughing|joke\w*|planning|plans|party|birthday|looking forward|"
                           r"booked|normal talk|is that normal)\b")
_NOW_RISK = re.compile(
    r"\b(?:tonight|today|right now|pills|tablets|overdose|od|rope|noose|blade|razor|kill|end it|"
    r"end (?:my|her|his) life|ending it|want to die|wants to die|wanna die|not wake|goodbye|saving|"
    r"stockpil\w*|hoard\w*|cant go on|no point|hopeless|burden|suicid\w*|stopped eating|not eating|"
    r"wont eat|refus\w*|given up|giving up)\b")


def _round_22_explained(kind: str, norm: str) -> bool:
    if kind in ("suicide", "third-party") and _END_OF_LIFE_FORM.search(norm):
        return not _NOW_RISK.search(norm)
    if kind == "third-party" and _GOOD_INNINGS.search(norm) and _LIGHT_FUTURE.search(norm):
        return not _NOW_RISK.search(norm)
    return False


def explained_away(kind: str, text: str) -> bool:
    """What the reviewed vetoes know and a learned layer doesn't: an accident or a haircut is
    not self-harm ("i cut my hand by accident on a tin", "gonna cut my fringe tonight"); a
    goodbye for a move or a trip is not suicide; a mishap the person calls fine is not a
    medical emergency."""
    prepared, plain = prepare(text), safety.normalise(text)
    if _AGREEMENT.search(plain):
        return True  # a short yes to something asked, not a crisis
    if (_GLAD_TO_BE_ASKED.search(plain) or _NOT_MYSELF_SINCE.search(plain)
            or _BRING_WHO_I_CARE_FOR.search(plain)):
        return True  # thanks for being asked; not oneself since an illness; bringing someone
    if _SEEN_AT_AE.search(plain):
        return True  # round 20: already seen at A&E, a follow-up asked for
    if _round_21_explained(kind, plain):
        return True  # round 21: breathing fine, a drinking question, tablets refused
    if _round_22_explained(kind, plain):
        return True  # round 22: a DNR form or a "good innings" said lightly
    if kind == "self-harm":
        return bool(_COMPILED["accident"].search(prepared) or _HARMLESS_CUT.search(prepared)
                    or _COMPILED["old_scars"].search(prepared))
    if kind == "suicide":
        return bool(_TRIP.search(prepared) or (_COMPILED["accident"].search(prepared)
                                               and _FINE_AFTER_ACCIDENT.search(prepared)))
    if kind == "medical":
        return bool(_FINE.search(prepared) or _GLASS_FADES.search(prepared))
    return False


def about_a_pet(text: str) -> bool:
    """An animal's emergency, asked of a vet ("the cat licked antifreeze, which vet is open"):
    the bot's urgent help is for people, so no layer's medical verdict stands."""
    prepared = prepare(text)
    return bool(_VET.search(prepared) and _ANIMAL.search(prepared))


def concept_kind(text: str) -> str | None:
    """The crisis kind the concept rules find, or None."""
    found = find(text)
    return found.kind if found else None
