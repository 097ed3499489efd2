"""Backups and restore: one .tar.gz holding a consistent copy of the database, the
directory YAML and a manifest (versions and a SHA-256 of every file).

The database is copied with SQLite's online backup API from a separate connection: in
WAL mode that is one read transaction, so the server keeps taking webhooks and writing
while the copy is made, and the copy is the database as of one moment.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import re
import shutil
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from bot.storage import files as database_file

FORMAT = "practice-bot-backup/1"
MANIFEST = "manifest.json"
DATABASE_MEMBER = "database/bot.db"
SCHEDULED = re.compile(r"^bot-backup-\d{8}T\d{6}Z\.tar\.gz$")


class BackupError(Exception):
    """A backup that can't be made or restored; the message says what and why."""


@dataclass
class BackupInfo:
    """What a backup holds, from its manifest."""

    path: Path
    manifest: dict[str, Any]

    @property
    def schema_version(self) -> int:
        return int(self.manifest["schema_version"])


def newest_schema() -> int:
    """The schema version this code migrates up to."""
    from bot.storage import migrations

    return migrations()[-1][0]


def bot_version() -> str:
    try:
        return metadata.version("practice-champions-bot")
    except metadata.PackageNotFoundError:
        return "unknown"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def timestamp(moment: datetime | None = None) -> str:
    """20261202T031500Z: sortable, safe in a file name."""
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def copy_database(source: str | Path, target: Path) -> int:
    """Online copy of a SQLite file (safe while other connections write); its schema version."""
    if not Path(source).is_file():
        raise BackupError(f"{source}: database file not found")
    check, version = database_file.copy_database(source, target)
    if check != "ok":
        raise BackupError(f"{source}: the copy failed SQLite's integrity check ({check})")
    return version


def directory_members(directory: str | Path | None) -> tuple[dict[str, Any] | None,
                                                              list[tuple[str, Path]]]:
    """(manifest entry, [(archive name, file)]) for the directory YAML (file or folder)."""
    if not directory:
        return None, []
    path = Path(directory)
    if path.is_file():
        return {"kind": "file", "name": path.name}, [(f"directory/{path.name}", path)]
    if path.is_dir():
        files = sorted(f for f in path.iterdir()
                       if f.is_file() and f.suffix in (".yaml", ".yml"))
        return ({"kind": "folder", "name": path.name},
                [(f"directory/{f.name}", f) for f in files])
    raise BackupError(f"{directory}: directory file or folder not found")


Directories = str | Path | Sequence[str | Path] | None


def _as_list(directories: Directories) -> list[str]:
    if directories is None or isinstance(directories, str | Path):
        return [str(directories)] if directories else []
    return list(dict.fromkeys(str(d) for d in directories if d))


def several_members(directories: Directories) -> tuple[dict[str, Any],
                                                       list[tuple[str, Path]]]:
    """The manifest's entries and the archive's files for the offers. One offers file or
    folder (one practice) is `directory/<file>`, as ever; the several of a federation
    (a shared directory, each practice's own) are `directories/<n>/<file>`, each with the
    path it came from, so restore puts each back where the settings name it."""
    paths = _as_list(directories)
    if len(paths) <= 1:
        entry, files = directory_members(paths[0] if paths else None)
        return {"directory": entry}, files
    entries: list[dict[str, Any]] = []
    members: list[tuple[str, Path]] = []
    for n, path in enumerate(paths):
        entry, found = directory_members(path)
        assert entry is not None
        entries.append({**entry, "path": path})
        members += [(f"directories/{n}/{name.split('/', 1)[1]}", file) for name, file in found]
    return {"directory": None, "directories": entries}, members


def write_backup(database: str | Path, directory: Directories, out: str | Path) -> BackupInfo:
    """Make a backup archive at `out` (written to a temporary name, then renamed);
    `directory` is the offers file or folder, or every one a federation's practices use."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    directory_entries, directory_files = several_members(directory)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".backup-") as work:
        copy = Path(work) / "bot.db"
        schema = copy_database(database, copy)
        members = [(DATABASE_MEMBER, copy), *directory_files]
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "bot_version": bot_version(),
            "schema_version": schema,
            "sqlite_version": database_file.SQLITE_VERSION,
            "python_version": platform.python_version(),
            "database": Path(database).name,
            **directory_entries,
            "files": {name: {"sha256": sha256_of(path), "bytes": path.stat().st_size}
                      for name, path in members},
        }
        partial = Path(work) / "archive.tar.gz"
        # Owner-only from the first byte: the archive holds personal data.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            data = json.dumps(manifest, indent=2).encode()
            entry = tarfile.TarInfo(MANIFEST)
            entry.size, entry.mode = len(data), 0o600
            tar.addfile(entry, io.BytesIO(data))
            for name, path in members:
                tar.add(path, arcname=name, recursive=False)
        os.replace(partial, out)
    return BackupInfo(out, manifest)


def read_backup(archive: str | Path, into: Path) -> BackupInfo:
    """Unpack into `into`, checking the format, every checksum and the schema version."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: file not found")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            try:
                manifest = json.load(tar.extractfile(MANIFEST))  # type: ignore[arg-type]
            except KeyError:
                raise BackupError(f"{archive}: no {MANIFEST}: not a backup made by "
                                  "'python -m bot backup'") from None
            if manifest.get("format") != FORMAT:
                raise BackupError(f"{archive}: unknown backup format {manifest.get('format')!r}")
            files = manifest.get("files") or {}
            if DATABASE_MEMBER not in files:
                raise BackupError(f"{archive}: the manifest lists no database")
            for name, expected in files.items():
                if (not re.fullmatch(r"(database|directory|directories/\d+)/[^/\\]+", name)
                        or ".." in name):
                    raise BackupError(f"{archive}: unsafe file name in manifest: {name!r}")
                member = tar.extractfile(name)
                if member is None:
                    raise BackupError(f"{archive}: {name} is in the manifest but not the archive")
                target = into / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "wb") as handle:
                    shutil.copyfileobj(member, handle)
                actual = sha256_of(target)
                if actual != expected.get("sha256"):
                    raise BackupError(f"{archive}: checksum mismatch for {name} (the file is "
                                      "damaged or was changed after the backup)")
    except (tarfile.TarError, OSError, EOFError, json.JSONDecodeError) as exc:
        raise BackupError(f"{archive}: can't be read as a backup ({exc})") from None
    info = BackupInfo(archive, manifest)
    newest = newest_schema()
    if info.schema_version > newest:
        raise BackupError(
            f"{archive}: made by a newer version of the bot (schema {info.schema_version}, this "
            f"version knows up to {newest}); install that version or newer to restore it")
    found, check = database_file.check_file(into / DATABASE_MEMBER)
    if found != info.schema_version or check != "ok":
        raise BackupError(f"{archive}: the database doesn't match its manifest")
    return info


@dataclass
class RestoreResult:
    info: BackupInfo
    database: Path
    directory_files: list[Path]
    safety_copy: Path | None


def restore_backup(archive: str | Path, database: str | Path, directory: Directories,
                   *, force: bool = False) -> RestoreResult:
    """Put a backup's database (and directory YAML) in place. Refuses to replace a
    database holding data unless `force`; then the current data is first kept as a
    backup in backups/ beside the database. Migrating forward is the caller's job
    (Store.open does it)."""
    database = Path(database)
    database.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=database.parent, prefix=".restore-") as work:
        info = read_backup(archive, Path(work))
        targets = _directory_targets(info, directory)
        changed = [target for name, target in targets
                   if target.exists() and sha256_of(target) != info.manifest["files"][name]["sha256"]]
        live = database_file.has_live_data(database)
        if (live or changed) and not force:
            what = [f"{database} holds data"] if live else []
            what += [f"{target} differs from the backup" for target in changed]
            raise BackupError("not restoring over live data: " + "; ".join(what)
                              + ". Stop the server, then run again with --force (the "
                              "current data is kept as a backup first)")
        safety = None
        if live:
            safety = database.parent / "backups" / f"before-restore-{timestamp()}.tar.gz"
            write_backup(database, [d for d in _as_list(directory) if Path(d).exists()],
                         safety)
        else:
            for target in changed:  # no database to keep, but the YAML is kept beside it
                shutil.copy2(target, f"{target}.before-restore-{timestamp()}")
        for suffix in ("-wal", "-shm", "-journal"):  # a stale log would be replayed onto it
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        restored_db = Path(work) / DATABASE_MEMBER
        os.chmod(restored_db, 0o600)
        os.replace(restored_db, database)
        written = []
        for name, target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(Path(work) / name, target)
            written.append(target)
    return RestoreResult(info, database, written, safety)


def _directory_targets(info: BackupInfo, directory: Directories) -> list[tuple[str, Path]]:
    """Where each directory file of the backup goes: into `directory` (a folder, or the
    file itself when the backup holds one file); a federation's several go each to the
    path it came from, which these settings must name too."""
    several = info.manifest.get("directories")
    if several:
        return _several_targets(info, several, _as_list(directory))
    names = [name for name in info.manifest["files"] if name.startswith("directory/")]
    paths = _as_list(directory)
    if not names or not paths:
        return []
    if len(paths) > 1:
        raise BackupError("this backup holds one practice's offers and these settings name "
                          f"{len(paths)} offers files or folders; restore with --directory PATH")
    path = Path(paths[0])
    entry = info.manifest.get("directory") or {}
    into_folder = path.is_dir() or paths[0].endswith(("/", "\\"))
    if entry.get("kind") == "file" and len(names) == 1 and not into_folder:
        return [(names[0], path)]
    return [(name, path / name.split("/", 1)[1]) for name in names]


def _several_targets(info: BackupInfo, entries: list[dict[str, Any]],
                     paths: list[str]) -> list[tuple[str, Path]]:
    unknown = [str(e.get("path")) for e in entries if str(e.get("path")) not in paths]
    if unknown:
        raise BackupError("the backup holds offers from " + ", ".join(unknown) + ", which "
                          "these settings don't name; restore with the settings the backup "
                          "was made with")
    targets = []
    for n, entry in enumerate(entries):
        prefix = f"directories/{n}/"
        names = [name for name in info.manifest["files"] if name.startswith(prefix)]
        path = Path(str(entry["path"]))
        if entry.get("kind") == "file" and len(names) == 1:
            targets.append((names[0], path))
        else:
            targets += [(name, path / name[len(prefix):]) for name in names]
    return targets


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` scheduled backups in `folder`; returns what went."""
    found = sorted(p for p in folder.glob("bot-backup-*.tar.gz") if SCHEDULED.match(p.name))
    doomed = found[:-keep] if keep > 0 else found
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed
