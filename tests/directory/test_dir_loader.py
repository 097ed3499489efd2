"""Loading a directory: every mistake located by file, line, column and field, all at once."""

from pathlib import Path

import pytest

from directory.loader import load_directory
from directory.problems import DirectoryInvalid, Problem
from directory.vocabulary import default_vocabulary

EXAMPLE = Path(__file__).resolve().parents[2] / "directory" / "example" / "offers.yaml"

GOOD = """\
offers:
  - id: knit
    name: Knit and Natter
    categories: [arts-crafts]
    schedule:
      - {freq: WEEKLY, byday: [TH], opens_at: "14:00", closes_at: "16:00"}
"""


def problems_of(tmp_path: Path, text: str) -> list[str]:
    f = tmp_path / "offers.yaml"
    f.write_text(text)
    with pytest.raises(DirectoryInvalid) as exc:
        load_directory(f)
    return [str(p).replace(str(tmp_path) + "/", "") for p in exc.value.problems]


def test_example_directory_loads():
    d = load_directory(EXAMPLE)
    assert len(d.offers) >= 45
    assert d.get("knit-and-natter").schedule[0].byday == ["TH"]
    assert {o.status for o in d.offers} == {"active", "paused", "full", "ended"}


def test_problem_str_format():
    p = Problem("offers.yaml", 42, 5, "offers[7].schedule[0].opens_at", "'25:00' is not a time")
    assert str(p) == "offers.yaml:42:5: offers[7].schedule[0].opens_at: '25:00' is not a time"


def test_bad_time_is_located(tmp_path):
    text = GOOD.replace('"14:00"', '"25:00"')
    assert problems_of(tmp_path, text) == [
        "offers.yaml:6:47: offers[0].schedule[0].opens_at: '25:00' is not a time"]


def test_all_problems_at_once(tmp_path):
    text = """\
offers:
  - id: knit
    name: Knit and Natter
    categories: [walkng]
    status: closed
    colour: red
    schedule:
      - {freq: DAILY, byday: [XX], opens_at: "9:00"}
  - id: knit
    name: Another
"""
    got = problems_of(tmp_path, text)
    assert "offers.yaml:4:18: offers[0].categories[0]: unknown category 'walkng' " \
           "(did you mean 'walking'?)" in got
    assert any(g.startswith("offers.yaml:5:13: offers[0].status: 'closed' should be one of")
               for g in got)
    assert any(g.startswith("offers.yaml:6:5: offers[0].colour: unknown field") for g in got)
    assert any(g.startswith("offers.yaml:8:16: offers[0].schedule[0].freq: 'DAILY'")
               for g in got)
    assert any(g.startswith("offers.yaml:8:31: offers[0].schedule[0].byday[0]: 'XX' is not a day")
               for g in got)
    assert any("offers[1].id: duplicate id 'knit' (first used at" in g for g in got)
    assert len(got) == 6


def test_unknown_field_suggestion(tmp_path):
    got = problems_of(tmp_path, GOOD + "    descripton: hello\n")
    assert got == ["offers.yaml:7:5: offers[0].descripton: unknown field "
                   "(did you mean 'description'?)"]


def test_yaml_syntax_error_has_line(tmp_path):
    got = problems_of(tmp_path, GOOD + "  - id: [oops\n")
    assert len(got) == 1
    assert got[0].startswith("offers.yaml:") and "YAML syntax error" in got[0]
    assert int(got[0].split(":")[1]) >= 7


def test_missing_file_is_a_problem_not_a_traceback(tmp_path):
    with pytest.raises(DirectoryInvalid) as exc:
        load_directory(tmp_path / "nope.yaml")
    assert str(exc.value.problems[0]).endswith("nope.yaml: file not found")


def test_missing_id_and_name_and_ordinal_on_weekly(tmp_path):
    text = "offers:\n  - description: hi\n    schedule:\n      - {byday: [1TU]}\n"
    got = problems_of(tmp_path, text)
    assert any("offers[0].id: missing" in g for g in got)
    assert any("offers[0].name: missing" in g for g in got)
    assert any("'1TU' needs freq: MONTHLY" in g for g in got)


def test_unquoted_numbers_and_words_stay_text(tmp_path):
    f = tmp_path / "o.yaml"
    f.write_text(GOOD + "    maintainers: [+447700900123]\n    notice: no\n")
    offer = load_directory(f).offers[0]
    assert offer.maintainers == ["+447700900123"]
    assert offer.notice == "no"


def test_folder_of_files_and_duplicate_across_files(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text(GOOD.replace("id: knit", "id: walk"))
    d = load_directory(tmp_path)
    assert [o.id for o in d.offers] == ["knit", "walk"]
    assert len(d.files) == 2
    (tmp_path / "c.yaml").write_text(GOOD)
    with pytest.raises(DirectoryInvalid) as exc:
        load_directory(tmp_path)
    assert "c.yaml:2:9: offers[0].id: duplicate id 'knit' (first used at" in str(exc.value)


def test_vocabulary_extension(tmp_path):
    f = tmp_path / "o.yaml"
    f.write_text(GOOD + "vocabulary:\n  needs:\n    - phrases: [purl club]\n"
                 "      categories: [arts-crafts]\n")
    d = load_directory(f)
    assert len(d.vocabulary.needs) == len(default_vocabulary().needs) + 1
    bad = GOOD + "vocabulary:\n  needs:\n    - phrases: [x]\n      categories: [crafts]\n"
    got = problems_of(tmp_path, bad)
    assert got == ["offers.yaml:10:20: vocabulary.needs[0].categories[0]: unknown category "
                   "'crafts' (did you mean 'arts-crafts'?)"]


def test_default_vocabulary_uses_known_categories():
    from directory.categories import CATEGORIES
    vocab = default_vocabulary()
    assert {c for n in vocab.needs for c in n.categories} <= set(CATEGORIES)
    assert {c for cats in vocab.related.values() for c in cats} <= set(CATEGORIES)
    assert "on" in vocab.stop_words  # not read as the YAML 1.1 boolean
