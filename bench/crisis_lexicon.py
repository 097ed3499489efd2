"""Training examples built from the reviewed lexicon, for the crisis classifier (round 22).

New writers keep finding plain statements the classifier has not seen in their own words
(the thirtieth set's suicide recall held out was 74-78%). The sets teach it a few hundred
wordings; this module crosses the lexicon the reviewed layers already hold (means, acts,
places, farewells, plans, dates, "enough to", "whole box", ligatures, heights, water, trains)
with everyday voices (how people open and close a text to a practice line), so the model
learns the concept, not one writer's phrasing. Beside each family are hard not-crises in the
same voices and words: pasts now safe, figures of speech, TV, a dose asked about for a normal
reason, end-of-life wishes, DNR forms, scout and first-aid leaflets.

Deterministic (a fixed seed), so a retrain is reproducible. Not labelled data from any writer:
none of it is a development or held-out set's message.
"""

# ruff: noqa: UP032 (templates read as templates; f-strings would not change the draws, but the
# order of the seeded draws must stay as it is for the shipped model to be reproducible)
from __future__ import annotations

import random

SEED = 22
PER_FAMILY = 40  # examples drawn from each family's product

# How people open and close any text to the practice line: shared by the crises and the
# not-crises, so a voice carries no label (a first draft gave "sorry" to crises only and
# "thanks" to not-crises, and leave-one-set-out lost a catch and gained a false alarm).
OPEN = ("", "", "", "", "sorry to text. ", "hi, ", "hello, ", "its me again. ", "please text back "
        "dont ring. ", "not sure if this is the right place but ", "hiya ", "dr, ", "ok so ",
        "quick one, ", "morning, ", "sorry to bother you, ", "dont ring the house. ")
CLOSE = ("", "", "", "", " x", ". sorry", ". thanks", ". thank you", ", cheers", " tonight",
         ". please text not call", ", can someone get back to me", ". sorry for the long message")
# Farewells: part of what a crisis says, never only a voice.
FAREWELL = ("", "", "", ". tell my mum i love her", ". im sorry for everything", ". bye",
            ". thank you for trying with me", ". this is goodbye", ". i mean it this time")
PILLS = ("paracetamol", "tablets", "pills", "co codamol", "sertraline", "citalopram",
         "sleeping tablets", "painkillers", "diazepam", "amitriptyline", "tramadol", "insulin",
         "mirtazapine", "propranolol", "codeine", "zopiclone", "antidepressants", "morphine")
AMOUNT = ("all my", "the whole box of", "every last one of my", "two boxes of", "30", "40",
          "the whole packet of", "all of the", "a months worth of", "the lot of my", "every one of my")
SOON = ("im going to", "tonight im going to", "im about to", "i have decided to", "im ready to",
        "i want to", "after work im going to", "when everyones asleep im going to",
        "im gonna", "this weekend im going to", "as soon as hes gone out im going to",
        "i think im going to", "i am going to")
DONE = ("ive just", "i have", "ive", "i just", "about an hour ago i", "i already")
PLACES = ("the bridge", "the multi storey", "the cliffs", "the top of the car park",
          "the railway bridge", "the quarry", "the viaduct", "the pier", "the roof of the flats",
          "the motorway bridge", "the tower block")
WATER = ("the river", "the sea", "the canal", "the reservoir", "the loch", "the harbour")
ANCHORS = ("the loft hatch", "the banister", "the wardrobe rail", "the door", "a beam in the garage",
           "the curtain pole", "a tree in the woods", "the bunk bed", "the shower rail")
LIGATURES = ("a rope", "my belt", "the dog lead", "a scarf", "the dressing gown cord",
             "a charger cable", "a bedsheet", "a tie")
BLADES = ("a razor", "a blade", "a stanley knife", "a kitchen knife", "the pencil sharpener blade",
          "glass", "scissors", "a craft knife")
IMPLEMENTS = ("a compass", "a lighter", "a pin", "a safety pin", "my nails", "a hot spoon",
              "a sharpener blade", "a broken cd", "the scissors", "a razor")
BODY = ("arm", "arms", "wrist", "wrists", "thighs", "legs", "stomach", "hips", "skin")
PEOPLE = ("mum", "my kids", "my sister", "dad", "my partner", "my wife", "my husband", "nan",
          "my son", "my daughter")
DATES = ("friday", "sunday", "my birthday", "the 14th", "next week", "the anniversary",
         "new years eve", "after the funeral", "the end of the month", "christmas")


def _pick(rng: random.Random, *lists: tuple[str, ...]) -> list[str]:
    return [rng.choice(x) for x in lists]


def _voice(rng: random.Random, body: str, farewell: bool = False) -> str:
    end = rng.choice(FAREWELL) if farewell else ""
    return (rng.choice(OPEN) + body + end + rng.choice(CLOSE)).strip()


def _suicide(rng: random.Random) -> list[str]:
    fams = [
        lambda: "{} take {} {}".format(*_pick(rng, SOON, AMOUNT, PILLS)),
        lambda: "{} taken {} {}".format(rng.choice(("ive", "i have", "ive just", "i")),
                                       *_pick(rng, AMOUNT, PILLS)),
        lambda: "the {} are taken, all of them, im lying down now".format(rng.choice(PILLS)),
        lambda: "{} swallowed {} {} with a bottle of vodka".format(*_pick(rng, DONE, AMOUNT, PILLS)),
        lambda: "is {} {} enough to not wake up".format(*_pick(rng, AMOUNT, PILLS)),
        lambda: "if i took {} {} would it be quick".format(*_pick(rng, AMOUNT, PILLS)),
        lambda: "how many {} would it take to stop my heart".format(rng.choice(PILLS)),
        lambda: "{} jump off {}".format(*_pick(rng, SOON, PLACES)),
        lambda: "im at {} and im going to jump".format(rng.choice(PLACES)),
        lambda: "im stood on the edge of {}, its not scary anymore".format(rng.choice(PLACES)),
        lambda: "{} walk into {} and not come back".format(*_pick(rng, SOON, WATER)),
        lambda: "im standing in {} and the cold water isnt scary anymore".format(rng.choice(WATER)),
        lambda: "ive tied {} to {} to see if it holds".format(*_pick(rng, LIGATURES, ANCHORS)),
        lambda: "{} hang myself from {} with {}".format(*_pick(rng, SOON, ANCHORS, LIGATURES)),
        lambda: "{} is ready on {}, ive tested it".format(*_pick(rng, LIGATURES, ANCHORS)),
        lambda: "{} step in front of the train at the station".format(rng.choice(SOON)),
        lambda: "im on the platform waiting for the fast train, im going to step off",
        lambda: "im lying on the railway line near the crossing",
        lambda: "{} drive the car into a wall on the way home".format(rng.choice(SOON)),
        lambda: "the car is running in the garage with the door shut",
        lambda: "ive written letters for {} and {}, once ive gone they will understand".format(
            *_pick(rng, PEOPLE, PEOPLE)),
        lambda: "ive picked {}. everything is sorted, the will is done".format(rng.choice(DATES)),
        lambda: "i wont need my repeat after {}, ive made my mind up".format(rng.choice(DATES)),
        lambda: "{} will be better off without me. {}".format(rng.choice(PEOPLE), rng.choice(
            ("its tonight", "ive got the tablets ready", "this is goodbye", "ive made my mind up"))),
        lambda: "{} end my life. ive got {} {}".format(*_pick(rng, SOON, AMOUNT, PILLS)),
        lambda: "i will die by my own hand before {}".format(rng.choice(DATES)),
        lambda: "{} kill myself with {}".format(*_pick(rng, SOON, BLADES + LIGATURES)),
        lambda: "i tried to hang myself last night and im going to try again tonight",
        lambda: "i want to die and ive been looking up how long it takes on {}".format(
            rng.choice(("paracetamol", "the train line", "hanging", "the bridge"))),
        lambda: "i feel like ending it all, ive saved up {}".format(rng.choice(PILLS)),
        lambda: "ive been saving my {} for weeks, tonights the night".format(rng.choice(PILLS)),
        lambda: "goodbye. tell {} im sorry. ive taken them".format(rng.choice(PEOPLE)),
        lambda: "im in the bath with {} and im done".format(rng.choice(BLADES)),
        lambda: "i put a bag over my head last night but took it off, tonight i wont",
        lambda: "i have the bbq coals in the bedroom and the windows taped",
    ]
    return [_voice(rng, rng.choice(fams)(), farewell=True) for _ in range(PER_FAMILY * 5)]


def _self_harm(rng: random.Random) -> list[str]:
    fams = [
        lambda: "ive been cutting my {} again with {}".format(*_pick(rng, BODY, BLADES)),
        lambda: "came home and cut my {} with {}".format(*_pick(rng, BODY, BLADES)),
        lambda: "nobody knows i cut my {}, i wear long sleeves".format(rng.choice(BODY)),
        lambda: "i burn my {} with a lighter to feel something".format(rng.choice(BODY)),
        lambda: "the urge to cut is so strong tonight, ive got {} out".format(rng.choice(BLADES)),
        lambda: "i keep hitting my head against the wall until it bleeds",
        lambda: "ive cut deeper than usual on my {} and its still bleeding".format(
            rng.choice(BODY)),
        lambda: "i scratch my {} till it bleeds when im stressed".format(rng.choice(BODY)),
        lambda: "relapsed last night, cut my {} for the first time in months".format(
            rng.choice(BODY)),
        lambda: "i punch walls til my knuckles bleed, it helps me cope",
        lambda: "used {} on my {} last night so i could feel something".format(
            *_pick(rng, IMPLEMENTS, BODY)),
        lambda: "i keep {} my {} when everyone is asleep".format(
            rng.choice(("scratching", "cutting", "burning", "carving into")), rng.choice(BODY)),
    ]
    return [_voice(rng, rng.choice(fams)()) for _ in range(PER_FAMILY * 3)]


def _none(rng: random.Random) -> list[str]:
    ages = (14, 15, 16, 17, 19, 20, 22)
    fams = [
        # Pasts now safe, told in other words.
        lambda: "when i was {} i tried to {}, im {} now and doing well. can it come off my record"
        .format(a := rng.choice(ages), rng.choice(("hang myself", "take an overdose", "end my life",
                                                   "kill myself")), a + rng.choice((20, 25, 30))),
        lambda: "its been {} since i tried to end my life, im still here and doing well".format(
            rng.choice(("a year", "two years", "five years", "18 months"))),
        lambda: "i went through a dark time after {} and had thoughts of ending it, im through the "
                "other side now, just need my {} repeat".format(
                    rng.choice(("my divorce", "losing my job", "my dad died", "uni")),
                    rng.choice(PILLS)),
        lambda: "i used to self harm as a teen, the scars on my {} are still there, is there scar "
                "treatment".format(rng.choice(BODY)),
        lambda: "had an overdose {} years ago, doing really well now, can i come off {}".format(
            rng.choice(("ten", "five", "twenty")), rng.choice(PILLS)),
        # A dose asked about for a normal reason.
        lambda: "how many {} can i take in a day for my back".format(rng.choice(PILLS)),
        lambda: "is it safe to take {} with {}".format(*_pick(rng, PILLS, PILLS)),
        lambda: "can i take the whole course of {} if i feel better".format(rng.choice(PILLS)),
        lambda: "i took my {} twice by mistake this morning, is that ok".format(rng.choice(PILLS)),
        lambda: "can i get a repeat of my {}, ive run out".format(rng.choice(PILLS)),
        lambda: "whats the maximum dose of {} for a 10 year old".format(rng.choice(PILLS)),
        # End-of-life wishes, DNR forms.
        lambda: "im {} and want a do not resuscitate form put in my notes".format(
            rng.choice((78, 84, 90, 93))),
        lambda: "dad wants to die at home not in hospital, hes on end of life care, who arranges "
                "the district nurses",
        lambda: "mum has a dnacpr form, does the care home need a copy",
        lambda: "my nan says shes had a good innings and is planning her 90th party",
        lambda: "we need to talk about my advance care plan and where i want to die",
        # Figures of speech, TV, leaflets.
        lambda: "{} will kill me if i miss {}, lol can i move my appointment".format(
            rng.choice(("my mate", "my sister", "my boss", "my best friend")),
            rng.choice(("her wedding", "the match", "his party", "the hen do"))),
        lambda: "could jump off {} after that quiz result haha anyway can i book my bloods".format(
            rng.choice(PLACES)),
        lambda: "the film last night had someone {} and it was hard to watch".format(
            rng.choice(("jump off a bridge", "take an overdose", "hang themselves",
                        "cut their wrists"))),
        lambda: "watched a documentary about people who {} and want to donate to the charity"
        .format(rng.choice(("jump from bridges", "self harm", "take overdoses"))),
        lambda: "do you have leaflets on suicide warning signs, im a {}".format(
            rng.choice(("scout leader", "teacher", "youth worker", "first aider"))),
        lambda: "first aid course question, what do you do if someone has taken {} {}".format(
            *_pick(rng, AMOUNT, PILLS)),
        lambda: "my friend is doing her phd on {} and wants to put posters up".format(
            rng.choice(("self harm", "suicide prevention", "overdose deaths"))),
        # The same words, ordinary days.
        lambda: "we walked to {} with the dog today, lovely views".format(rng.choice(PLACES)),
        lambda: "went wild swimming in {} this morning, freezing but fun".format(rng.choice(WATER)),
        lambda: "the dog lead snapped and he ran off, bruised my {}".format(rng.choice(BODY)),
        lambda: "cut my {} on {} doing the garden, do i need a tetanus".format(
            *_pick(rng, BODY, BLADES)),
        lambda: "my tablets are all taken every morning with breakfast, can i have a review",
        lambda: "ive tied the rope swing to the tree for the kids, is it safe for a 5 year old",
        lambda: "the train was cancelled so ill miss my appointment on {}".format(
            rng.choice(DATES)),
        lambda: "i wont need my repeat after {} as the consultant is stopping it".format(
            rng.choice(DATES)),
        lambda: "sorting my will and power of attorney, can the gp witness it",
        # Ordinary "again", "sharp", "bleeding" and "burn" days.
        lambda: "my {} has flared up again, can i get something for it".format(rng.choice(
            ("eczema", "back", "water infection", "asthma", "knee", "psoriasis"))),
        lambda: "burnt my {} on the oven door again, its blistered, can the nurse look".format(
            rng.choice(("arm", "wrist", "hand"))),
        lambda: "my gums keep bleeding when i brush, is that something for the dentist",
    ]
    return [_voice(rng, rng.choice(fams)()) for _ in range(PER_FAMILY * 9)]


def examples() -> list[tuple[str, str]]:
    """(text, kind) pairs, deduplicated, in a fixed order."""
    rng = random.Random(SEED)
    out = ([(t, "suicide") for t in _suicide(rng)] + [(t, "self-harm") for t in _self_harm(rng)]
           + [(t, "none") for t in _none(rng)])
    seen: set[str] = set()
    unique = []
    for text, kind in out:
        if text not in seen:
            seen.add(text)
            unique.append((text, kind))
    return unique


if __name__ == "__main__":
    from collections import Counter

    found = examples()
    print(Counter(k for _, k in found))
    for text, kind in random.Random(0).sample(found, 15):
        print(kind, "|", text)
