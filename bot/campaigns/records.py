"""Campaigns in the store: create from a parsed list, look up, count by state."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from bot.campaigns.csvimport import ParsedList
from bot.storage import Store
from bot.storage.campaigns import Campaign, CampaignsRepository, NewRecipient, Recipient

__all__ = ["Campaign", "CampaignError", "Created", "Recipient", "all_campaigns",
           "create_campaign", "exclusions", "get_campaign", "recipient_rows", "status_counts"]


class CampaignError(ValueError):
    """A campaign command that can't go ahead; the text says why."""


# Recipient states as `campaign status` shows them; together they add up to the recipients.
SEND_STATES = ("pending", "sending", "queued", "sent", "delivered", "failed", "opted_out",
               "skipped")
REPLY_STATES = ("replied_yes", "replied_no", "asked_more", "completed")
# Invited, then texted STOP (or blocked the bot): counted apart from the send states.
STOPPED = "stopped_after_invitation"


async def get_campaign(store: Store, name: str, practice: str = "default") -> Campaign:
    """The practice's campaign called `name` (names are unique per practice), or
    CampaignError listing the ones it has."""
    campaigns = CampaignsRepository(store)
    found = await campaigns.by_name(name, practice)
    if found is None:
        names = [c.name for c in await campaigns.all(practice)]
        known = f" Campaigns: {', '.join(names)}." if names else " There are no campaigns yet."
        raise CampaignError(f"no campaign called {name!r}.{known}")
    return found


async def all_campaigns(store: Store, practice: str | None = None) -> list[Campaign]:
    return await CampaignsRepository(store).all(practice)


@dataclass
class Created:
    """What `campaign create` did."""

    campaign: Campaign
    recipients: int
    skipped: list[tuple[int, str]]


async def create_campaign(store: Store, name: str, parsed: ParsedList, template: str,
                          source: str, now: datetime, practice: str = "default") -> Created:
    """Store a campaign and its recipients, skipping who must not be invited (with why):
    the practice's list, checked against the practice's people."""
    if not name.strip():
        raise CampaignError("the campaign needs a name")
    campaigns = CampaignsRepository(store)
    if await campaigns.by_name(name, practice):
        raise CampaignError(f"a campaign called {name!r} already exists; pick another name")
    known = await campaigns.sms_contacts(practice)
    live = await campaigns.contacts_in_live_conversations(now, practice)
    declined = await campaigns.contacts_who_said_no(practice)
    forgotten = await campaigns.forgotten_hashes(practice)
    skipped = list(parsed.skipped)
    recipients = []
    for row in parsed.rows:
        address = "sms:" + row.mobile
        existing = known.get(address)
        reason = ""
        if existing is None and await store.address_hash(address) in forgotten:
            reason = "forgotten"  # asked to be forgotten: only a keyed hash remains
        elif existing is not None and existing[1]:
            reason = "opted out"
        elif existing is not None and existing[0] in declined:
            reason = "said no before"
        elif existing is not None and existing[0] in live:
            reason = "in a live conversation"
        if reason:
            skipped.append((row.row_number, reason))
            continue
        recipients.append(NewRecipient(address, existing[0] if existing else None,
                                       row.first_name, row.row_number))
    skipped.sort()
    await campaigns.create(name, template, source, parsed.rows_read, recipients, skipped, now,
                           practice)
    return Created(await get_campaign(store, name, practice), len(recipients), skipped)


async def exclusions(store: Store, campaign: Campaign) -> Counter[str]:
    """Rows skipped at import, counted by reason."""
    reasons = await CampaignsRepository(store).exclusion_reasons(campaign.id)
    return Counter(reason.split(" (")[0] for reason in reasons)


async def status_counts(store: Store, campaign: Campaign) -> dict[str, int]:
    """Recipients by send state, then replies; send states add up to `recipients`."""
    campaigns = CampaignsRepository(store)
    counts: dict[str, int] = dict.fromkeys(("recipients", *SEND_STATES, *REPLY_STATES, STOPPED), 0)
    for state, number in await campaigns.effective_state_counts(campaign.id):
        counts[state] = counts.get(state, 0) + number
        counts["recipients"] += number
    replies = await campaigns.reply_counts(campaign.id)
    for key, value in zip(REPLY_STATES, replies, strict=True):
        counts[key] = value
    counts[STOPPED] = await campaigns.stopped_after_invitation(campaign.id)
    counts["excluded at import"] = sum((await exclusions(store, campaign)).values())
    return counts


async def recipient_rows(store: Store, campaign: Campaign, states: tuple[str, ...],
                         limit: int = 500, after_id: int = 0) -> list[Recipient]:
    """Recipients in these (stored) states, in id order."""
    return await CampaignsRepository(store).recipients(campaign.id, states, limit, after_id)
