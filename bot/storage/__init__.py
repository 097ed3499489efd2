"""Storage: the one place that knows the database.

`Store` (store.py) holds the connection, the write lock, transactions, migrations, the
low-level write and fetch primitives the repositories use, and the address hashing key.
Each concern has a small repository beside it (contacts.py, conversations.py, inbox.py,
outbox.py, alerts.py, campaigns.py, staff.py, ...): a class taking the Store, with async
methods that return plain dataclasses or tuples. The core ones are made once per store
and reached from it: `store.contacts`, `store.conversations`, `store.inbox`,
`store.outbox`, `store.alerts`, `store.audit`.
Code outside this package never writes SQL (tests/test_architecture.py checks); it calls
a repository, and wraps several calls in `store.transaction()` when they must commit
together. docs/architecture.md ("Storage") says why and how.
"""

from bot.storage.contacts import FORGET_TABLES, Contact
from bot.storage.conversations import Conversation
from bot.storage.outbox import outbound_from_row
from bot.storage.store import (
    DatabaseUnreachable,
    SchemaTooNew,
    Store,
    check_schema,
    migrations,
)
from bot.storage.times import iso, parse_iso, utcnow

__all__ = ["FORGET_TABLES", "Contact", "Conversation", "DatabaseUnreachable", "SchemaTooNew",
           "Store", "check_schema",
           "iso", "migrations", "outbound_from_row", "parse_iso", "utcnow"]
