"""The configuration reference lists every setting the bot reads, and only those."""

import re
from pathlib import Path

from bot.config import SETTINGS, load_config

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\| `([a-z_0-9]+(?:\.[a-z_0-9]+)+)` \|", re.M)


def test_the_configuration_reference_lists_every_setting_once() -> None:
    documented = ROW.findall((ROOT / "docs" / "configuration.md").read_text(encoding="utf-8"))
    known = [setting.path for setting in SETTINGS]
    assert sorted(set(known) - set(documented)) == [], "settings missing from the reference"
    assert sorted(set(documented) - set(known)) == [], "documented, but no such setting"
    assert len(documented) == len(set(documented)), "a setting documented twice"


def test_the_example_file_loads_and_the_readme_links_the_reference() -> None:
    load_config(str(ROOT / "config.example.yaml"), environ={})  # every key in it is known
    assert "docs/configuration.md" in (ROOT / "README.md").read_text(encoding="utf-8")
