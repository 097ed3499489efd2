"""The invitation text: the default, placeholders, and the SMS length and character checks."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from bot.gsm import count_segments, non_gsm_characters, to_gsm

# Warm, "work alongside us", how to reply, how to opt out (context.md). Plain GSM-7.
DEFAULT_INVITATION = (
    "Hi {first_name}, this is {practice_name}. We'd love you to work alongside us as a "
    "Practice Health Champion, helping to start groups and activities that bring people "
    "together. Interested? Reply YES, NO or MORE to find out more. Text STOP to opt out."
)

PLACEHOLDERS = ("first_name", "practice_name")
MAX_SEGMENTS = 3
# Used to check length: most first names are shorter; a longer one is dropped at send time.
SAMPLE_NAME = "Christopher"


class TemplateError(ValueError):
    """A message that can't be used as an invitation; the text says what and where."""


@dataclass(frozen=True)
class TemplateCheck:
    """What staff should know about a message before sending it."""

    segments: int
    encoding: str
    non_gsm: tuple[str, ...]
    warnings: tuple[str, ...]


def placeholders(template: str) -> list[str]:
    """The {names} used in a template; TemplateError for broken braces, and for format
    specs or conversions ({first_name:>100000000} would build a 100 MB text)."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise TemplateError(f"the message has a stray {{ or }} ({exc}); "
                            "use {first_name} and {practice_name} only") from None
    fields = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion:
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise TemplateError(f"{{{shown}}} is not allowed: write {{first_name}} or "
                                "{practice_name} with nothing else inside the braces")
        fields.append(name)
    return fields


def check_template(template: str, practice_name: str) -> TemplateCheck:
    """Refuse unknown placeholders and over-long messages; flag non-GSM characters."""
    if not template.strip():
        raise TemplateError("the message is empty")
    names = placeholders(template)
    unknown = sorted({n for n in names if n not in PLACEHOLDERS})
    if unknown:
        where = ", ".join("{" + n + "}" for n in unknown)
        raise TemplateError(f"unknown placeholder {where}: only {{first_name}} and "
                            "{practice_name} can be used")
    sample = render(template, SAMPLE_NAME, practice_name)
    info = count_segments(sample)
    bad = non_gsm_characters(sample)
    warnings: list[str] = []
    if bad:
        shown = " ".join(repr(ch) for ch in bad)
        warnings.append(f"characters outside the plain text-message alphabet: {shown}. "
                        f"They make every text {info.segments} segment(s) (UCS-2, 70 "
                        "characters each); plain quotes and dashes keep it cheaper.")
    if info.segments > MAX_SEGMENTS:
        raise TemplateError(f"the message is {info.segments} segments ({info.units} "
                            f"{'characters' if not bad else 'UCS-2 units'} with a first name); "
                            f"the limit is {MAX_SEGMENTS}. Please shorten it.")
    if "stop" not in template.lower():
        warnings.append("the message doesn't say how to opt out (e.g. 'Text STOP to opt out').")
    return TemplateCheck(info.segments, info.encoding, bad, tuple(warnings))


_BEFORE_PUNCT = re.compile(r"[ \t]+([,.!?;:])")
_SPACES = re.compile(r"[ \t]{2,}")


def render(template: str, first_name: str | None, practice_name: str) -> str:
    """The text for one person. No first name: 'Hi {first_name}, ...' reads 'Hi, ...'."""
    name = (first_name or "").strip()
    if any(name not in PLACEHOLDERS for name in placeholders(template)):
        raise TemplateError("unknown placeholder: only {first_name} and {practice_name}")
    text = template.format(first_name=name, practice_name=practice_name)
    if not name:
        text = _SPACES.sub(" ", _BEFORE_PUNCT.sub(r"\1", text))
    return text.strip()


def sms_name(first_name: str | None) -> str | None:
    """A first name in plain text-message letters: Siobhán -> Siobhan (one accent would make
    the whole invitation UCS-2, 70 characters a segment, and push the name out)."""
    return to_gsm(first_name).strip() or None if first_name else first_name


def render_for_sms(template: str, first_name: str | None, practice_name: str) -> str:
    """render() with the name in GSM-7 letters, dropping an unusually long name that would
    push the text over the limit."""
    first_name = sms_name(first_name)
    text = render(template, first_name, practice_name)
    if first_name and count_segments(text).segments > MAX_SEGMENTS:
        text = render(template, None, practice_name)
    return text
