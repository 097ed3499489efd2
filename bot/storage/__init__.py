"""Storage: the one place that knows the database.

`Store` (store.py) holds the connection, the write lock, transactions and migrations.
Each concern has a small repository beside it (contacts.py, campaigns.py, staff.py, ...):
a class taking the Store, with async methods that return plain dataclasses or tuples.
Code outside this package never writes SQL (tests/test_architecture.py checks); it calls
a repository, and wraps several calls in `store.transaction()` when they must commit
together. docs/architecture.md ("Storage") says why and how.
"""

from bot.storage.store import (
    FORGET_TABLES,
    Contact,
    Conversation,
    SchemaTooNew,
    Store,
    check_schema,
    iso,
    migrations,
    outbound_from_row,
    parse_iso,
    utcnow,
)

__all__ = ["FORGET_TABLES", "Contact", "Conversation", "SchemaTooNew", "Store", "check_schema",
           "iso", "migrations", "outbound_from_row", "parse_iso", "utcnow"]
