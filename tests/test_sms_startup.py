"""With sms.provider: twilio and something missing, serve refuses to start and says what."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import build_components
from bot.config import load_config
from bot.harness import DEFAULT_EXAMPLE
from bot.server import serve
from bot.sms_web import sms_component


def twilio_config(tmp_path: Path, environ: dict[str, str], **settings: object):
    config = load_config(DEFAULT_EXAMPLE, environ=environ)
    base = {"storage__database": str(tmp_path / "bot.db"), "sms__provider": "twilio",
            "sms__from_number": "+447700900999", "server__public_url": "https://bot.example.org",
            "server__port": 1}
    return config.with_overrides(**{**base, **settings})


def test_missing_secret_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    config = twilio_config(tmp_path, {"TWILIO_ACCOUNT_SID": "AC123"})
    with pytest.raises(ValueError, match="TWILIO_AUTH_TOKEN is not set in the environment"):
        build_components(config)


def test_missing_public_url_is_refused(tmp_path: Path) -> None:
    config = twilio_config(tmp_path, {"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t"},
                           server__public_url="")
    with pytest.raises(ValueError, match="server.public_url is not set"):
        sms_component(config)


async def test_serve_exits_2_without_secrets(tmp_path: Path,
                                             capfd: pytest.CaptureFixture[str]) -> None:
    assert await serve(twilio_config(tmp_path, {})) == 2
    assert "TWILIO_ACCOUNT_SID is not set" in capfd.readouterr().err


def test_console_provider_needs_no_secrets(tmp_path: Path) -> None:
    config = twilio_config(tmp_path, {}, sms__provider="console")
    assert sms_component(config) is None
