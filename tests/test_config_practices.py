"""Several practices on one deployment: the `practices:` list, each entry checked with
problems that name it; without the list, the `practice:` section is the one practice."""

from datetime import time
from pathlib import Path

import pytest

from bot.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parent.parent
OFFERS = str(ROOT / "directory/example/offers.yaml")


def _load(tmp_path, text: str):
    file = tmp_path / "config.yaml"
    file.write_text(text)
    return load_config(str(file), environ={})


def test_without_a_list_the_practice_section_is_the_one_default_practice(tmp_path):
    config = _load(tmp_path, "practice:\n  name: Birch Surgery\n  phone: '01632 960123'\n"
                             "sms:\n  from_number: '+447700900111'\n")
    [only] = config.practices
    assert (only.id, only.name, only.phone) == ("default", "Birch Surgery", "+441632960123")
    assert only.sms_numbers == ("+447700900111",)
    assert only.directory == (config.directory.path,)
    assert only.send_window == config.campaigns.send_window
    assert config.for_practice("default") is config
    assert config.practice_for_number("+447700900999") is only  # every number, as before
    assert not config.several_practices


def test_a_list_gives_each_practice_its_numbers_directory_window_and_texts(tmp_path):
    own = tmp_path / "own.yaml"
    own.write_text("offers: []\n")
    config = _load(tmp_path, f"""
practice:
  website: https://example.nhs.uk
practices:
  - id: oak-lane
    name: Oak Lane Surgery
    phone: "01632 960001"
    sms_numbers: ["+447700900001", "07700 900002"]
    directory: {OFFERS}
    opening_hours: Mon-Fri 8am to 6pm
  - id: elm
    name: Elm Practice
    phone: "01632 960002"
    sms_numbers: "+447700900003"
    directory: {{shared: {OFFERS}, own: {own}}}
    send_window: {{start: "10:00", days: [MO, WE]}}
""")
    oak, elm = config.practices
    assert config.several_practices
    assert oak.sms_numbers == ("+447700900001", "+447700900002")
    assert oak.website == "https://example.nhs.uk"  # left out: from practice:
    assert elm.directory == (OFFERS, str(own))
    assert elm.send_window.start == time(10) and elm.send_window.days == ("MO", "WE")
    assert elm.send_window.end == config.campaigns.send_window.end
    assert config.practice_for_number("+447700900003") is elm
    assert config.practice_for_number("+447700900999") is None
    seen = config.for_practice("elm")
    assert (seen.practice.name, seen.practice.phone) == ("Elm Practice", "+441632960002")
    assert seen.directory.path == str(own)  # its own offers: where its changes go
    assert seen.campaigns.send_window.start == time(10)
    assert seen.practice_id == "elm" and seen.practices == config.practices
    assert config.practice.name == "Oak Lane Surgery"  # the rest sees the first one
    with pytest.raises(KeyError, match="oak-lane, elm"):
        config.for_practice("ash")


def test_every_bad_entry_is_named_with_what_is_wrong(tmp_path):
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, f"""
practices:
  - id: oak
    name: Oak
    phone: "01632 960001"
    sms_numbers: ["+447700900001"]
    directory: {OFFERS}
  - id: oak
    name: Elm
    phone: "01632 960002"
    sms_numbers: ["+447700900001"]
    directory: {{shared: {OFFERS}, own: {tmp_path}/missing.yaml}}
    colour: green
  - id: Ash Tree
    name: Ash
    phone: "01632 960003"
""")
    problems = caught.value.problems
    assert "practices[1] (id 'oak'): id: 'oak' is already the id of another practice" in problems
    assert ("practices[1] (id 'oak'): sms_numbers: +447700900001 is already a number of"
            " practices[0] (id 'oak')") in problems
    assert f"practices[1] (id 'oak'): directory: {tmp_path}/missing.yaml not found" in problems
    assert "practices[1] (id 'oak'): colour: unknown setting" in problems
    assert ("practices[2] (id 'Ash Tree'): id: use lower-case letters, digits and dashes"
            " (like oak-lane)") in problems
    assert ("practices[2] (id 'Ash Tree'): directory is missing (a path, or shared: and own:"
            " paths)") in problems
    assert len(problems) == 6


def test_a_list_that_is_not_a_list_is_one_plain_problem(tmp_path):
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, "practices:\n  id: oak\n")
    assert caught.value.problems == [
        "practices: expected a list of practices (id, name, phone, ...)"]


def test_a_practices_own_telegram_bot_is_named_by_its_variable_never_its_token(tmp_path):
    text = f"""
practices:
  - id: oak
    name: Oak
    phone: "01632 960001"
    directory: {OFFERS}
    telegram_token_env: TELEGRAM_BOT_TOKEN_OAK
  - id: elm
    name: Elm
    phone: "01632 960002"
    directory: {OFFERS}
    telegram_token_env: "123456:ABC-the-token-itself"
  - id: ash
    name: Ash
    phone: "01632 960003"
    directory: {OFFERS}
    telegram_token_env: TELEGRAM_BOT_TOKEN_OAK
"""
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text)
    assert caught.value.problems == [
        "practices[1] (id 'elm'): telegram_token_env: name an environment variable like"
        " TELEGRAM_BOT_TOKEN_OAK (the token itself never goes in the file)",
        "practices[2] (id 'ash'): telegram_token_env: TELEGRAM_BOT_TOKEN_OAK is already the"
        " bot of 'oak'"]
    good = text.replace('"123456:ABC-the-token-itself"', "TELEGRAM_BOT_TOKEN_ELM").replace(
        "    telegram_token_env: TELEGRAM_BOT_TOKEN_OAK\n", "", 2)
    file = tmp_path / "good.yaml"
    file.write_text(good)
    config = load_config(str(file), environ={"TELEGRAM_BOT_TOKEN_ELM": "654321:elm"})
    assert config.secrets == {"TELEGRAM_BOT_TOKEN_ELM": "654321:elm"}
    assert [p.telegram_token_env for p in config.practices] == ["", "TELEGRAM_BOT_TOKEN_ELM", ""]
