"""Backups taken while the real server answers a burst of texts, restored into a fresh
folder: everything answered before the backup is there, consistent, with every opt-out
and consent; restore refuses live data, checks checksums and refuses newer backups."""

from __future__ import annotations

import asyncio
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import aiohttp
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/ is not installed

from bench.common import ACCOUNT_SID, AUTH_TOKEN, SMS_PATH, Requests, bot_process  # noqa: E402
from bot.backup import BackupError, read_backup, restore_backup, write_backup  # noqa: E402
from bot.fakes.twilio_server import FakeTwilio  # noqa: E402
from bot.storage import Store, migrations  # noqa: E402
from bot.testing import two_practices_config  # noqa: E402

pytestmark = pytest.mark.sqlite_only("backup and restore copy the SQLite file")
ROOT = Path(__file__).resolve().parent.parent
DIRECTORY = ROOT / "directory" / "example" / "offers.yaml"
BURST = 2000  # more than the stream can send before it is stopped


def bot_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args, "--config",
                           str(ROOT / "config.example.yaml")], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=env)


async def fire(url: str, batch: list, answered_at: list[float],
               stop: asyncio.Event) -> list[tuple[str, int]]:
    """Signed webhooks from 16 clients, a steady stream until `stop`; (sender, status)."""
    results: list[tuple[str, int]] = []
    items = iter(batch)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=16),
                                     timeout=aiohttp.ClientTimeout(total=30)) as session:
        async def client() -> None:
            for sender, body, headers in items:
                async with session.post(url, data=body, headers=headers) as response:
                    await response.read()
                    results.append((sender, response.status))
                    if response.status == 200:
                        answered_at.append(time.monotonic())
                if stop.is_set():
                    return
                await asyncio.sleep(0.1)  # ~160 texts a second in all

        await asyncio.gather(*(client() for _ in range(16)))
    return results


async def replies_settled(fake: FakeTwilio, expected: set[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if expected <= {"sms:" + m["to"] for m in fake.messages}:
            return
        await asyncio.sleep(0.2)
    raise AssertionError("not every text was answered")


def restored_facts(db_path: Path) -> dict[str, object]:
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        processed = {row[0] for row in db.execute(
            "SELECT sender FROM inbox WHERE processed_at IS NOT NULL")}
        replied = {row[0] for row in db.execute(
            "SELECT recipient FROM outbox WHERE state IN ('sent', 'delivered')")}
        queued = {row[0] for row in db.execute("SELECT recipient FROM outbox")}
        opted = {row[0] for row in db.execute(
            "SELECT a.address FROM addresses a JOIN contacts c ON c.id=a.contact_id"
            " WHERE c.opted_out=1")}
        consent = {row[0]: row[1] for row in db.execute(
            "SELECT a.address, c.consent FROM addresses a JOIN contacts c ON c.id=a.contact_id"
            " WHERE c.consent IS NOT NULL")}
    return {"processed": processed, "replied": replied, "queued": queued, "opted": opted,
            "consent": consent}


@pytest.mark.slow
@pytest.mark.timeout(180)
async def test_backup_during_a_burst_restores_everything_answered_before_it(tmp_path):
    # People who said STOP, or gave consent, before the burst: their state must survive.
    live_db = tmp_path / "bot.db"
    store = await Store.open(live_db)
    consents = {}
    for n in range(10):
        contact = await store.contacts.for_address(f"sms:+4475000000{n:02d}")
        if n % 2:
            await store.contacts.set_opted_out(contact.id, True)
        else:
            await store.contacts.set_consent(contact.id, n % 4 == 0)
            consents[f"sms:+4475000000{n:02d}"] = int(n % 4 == 0)
    await store.close()

    async with FakeTwilio(ACCOUNT_SID, AUTH_TOKEN) as fake:
        bot = bot_process(tmp_path, fake.url)
        await asyncio.to_thread(bot.start)
        try:
            batch = Requests(0, "b").take(BURST)
            answered_at: list[float] = []
            stop = asyncio.Event()
            burst = asyncio.create_task(fire(bot.url + SMS_PATH, batch, answered_at, stop))
            while len(answered_at) < 100:
                await asyncio.sleep(0.05)
            sent_before = {"sms:" + m["to"] for m in fake.messages}
            began = time.monotonic()
            env = {**os.environ, **(bot.env or {})}
            during = await asyncio.to_thread(
                bot_cli, "backup", "--out", str(tmp_path / "during.tar.gz"), env=env)
            ended = time.monotonic()
            await asyncio.sleep(0.5)
            stop.set()
            results = await burst
            assert during.returncode == 0, during.stderr
            assert all(status == 200 for _, status in results)  # the burst never noticed
            texted = {"sms:" + sender for sender, _ in results}
            # The backup really ran inside the burst: texts were answered on both sides.
            assert any(t < began for t in answered_at) and any(t > ended for t in answered_at)
            await replies_settled(fake, texted)
            after = await asyncio.to_thread(
                bot_cli, "backup", "--out", str(tmp_path / "after.tar.gz"), env=env)
            assert after.returncode == 0, after.stderr
        finally:
            await asyncio.to_thread(bot.stop)

    # Restore each into a fresh folder, as an operator would on a new machine.
    for name in ("during", "after"):
        fresh = tmp_path / f"restored-{name}"
        result = bot_cli("restore", str(tmp_path / f"{name}.tar.gz"),
                         "--db", str(fresh / "bot.db"), "--directory", str(fresh) + "/")
        assert result.returncode == 0, result.stderr
        assert (fresh / "offers.yaml").read_bytes() == DIRECTORY.read_bytes()
        facts = restored_facts(fresh / "bot.db")
        # One moment's copy: a processed text always has its reply (one transaction).
        assert facts["processed"] <= facts["queued"]
        assert len(facts["opted"]) == 5 and facts["consent"] == consents
        if name == "during":
            # Answered before the backup began: there (as sent, or as sending if Twilio's
            # answer had not yet been recorded at that moment).
            assert sent_before <= facts["queued"]
            assert 0 < len(facts["processed"]) < len(texted)
        else:
            assert texted <= facts["processed"] and texted <= facts["replied"]


async def make_db(path: Path) -> None:
    store = await Store.open(path)
    contact = await store.contacts.for_address("sms:+447700900001")
    await store.contacts.set_opted_out(contact.id, True)
    await store.close()


async def test_restore_refuses_live_data_without_force_and_keeps_it_with_force(tmp_path):
    await make_db(tmp_path / "a.db")
    archive = write_backup(tmp_path / "a.db", DIRECTORY, tmp_path / "a.tar.gz").path
    live = tmp_path / "live" / "bot.db"
    store = await Store.open(live)
    await store.contacts.for_address("sms:+447700900555")
    await store.close()
    with pytest.raises(BackupError, match="holds data.*--force"):
        restore_backup(archive, live, None)
    result = restore_backup(archive, live, None, force=True)
    assert result.safety_copy is not None and result.safety_copy.exists()
    with sqlite3.connect(live) as db:
        assert db.execute("SELECT COUNT(*) FROM addresses WHERE address LIKE '%0555'"
                          ).fetchone()[0] == 0
        assert db.execute("SELECT opted_out FROM contacts").fetchone()[0] == 1
    # What was there is in the safety copy.
    kept = read_backup(result.safety_copy, tmp_path / "kept")
    with sqlite3.connect(tmp_path / "kept" / "database" / "bot.db") as db:
        assert db.execute("SELECT address FROM addresses").fetchone()[0].endswith("0555")
    assert kept.manifest["schema_version"] == migrations()[-1][0]


def test_restore_command_refuses_live_data_with_a_clear_message(tmp_path):
    asyncio.run(make_db(tmp_path / "a.db"))
    assert bot_cli("backup", "--db", str(tmp_path / "a.db"), "--out",
                   str(tmp_path / "a.tar.gz")).returncode == 0
    result = bot_cli("restore", str(tmp_path / "a.tar.gz"), "--db", str(tmp_path / "a.db"))
    assert result.returncode == 1
    assert "Not restored: not restoring over live data" in result.stderr
    assert "Traceback" not in result.stderr


def rewrite(archive: Path, out: Path, change: dict[str, bytes]) -> None:
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            data = change.get(member.name, src.extractfile(member).read())  # type: ignore[union-attr]
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))


async def test_damaged_or_newer_backups_are_refused(tmp_path):
    await make_db(tmp_path / "a.db")
    archive = write_backup(tmp_path / "a.db", DIRECTORY, tmp_path / "a.tar.gz").path
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        yaml_text = tar.extractfile("directory/offers.yaml").read()  # type: ignore[union-attr]
    rewrite(archive, tmp_path / "damaged.tar.gz", {"directory/offers.yaml": yaml_text + b"#"})
    with pytest.raises(BackupError, match="checksum mismatch for directory/offers.yaml"):
        restore_backup(tmp_path / "damaged.tar.gz", tmp_path / "x" / "bot.db", tmp_path / "x")
    newer = dict(manifest, schema_version=migrations()[-1][0] + 1)
    rewrite(archive, tmp_path / "newer.tar.gz",
            {"manifest.json": json.dumps(newer).encode()})
    with pytest.raises(BackupError, match="newer version of the bot"):
        restore_backup(tmp_path / "newer.tar.gz", tmp_path / "y" / "bot.db", None)
    (tmp_path / "junk.tar.gz").write_bytes(b"not a backup")
    with pytest.raises(BackupError, match="can't be read as a backup"):
        restore_backup(tmp_path / "junk.tar.gz", tmp_path / "z" / "bot.db", None)
    assert not (tmp_path / "x" / "bot.db").exists()  # nothing was put in place


async def test_a_backup_is_owner_only_and_names_its_versions(tmp_path):
    await make_db(tmp_path / "a.db")
    info = write_backup(tmp_path / "a.db", DIRECTORY, tmp_path / "out" / "a.tar.gz")
    assert (info.path.stat().st_mode & 0o777) == 0o600
    assert {"bot_version", "schema_version", "sqlite_version", "created_at"} <= set(
        info.manifest)
    assert set(info.manifest["files"]) == {"database/bot.db", "directory/offers.yaml"}


def federation_config(tmp: Path) -> tuple[Path, dict[str, Path]]:
    """Two practices: a shared offers folder, each practice's own file beside it."""
    offers = DIRECTORY.read_text()
    paths = {"shared": tmp / "shared", "oak": tmp / "oak.yaml", "elm": tmp / "elm.yaml"}
    paths["shared"].mkdir()
    (paths["shared"] / "offers.yaml").write_text(offers)
    paths["oak"].write_text("offers: []\n")
    paths["elm"].write_text("offers: []\n# elm's own\n")
    config = two_practices_config(
        tmp, oak={"shared": paths["shared"], "own": paths["oak"]},
        elm={"shared": paths["shared"], "own": paths["elm"]},
        storage={"database": str(tmp / "a.db")})
    return config, paths


def test_a_federation_backup_holds_every_practices_offers_and_restores_each_in_place(tmp_path):
    asyncio.run(make_db(tmp_path / "a.db"))
    config, paths = federation_config(tmp_path)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot", *args, "--config", str(config)],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)

    made = cli("backup", "--out", str(tmp_path / "fed.tar.gz"))
    assert made.returncode == 0, made.stderr
    assert "3 directory files" in made.stdout
    info = read_backup(tmp_path / "fed.tar.gz", tmp_path / "unpacked")
    assert [e["path"] for e in info.manifest["directories"]] == [
        str(paths["shared"]), str(paths["oak"]), str(paths["elm"])]
    before = {name: path.read_text() for name, path in
              (("shared", paths["shared"] / "offers.yaml"), ("oak", paths["oak"]),
               ("elm", paths["elm"]))}
    # Lost: the shared folder's file and one practice's own offers, and the database.
    (paths["shared"] / "offers.yaml").unlink()
    paths["elm"].write_text("offers: []\n# changed since\n")
    (tmp_path / "a.db").unlink()
    restored = cli("restore", str(tmp_path / "fed.tar.gz"), "--force")
    assert restored.returncode == 0, restored.stderr
    assert (paths["shared"] / "offers.yaml").read_text() == before["shared"]
    assert paths["oak"].read_text() == before["oak"]
    assert paths["elm"].read_text() == before["elm"]
    assert (tmp_path / "a.db").exists()


def test_a_federation_backup_is_not_restored_onto_settings_that_name_other_offers(tmp_path):
    asyncio.run(make_db(tmp_path / "a.db"))
    config, paths = federation_config(tmp_path)
    archive = write_backup(tmp_path / "a.db", [paths["shared"], paths["oak"], paths["elm"]],
                           tmp_path / "fed.tar.gz").path
    with pytest.raises(BackupError, match=r"oak.yaml.*don't name"):
        restore_backup(archive, tmp_path / "b" / "bot.db", [paths["shared"], paths["elm"]])
    with pytest.raises(BackupError, match="don't name"):
        restore_backup(archive, tmp_path / "b" / "bot.db", tmp_path / "elsewhere")
    assert not (tmp_path / "b" / "bot.db").exists()
