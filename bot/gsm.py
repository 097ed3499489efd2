"""GSM-7 character set helpers: segment counting and making text SMS-safe."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# GSM 03.38 basic character set (one septet each).
GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Extension table: each costs two septets (escape + char).
GSM_EXTENDED = "^{}\\[~]|€\f"

_BASIC = frozenset(GSM_BASIC)
_EXTENDED = frozenset(GSM_EXTENDED)
# The same sets as regular expressions: checking a whole text in C rather than a Python
# loop per character (every reply goes through these, several times while fitting results).
_ALL_GSM = re.compile("[" + re.escape(GSM_BASIC + GSM_EXTENDED) + "]*")
_EXTENDED_CHAR = re.compile("[" + re.escape(GSM_EXTENDED) + "]")

# Common typographic characters people paste from Word, mapped to plain GSM-7.
_REPLACEMENTS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
    "\u2026": "...", "\u00a0": " ", "\u2009": " ", "\u200b": "", "\u2022": "*",
    "\u00b7": "*", "\t": " ", "\u00bd": "1/2", "\u00bc": "1/4", "\u00be": "3/4",
}


@dataclass(frozen=True)
class SegmentInfo:
    """How a text would be sent as SMS."""

    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int
    non_gsm: tuple[str, ...]  # characters that forced UCS-2


def is_gsm(text: str) -> bool:
    """True if every character of text is in the GSM-7 alphabet."""
    return _ALL_GSM.fullmatch(text) is not None


def non_gsm_characters(text: str) -> tuple[str, ...]:
    """The distinct characters of text that are not GSM-7, in order of appearance."""
    if is_gsm(text):
        return ()
    seen: list[str] = []
    for ch in text:
        if ch not in _BASIC and ch not in _EXTENDED and ch not in seen:
            seen.append(ch)
    return tuple(seen)


def count_segments(text: str) -> SegmentInfo:
    """Count SMS segments: 160/153 septets for GSM-7, 70/67 code units for UCS-2."""
    bad = non_gsm_characters(text)
    if not bad:
        units = len(text) + len(_EXTENDED_CHAR.findall(text))
        single, multi, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "UCS-2"
    if units <= single:
        segments = 1 if units else 0
    else:
        segments = -(-units // multi)
    return SegmentInfo(encoding, units, segments, bad)


def to_gsm(text: str) -> str:
    """Make text plain GSM-7: typographic quotes and dashes become ASCII, accents are
    dropped where GSM has no letter, anything else left over (emoji) is removed."""
    if is_gsm(text):
        return text
    out: list[str] = []
    for ch in text:
        if ch in _BASIC or ch in _EXTENDED:
            out.append(ch)
            continue
        if ch in _REPLACEMENTS:
            out.append(_REPLACEMENTS[ch])
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        plain = "".join(c for c in decomposed if c in _BASIC)
        out.append(plain)
    return "".join(out)
