"""Issue 15, item 7: a campaign message can't use Python format specs to build huge texts."""

from __future__ import annotations

import pytest

from bot.campaigns.template import TemplateError, check_template, placeholders, render

ATTACKS = ["Hi {first_name:>100000000}", "Hi {first_name:_^99999999}",
           "{practice_name:<50000000} STOP", "Hi {first_name!r} STOP", "Hi {first_name!s:>9}",
           "Hi {first_name.__class__} STOP", "Hi {first_name[0]} STOP", "{0:>99999999}"]


@pytest.mark.parametrize("template", ATTACKS)
def test_format_specs_conversions_and_lookups_are_refused(template: str) -> None:
    with pytest.raises(TemplateError):
        check_template(template, "Millbrook")
    with pytest.raises(TemplateError):
        render(template, "Jo", "Millbrook")  # a stored template is refused too, not built


def test_bare_placeholders_still_work() -> None:
    assert placeholders("Hi {first_name}, {practice_name}. {{braces}} STOP") == [
        "first_name", "practice_name"]
    assert render("Hi {first_name} from {practice_name}", "Jo", "Millbrook") == (
        "Hi Jo from Millbrook")

