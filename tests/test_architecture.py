"""The shape of the code: SQL only in bot/storage/, and no import cycles.

Storage sits behind repositories (docs/architecture.md, "Storage"): flows, campaigns, the
dashboard and the channels call a repository and never write SQL or touch the database
connection. These checks read the source, so a new SQL string or a new low-level call
outside bot/storage/ fails here, with the file and line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "flows", "directory")
STORAGE = ROOT / "bot" / "storage"

# SQL as this project writes it (upper-case keywords). Message texts such as "Text UPDATE
# any time" don't match: a statement needs its second keyword too.
SQL = re.compile(
    r"\b(SELECT\b[\s\S]+\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+(OR\s+\w+\s+)?\w+\s+SET"
    r"|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|UNIQUE\s+INDEX)|ALTER\s+TABLE|DROP\s+TABLE"
    r"|PRAGMA\s+\w+|BEGIN\s+IMMEDIATE|ON\s+CONFLICT)\b")
# The Store's low-level API and the connection's own methods.
LOW_LEVEL = {"fetchone", "fetchall", "write", "write_many", "write_returning",
             "in_write_transaction", "execute", "executemany", "executescript",
             "execute_fetchall"}
DRIVERS = {"aiosqlite", "sqlite3", "asyncpg"}


def sources() -> list[Path]:
    files = []
    for package in PACKAGES:
        files += [p for p in (ROOT / package).rglob("*.py") if STORAGE not in p.parents]
    return sorted(files)


def _strings(node: ast.AST) -> list[tuple[int, str]]:
    found = []
    for item in ast.walk(node):
        if isinstance(item, ast.Constant) and isinstance(item.value, str):
            found.append((item.lineno, item.value))
        elif isinstance(item, ast.JoinedStr):  # an f-string: its literal parts joined
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}"
                           for v in item.values)
            found.append((item.lineno, text))
    return found


def problems_in(source: str, name: str) -> list[str]:
    """What in this source breaks the storage boundary, as 'file:line: why'."""
    tree = ast.parse(source)
    out = []
    seen = set()
    for line, text in _strings(tree):
        if SQL.search(text) and line not in seen:  # an f-string's parts: reported once
            seen.add(line)
            out.append(f"{name}:{line}: SQL in a string: {text.strip()[:60]!r}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = ast.unparse(node.func.value)
            if node.func.attr in LOW_LEVEL and re.search(r"(^|\.)(store|db)$|store\b",
                                                          receiver):
                out.append(f"{name}:{node.lineno}: {receiver}.{node.func.attr}() is the "
                           "store's low-level API; call a repository (bot/storage/)")
        if isinstance(node, ast.Attribute) and node.attr == "db" and re.search(
                r"store$", ast.unparse(node.value)):
            out.append(f"{name}:{node.lineno}: the database connection used directly")
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in DRIVERS:
                    out.append(f"{name}:{node.lineno}: imports {alias.name}")
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in DRIVERS:
            out.append(f"{name}:{node.lineno}: imports from {node.module}")
    return out


def test_no_sql_outside_the_storage_package() -> None:
    problems = []
    for path in sources():
        problems += problems_in(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert problems == [], "\n".join(problems)


def test_the_check_finds_sql_and_low_level_calls() -> None:
    """The scanner itself: each kind of breach is caught, and plain texts are not."""
    bad = '''
import aiosqlite
async def f(store, turn, runtime):
    await store.fetchall("SELECT id FROM contacts")
    await turn.store.write("UPDATE contacts SET name=? WHERE id=?", ("a", 1))
    await runtime.store.execute(f"DELETE FROM {table} WHERE id=?", (1,))
    await store.db.commit()
    sql = "INSERT OR IGNORE INTO forgotten(hash) VALUES (?)"
'''
    found = problems_in(bad, "x.py")
    assert any("imports aiosqlite" in p for p in found)
    assert sum("low-level API" in p for p in found) == 3
    assert sum("SQL in a string" in p for p in found) == 4
    assert any("connection used directly" in p for p in found)
    fine = '''
def g(fh, store):
    fh.write("Reply YES if this is still right, or UPDATE to change it.")
    text = "Text STOP to stop. We never SELECT people at random from the list."
    async with store.transaction():
        pass
'''
    assert problems_in(fine, "y.py") == []


def test_storage_holds_the_store_and_the_migrations_in_one_place() -> None:
    from bot.storage import Store, migrations

    assert Store.__module__ == "bot.storage.store"
    versions = [version for version, _name, _sql in migrations()]
    assert versions == sorted(set(versions)) and versions[0] == 1
    assert not (ROOT / "bot" / "store.py").exists()  # one way in, not two


# ---- imports ------------------------------------------------------------------------------

def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _imported(node: ast.Import | ast.ImportFrom, name: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:  # relative: from the module's own package
        package = name.split(".") if is_package else name.split(".")[:-1]
        base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
    return [base] + [f"{base}.{alias.name}" for alias in node.names]


def import_graph(deferred: bool) -> dict[str, set[str]]:
    """Module -> the project modules it imports. With deferred=False only imports run when
    the module itself is imported (not those inside functions, nor under TYPE_CHECKING)."""
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped |= {id(inner) for inner in ast.walk(node)}
            if not deferred and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                skipped |= {id(inner) for inner in ast.walk(node)}
        targets: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in skipped:
                for target in _imported(node, name, path.name == "__init__.py"):
                    parts = target.split(".")
                    # importing a.b.c imports a and a.b first
                    targets |= {".".join(parts[:n]) for n in range(1, len(parts) + 1)}
        graph[name] = {t for t in targets if t in known and t != name
                       and not name.startswith(t + ".")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, round in a circle (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_when_modules_load() -> None:
    assert cycles(import_graph(deferred=False)) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


# Cycles through imports made inside functions (run later, so nothing breaks at import
# time), known and explained. This list may only shrink: a new entry is a new tangle.
KNOWN_DEFERRED_CYCLES = [
    # Store.open backs the database up before migrating it (bot/backup.py), and the backup
    # code reads database files through bot/storage/files.py; and for a postgresql:// URL
    # Store.open opens PostgresStore, a subclass of Store (issue 19).
    ["bot.backup", "bot.storage", "bot.storage.postgres", "bot.storage.store"],
]


def test_no_new_cycles_through_deferred_imports() -> None:
    """Component once lived in bot/server.py, so sms_web, telegram_app, the dashboard, a
    CLI module and the reminders imported the server inside functions while the server
    imported them: one cycle of six modules. bot/component.py ended it."""
    found = cycles(import_graph(deferred=True))
    assert [c for c in found if c not in KNOWN_DEFERRED_CYCLES] == []
    assert not any("bot.server" in c or "bot.app" in c for c in found)


def test_repositories_return_plain_values_not_database_rows() -> None:
    """Only the Store's low-level API (used inside bot/storage) hands out aiosqlite rows or
    asyncpg records; every other public method returns dataclasses, tuples or plain values."""
    low_level = {"fetchone", "fetchall", "write", "write_returning"}
    leaks = []
    for path in sorted(STORAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and not node.name.startswith("_") and node.name not in low_level
                    and node.returns is not None
                    and ("aiosqlite" in ast.unparse(node.returns)
                         or "asyncpg" in ast.unparse(node.returns))):
                leaks.append(f"{path.name}:{node.lineno}: {node.name} -> "
                             f"{ast.unparse(node.returns)}")
    assert leaks == [], "\n".join(leaks)


def test_every_feature_is_wired_from_its_one_entry() -> None:
    """bot/features.py is the one place a feature is named: each reference resolves, and
    the router, the CLI, the dashboard and the server take their parts from it."""
    import argparse

    from bot import app, cli
    from bot.features import FEATURES, load
    from flows.registry import build_router

    for feature in FEATURES:
        for ref in (*feature.flows, *feature.detail_hooks,
                    *(f"{m}:ROUTES" for m in feature.pages), feature.component):
            if ref:
                assert load(ref) is not None, (feature.name, ref)
        if feature.commands:
            assert feature.commands in cli.COMMAND_MODULES
            assert cli.COMMAND_MODULES.index(feature.commands) < cli.COMMAND_MODULES.index(
                "bot.cli_reports")  # a feature's report joins the report group
        if feature.component:
            assert load(feature.component) in app.COMPONENT_FACTORIES

    from bot.config import load_config
    from bot.harness import DEFAULT_EXAMPLE
    from flows.base import Services

    config = load_config(DEFAULT_EXAMPLE, environ={})
    services = Services(config, None, lambda: None, lambda: None)  # type: ignore[arg-type]
    router = build_router(services)
    flow_classes = [type(flow).__name__ for flow in router.flows]
    assert flow_classes == [ref.split(":")[1] for f in FEATURES for ref in f.flows]
    assert "listing-save" in router.after_commit  # a flow's after-commit work, found
    parser = cli.build_parser()
    subcommands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert {"campaign", "report", "directory"} <= set(subcommands.choices)
