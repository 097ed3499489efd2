"""Issue 15, item 12: CI and the image install pinned, hashed packages from lock files that
match pyproject.toml (regenerate with `bash .ci/lock`)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
FIX = "run `bash .ci/lock` and commit requirements.lock and requirements-runtime.lock"


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {canonicalize_name(name): version
            for name, version in re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+) \\$", text, re.M)}


def wanted(extra: bool) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    found = [Requirement(r) for r in project["dependencies"]]
    if extra:
        found += [Requirement(r) for r in project["optional-dependencies"]["test"]]
    return found


@pytest.mark.parametrize(("lock", "extra"), [("requirements.lock", True),
                                             ("requirements-runtime.lock", False)])
def test_every_dependency_is_pinned_in_the_lock_within_pyproject_bounds(
        lock: str, extra: bool) -> None:
    pinned = pins(lock)
    for requirement in wanted(extra):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement.name} is not in {lock}: {FIX}"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{lock} pins {name}=={pinned[name]}, outside {requirement}: {FIX}")
    text = (ROOT / lock).read_text(encoding="utf-8")
    for block in re.split(r"\n(?=\S)", text):  # one block a package: pin, hashes, via
        if "==" in block.split("\n")[0]:
            assert "--hash=sha256:" in block, f"no hash for {block.split()[0]} in {lock}"


def test_the_runtime_lock_has_no_test_tools() -> None:
    runtime = pins("requirements-runtime.lock")
    for tool in ("pytest", "ruff", "mypy", "playwright"):
        assert tool not in runtime


def test_ci_runs_the_readme_command_and_installs_from_the_lock() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tests = readme[readme.index("\n## Tests"):]
    command = re.search(r"```sh\n(python3 -m venv[^\n]+)\n```", tests)
    assert command, "README's Tests section gives the one-line test command"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert command.group(1) in ci.splitlines()
    assert "pip install -r requirements.lock" in command.group(1)
    # The PostgreSQL pass after it, as the README gives it too (issue 19).
    again = re.search(r"`(BOT_TEST_DATABASE_URL=[^`]+)`", tests)
    assert again, "README's Tests section gives the PostgreSQL pass's command"
    assert again.group(1) in [line.strip() for line in ci.splitlines()]
    docker = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install --require-hashes -r requirements-runtime.lock" in docker
    assert "pip install --no-deps ." in docker
