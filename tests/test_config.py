"""Settings: defaults, env overrides, every problem listed with its path, exit code 2."""

import dataclasses
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import ConfigError, env_name, load_config

ROOT = Path(__file__).resolve().parent.parent


def test_env_name_follows_the_path():
    assert env_name("storage.database") == "BOT_STORAGE_DATABASE"
    assert env_name("sms.api_base_url") == "BOT_SMS_API_BASE_URL"


def test_example_config_loads_with_defaults():
    config = load_config(str(ROOT / "config.example.yaml"), environ={})
    assert config.storage.database == "data/bot.db"
    assert config.conversation.expiry == timedelta(days=3)
    assert config.practice.phone == "+441632960000"
    assert config.sms.rate_per_second == 1.0


def test_environment_overrides_every_setting_and_secrets_come_only_from_env(tmp_path):
    env = {"BOT_STORAGE_DATABASE": "/tmp/x.db", "BOT_SMS_API_BASE_URL": "http://127.0.0.1:9",
           "BOT_CONVERSATION_EXPIRY": "12h", "BOT_SMS_REPLY_ONLY_UK": "false",
           "TWILIO_AUTH_TOKEN": "secret-token"}
    config = load_config(str(ROOT / "config.example.yaml"), environ=env)
    assert config.storage.database == "/tmp/x.db"
    assert config.sms.api_base_url == "http://127.0.0.1:9"
    assert config.conversation.expiry == timedelta(hours=12)
    assert config.sms.reply_only_uk is False
    assert config.secrets["TWILIO_AUTH_TOKEN"] == "secret-token"


def test_all_problems_are_listed_at_once_with_their_paths(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "practice:\n  phone: '0113'\nconversation:\n  expiry: soon\n"
        "server:\n  port: -5\nsms:\n  provider: pigeon\n  rate_per_secnd: 3\n")
    with pytest.raises(ConfigError) as caught:
        load_config(str(bad), environ={})
    problems = caught.value.problems
    assert "practice.phone: '0113' is not a UK phone number" in problems
    assert any(p.startswith("conversation.expiry: 'soon' is not a duration") for p in problems)
    assert any(p.startswith("server.port:") for p in problems)
    assert any(p.startswith("sms.provider: 'pigeon' is not one of") for p in problems)
    assert ("sms.rate_per_secnd: unknown setting (did you mean 'sms.rate_per_second'?)"
            in problems)
    assert len(problems) == 5


def test_missing_and_broken_files_are_problems_not_tracebacks(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(str(tmp_path / "nope.yaml"), environ={})
    assert caught.value.problems == [f"{tmp_path / 'nope.yaml'}: file not found"]
    broken = tmp_path / "broken.yaml"
    broken.write_text("practice:\n  name: [unclosed\n")
    with pytest.raises(ConfigError) as caught:
        load_config(str(broken), environ={})
    assert caught.value.problems[0].startswith(f"{broken}:")


def test_cli_lists_config_problems_with_exit_code_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("practice:\n  phone: '0113'\nserver:\n  port: lots\n")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "simulate", "--config", str(bad)],
        input="", capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 2
    assert "practice.phone: '0113' is not a UK phone number" in result.stderr
    assert "server.port: 'lots' is not a whole number" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_setting_is_one_typed_field_and_every_field_one_setting():
    """The typed sections (config.sms.rate_per_second) and SETTINGS name the same things,
    and each default parses to its field's type."""
    import dataclasses
    import typing
    from datetime import time, timedelta

    from bot.config import SETTINGS, section_types

    def paths(kind: type, prefix: str) -> dict[str, object]:
        found: dict[str, object] = {}
        hints = typing.get_type_hints(kind)
        for item in dataclasses.fields(kind):
            hint = hints[item.name]
            if isinstance(hint, type) and dataclasses.is_dataclass(hint):
                found |= paths(hint, f"{prefix}.{item.name}")
            else:
                found[f"{prefix}.{item.name}"] = hint
        return found

    typed: dict[str, object] = {}
    for name, kind in section_types().items():
        typed |= paths(kind, name)
    assert sorted(typed) == sorted(s.path for s in SETTINGS)
    simple = {str: str, int: int, float: float, bool: bool, timedelta: timedelta, time: time}
    for setting in SETTINGS:
        value, hint = setting.parse(setting.default), typed[setting.path]
        if hint in simple:
            assert type(value) is simple[hint], setting.path  # type: ignore[index]
        elif hint == tuple[str, ...]:
            assert isinstance(value, tuple) and all(isinstance(v, str) for v in value)
        else:
            assert hint == time | None and (value is None or isinstance(value, time))


def test_sections_are_typed_values_not_lookups(tmp_path):
    config = load_config("config.example.yaml", environ={})
    assert isinstance(config.sms.rate_per_second, float)
    assert config.campaigns.send_window.days == ("MO", "TU", "WE", "TH", "FR")
    faster = config.with_overrides(sms__rate_per_second=4.0)
    assert faster.sms.rate_per_second == 4.0 and config.sms.rate_per_second == 1.0
    with pytest.raises(AttributeError):
        config.sms.no_such_setting  # noqa: B018
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.sms.rate_per_second = 2.0  # type: ignore[misc]
