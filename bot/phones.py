"""UK phone numbers: parsing to E.164 with phonenumbers, and masking for logs."""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

# Ofcom keeps these ranges for drama and examples; phonenumbers calls them invalid,
# but the example directory and tests use them, so they count as real UK numbers.
_DRAMA_MOBILE = ("+447700900",)
_DRAMA_LANDLINE = ("+441632960", "+441134960", "+442079460")


class PhoneError(ValueError):
    """A number that is not a usable UK phone number; the message says why."""


def _parse(raw: str) -> phonenumbers.PhoneNumber:
    text = str(raw).strip()
    if not text:
        raise PhoneError("is empty")
    try:
        return phonenumbers.parse(text, "GB")
    except NumberParseException as exc:
        raise PhoneError(f"{text!r} is not a phone number") from exc


# Fast path for the commonest input, a UK mobile already written as +447... or 07...
# (Twilio's From, most practice lists): phonenumbers.parse costs ~30-60 us a number and
# dominated both the SMS webhook and CSV import (bench/inbound.py, bench/campaign.py).
# A number matching GB's own mobile pattern from phonenumbers' metadata is valid and a
# mobile, so the answer is exactly what the full parse gives (tests/test_phones_and_logs.py
# compares the two); anything else takes the full parse.
_COMPACT_UK_MOBILE = re.compile(r"(?:\+44|0)(7\d{9})")
_GB = phonenumbers.PhoneMetadata.metadata_for_region("GB")
_GB_MOBILE = re.compile(str(_GB.mobile.national_number_pattern))  # type: ignore[union-attr]


def _fast_uk_mobile(raw: str) -> str | None:
    """E.164 for a plainly written UK mobile (spaces allowed), else None."""
    match = _COMPACT_UK_MOBILE.fullmatch(str(raw).replace(" ", ""))
    if match and _GB_MOBILE.fullmatch(match[1]):
        return "+44" + match[1]
    return None


def _is_drama(e164: str, prefixes: tuple[str, ...]) -> bool:
    return len(e164) == 13 and e164.startswith(prefixes)


def to_e164(raw: str) -> str:
    """Any valid phone number (UK by default, international with +) as E.164."""
    fast = _fast_uk_mobile(raw)
    if fast:
        return fast
    number = _parse(raw)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if phonenumbers.is_valid_number(number) or _is_drama(e164, _DRAMA_MOBILE + _DRAMA_LANDLINE):
        return e164
    raise PhoneError(f"{str(raw).strip()!r} is not a valid phone number")


def uk_phone(raw: str) -> str:
    """A UK phone number (landline or mobile) as E.164, or PhoneError."""
    e164 = to_e164(raw)
    if not e164.startswith("+44"):
        raise PhoneError(f"{str(raw).strip()!r} is not a UK phone number")
    return e164


def uk_mobile(raw: str) -> str:
    """A UK mobile number as E.164, or PhoneError saying if it is a landline."""
    fast = _fast_uk_mobile(raw)
    if fast:
        return fast
    e164 = uk_phone(raw)
    if _is_drama(e164, _DRAMA_MOBILE):
        return e164
    kind = phonenumbers.number_type(phonenumbers.parse(e164))
    if kind != PhoneNumberType.MOBILE:
        raise PhoneError(f"{str(raw).strip()!r} is a landline and can't receive texts")
    return e164


def is_uk(e164: str) -> bool:
    """True for a +44 number."""
    return e164.startswith("+44")


def display_uk(e164: str) -> str:
    """A UK number the way people write it: 01632 960000."""
    if _is_drama(e164, _DRAMA_LANDLINE) and e164.startswith("+441632"):
        return "01632 " + e164[7:]
    if _is_drama(e164, _DRAMA_MOBILE):
        return "07700 " + e164[7:]
    number = phonenumbers.parse(e164)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def mask(value: str) -> str:
    """Mask an address or number for logs: +447700900123 -> +44770090****."""
    if ":" in value:
        channel, _, ident = value.partition(":")
        return f"{channel}:{mask(ident)}"
    if len(value) <= 4:
        return "****"
    return value[:-4] + "****"
