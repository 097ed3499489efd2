"""Crisis: three detection layers, help tailored to the kind, and the safety state after.

Layer 1 is the reviewed patterns in flows/safety.py (precise, each one explains itself).
Layer 2 is the concept rules in flows/crisis_concepts.py: warning signs (a means, a plan,
a farewell, hopelessness, a time) that mean risk when they meet in a sentence.
A pattern hit that is only a crisis word framed as a topic (flows/crisis_topic.py) gets a
second opinion from the other two layers.
A past crisis told as history by someone who says they are well now, with nothing of the wish,
the plan or the danger here now, is not a crisis (flows/crisis_past.py).
Which kind (and so which help) is settled by flows/crisis_kind.py: a denied wish to die is
not suicide, and the classifier's kind is taken over the patterns' order when it hears a crisis.
Layer 3 is a learned classifier (flows/crisis_classifier.py: logistic regression over word
and character n-grams, trained on the labelled sets and the reviewed bank), which catches
paraphrase, dialect, typos and text-speak the patterns and concepts miss. Any one is
enough: a false alarm costs someone a text with help numbers; a miss can cost a life.

The numbers and texts live in flows/urgent_help.yaml, reviewed with their sources.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml

from flows import crisis_concepts, crisis_past, crisis_topic, safety
from flows.base import Turn
from flows.crisis_classifier import classifier_kind
from flows.crisis_kind import settled_kind

log = logging.getLogger(__name__)

KINDS = safety.CRISIS_KINDS
# The help sent for a third-party crisis where someone else is being hurt or abused by another
# person: safeguarding numbers (NSPCC, police 101, adult social care), not mental-health ones.
SOMEONE_ELSE_HARMED = "someone-else-harmed"
HELP_KINDS = (*KINDS, SOMEONE_ELSE_HARMED)
# How each kind appears to staff (alerts, Today, the staff Telegram chat).
KIND_LABELS = {
    "suicide": "suicide risk",
    "self-harm": "self-harm",
    "medical": "a medical emergency",
    "domestic-abuse": "domestic abuse or violence",
    "sexual-assault": "sexual assault",
    "third-party": "someone else at risk of suicide or self-harm",
    SOMEONE_ELSE_HARMED: "someone else being harmed or abused by another person",
}
STAFF_NOTICE = (
    "URGENT: a message to the practice number sounded like {label}. They were sent the "
    "urgent help numbers. Please follow up: see alert {alert} on the dashboard."
)


@dataclass(frozen=True)
class Crisis:
    """A message that sounded like a crisis: which kind, which layer caught it, and which
    help to send (one of HELP_KINDS: the kind itself, or SOMEONE_ELSE_HARMED)."""

    kind: str
    layer: str  # "patterns", "concepts" or "classifier"
    help: str


def detect(text: str) -> Crisis | None:
    """The crisis in this message, if any layer finds one."""
    found = _kind_and_layer(text)
    if found is None:
        return None
    kind, layer = found
    if layer != "classifier":
        kind = settled_kind(kind, text)  # the patterns' order can name the wrong kind
    if kind == "medical" and crisis_concepts.about_a_pet(text):
        return None
    if crisis_past.past_and_safe(kind, text):
        return None  # a past crisis, now safe, told with a request (flows/crisis_past.py)
    harmed = kind == "third-party" and safety.harmed_by_another(text)
    return Crisis(kind, layer, SOMEONE_ELSE_HARMED if harmed else kind)


def _kind_and_layer(text: str) -> tuple[str, str] | None:
    kind = safety.crisis_kind(text)
    if kind is not None and not crisis_topic.only_topic_words(text):
        return kind, "patterns"
    # A crisis word only as a topic ("a dissertation on suicide prevention"): the patterns
    # alone don't decide; the concept rules or the classifier must hear a crisis too.
    kind = crisis_concepts.concept_kind(text)
    if kind is not None:
        return kind, "concepts"
    if safety.is_opt_out(text):
        return None  # "dont text me again" is an opt-out; only a reviewed layer overrides that
    kind = classifier_kind(text)
    if kind is not None and crisis_concepts.explained_away(kind, text):
        return None  # an accident, a trip, a mishap called fine: the classifier can't tell
    if kind is not None:
        return kind, "classifier"
    return None


@dataclass(frozen=True)
class UrgentHelp:
    """The reviewed numbers and the texts built from them."""

    numbers: dict[str, str]
    replies: dict[str, str]
    follow_ups: dict[str, str]
    must_name: dict[str, tuple[str, ...]]  # "replies.medical" -> numbers it must contain
    must_not_name: dict[str, tuple[str, ...]]

    @classmethod
    def parse(cls, data: dict[str, Any]) -> UrgentHelp:
        numbers = {name: str(entry["number"]) for name, entry in data["numbers"].items()}
        texts: dict[str, dict[str, str]] = {}
        must: dict[str, tuple[str, ...]] = {}
        must_not: dict[str, tuple[str, ...]] = {}
        for part in ("replies", "follow_ups"):
            texts[part] = {}
            for kind, entry in data[part].items():
                texts[part][kind] = " ".join(str(entry["text"]).split()).format(**numbers)
                must[f"{part}.{kind}"] = tuple(entry.get("must_name", ()))
                must_not[f"{part}.{kind}"] = tuple(entry.get("must_not_name", ()))
        return cls(numbers, texts["replies"], texts["follow_ups"], must, must_not)


@cache
def urgent_help() -> UrgentHelp:
    """The shipped flows/urgent_help.yaml."""
    text = resources.files("flows").joinpath("urgent_help.yaml").read_text("utf-8")
    return UrgentHelp.parse(yaml.safe_load(text))


def first_reply(kind: str) -> str:
    help_ = urgent_help()
    return help_.replies.get(kind, help_.replies["suicide"])


def follow_up(kind: str | None) -> str:
    help_ = urgent_help()
    return help_.follow_ups.get(kind or "suicide", help_.follow_ups["suicide"])


async def answer_crisis(turn: Turn, crisis: Crisis) -> None:
    """Urgent help first, then the safety state, the staff alert and the staff chat."""
    turn.say(first_reply(crisis.help), urgent=True)
    # A questionnaire or a search must not carry on as if nothing was said.
    turn.end_conversation()
    store = turn.store
    config = turn.services.config
    now = turn.services.now()
    hold: timedelta = config.safety.hold
    await store.contacts.set_safety_state(turn.contact.id, crisis.help, now + hold)
    turn.contact.safety_until, turn.contact.safety_kind = now + hold, crisis.help
    label = KIND_LABELS.get(crisis.help, crisis.help)
    alert = await store.alerts.add(
        "crisis", f"Urgent: a message sounded like {label} ({crisis.kind}, found by"
        f" {crisis.layer}). Urgent help numbers were sent.", turn.contact.id)
    chat = str(config.staff.telegram_chat_id or "").strip()
    if chat:
        await store.outbox.add(f"telegram:{chat}", STAFF_NOTICE.format(label=label, alert=alert),
                               kind="urgent", scrub_after_send=True)
    log.info("crisis reply sent (kind %s, layer %s, help %s)", crisis.kind, crisis.layer,
             crisis.help)


def answer_in_safety_state(turn: Turn) -> None:
    """Any message while someone is in the safety state: a short, kind reply with help."""
    turn.say(follow_up(turn.contact.safety_kind), urgent=True)
    turn.end_conversation()
