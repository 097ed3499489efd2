import logging

import pytest

from bot import phones
from bot.logs import ScrubFilter, scrub
from bot.phones import PhoneError, mask, to_e164, uk_mobile, uk_phone


@pytest.mark.parametrize("raw", ["07700 900123", "+44 7700 900123", "447700900123",
                                 "(07700) 900-123", "+447700900123"])
def test_uk_mobiles_normalise_to_e164(raw):
    assert uk_mobile(raw) == "+447700900123"


def test_landlines_and_junk_are_refused_with_a_reason():
    with pytest.raises(PhoneError, match="landline"):
        uk_mobile("0113 496 0000")
    with pytest.raises(PhoneError, match="not a UK phone number"):
        uk_phone("+1 415 555 2671")
    with pytest.raises(PhoneError):
        uk_mobile("call me")


def _full_parse(fn, raw):
    """What `fn` answers with the plain-mobile fast path switched off."""
    saved = phones._fast_uk_mobile
    phones._fast_uk_mobile = lambda raw: None
    try:
        return fn(raw)
    except PhoneError:
        return "refused"
    finally:
        phones._fast_uk_mobile = saved


def test_fast_path_for_plain_uk_mobiles_answers_exactly_as_the_full_parse():
    import random

    rng = random.Random(20261124)
    nsns = [f"7{rng.randrange(10**9):09d}" for _ in range(3000)]
    taken = 0
    for nsn in nsns:
        for raw in (f"+44{nsn}", f"0{nsn}", f"0{nsn[:4]} {nsn[4:]}"):
            fast = phones._fast_uk_mobile(raw)
            taken += fast is not None
            for fn in (to_e164, uk_mobile):
                expected = _full_parse(fn, raw)
                if expected == "refused":
                    assert fast is None, raw
                    with pytest.raises(PhoneError):
                        fn(raw)
                else:
                    assert fn(raw) == expected, raw
    assert taken > 3000  # the fast path is really used for most mobiles, not bypassed


def test_mask_keeps_channel_and_hides_last_digits():
    assert mask("sms:+447700900123") == "sms:+44770090****"
    assert mask("+447700900123") == "+44770090****"


def test_scrub_masks_numbers_and_tokens_in_log_lines():
    line = scrub("from +447700900123 and 07700 900123 token 123456789:" + "A" * 35)
    assert "900123" not in line and "AAAA" not in line
    record = logging.LogRecord("x", logging.INFO, "", 0, "sent to %s", ("+447700900123",), None)
    ScrubFilter().filter(record)
    assert "900123" not in record.getMessage()
