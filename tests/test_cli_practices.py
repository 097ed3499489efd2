"""Several practices from the command line: campaign commands, reports and staff accounts
take --practice ID (the only practice when there is one; a clear error when there are
several and none is named), and a campaign is its practice's: its list is checked
against that practice's people and its texts name that practice."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from bot.dashboard.testing import PASSWORD
from bot.storage import Store
from bot.testing import ELM_BELL_RINGERS, two_practices_config

DOUBLE = "+447700900001"  # registered at both practices
NEW = "+447700900002"


@pytest.fixture
def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    from bot.cli import main

    config = two_practices_config(tmp_path, storage={"database": str(tmp_path / "bot.db")})

    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        """`python -m bot ...`, in this process."""
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        try:
            code = main([*args, "--config", str(config)])
        except SystemExit as stop:
            code = int(stop.code or 0)
        out = capsys.readouterr()
        return code, out.out, out.err

    run.db = str(tmp_path / "bot.db")  # type: ignore[attr-defined]
    run.tmp = tmp_path  # type: ignore[attr-defined]
    return run


def _rows(path: str, sql: str) -> list[tuple]:
    async def read() -> list[tuple]:
        store = await Store.open(path)
        try:
            return [tuple(row) for row in await store.fetchall(sql)]
        finally:
            await store.close()

    return asyncio.run(read())


def _opt_out_at(path: str, practice: str, address: str) -> None:
    async def write() -> None:
        store = await Store.open(path)
        try:
            person = await store.contacts.for_address(address, practice)
            await store.contacts.set_opted_out(person.id, True)
        finally:
            await store.close()

    asyncio.run(write())


def test_with_several_practices_a_command_asks_which(bot) -> None:
    code, _, err = bot("campaign", "status", "spring")
    assert code == 2
    assert "There are several practices (oak, elm): say which with --practice ID." in err
    code, _, err = bot("report", "campaigns", "--practice", "ash")
    assert code == 2 and "There is no practice 'ash'; there are: oak, elm." in err
    code, _, err = bot("staff", "add", "jo@practice.example.org", "--password-stdin",
                       stdin=PASSWORD + "\n")
    assert code == 2 and "say which with --practice ID" in err


def test_a_campaign_is_its_practices_list_and_texts(bot) -> None:
    _opt_out_at(bot.db, "oak", "sms:" + DOUBLE)  # STOP at Oak: still Elm's to invite
    listed = bot.tmp / "list.csv"
    listed.write_text(f"Forename,Mobile\nPat,{DOUBLE}\nSam,{NEW}\n")
    code, out, err = bot("campaign", "create", "spring", "--list", str(listed),
                         "--practice", "elm")
    assert code == 0, err
    assert "to invite" in out and " 2" in out.split("to invite")[1].splitlines()[0]
    rows = _rows(bot.db, "SELECT c.practice_id, r.practice_id FROM campaign_recipients r"
                         " JOIN contacts c ON c.id = r.contact_id")
    assert rows == [("elm", "elm"), ("elm", "elm")]
    code, out, _ = bot("campaign", "preview", "spring", "--practice", "elm")
    assert code == 0 and "Elm Practice" in out and "Oak" not in out
    code, _, err = bot("campaign", "status", "spring", "--practice", "oak")
    assert code == 2 and "no campaign called 'spring'" in err
    assert "no campaigns" not in bot("report", "campaigns", "--practice", "elm")[1].lower()
    assert bot("report", "campaigns", "--practice", "oak")[1].startswith("No campaigns yet")
    # At Oak, where Pat said STOP, the same list leaves Pat out.
    code, out, _ = bot("campaign", "create", "oak-spring", "--list", str(listed),
                       "--practice", "oak")
    assert code == 0 and "skipped: opted out" in out


def test_two_practices_can_both_run_a_campaign_of_one_name(bot) -> None:
    listed = bot.tmp / "list.csv"
    listed.write_text(f"Forename,Mobile\nPat,{DOUBLE}\n")
    for practice in ("oak", "elm"):
        code, _, err = bot("campaign", "create", "flu-2026", "--list", str(listed),
                           "--practice", practice)
        assert code == 0, err
    code, _, err = bot("campaign", "create", "flu-2026", "--list", str(listed),
                       "--practice", "elm")
    assert code != 0 and "already exists" in err
    code, out, _ = bot("campaign", "preview", "flu-2026", "--practice", "elm")
    assert code == 0 and "Elm Practice" in out and "Oak" not in out
    assert sorted(_rows(bot.db, "SELECT practice_id, name FROM campaigns")) == [
        ("elm", "flu-2026"), ("oak", "flu-2026")]


def test_staff_accounts_take_a_practice_or_every_practice(bot) -> None:
    assert bot("staff", "add", "jo@practice.example.org", "--practice", "elm",
               "--password-stdin", stdin=PASSWORD + "\n")[0] == 0
    assert bot("staff", "add", "lead@federation.example.org", "--role", "admin",
               "--all-practices", "--password-stdin", stdin=PASSWORD + "\n")[0] == 0
    listed = bot("staff", "list")[1]
    assert "elm" in listed.split("jo@practice.example.org")[1].splitlines()[0]
    assert "every practice" in listed.split("lead@federation.example.org")[1].splitlines()[0]
    assert sorted(_rows(bot.db, "SELECT email, practice_id FROM staff_accounts")) == [
        ("jo@practice.example.org", "elm"), ("lead@federation.example.org", None)]


def test_reports_are_one_practices(bot) -> None:
    from datetime import UTC, datetime

    from bot.storage.needs import NeedsRepository

    async def seed() -> None:
        store = await Store.open(bot.db)
        try:
            for practice, words in (("oak", "archery"), ("elm", "falconry")):
                await NeedsRepository(store).add(datetime.now(UTC), "no-match", [], words,
                                                 words, practice)
        finally:
            await store.close()

    asyncio.run(seed())
    code, out, _ = bot("report", "needs", "--practice", "oak")
    assert code == 0 and "archery" in out and "falconry" not in out
    code, out, _ = bot("report", "connections", "--practice", "elm", "--json")
    assert code == 0
    assert bot("report", "needs")[0] == 2  # several practices: say which




def _simulate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    import json

    from bot.cli import main

    own = tmp_path / "elm.yaml"
    own.write_text(ELM_BELL_RINGERS)
    config = two_practices_config(tmp_path, elm=own)
    lines = "".join(json.dumps({"from": DOUBLE, "text": text}) + "\n"
                    for text in ("HELP", "bell ringing"))
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    try:
        code = main(["simulate", "--config", str(config), *args])
    except SystemExit as stop:
        code = int(stop.code or 0)
    out = capsys.readouterr()
    return code, [json.loads(line)["text"] for line in out.out.splitlines()], out.err


def test_simulate_talks_as_the_practice_given(tmp_path, monkeypatch, capsys) -> None:
    db = str(tmp_path / "sim.db")
    code, texts, _ = _simulate(tmp_path, monkeypatch, capsys, "--practice", "elm", "--db", db)
    assert code == 0
    assert "Elm Practice" in texts[0] and "01632 960002" in texts[0]
    assert any("Elm Bell Ringers" in text for text in texts[1:])  # Elm's own directory
    assert _rows(db, "SELECT DISTINCT practice_id FROM contacts") == [("elm",)]


def test_simulate_and_chat_default_to_the_first_practice(tmp_path, monkeypatch, capsys) -> None:
    code, texts, _ = _simulate(tmp_path, monkeypatch, capsys)
    assert code == 0 and "Oak Lane Surgery" in texts[0]
    assert not any("Elm Bell Ringers" in text for text in texts)
    code, _, err = _simulate(tmp_path, monkeypatch, capsys, "--practice", "ash")
    assert code == 2 and "There is no practice 'ash'; there are: oak, elm." in err


def test_chat_talks_as_the_practice_given(tmp_path, monkeypatch, capsys) -> None:
    from bot.cli import main

    own = tmp_path / "elm.yaml"
    own.write_text(ELM_BELL_RINGERS)
    config = two_practices_config(tmp_path, elm=own,
                                  storage={"database": str(tmp_path / "bot.db")})
    monkeypatch.setattr("builtins.input", _lines("HELP", "bell ringing"))
    assert main(["chat", "--config", str(config), "--practice", "elm"]) == 0
    out = capsys.readouterr().out
    assert "Chatting with the Elm Practice bot" in out and "Elm Bell Ringers" in out
    code = None
    try:
        main(["chat", "--config", str(config), "--practice", "ash"])
    except SystemExit as stop:
        code = stop.code
    assert code == 2 and "there are: oak, elm." in capsys.readouterr().err


def _lines(*texts: str):
    pending = list(texts)

    def fake_input(prompt: str = "") -> str:
        if not pending:
            raise EOFError
        return pending.pop(0)

    return fake_input
