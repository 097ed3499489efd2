"""Campaign inputs: practice lists as exported, the invitation text, the sending window."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.campaigns.csvimport import ListError, parse_file, parse_text
from bot.campaigns.records import CampaignError, create_campaign, status_counts
from bot.campaigns.template import (
    DEFAULT_INVITATION,
    TemplateError,
    check_template,
    render,
    render_for_sms,
)
from bot.campaigns.window import SendWindow
from bot.gsm import count_segments, is_gsm
from flows.safety import OPT_OUT_WORDS

LONDON = ZoneInfo("Europe/London")
PRACTICE = "Millbrook Health Centre"


# ---- CSV variants -------------------------------------------------------------------------

def test_emis_export_with_title_row_bom_and_capitals(tmp_path):
    text = ("\ufeffPatient list - Millbrook Health Centre,,,,\n"
            "NHS Number,Surname,Forename,Mobile Telephone,Home Telephone\n"
            "9434765919,SMITH,PAT,07700 900001,01632 960001\n"
            "9434765920,JONES,MARY-ANNE,+44 7700 900002,\n")
    path = tmp_path / "emis.csv"
    path.write_bytes(text.encode("utf-8"))
    parsed = parse_file(path)
    assert [(r.row_number, r.mobile, r.first_name) for r in parsed.rows] == [
        (3, "+447700900001", "Pat"), (4, "+447700900002", "Mary-Anne")]
    assert parsed.columns["phone"] == "Mobile Telephone"
    assert parsed.skipped == []


def test_systmone_style_headers_and_excel_semicolons_in_cp1252(tmp_path):
    text = "Title;First name;Surname;Mobile Number\nMrs;Zoë;Brown;07700900003\n"
    path = tmp_path / "s1.csv"
    path.write_bytes(text.encode("cp1252"))
    parsed = parse_file(path)
    assert [(r.mobile, r.first_name) for r in parsed.rows] == [("+447700900003", "Zoë")]


def test_spreadsheet_with_full_name_and_phone_column():
    parsed = parse_text("Name,Phone\n\"SMITH, Pat (Mrs)\",07700900004\nSam Jones,07700900005\n")
    assert [r.first_name for r in parsed.rows] == ["Pat", "Sam"]


def test_bad_rows_are_skipped_with_row_numbers_and_reasons():
    parsed = parse_text(
        "Forename,Mobile\n"
        "Pat,07700900001\n"      # row 2 ok
        "Sam,01632 960000\n"     # row 3 landline
        "Jo,12345\n"             # row 4 invalid
        "Al,\n"                  # row 5 no number
        "Pat again,07700 900001\n"  # row 6 duplicate of row 2
        ",,\n"                   # blank rows are not counted
        "Kim,+33 6 12 34 56 78\n"  # row 8 not a UK number
    )
    assert [r.row_number for r in parsed.rows] == [2]
    assert parsed.skipped == [(3, "landline"), (4, "invalid number"), (5, "no number"),
                              (6, "duplicate (of row 2)"), (8, "invalid number")]
    assert parsed.rows_read == 6


def test_a_file_without_a_phone_column_says_what_is_missing(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("Forename,Surname\nPat,Smith\n")
    with pytest.raises(ListError, match="names.csv: no phone column.*Mobile Telephone"):
        parse_file(path)
    with pytest.raises(ListError, match="file not found"):
        parse_file(tmp_path / "missing.csv")
    xlsx = tmp_path / "list.xlsx"
    xlsx.write_bytes(b"PK\x03\x04")
    with pytest.raises(ListError, match="save it as CSV"):
        parse_file(xlsx)


async def test_import_skips_opted_out_forgotten_and_people_in_a_conversation(harness):
    await harness.say("sms:+447700900001", "STOP")
    await harness.say("sms:+447700900002", "any walking groups?")  # a live conversation
    await harness.say("sms:+447700900003", "hello")
    await harness.say("sms:+447700900003", "FORGET ME")
    parsed = parse_text("Forename,Mobile\nA,07700900001\nB,07700900002\nC,07700900003\n"
                        "D,07700900004\n")
    created = await create_campaign(harness.store, "spring", parsed, DEFAULT_INVITATION,
                                    "list.csv", harness.runtime.services.now())
    assert created.recipients == 1
    assert sorted(created.skipped) == [(2, "opted out"), (3, "in a live conversation"),
                                       (4, "forgotten")]
    counts = await status_counts(harness.store, created.campaign)
    assert counts["pending"] == 1 and counts["excluded at import"] == 3
    with pytest.raises(CampaignError, match="already exists"):
        await create_campaign(harness.store, "spring", parsed, DEFAULT_INVITATION, "x.csv",
                              harness.runtime.services.now())


# ---- the message ------------------------------------------------------------------------------

def test_default_invitation_is_warm_plain_and_short():
    check = check_template(DEFAULT_INVITATION, PRACTICE)
    text = render(DEFAULT_INVITATION, "Pat", PRACTICE)
    assert text.startswith("Hi Pat, this is Millbrook Health Centre.")
    assert is_gsm(text) and count_segments(text).segments <= 3 and check.warnings == ()
    assert "work alongside" in text and "volunteer" not in text.lower()
    assert "YES" in text and text.endswith("Text STOP to opt out.")
    # the answers it asks for are never opt-out words
    for word in ("YES", "NO", "MORE"):
        assert word not in OPT_OUT_WORDS


def test_missing_first_name_reads_naturally():
    assert render(DEFAULT_INVITATION, None, PRACTICE).startswith(
        "Hi, this is Millbrook Health Centre.")
    assert render("Dear {first_name}, from {practice_name}.", "  ", "X") == "Dear, from X."


def test_unknown_placeholders_and_stray_braces_are_errors():
    with pytest.raises(TemplateError, match=r"unknown placeholder \{surname\}"):
        check_template("Hi {first_name} {surname}", PRACTICE)
    with pytest.raises(TemplateError, match="stray"):
        check_template("Hi {first_name", PRACTICE)


def test_non_gsm_characters_are_flagged_with_the_segment_count():
    check = check_template("Hi {first_name} \u2019 from {practice_name}. Text STOP to opt out.",
                           PRACTICE)
    assert check.non_gsm == ("\u2019",) and check.encoding == "UCS-2"
    assert "1 segment" in check.warnings[0]


def test_more_than_three_segments_is_refused_and_long_names_are_dropped():
    with pytest.raises(TemplateError, match="4 segments.*limit is 3"):
        check_template("x" * 470 + " {first_name}", PRACTICE)
    template = "y" * 440 + " {first_name}"
    assert render_for_sms(template, "A" * 40, PRACTICE) == "y" * 440


# ---- the sending window ---------------------------------------------------------------------

WINDOW = SendWindow()


def at(y, m, d, hh, mm):
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


def test_friday_1759_is_open_and_1800_waits_until_monday_0900():
    assert WINDOW.is_open(at(2025, 3, 28, 17, 59))
    assert not WINDOW.is_open(at(2025, 3, 28, 18, 0))
    opens = WINDOW.next_open(at(2025, 3, 28, 18, 0))
    assert opens.astimezone(LONDON) == at(2025, 3, 31, 9, 0)


def test_dst_change_weekend_opens_at_0900_local_on_both_sides():
    # Clocks go forward on Sunday 30 March 2025: Friday 09:00 GMT, Monday 09:00 BST.
    friday = WINDOW.next_open(at(2025, 3, 28, 7, 0))
    monday = WINDOW.next_open(at(2025, 3, 29, 12, 0))
    assert friday.astimezone(UTC).hour == 9 and monday.astimezone(UTC).hour == 8
    assert monday.astimezone(LONDON).time() == time(9, 0)
    # And back in October: Monday 27 October 2025 09:00 is 09:00 GMT again.
    autumn = WINDOW.next_open(datetime(2025, 10, 25, 10, 0, tzinfo=UTC))
    assert autumn.astimezone(UTC) == datetime(2025, 10, 27, 9, 0, tzinfo=UTC)
    # Sending that runs past Friday's close carries on on Monday.
    finish = WINDOW.finish_time(at(2025, 3, 28, 17, 30), 3600)
    assert finish.astimezone(LONDON) == at(2025, 3, 31, 9, 30)


def test_bank_holidays_in_england_and_wales_are_skipped():
    assert WINDOW.is_bank_holiday(date(2025, 5, 26))  # Spring bank holiday
    assert not WINDOW.is_open(at(2025, 5, 26, 10, 0))
    # Christmas Day and Boxing Day 2025 (Thu, Fri): the next opening is Monday 29th.
    assert WINDOW.next_open(at(2025, 12, 24, 18, 30)).astimezone(LONDON) == at(2025, 12, 29, 9, 0)
    # 30 November (St Andrew's Day) is a holiday in Scotland only.
    assert WINDOW.is_open(at(2026, 11, 30, 10, 0))
    anyday = SendWindow(skip_bank_holidays=False)
    assert anyday.is_open(at(2025, 5, 26, 10, 0))


def test_window_from_settings(harness):
    window = SendWindow.from_config(harness.config.with_overrides(
        **{"campaigns.send_window.days": ("SA",), "campaigns.send_window.start": time(10, 0)}))
    assert window.is_open(at(2025, 3, 29, 10, 0)) and not window.is_open(at(2025, 3, 28, 10, 0))
    assert window.next_open(at(2025, 3, 28, 10, 0)) - at(2025, 3, 29, 10, 0) == timedelta(0)
