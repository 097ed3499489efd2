"""Several statements in one trip to the database (`Store.batch`): what a batch is made of.

Here, not in store.py, so the repositories that build batches need not import the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple


class Statement(NamedTuple):
    """One statement of a batch (`Store.batch`). `returning`: its rows are the result (a
    SELECT or a write with RETURNING), else a Written. `must_change`: if it changes (or
    returns) no row, the batch stops there (`Unchanged`)."""

    sql: str
    params: Sequence[Any] = ()
    returning: bool = False
    must_change: bool = False


class Earlier(NamedTuple):
    """A batch parameter taken from an earlier statement's result: column `column` of the
    first row statement number `statement` returned (e.g. the id a RETURNING gave), so statements
    that depend on each other still go in one trip."""

    statement: int
    column: str


def resolved(params: Sequence[Any], results: list[Any]) -> Sequence[Any]:
    """A batch statement's parameters with every Earlier replaced by its value."""
    if not any(isinstance(value, Earlier) for value in params):
        return params
    return [results[value.statement][0][value.column] if isinstance(value, Earlier) else value
            for value in params]


def _shifted(statements: Sequence[Statement], by: int) -> list[Statement]:
    """The statements with their Earlier references moved `by` places (others go first)."""
    if not by:
        return list(statements)
    return [statement._replace(params=[
        Earlier(value.statement + by, value.column) if isinstance(value, Earlier) else value
        for value in statement.params]) for statement in statements]


class Unchanged(Exception):
    """A batch's `must_change` statement changed nothing: the statements after it were
    not run. `index` is its place in the batch, `results` what the ones before gave."""

    def __init__(self, index: int, results: list[Any]):
        super().__init__(f"statement {index} of the batch changed nothing")
        self.index = index
        self.results = results


class _NotBegun(Exception):
    """BEGIN itself failed in a batch: no transaction is open (the cause is chained)."""
