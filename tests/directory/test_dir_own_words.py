"""Directories as people really write them: few or no categories, names and descriptions only.

The offers below are made up in the style of council feeds (no real data is used here)."""

import pytest

from directory.matching import find_offers
from directory.model import Contact, Directory, Location, Offer
from directory.vocabulary import default_vocabulary

OFFERS = [
    Offer(id="foodbank", name="Northside Foodbank",
          description="Emergency food parcels for anyone in crisis. Referral needed."),
    Offer(id="food-bank", name="Food Bank", description="Food and toiletries, Tuesdays."),
    Offer(id="youth", name="Hillview Youth Club",
          description="A safe space for young people aged 11 to 18 with games and trips."),
    Offer(id="quit", name="Stop Smoking Support",
          description="Free help and patches if you want to stop smoking for good."),
    Offer(id="esol", name="ESOL English for Beginners",
          description="An informal class to take your first steps in learning English."),
    Offer(id="taichi", name="Tai Chi for Beginners", description="Gentle movement, all ages."),
    Offer(id="calls", name="Call Companions",
          description="Regular friendly phone calls for people who feel lonely."),
    Offer(id="mums", name="Mum and Baby Massage",
          description="Soothe your baby when they are crying, learn baby massage."),
    Offer(id="grief", name="Bereavement Peer Support",
          description="Meet others who are grieving after a death."),
    Offer(id="repair", name="Repair Cafe", description="Bring broken things to fix.",
          location=Location(name="Mill Lane Hall", address="4 Tattoo Street"),
          contact=Contact(name="Golfer Jones")),
    Offer(id="bowls", name="Indoor Bowls", description="Also table tennis on Fridays."),
    Offer(id="cafe", name="Saturday Cafe", description="Cake and a chat, all welcome."),
    Offer(id="paused", name="Line Dancing", description="Dancing for fun.", status="paused"),
]


@pytest.fixture(scope="module")
def bare():
    """No categories at all: the schema allows that, and imported feeds look like it."""
    return Directory(offers=OFFERS, vocabulary=default_vocabulary())


def ids(d, text):
    return [m.offer.id for m in find_offers(d, text).matches]


@pytest.mark.parametrize("text, expected", [
    ("food bank", {"foodbank", "food-bank"}),      # one word in a name, two in another
    ("any food banks??", {"foodbank", "food-bank"}),
    ("youth club", {"youth"}),
    ("stop smoking", {"quit"}),
    ("english classes", {"esol"}),
    ("tai chi", {"taichi"}),
    ("taichi", {"taichi"}),
    ("im lonely", {"calls"}),                      # the description's own word
])
def test_own_words_found_without_categories(bare, text, expected):
    got = ids(bare, text)
    assert got and set(got[:len(expected)]) == expected, got


def test_categories_boost_but_never_gate(bare):
    """With a wrong category on one offer, the offer named for the words still comes first."""
    wrong = [o if o.id != "cafe" else Offer(id="cafe", name="Saturday Cafe",
                                            description="Cake and a chat.", categories=["food"])
             for o in OFFERS]
    d = Directory(offers=wrong, vocabulary=default_vocabulary())
    assert ids(d, "food bank")[:2] == ids(bare, "food bank")[:2]


def test_who_words_say_who_not_what(bare):
    """'my mum died' is about grief, not the mum and baby class."""
    got = ids(bare, "my mum died and i keep crying")
    assert got[0] == "grief"


@pytest.mark.parametrize("text", [
    "mill lane",          # location name only
    "tattoo",             # address only
    "golfer",             # contact name only
])
def test_location_and_contact_words_never_match(bare, text):
    assert ids(bare, text) == []


def test_known_missing_topic_beats_a_mention_in_passing(bare):
    assert ids(bare, "tennis lessons") == []      # not the bowls club's table tennis
    assert ids(bare, "bowls") == ["bowls"]


def test_short_message_with_unknown_word_finds_nothing(bare):
    assert ids(bare, "tattoo removal") == []
    assert ids(bare, "fix my car") == []          # half the message: not the repair cafe


def test_paused_offer_never_suggested_even_by_exact_name(bare):
    assert "paused" not in ids(bare, "Line Dancing")
    assert "paused" not in ids(bare, "line dancing saturday")


@pytest.mark.parametrize("text, days, times", [
    ("i am lonely", [], []),
    ("im lonely", [], []),
    ("I sat at home all day", [], []),
    ("we'd like a chat", [], []),
    ("sun lounge", [], []),
    ("christmas eve lunch", [], []),
    ("cafe sat", ["SA"], []),
    ("cafe on sat", ["SA"], []),
    ("anything sat or sun", ["SA", "SU"], []),
    ("anything on wed", ["WE"], []),
    ("cafe tues eve", ["TU"], ["evening"]),
    ("cafe at 10 am", [], ["morning"]),
    ("cafe mon morning", ["MO"], ["morning"]),
    ("coffe morning", [], []),                     # the group, not a time (typo corrected)
])
def test_day_and_time_words_only_in_day_context(bare, text, days, times):
    r = find_offers(bare, text)
    assert (r.days, r.times) == (days, times)


def test_lonely_finds_company_not_morning(bare):
    r = find_offers(bare, "i am lonely")
    assert r.times == [] and "calls" in [m.offer.id for m in r.matches]
