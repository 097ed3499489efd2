"""Abuse and cost limits checked before each text costs money.

- No texts to non-UK numbers while `sms.reply_only_uk` (SMS pumping fraud targets
  premium international ranges).
- At most `sms.max_replies_per_10_minutes` texts to one number in 10 minutes. Refused
  replies count too, so someone who keeps texting stays quiet until they stop for 10 minutes.
- At most `sms.daily_cap` texts a day (London time); when reached, staff get one alert and
  the rest wait for the next day. Urgent-help replies are never held back by the cap.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.channels.base import RejectedError, ThrottledError
from bot.config import Config
from bot.messages import Outbound
from bot.phones import is_uk
from bot.storage import Store, utcnow
from bot.storage.outbox import SmsCountsRepository

log = logging.getLogger(__name__)

WINDOW = timedelta(minutes=10)
IN_FLIGHT_FOR = 60.0  # seconds a checked send may hold a place under the cap, at most
LONDON = ZoneInfo("Europe/London")
CAP_ALERT = "sms-daily-cap-reached"


class SmsLimits:
    """The SendGuard for TwilioSmsChannel, backed by the store."""

    def __init__(self, store: Store, config: Config, now: Callable[[], datetime] = utcnow):
        self.store = store
        self.reply_only_uk: bool = config.sms.reply_only_uk
        self.per_sender: int = config.sms.max_replies_per_10_minutes
        self.daily_cap: int = config.sms.daily_cap
        self.now = now
        # The outbox sends to several people at once: sends that passed the cap check but
        # are not counted yet (outbox id -> when) hold a place, so the cap can't overshoot.
        self._in_flight: dict[int, float] = {}
        self._cap_lock = asyncio.Lock()

    async def check(self, message: Outbound) -> None:
        """Raise RejectedError (give up) or ThrottledError (wait) if this text must not go."""
        if self.reply_only_uk and not is_uk(message.to.id):
            raise RejectedError("not a UK number (sms.reply_only_uk)")
        if message.kind == "urgent":  # never held back by the cap
            await self._check_sender(message)
        else:  # a reply's sender limit is read with the cap's count, in one trip
            await self._check_daily_cap(message.id, message if message.kind != "bulk" else None)

    async def _check_sender(self, message: Outbound) -> None:
        self._sender_limit(message, await self.store.outbox.recent_replies_to(
            str(message.to), message.id, self.now() - WINDOW))

    def _sender_limit(self, message: Outbound, earlier: int) -> None:
        if earlier >= self.per_sender:
            log.warning("reply limit reached outbox=%d: sender kept quiet", message.id)
            raise RejectedError("reply limit for this sender (sms.max_replies_per_10_minutes)")

    def _today(self) -> str:
        return self.now().astimezone(LONDON).date().isoformat()

    def _pending(self) -> int:
        """Sends holding a place under the cap (stale ones, never reported, are let go)."""
        stale = time.monotonic() - IN_FLIGHT_FOR
        for key in [k for k, at in self._in_flight.items() if at < stale]:
            del self._in_flight[key]
        return len(self._in_flight)

    async def _check_daily_cap(self, outbox_id: int, reply: Outbound | None = None) -> None:
        """Hold a place under the cap, or ThrottledError; for a `reply`, its sender's
        limit first (RejectedError), read in the same trip as the cap's count."""
        day = self._today()
        while True:
            async with self._cap_lock:  # one check at a time: decide, then hold a place
                # Counted before the read: a send reported in between is counted twice,
                # never missed, so the cap errs on the safe side.
                pending = self._pending()
                if reply is not None:
                    earlier, row = await self.store.outbox.recent_replies_and_day(
                        str(reply.to), reply.id, self.now() - WINDOW, day)
                    self._sender_limit(reply, earlier)
                    reply = None  # checked: a wait for the cap reads the count alone
                else:
                    row = await SmsCountsRepository(self.store).day(day)
                sent = row[0] if row else 0
                if sent + pending < self.daily_cap:
                    self._in_flight[outbox_id] = time.monotonic()
                    return
                if sent >= self.daily_cap:
                    break
            await asyncio.sleep(0.05)  # full only with sends in flight: see how they end
        assert row is not None
        if row[1] is None:
            async with self.store.transaction():
                # Only the first of several sends hitting the cap at once raises the alert.
                if await SmsCountsRepository(self.store).claim_alert(day, utcnow()):
                    await self.store.alerts.add(
                        CAP_ALERT, f"The daily limit of {self.daily_cap} texts was reached on "
                        f"{day}. Other texts wait until tomorrow; urgent-help replies still go.")
                    log.warning("daily sms cap of %d reached", self.daily_cap)
        raise ThrottledError("daily cap reached (sms.daily_cap)",
                             retry_after=self._seconds_to_midnight())

    def _seconds_to_midnight(self) -> float:
        local = self.now().astimezone(LONDON)
        midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(),
                                    LONDON)
        return max((midnight - local).total_seconds(), 1.0)

    async def sent(self, message: Outbound) -> None:
        """Count a text Twilio accepted."""
        await SmsCountsRepository(self.store).count_sent(self._today())
        self._in_flight.pop(message.id, None)  # after the commit: never uncounted meanwhile

    def abandoned(self, message: Outbound) -> None:
        """The send failed or its outcome is unknown: it holds no place under the cap now."""
        self._in_flight.pop(message.id, None)

    async def attempt_started(self, message: Outbound) -> datetime | None:
        """When the last attempt began: the outbox row was marked 'sending' just before."""
        return await self.store.outbox.updated_at(message.id)

    async def known_provider_id(self, provider_id: str) -> bool:
        """True if another outbox row already holds this provider id."""
        return await self.store.outbox.provider_id_known(provider_id)

    async def sent_today(self) -> int:
        row = await SmsCountsRepository(self.store).day(self._today())
        return row[0] if row else 0
