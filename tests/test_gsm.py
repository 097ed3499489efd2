from bot.gsm import count_segments, is_gsm, to_gsm


def test_plain_text_is_one_segment_up_to_160():
    assert count_segments("a" * 160).segments == 1
    assert count_segments("a" * 161).segments == 2
    assert count_segments("a" * 306).segments == 2
    assert count_segments("a" * 307).segments == 3


def test_extended_characters_cost_two_septets():
    info = count_segments("€" * 80)
    assert info.encoding == "GSM-7" and info.units == 160 and info.segments == 1
    assert count_segments("€" * 81).segments == 2


def test_one_emoji_forces_ucs2():
    info = count_segments("Hello " + "\U0001F600")
    assert info.encoding == "UCS-2"
    assert info.non_gsm == ("\U0001F600",)
    assert count_segments("x" * 69 + "\u2019").segments == 1
    assert count_segments("x" * 70 + "\u2019").segments == 2


def test_to_gsm_replaces_typography_and_drops_emoji():
    text = "\u201cDon\u2019t\u201d \u2013 caf\u00e9 na\u00efve\u2026 \U0001F600"
    plain = to_gsm(text)
    assert is_gsm(plain)
    assert plain == "\"Don't\" - café naive... "


def test_fast_whole_text_checks_agree_with_the_alphabet_for_every_character():
    from bot.gsm import GSM_BASIC, GSM_EXTENDED, count_segments, is_gsm, to_gsm

    alphabet = set(GSM_BASIC) | set(GSM_EXTENDED)
    for code in [*range(0x3000), 0x1F600, 0x20AC, 0xFFFD]:
        ch = chr(code)
        assert is_gsm(ch) == (ch in alphabet), hex(code)
        assert is_gsm("abc" + ch + "def") == (ch in alphabet), hex(code)
        if ch in alphabet:
            assert to_gsm(ch) == ch
            assert count_segments(ch * 3).units == (6 if ch in GSM_EXTENDED else 3)
