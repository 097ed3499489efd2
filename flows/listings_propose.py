"""PROPOSE / "new group": the same questions as UPDATE, then staff check it before it goes live."""

from __future__ import annotations

from typing import Any

from bot.phones import display_uk
from directory import edits
from directory.edits import EditError
from flows import listings_admin as admin
from flows.base import Turn
from flows.words import normalise

ORDER = ["propose_name", "propose_when", "propose_place", "propose_contact",
         "propose_description", "propose_cost", "propose_confirm"]
ASK = {
    "propose_when": "When does it run? " + edits.SCHEDULE_EXAMPLE,
    "propose_place": "Where does it meet? For example: Church hall, Church Street, MB1 3CH",
    "propose_contact": "Who should people contact? For example: Sue 07700 900101. "
                       "Or reply ME to give this number.",
    "propose_description": "In a sentence or two, what happens there and who is it for?",
    "propose_cost": "What does it cost? Reply FREE if nothing.",
}


def _me(turn: Turn) -> str:
    """The proposer as a maintainers entry: '+447700900123' or 'telegram:123'."""
    sender = turn.inbound.sender
    return sender.id if sender.channel == "sms" else str(sender)


def _summary(p: dict[str, Any]) -> str:
    parts = [p["name"], edits.describe_schedule(p["schedule"][0])]
    parts.append(", ".join(v for v in p["location"].values() if v))
    parts.append(" ".join(v for v in p["contact"].values() if v))
    parts.append(p.get("cost") or "Free")
    return "\n".join(parts)


async def propose_step(flow: Any, turn: Turn, step: str, data: dict[str, Any],
                       text: str) -> bool:
    """One answer in the proposal conversation."""
    p: dict[str, Any] = data.setdefault("p", {})
    try:
        if step == "propose_name":
            p["name"] = edits._text(text, "name", 3, 80)
        elif step == "propose_when":
            p["schedule"] = [edits.parse_schedule(text)]
        elif step == "propose_place":
            p["location"] = edits.parse_place(text)
        elif step == "propose_contact":
            if normalise(text) == "me" and turn.inbound.sender.channel == "sms":
                p["contact"] = {"phone": display_uk(turn.inbound.sender.id)}
            else:
                p["contact"] = edits.parse_contact(text)
        elif step == "propose_description":
            p["description"] = edits.parse_description(text)
        elif step == "propose_cost":
            p["cost"] = edits.parse_cost(text)
        elif step == "propose_confirm":
            said = normalise(text)
            if said in ("yes", "y", "yeah", "yep", "ok", "yes please", "send", "send it"):
                p["maintainers"] = [_me(turn)]
                number = await admin.create_proposal(turn.services, turn.contact.id, p)
                turn.say(f"Thank you. We've sent it to the practice team (ref P{number}). "
                         "We'll text you when it is in the directory.")
                turn.end_conversation()
                return True
            if said in ("no", "n", "nope", "no thanks"):
                turn.say("OK, we haven't sent it. Text PROPOSE to start again any time.")
                turn.end_conversation()
                return True
            turn.say("Reply YES to send it to the practice team, or NO to leave it.")
            return True
    except EditError as exc:
        turn.say(f"{exc} Or text MENU to leave this.")
        return True
    following = ORDER[ORDER.index(step) + 1]
    if following == "propose_confirm":
        turn.say(f"Here is your group:\n{_summary(p)}\nReply YES to send it to the practice "
                 "team. It goes live once they have checked it.", choices=("YES", "NO"))
    else:
        turn.say(ASK[following])
    turn.converse(flow.name, following, data)
    return True
