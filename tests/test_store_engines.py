"""Issue 19: the store on SQLite and on PostgreSQL. The two schemas must not drift apart
(same tables, same columns in the same order), every migration needs both files, and a
PostgreSQL server that can't be reached is said plainly, without the password."""

import os
import socket
import sqlite3

import pytest

from bot.storage import FORGET_TABLES, DatabaseUnreachable, Store, migrations
from bot.storage.contacts import MERGE_KEYS
from bot.storage.postgres import PACKAGE, numbered
from bot.storage.urls import is_postgres, redacted, with_password

SERVER = os.environ.get("BOT_TEST_DATABASE_URL", "")
needs_postgres = pytest.mark.skipif(not SERVER, reason="BOT_TEST_DATABASE_URL not set")
BASELINE = migrations(PACKAGE)[0][0]


def test_every_migration_after_the_baseline_has_both_files() -> None:
    sqlite_versions = [version for version, _, _ in migrations()]
    postgres_versions = [version for version, _, _ in migrations(PACKAGE)]
    assert postgres_versions[0] == BASELINE and BASELINE in sqlite_versions
    later = [version for version in sqlite_versions if version >= BASELINE]
    assert postgres_versions == later, (
        "each bot/migrations/NNNN_*.sql after the baseline needs its twin in "
        "bot/migrations_postgres with the same number")


def test_placeholders_are_numbered_outside_quoted_text() -> None:
    assert numbered("SELECT * FROM t WHERE a=? AND b IN (?, ?)") == (
        "SELECT * FROM t WHERE a=$1 AND b IN ($2, $3)")
    assert numbered("SELECT '?', \"odd?\" FROM t WHERE c LIKE ? ") == (
        "SELECT '?', \"odd?\" FROM t WHERE c LIKE $1 ")
    assert numbered("UPDATE t SET x='it''s ?' WHERE id=?") == (
        "UPDATE t SET x='it''s ?' WHERE id=$1")


def test_the_password_is_merged_in_and_never_shown() -> None:
    url = with_password("postgresql://bot@db.example:5433/practice", "p@ss:w/rd")
    assert url == "postgresql://bot:p%40ss%3Aw%2Frd@db.example:5433/practice"
    assert redacted(url) == "postgresql://bot@db.example:5433/practice"
    assert "p%40ss" not in redacted(url) and is_postgres(url) and not is_postgres("data/b.db")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_an_unreachable_server_is_a_plain_error_without_the_password() -> None:
    url = f"postgresql://bot:secret-word@127.0.0.1:{_closed_port()}/practice"
    with pytest.raises(DatabaseUnreachable) as caught:
        await Store.open(url)
    message = str(caught.value)
    assert message.startswith("cannot connect to postgresql://bot@127.0.0.1:")
    assert "secret-word" not in message


async def test_a_malformed_url_is_a_plain_error() -> None:
    with pytest.raises(DatabaseUnreachable, match="cannot connect to"):
        await Store.open("postgresql://bot:secret-word@127.0.0.1:notaport/practice")


def _migrated_sqlite(path) -> None:
    # Straight from the migration files, as Store.open applies them (when the tests run on
    # PostgreSQL, Store.open itself opens PostgreSQL databases).
    with sqlite3.connect(path) as db:
        for version, _name, sql in migrations():
            db.executescript(f"{sql}\nPRAGMA user_version={version};")


def test_merge_keys_name_every_unique_key_a_moved_person_could_collide_on(tmp_path) -> None:
    path = tmp_path / "bot.db"
    _migrated_sqlite(path)
    found: dict[str, tuple[str, ...]] = {}
    with sqlite3.connect(path) as db:
        for table, column in FORGET_TABLES:
            keys = [[row[1] for row in db.execute(f"PRAGMA table_info({table})") if row[5]]]
            for index in db.execute(f"PRAGMA index_list({table})"):
                if index[2]:  # unique
                    keys.append([row[2] for row in db.execute(f"PRAGMA index_info({index[1]})")])
            for key in keys:
                if column in key:
                    found[table] = tuple(k for k in key if k != column)
    assert found == MERGE_KEYS


def _sqlite_columns(path: str) -> dict[str, list[tuple[str, str, bool]]]:
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {table: [(row[1], row[2].lower(), bool(row[3] or row[5]))
                        for row in db.execute(f"PRAGMA table_info({table})")]
                for table in tables}


@needs_postgres
async def test_both_engines_end_with_the_same_tables_and_columns(tmp_path) -> None:
    """SQLite's PRAGMA table_info against PostgreSQL's information_schema: a migration
    added to one engine only fails here."""
    import asyncpg

    from bot.storage.postgres import PostgresStore
    from bot.testing_postgres import scratch_database

    path = tmp_path / "bot.db"
    _migrated_sqlite(path)
    expected = _sqlite_columns(str(path))

    async with scratch_database(SERVER, "schema") as url:
        store = await PostgresStore.connect(url)
        await store.close()
        connection = await asyncpg.connect(url)
        try:
            rows = await connection.fetch(
                "SELECT table_name, column_name, data_type, is_nullable FROM"
                " information_schema.columns WHERE table_schema='public'"
                " ORDER BY table_name, ordinal_position")
        finally:
            await connection.close()
    found: dict[str, list[tuple[str, str, bool]]] = {}
    for row in rows:
        if row["table_name"] != "schema_version":  # the version: PRAGMA user_version there
            found.setdefault(row["table_name"], []).append(
                (row["column_name"], row["data_type"], row["is_nullable"] == "NO"))
    assert sorted(found) == sorted(expected)
    for table, columns in expected.items():
        assert found[table] == columns, table


def _settings(tmp_path, database: str) -> str:
    file = tmp_path / "config.yaml"
    file.write_text(f"storage:\n  database: {database}\n", encoding="utf-8")
    return str(file)


def test_the_password_comes_only_from_the_environment(tmp_path) -> None:
    from bot.config import ConfigError, load_config

    with pytest.raises(ConfigError, match="BOT_DATABASE_PASSWORD"):
        load_config(_settings(tmp_path, "postgresql://bot:pw@db.example/practice"), environ={})
    path = _settings(tmp_path, "postgresql://bot@db.example/practice")
    assert load_config(path, environ={}).database == "postgresql://bot@db.example/practice"
    merged = load_config(path, environ={"BOT_DATABASE_PASSWORD": "s3cret"})
    assert merged.database == "postgresql://bot:s3cret@db.example/practice"
    whole = load_config(path, environ={"BOT_DATABASE_URL": "postgresql://other:pw@h/d"})
    assert whole.database == "postgresql://other:pw@h/d"


def test_backup_and_restore_say_pg_dump_on_a_postgresql_url(tmp_path, capsys) -> None:
    from bot.cli import main

    config = _settings(tmp_path, "postgresql://bot@127.0.0.1/practice")
    assert main(["backup", "--config", config]) == 2
    assert main(["restore", str(tmp_path / "x.tar.gz"), "--config", config]) == 2
    said = capsys.readouterr().err
    assert said.count("pg_dump") == 2 and "Traceback" not in said


def test_a_command_on_an_unreachable_server_says_so_in_one_line(tmp_path, capsys) -> None:
    from bot.cli import main

    url = f"postgresql://bot@127.0.0.1:{_closed_port()}/practice"
    assert main(["report", "needs", "--config", _settings(tmp_path, url)]) == 2
    said = capsys.readouterr().err.strip()
    assert said.startswith("Cannot open the database: cannot connect to") and "\n" not in said


@needs_postgres
async def test_a_postgresql_database_from_a_newer_version_is_refused() -> None:
    import asyncpg

    from bot.storage import SchemaTooNew
    from bot.storage.postgres import PostgresStore
    from bot.testing_postgres import scratch_database

    async with scratch_database(SERVER, "newer") as url:
        await (await PostgresStore.connect(url)).close()
        connection = await asyncpg.connect(url)
        try:
            await connection.execute("UPDATE schema_version SET version = version + 1")
        finally:
            await connection.close()
        with pytest.raises(SchemaTooNew, match="pg_restore"):
            await PostgresStore.connect(url)


def test_a_backup_schedule_on_postgresql_is_refused_at_start(tmp_path) -> None:
    from bot.backup_job import backup_component
    from bot.config import load_config

    path = _settings(tmp_path, "postgresql://bot@127.0.0.1/practice")
    assert backup_component(load_config(path, environ={})) is None  # no schedule: nothing
    scheduled = load_config(path, environ={"BOT_BACKUP_SCHEDULE": "03:00"})
    with pytest.raises(ValueError, match="pg_dump"):
        backup_component(scheduled)


@needs_postgres
async def test_the_campaign_names_migration_keeps_campaigns_on_postgresql() -> None:
    from test_store_practices import campaigns_at_27_keep_their_rows

    from bot.storage.postgres import PostgresStore
    from bot.testing_postgres import scratch_database

    async with scratch_database(SERVER, "campaigns") as url:
        await campaigns_at_27_keep_their_rows(await PostgresStore.connect(url, upto=27),
                                              lambda: PostgresStore.connect(url))
