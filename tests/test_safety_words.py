"""Crisis detection and opt-out / opt-in keywords (flows.safety)."""

import pytest

from flows.safety import (
    OPT_IN_WORDS,
    OPT_OUT_WORDS,
    crisis_kind,
    is_crisis,
    is_opt_in,
    is_opt_out,
    normalise,
)

# (message, expected kind). SMS style on purpose: lower case, no apostrophes, misspellings.
CRISIS_POSITIVES = [
    # suicide
    ("I want to end it all", "suicide"),
    ("im going to kill myself", "suicide"),
    ("I'm going to kill myself tonight", "suicide"),
    ("i\u2019m going to kill my self", "suicide"),
    ("gonna kill meself", "suicide"),
    ("dont want to be here anymore", "suicide"),
    ("I don't want to be here any more", "suicide"),
    ("thinking of ending my life", "suicide"),
    ("I want to die", "suicide"),
    ("i wanna die", "suicide"),
    ("everyone would be better off without me", "suicide"),
    ("they would all be better off without me", "suicide"),
    ("feeling suicidal", "suicide"),
    ("been feeling suicidle again", "suicide"),
    ("i feel sucidal", "suicide"),
    ("having suisidal thoughts", "suicide"),
    ("thinking about suicide", "suicide"),
    ("i just want to take my own life", "suicide"),
    ("I wish I was dead", "suicide"),
    ("better off dead tbh", "suicide"),
    ("i dont want to live anymore", "suicide"),
    ("there's no point living", "suicide"),
    ("i cant go on anymore", "suicide"),
    ("nothing to live for since she went", "suicide"),
    ("I'm going to end it tonight", "suicide"),
    ("hope i dont wake up tomorrow", "suicide"),
    ("going to jump off the bridge", "suicide"),
    ("kms", "suicide"),
    ("i want to kms", "suicide"),
    ("I want to be dead", "suicide"),
    ("i dont want to exist anymore", "suicide"),
    ("im done with life", "suicide"),
    ("i cant do this anymore i want to die", "suicide"),
    ("My back is killing me and I want to die", "suicide"),
    ("my husband died last year and i want to die too", "suicide"),
    ("laughed so hard i nearly died. also i want to end it all", "suicide"),
    # self-harm
    ("I've been cutting myself", "self-harm"),
    ("keep hurting myself", "self-harm"),
    ("been self harming again", "self-harm"),
    ("i self-harm when it gets bad", "self-harm"),
    ("i want to cut myself", "self-harm"),
    ("burning myself with a lighter", "self-harm"),
    # overdose
    ("took too many pills", "medical"),
    ("I've taken an overdose", "medical"),
    ("swallowed a whole packet of paracetamol", "medical"),
    ("i od'd", "medical"),
    ("ive just od'd on my meds", "medical"),
    ("she's overdosed", "medical"),
    ("i took loads of paracetemol", "medical"),
    ("taken a handful of sleeping pills", "medical"),
    ("took all my tablets at once", "medical"),
    ("my son drank bleach", "medical"),
    ("i took 30 paracetamol", "medical"),
    ("took twenty tablets", "medical"),
    ("ive taken about 40 co-codamol", "medical"),
    # medical
    ("I have chest pain", "medical"),
    ("crushing pain in my chest", "medical"),
    ("cant breathe", "medical"),
    ("struggling to breath", "medical"),
    ("cnt breathe", "medical"),
    ("hes turning blue", "medical"),
    ("i can hardly breathe", "medical"),
    ("his face is drooping", "medical"),
    ("her speech is slurred", "medical"),
    ("his arm has gone weak", "medical"),
    ("i think hes having a stroke", "medical"),
    ("think my mum has had a stroke", "medical"),
    ("my husband has collapsed", "medical"),
    ("dad just collapsed in the kitchen", "medical"),
    ("shes unconscious", "medical"),
    ("he's not breathing", "medical"),
    ("my nan is unresponsive", "medical"),
    ("cant wake him up", "medical"),
    ("baby is fitting and it wont stop", "medical"),
    ("the seizure wont stop", "medical"),
    ("he's having a fit", "medical"),
    ("bleeding heavily from my leg", "medical"),
    ("it wont stop bleeding", "medical"),
    ("I think he's having a heart attack", "medical"),
    ("please call an ambulance", "medical"),
    ("his lips have gone blue", "medical"),
    ("my throat is swelling up", "medical"),
    # violence / domestic abuse
    ("my partner hit me", "domestic-abuse"),
    ("he's going to kill me", "domestic-abuse"),
    ("I'm scared for my life", "domestic-abuse"),
    ("he is threatening me with a knife", "domestic-abuse"),
    ("my boyfriend punched me last night", "domestic-abuse"),
    ("hes got a knife", "domestic-abuse"),
    ("i dont feel safe at home", "domestic-abuse"),
    ("she threatened to kill me", "domestic-abuse"),
    ("my husband keeps hurting me", "domestic-abuse"),
    ("someone is trying to break in", "domestic-abuse"),
    ("my son beat me at chess but my husband beats me", "domestic-abuse"),
]

CRISIS_NEGATIVES = [
    # idioms
    "my back is killing me",
    "dying to join the choir",
    "this heat is killing me",
    "I could kill for a cuppa",
    "the traffic was murder",
    "laughed so hard I nearly died",
    "dead tired",
    "I'm dying of boredom",
    "kill two birds with one stone",
    "my feet are killing me after the walk",
    "that joke killed me",
    "breathtaking views on the walk",
    "stop smoking group",
    "heart of the community",
    "bleeding heart",
    "we were killing ourselves laughing",
    "i was killing myself laughing at the panto",
    "im gonna die of embarrassment",
    "i want to die my hair pink",
    "my grandson beat me at chess",
    "they kicked me out of the choir",
    "my mum would kill me if i missed bingo",
    "a cake to die for",
    "bored to death in the waiting room",
    "i nearly had a heart attack when i saw the price",
    "that hit the spot",
    "it suddenly hit me how much i miss her",
    "the bleeding bus was late again",
    "thats odd, the group wasnt on",
    "the tent collapsed at the fete",
    "i cut myself shaving",
    "cutting myself a slice of cake",
    "they hurt me by not inviting me",
    "the sky turned blue after the rain",
    "breaking in my new walking boots",
    "my phone died",
    "my husband beat cancer",
    "he hit the roof when he heard",
    "i hit my head on the cupboard",
    "tired of living alone, any lunch clubs?",
    # ordinary requests
    "any walking groups?",
    "I'm lonely",
    "bereavement group",
    "my husband died last year and I am lonely",
    "knife and fork club",
    "first aid course",
    "chest of drawers for sale",
    "chair based exercise for my chest condition",
    "is there a group for people with a chest infection",
    "i get short of breath on hills, any gentle walks?",
    "breathing exercises class for copd",
    "is there a stroke club near me",
    "my dad had a stroke last year, any carers group?",
    "epilepsy support group for people with seizures",
    "fitting room at the charity shop",
    "kitchen fitting volunteers needed",
    "unconscious bias training for champions",
    "st john ambulance first aid course",
    "suicide prevention training for champions",
    "overdose awareness training",
    "i dont want to live alone any more, any sheltered housing?",
    "i want to end it with my boyfriend",
    "i cant go on the trip on friday",
    "my arthritis pills ran out",
    "i take my tablets every morning",
    "took 2 paracetamol for my headache",
    "took my 10 tablets this morning as usual",
    "the end of the month",
    "nitting group on thursday?",
    "cant afford food this week",
    "can you tell me more",
    "5 kms walk on sunday?",
    "dont want to be here on my own at christmas",
    "men's shed in the village",
    "my knees hurt after the walk",
    "",
]


@pytest.mark.parametrize(("text", "kind"), CRISIS_POSITIVES)
def test_crisis_positive(text: str, kind: str) -> None:
    assert is_crisis(text), text
    assert crisis_kind(text) == kind


@pytest.mark.parametrize("text", CRISIS_NEGATIVES)
def test_crisis_negative(text: str) -> None:
    assert not is_crisis(text), text
    assert crisis_kind(text) is None


def test_enough_cases() -> None:
    assert len(CRISIS_POSITIVES) >= 60 and len(CRISIS_NEGATIVES) >= 60


def test_normalise_sms_style() -> None:
    assert normalise("  I\u2019M   Going-To  kill MY SELF!! ") == "im going to kill my self"
    assert normalise("od'd") == "odd"


def _spellings(word: str) -> list[str]:
    return [word, word.lower(), word.title(), f" {word}. ", f"{word}!!", f"'{word.lower()}'"]


OPT_OUT_KEYWORDS = [s for w in OPT_OUT_WORDS for s in _spellings(w)]

OPT_OUT_POSITIVES = [
    "STOP ALL",
    "opt-out",
    "Opt out",
    "stop please",
    "Please stop",
    "STOP thanks",
    "stop it",
    "unsubscribe me",
    "/stop",
    "stop texting me",
    "Please stop messaging me.",
    "please stop texting",
    "can you stop sending me texts",
    "stop sending these messages",
    "remove me from your list",
    "take me off your list please",
    "please take my number off your list",
    "dont text me again",
    "Don't text me again",
    "do not contact me",
    "no more texts",
    "no more messages please",
    "i want to opt out",
    "how do i unsubscribe",
    "leave me alone",
    "Just leave me alone!",
]

OPT_OUT_NEGATIVES = [
    "stop smoking group",
    "bus stop",
    "which bus stop is nearest the hall",
    "quit smoking",
    "the end of the month",
    "cancel my appointment",
    "cancel please",
    "i want to stop drinking",
    "my ex wont stop texting me",
    "i want to stop texting my ex",
    "dont text me before 10am",
    "please don't call me, text instead",
    "my friends leave me alone all the time and im lonely",
    "can i opt out of sharing my records",
    "the walk was cancelled",
    "stopped going to the group",
    "yes",
    "start",
    "",
]


@pytest.mark.parametrize("text", OPT_OUT_KEYWORDS + OPT_OUT_POSITIVES)
def test_opt_out_positive(text: str) -> None:
    assert is_opt_out(text), text


@pytest.mark.parametrize("text", OPT_OUT_NEGATIVES)
def test_opt_out_negative(text: str) -> None:
    assert not is_opt_out(text), text


OPT_IN_POSITIVES = [s for w in OPT_IN_WORDS for s in _spellings(w)] + ["un-stop", "/start"]
OPT_IN_NEGATIVES = [
    "yes",
    "YES",
    "yes please",
    "start the walking group",
    "when does it start",
    "stop",
    "restart",
    "",
]


@pytest.mark.parametrize("text", OPT_IN_POSITIVES)
def test_opt_in_positive(text: str) -> None:
    assert is_opt_in(text), text


@pytest.mark.parametrize("text", OPT_IN_NEGATIVES)
def test_opt_in_negative(text: str) -> None:
    assert not is_opt_in(text), text


def test_word_lists() -> None:
    assert OPT_OUT_WORDS == (
        "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
    )  # fmt: skip
    assert OPT_IN_WORDS == ("START", "UNSTOP")
    assert "YES" not in OPT_IN_WORDS
    assert not set(OPT_IN_WORDS) & set(OPT_OUT_WORDS)
