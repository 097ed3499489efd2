"""Several practices, one shared local directory: it is loaded and watched once, every
practice naming it holds that one load, an edit to it reaches them all, and each
practice's own offers stay its own (docs/operators-guide.md, "Several practices")."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

import directory.loader
from bot.config import load_config
from bot.runtime import Runtime
from bot.testing import EXAMPLE_OFFERS, two_practices_config
from directory.problems import DirectoryInvalid

OWN = """
offers:
  - id: {pid}-bell-ringers
    name: {name} Bell Ringers
    description: Learn to ring the church bells with a friendly band.
    categories: [music, company]
    schedule:
      - {{freq: WEEKLY, byday: [TH], opens_at: "19:00", closes_at: "20:30"}}
    location: {{name: St Mary's Church, address: "Church Lane, Millbrook", postcode: MB1 3CL}}
    contact: {{name: Ann, phone: "07700 900155"}}
"""
NEW_SHARED = """
offers:
  - id: shared-chess-club
    name: Millbrook Chess Club
    description: Friendly chess for all levels, boards provided.
    categories: [company]
    schedule:
      - {freq: WEEKLY, byday: [MO], opens_at: "18:00", closes_at: "20:00"}
    location: {name: Library, address: "High Street, Millbrook", postcode: MB1 1AA}
    contact: {name: Raj, phone: "07700 900166"}
"""
WALK = "millbrook-health-walk"  # one of the shared (example) offers


def _setup(tmp_path: Path, *, own: bool) -> Path:
    shared = tmp_path / "shared"
    shared.mkdir()
    shutil.copy(EXAMPLE_OFFERS, shared / "offers.yaml")
    if not own:
        return two_practices_config(tmp_path, oak=shared, elm=shared, numbers=False,
                                    storage={"database": str(tmp_path / "bot.db")})
    for pid, name in (("oak", "Oak"), ("elm", "Elm")):
        (tmp_path / f"{pid}.yaml").write_text(OWN.format(pid=pid, name=name))
    return two_practices_config(
        tmp_path, numbers=False, storage={"database": str(tmp_path / "bot.db")},
        oak={"shared": shared, "own": tmp_path / "oak.yaml"},
        elm={"shared": shared, "own": tmp_path / "elm.yaml"})


def _loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every load of an offers file or folder, by path."""
    seen: list[str] = []
    real = directory.loader.load_directory

    def counting(path, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(str(path))
        return real(path, **kwargs)

    for module in ("bot.runtime", "directory.watch"):
        monkeypatch.setattr(f"{module}.load_directory", counting)
    return seen


def _directory(runtime: Runtime, practice: str):  # type: ignore[no-untyped-def]
    get = runtime.engine.services_for(practice).directory
    return getattr(get, "raw", get)()  # the loaded one, not the passed-OFF view of today


async def test_two_practices_naming_one_shared_folder_hold_one_load(
        tmp_path, monkeypatch) -> None:
    config = load_config(str(_setup(tmp_path, own=False)), environ={})
    loads = _loads(monkeypatch)
    runtime = await Runtime.open(config, {}, watch=True)
    try:
        assert len(runtime.watchers) == 1 and len(loads) == 1  # one load, one watcher
        oak, elm = _directory(runtime, "oak"), _directory(runtime, "elm")
        assert oak is elm
        (tmp_path / "shared" / "chess.yaml").write_text(NEW_SHARED)
        assert await runtime.watchers[0].check()
        for practice in ("oak", "elm"):  # the edit reached both
            assert _directory(runtime, practice).get("shared-chess-club") is not None
        assert _directory(runtime, "oak") is _directory(runtime, "elm")
        assert len(loads) == 2  # the shared folder read once more, not once a practice
    finally:
        await runtime.close()


async def test_shared_and_own_offers_share_the_shared_load(tmp_path, monkeypatch) -> None:
    config = load_config(str(_setup(tmp_path, own=True)), environ={})
    loads = _loads(monkeypatch)
    runtime = await Runtime.open(config, {}, watch=True)
    try:
        shared = str(tmp_path / "shared")
        assert len(runtime.watchers) == 3  # shared once, and each practice's own file
        assert loads.count(shared) == 1
        oak, elm = _directory(runtime, "oak"), _directory(runtime, "elm")
        assert oak.get(WALK) is elm.get(WALK) is not None  # the same loaded offer
        assert oak.get("oak-bell-ringers") and not oak.get("elm-bell-ringers")
        assert elm.get("elm-bell-ringers") and not elm.get("oak-bell-ringers")
        [watcher] = [w for w in runtime.watchers if str(w.path) == shared]
        (tmp_path / "shared" / "chess.yaml").write_text(NEW_SHARED)
        assert await watcher.check()
        for practice in ("oak", "elm"):
            found = _directory(runtime, practice)
            assert found.get("shared-chess-club") is not None
            assert found.get(f"{practice}-bell-ringers") is not None  # its own still there
        assert loads.count(shared) == 2
    finally:
        await runtime.close()


async def test_an_edit_written_back_to_the_shared_folder_reaches_both(tmp_path) -> None:
    config = load_config(str(_setup(tmp_path, own=True)), environ={})
    runtime = await Runtime.open(config, {})  # not watching: reload on request
    try:
        (tmp_path / "shared" / "chess.yaml").write_text(NEW_SHARED)
        await runtime.engine.services_for("oak").reload_directory()
        for practice in ("oak", "elm"):
            assert _directory(runtime, practice).get("shared-chess-club") is not None
        assert _directory(runtime, "elm").get(WALK) is _directory(runtime, "oak").get(WALK)
    finally:
        await runtime.close()


async def test_a_shared_edit_clashing_with_a_practices_own_offer_keeps_its_last_good(
        tmp_path) -> None:
    config = load_config(str(_setup(tmp_path, own=True)), environ={})
    runtime = await Runtime.open(config, {}, watch=True)
    try:
        shared = tmp_path / "shared"
        clash = NEW_SHARED.replace("shared-chess-club", "elm-bell-ringers")
        (shared / "chess.yaml").write_text(clash)
        [watcher] = [w for w in runtime.watchers if str(w.path) == str(shared)]
        assert await watcher.check()
        for _ in range(100):  # the combinations are made again in the background
            if any(c.last_problems for c in runtime.combined):
                break
            await asyncio.sleep(0.05)
        for _ in range(100):
            if await runtime.store.fetchall(
                    "SELECT 1 FROM staff_alerts WHERE kind='directory-invalid'"):
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("staff were not alerted to the clash")
        oak, elm = _directory(runtime, "oak"), _directory(runtime, "elm")
        assert oak.get("elm-bell-ringers").name == "Millbrook Chess Club"  # fine at Oak
        assert elm.get("elm-bell-ringers").name == "Elm Bell Ringers"  # Elm keeps its last good
        [elm_combined] = [c for c in runtime.combined if c.last_problems]
        assert any("elm-bell-ringers" in str(p) for p in elm_combined.last_problems)
    finally:
        await runtime.close()


async def test_a_clash_at_start_is_a_directory_problem(tmp_path) -> None:
    file = _setup(tmp_path, own=True)
    (tmp_path / "elm.yaml").write_text(OWN.format(pid="elm", name="Elm").replace(
        "elm-bell-ringers", WALK))
    with pytest.raises(DirectoryInvalid) as caught:
        await Runtime.open(load_config(str(file), environ={}), {})
    assert any(WALK in str(p) and "elm.yaml" in str(p) for p in caught.value.problems)
