"""Issue 15, item 8: an exception holding a number and what someone texted, logged the way
the server logs (configure_logging), leaves neither in the log."""

from __future__ import annotations

import logging

import pytest

from bot.logs import configure_logging

NUMBER = "+447700900123"
WORDS = "I want to end it all tonight"


@pytest.fixture
def server_logging():
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    configure_logging("INFO")
    yield
    root.handlers[:], level = saved
    root.setLevel(level)


def fail_with_personal_details() -> None:
    try:
        raise KeyError(f"no contact for sms:{NUMBER}")
    except KeyError as exc:
        raise ValueError(f"could not handle {WORDS!r} from {NUMBER}") from exc


def test_an_exception_with_a_number_and_crisis_words_is_logged_without_them(
        server_logging, capsys) -> None:
    configure_logging("INFO")  # the handler writes to the (captured) stderr of this test
    log = logging.getLogger("bot.engine")
    try:
        fail_with_personal_details()
    except ValueError:
        log.exception("error handling a message channel=%s contact=%s", "sms", 12)
    try:
        fail_with_personal_details()
    except ValueError as exc:
        log.error("failed: %s", exc)  # the exception text put in the message itself
    written = capsys.readouterr().err
    assert "ValueError" in written and "KeyError" in written  # still useful to debug
    assert "fail_with_personal_details" in written and "contact=12" in written
    for needle in (NUMBER, NUMBER[1:], "7700900123", "end it all", "tonight"):
        assert needle not in written, needle
