"""What a flow sees and does during one turn of a conversation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from bot.messages import Event, Inbound, Reply
from bot.storage import Contact, Conversation, Store

if TYPE_CHECKING:
    from bot.config import Config
    from directory.model import Directory


async def _nothing_to_reload() -> None:
    """Services without a directory file behind them (the dashboard's search tester)."""


@dataclass
class Services:
    """What flows may use: settings, the store, the current directory, the clock."""

    config: Config
    store: Store
    directory: Callable[[], Directory]
    now: Callable[[], datetime]
    # Re-read the directory files now (after an edit written back to the YAML), so the
    # next search sees the change without waiting for the file watcher.
    # Async: the reading and indexing run in a worker thread, off the event loop.
    reload_directory: Callable[[], Awaitable[None]] = _nothing_to_reload


_UNCHANGED = object()


@dataclass
class Turn:
    """One inbound message being handled: read the message and state, say things back."""

    inbound: Inbound
    contact: Contact
    conversation: Conversation | None
    services: Services
    inbox_id: int | None = None
    replies: list[Reply] = field(default_factory=list)
    forgotten: bool = False  # set by FORGET ME: nothing about this person may be kept
    # (kind, payload) of work for after the turn commits: see `after_commit`.
    later: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # Reads several steps of one turn make (the person's unanswered invitation), kept for
    # the turn: each is one trip to the database thread (bench/inbound.py).
    reads: dict[str, Any] = field(default_factory=dict)
    _next: Any = _UNCHANGED

    @property
    def text(self) -> str:
        return self.inbound.text

    @property
    def event(self) -> Event | None:
        """What the channel saw, when it is not a text (Telegram's /start, a contact)."""
        return self.inbound.event

    @property
    def store(self) -> Store:
        return self.services.store

    @property
    def actor(self) -> str:
        """How this person appears in the audit log (never their number)."""
        return f"contact:{self.contact.id}"

    def say(self, text: str, *, choices: tuple[str, ...] = (), essential: bool = False,
            urgent: bool = False) -> None:
        """Queue a reply to the sender."""
        self.replies.append(Reply(text, tuple(choices), essential or urgent, urgent))

    def after_commit(self, kind: str, payload: dict[str, Any]) -> None:
        """Ask for work to be done once this turn has committed (writing to the directory
        YAML): it is recorded in the turn's transaction, then done by the flow's handler
        for `kind` (Flow.after_commit), whose replies go to the sender. Done again on start
        if the process stopped in between, so handlers must be safe to repeat."""
        self.later.append((kind, dict(payload)))

    def converse(self, flow: str, step: str, data: dict[str, Any] | None = None) -> None:
        """Make `flow` own this person's next message, at `step`."""
        self._next = (flow, step, dict(data or {}))

    def end_conversation(self) -> None:
        """No flow owns the next message."""
        self._next = None

    @property
    def next_state(self) -> Any:
        return self._next

    @property
    def state_changed(self) -> bool:
        return self._next is not _UNCHANGED


@dataclass
class Finished:
    """What after-commit work did: the replies to send, and what to record in the same
    transaction that sends them and marks the work done."""

    replies: list[str]
    record: Callable[[Store], Awaitable[None]] | None = None
    reload_directory: bool = False


# An after-commit handler: does the work (outside any transaction) from its payload.
AfterCommitHandler = Callable[[Services, dict[str, Any]], Awaitable[Finished]]


class Flow(Protocol):
    """A conversation. `wants` claims a fresh message (a command word); `handle` answers it
    and returns False if the message is not for this flow after all (the router moves on)."""

    name: str

    def wants(self, turn: Turn) -> bool: ...

    async def handle(self, turn: Turn) -> bool: ...
