"""The engine: takes an inbound message from any channel, de-duplicates it, runs the
router for that person (one message at a time per person) and queues the replies.

A turn's writes - flow data, conversation state, replies, the inbox 'processed' flag -
commit together, so a crash either loses the whole turn (and it is replayed from the
inbox on start) or keeps all of it; never a reply without its state, or twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.gsm import to_gsm
from bot.messages import Address, Inbound, Outbound
from bot.phones import display_uk
from bot.storage import Contact, Conversation, Store
from bot.storage.after_commit import AfterCommitRepository, PendingWork
from bot.storage.batch import Unchanged
from flows import texts
from flows.base import Finished, Services, Turn
from flows.router import Router

log = logging.getLogger(__name__)


TURN_ATTEMPTS = 5  # a turn read on a stale person is routed again, this many times at most


class _Stale(Exception):
    """Another turn for the person committed after this one read them."""


class _Answered(Exception):
    """The message was processed meanwhile (by another instance, whose lease on the person
    this one outlived): its answer is committed there, so this turn rolls back."""


def _counted(read: Contact, now: Contact) -> tuple[int, int]:
    """Whose turn version the commit checks and counts: the person read, or, when the turn
    linked their address into another person (a shared Telegram contact, which removes
    the one it leaves), that person as the flow re-read them under the write lock."""
    return (read.id, read.turn_version) if now.id == read.id else (now.id, now.turn_version)


class SenderLocks:
    """One asyncio lock per person, dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[object, tuple[asyncio.Lock, int]] = {}

    async def acquire(self, key: object) -> None:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        await lock.acquire()

    def busy(self, key: object) -> bool:
        """Whether someone holds or waits for this person's lock right now."""
        return key in self._locks

    def release(self, key: object) -> None:
        lock, users = self._locks[key]
        lock.release()
        if users <= 1:
            del self._locks[key]
        else:
            self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)


@dataclass
class Received:
    """What happened to an inbound message."""

    duplicate: bool
    inbox_id: int | None
    outbound: list[Outbound]
    step: str = ""


class Engine:
    """Inbound message in, replies queued in the outbox."""

    def __init__(self, services: Services, router: Router,
                 practices: dict[str, Services] | None = None):
        self.services = services  # the first (or only) practice's
        self.router = router
        # Each practice's settings and directory, by id (one, `default`, without a
        # `practices:` list): a turn sees its sender's practice.
        self.practices = practices or {services.config.practice_id: services}
        self.locks = SenderLocks()
        self.outbox_listeners: list[Callable[[], None]] = []

    @property
    def store(self) -> Store:
        return self.services.store

    def services_for(self, practice: str) -> Services:
        """What a turn of this practice's sees: its name, phone and directory."""
        found = self.practices.get(practice)
        if found is None:  # a practice taken out of the settings: its rows as the first's
            log.warning("no practice %r in the settings: answered as the first", practice)
            return self.services
        return found

    async def store_inbound(self, inbound: Inbound) -> int | None:
        """Durably record a message (webhook path); None if it is a repeat delivery."""
        return await self.store.inbox.insert(
            inbound.sender.channel, inbound.external_id, str(inbound.sender), inbound.text,
            inbound.received_at, inbound.event, inbound.practice)

    async def receive(self, inbound: Inbound) -> Received:
        """Store then process one message (chat, simulate, tests)."""
        inbox_id = await self.store_inbound(inbound)
        if inbox_id is None:
            log.info("duplicate inbound dropped channel=%s", inbound.sender.channel)
            return Received(True, None, [])
        return await self.process(inbox_id, inbound)

    async def finish_pending(self) -> None:
        """Do the after-commit work a stop left undone (before any new turn)."""
        for work in await AfterCommitRepository(self.store).pending():
            await self.finish(work)

    async def recover(self) -> int:
        """Finish after-commit work and process inbox rows left by a crash, here and now
        (chat, simulate, tests; the server's InboundPipeline queues them instead); returns
        how many inbox rows."""
        await self.finish_pending()
        rows = await self.store.inbox.unprocessed()
        for inbox_id, inbound in rows:
            await self.process(inbox_id, inbound)
        if rows:
            log.info("recovered %d unprocessed inbound messages", len(rows))
        return len(rows)

    async def process(self, inbox_id: int, inbound: Inbound) -> Received:
        """Run the router for one stored message and queue the replies."""
        store = self.store
        # The person and their conversation in one read (a new person: created, with none).
        read: tuple[Contact, Conversation | None] | None
        read = await store.conversations.load_turn_at(str(inbound.sender), inbound.practice)
        if read is None:  # nobody has the address (or another process made them meanwhile)
            contact, created = await store.contacts.create(inbound.sender, inbound.practice)
            read = (replace(contact), None) if created else None
        else:
            contact = read[0]
            if read[1] is not None and read[1].expires_at <= self.services.now():
                read = None  # expired: read again in the turn, which removes it
        locked = contact.id  # the lock is released by this id, whoever the turn ends up with
        if self.locks.busy(locked):
            read = None  # another turn for them first: what it changed is read after it
        await self.locks.acquire(locked)
        try:
            # Lock, then the state: a second message from the same person waits here, and
            # then reads what the first one changed (an opt-out, say). A read from before
            # an uncontended lock is as good; if another instance's turn for the person
            # committed meanwhile, the version check sees it and the turn is routed again.
            try:
                turn, step, outbound, later = await self._route_and_commit(
                    inbox_id, inbound, contact, read)
            except _Answered:
                log.info("message answered already channel=%s contact=%s",
                         inbound.sender.channel, contact.id)
                return Received(True, inbox_id, [])
            except Exception:
                log.exception("error handling a message channel=%s contact=%s",
                              inbound.sender.channel, contact.id)
                turn = Turn(inbound, contact, None, self.services_for(inbound.practice),
                            inbox_id)
                turn.say(self.router.fill(turn, texts.APOLOGY))
                step = "error"
                async with store.transaction():
                    outbound, later = await self._commit(turn, inbox_id, None)
            contact = turn.contact
            for work_id in later:  # committed: now the files, still this person's turn
                found = await AfterCommitRepository(store).get(work_id)
                if found is not None:
                    outbound += await self.finish(found)
            if turn.forgotten:
                await store.checkpoint()  # erased rows out of the -wal file too
            log.info("handled message channel=%s contact=%s step=%s replies=%d",
                     inbound.sender.channel, contact.id, step, len(outbound))
        finally:
            self.locks.release(locked)
        if outbound:
            for listener in self.outbox_listeners:
                listener()
        return Received(False, inbox_id, outbound, step)

    async def _route_and_commit(self, inbox_id: int, inbound: Inbound, contact: Contact,
                                read: tuple[Contact, Conversation | None] | None = None,
                                ) -> tuple[Turn, str, list[Outbound], list[int]]:
        """Read the person and their conversation, route, then commit the turn's writes
        together. The write lock is taken at the turn's first write, not while it reads
        and routes (`Store.deferred_transaction`); if another turn for the person
        committed in between (another instance), this one is routed again on what it
        did, so nothing is decided on an old reading (an opt-out, say). `read`: the
        person and their conversation read just before (a person created just now has
        none), for the first attempt."""
        store = self.store
        for attempt in range(TURN_ATTEMPTS):
            now = self.services.now()
            try:
                async with store.deferred_transaction():
                    loaded: tuple[Contact, Conversation | None] | None
                    if read is not None and attempt == 0:
                        # Nothing more to read. If another turn for them committed
                        # meanwhile, the version check sees it.
                        loaded = read
                    else:
                        loaded = await store.conversations.load_turn(contact.id, now)
                    if loaded is None:  # forgotten or merged while we waited: as new
                        loaded = await store.conversations.load_turn(
                            (await store.contacts.for_address(inbound.sender,
                                                              inbound.practice)).id, now)
                    assert loaded is not None
                    person, conversation = loaded
                    turn = Turn(inbound, person, conversation,
                                self.services_for(inbound.practice), inbox_id)
                    step = await self.router.route(turn)
                    outbound, later = await self._commit(
                        turn, inbox_id, None if turn.forgotten else _counted(person, turn.contact))
                return turn, step, outbound, later
            except _Stale:
                log.info("turn routed again: the person changed meanwhile contact=%s",
                         person.id)
        raise RuntimeError(f"the person kept changing for {TURN_ATTEMPTS} attempts")

    async def finish(self, work: PendingWork) -> list[Outbound]:
        """Do one piece of after-commit work, then, in one transaction, record its outcome,
        queue its replies and mark it done. A stop before that transaction leaves the work
        to be done again by `recover` (handlers are safe to repeat)."""
        store = self.store
        services = self.services_for(work.practice)
        handler = self.router.after_commit.get(work.kind)
        try:
            if handler is None:
                raise LookupError(f"no handler for after-commit work {work.kind!r}")
            finished = await handler(services, work.payload)
        except Exception:
            log.exception("after-commit work failed kind=%s id=%d", work.kind, work.id)
            finished = Finished([texts.APOLOGY.format(
                practice=services.config.practice.name,
                phone=display_uk(services.config.practice.phone))])
        outbound = []
        async with store.transaction():
            if finished.record is not None:
                await finished.record(store)
            for text in finished.replies:
                if work.address.startswith("sms:"):
                    text = to_gsm(text)
                outbox_id = await store.outbox.add(work.address, text,
                                                   contact_id=work.contact_id,
                                                   practice=work.practice)
                outbound.append(Outbound(outbox_id, Address.parse(work.address), text,
                                         "reply", (), False, None, practice=work.practice))
            await AfterCommitRepository(store).done(work.id)
        if finished.reload_directory:
            await services.reload_directory()
        if outbound:
            for listener in self.outbox_listeners:
                listener()
        return outbound

    async def _commit(self, turn: Turn, inbox_id: int, counted: tuple[int, int] | None,
                      ) -> tuple[list[Outbound], list[int]]:
        """The end of the turn's transaction, in one batch (on SQLite one trip to the
        database thread, with its BEGIN if the turn wrote nothing before, and COMMIT):
        the turn-version check (`counted`: whose, at which version; _Stale if another
        turn committed since), state, replies, the work left for after the commit, the
        inbox flag (_Answered if another instance answered it), then COMMIT. Returns the
        replies queued and the after-commit work's ids."""
        store = self.store
        contact_id = None if turn.forgotten else turn.contact.id
        statements = []
        if counted is not None:
            statements.append(store.conversations.bump_statement(*counted))
        if not turn.forgotten and turn.state_changed:
            if turn.next_state is None:
                statements.append(store.conversations.end_statement(turn.contact.id))
            else:
                flow, step, data = turn.next_state
                statements.append(store.conversations.save_statement(
                    turn.contact.id, flow, step, data, self.services.now(),
                    self.services.config.conversation.expiry))
        replies = []
        for reply in turn.replies:
            text = to_gsm(reply.text) if turn.inbound.sender.channel == "sms" else reply.text
            kind = "urgent" if reply.urgent else "reply"
            replies.append((len(statements), Outbound(
                0, turn.inbound.sender, text, kind, reply.choices, reply.essential, inbox_id,
                practice=turn.inbound.practice)))
            statements.append(store.outbox.add_statement(
                turn.inbound.sender, text, kind=kind, contact_id=contact_id,
                choices=reply.choices, essential=reply.essential, inbox_id=inbox_id,
                scrub_after_send=turn.forgotten, practice=turn.inbound.practice))
        works = AfterCommitRepository(store)
        first_later = len(statements)
        for kind, payload in ([] if turn.forgotten else turn.later):
            statements.append(works.add_statement(
                kind, payload, str(turn.inbound.sender), contact_id, self.services.now(),
                turn.inbound.practice))
        # A FORGET ME row stays, its sender already a keyed hash (ContactsRepository.forget):
        # a repeat delivery of it is still recognised and dropped.
        statements.append(store.inbox.mark_processed_statement(inbox_id))
        try:
            results = await store.batch(statements, end=True)
        except Unchanged as exc:
            if counted is not None and exc.index == 0:
                raise _Stale from None
            raise _Answered from None
        outbound = [replace(message, id=int(results[index][0]["id"]))
                    for index, message in replies]
        later = [int(rows[0]["id"]) for rows in results[first_later:-1]]
        return outbound, later

