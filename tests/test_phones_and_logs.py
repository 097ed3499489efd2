import logging

import pytest

from bot.logs import ScrubFilter, scrub
from bot.phones import PhoneError, mask, uk_mobile, uk_phone


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


def test_mask_keeps_channel_and_hides_last_digits():
    assert mask("sms:+447700900123") == "sms:+44770090****"
    assert mask("+447700900123") == "+44770090****"


def test_scrub_masks_numbers_and_tokens_in_log_lines():
    line = scrub("from +447700900123 and 07700 900123 token 123456789:" + "A" * 35)
    assert "900123" not in line and "AAAA" not in line
    record = logging.LogRecord("x", logging.INFO, "", 0, "sent to %s", ("+447700900123",), None)
    ScrubFilter().filter(record)
    assert "900123" not in record.getMessage()
