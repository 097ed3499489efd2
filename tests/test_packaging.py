"""The Dockerfile's steps, run in a fresh virtual environment (Docker can't run here):
copy what it copies, `pip install .`, start `python -m bot serve` and run its HEALTHCHECK."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def dockerfile_copies() -> list[str]:
    sources = []
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY "):
            sources.extend(line.split()[1:-1])
    return sources


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
@pytest.mark.timeout(600)  # a fresh pip install of every dependency, on a busy 2-core machine
def test_dockerfile_commands_work_in_a_fresh_virtualenv(tmp_path):
    app = tmp_path / "app"
    app.mkdir()
    for source in dockerfile_copies():
        path = ROOT / source
        if path.is_dir():
            shutil.copytree(path, app / source, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(path, app / source)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = str(env_dir / "bin" / "python")
    # The Dockerfile's own install: pinned, hashed packages, then the bot without deps.
    subprocess.run([python, "-m", "pip", "install", "-q", "--require-hashes", "-r",
                    "requirements-runtime.lock"], cwd=app, check=True, timeout=600)
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "."], cwd=app,
                   check=True, timeout=600)
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.M).group(1))
    assert cmd == ["python", "-m", "bot", "serve"]
    port = free_port()
    env = {**os.environ, "BOT_SERVER_HOST": "127.0.0.1", "BOT_SERVER_PORT": str(port),
           "BOT_STORAGE_DATABASE": str(tmp_path / "data" / "bot.db")}
    env.pop("PYTHONPATH", None)
    server = subprocess.Popen([python, *cmd[1:]], cwd=app, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        health = re.search(r"HEALTHCHECK[^\n]*\\\n\s*CMD (\[[^\n]*\])", dockerfile).group(1)
        check = json.loads(health)
        check = [python if part == "python" else part.replace("8080", str(port))
                 for part in check]
        deadline = time.monotonic() + 60
        while True:
            result = subprocess.run(check, capture_output=True, timeout=30)
            if result.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert result.returncode == 0, server.stdout and server.poll()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as reply:
            body = json.load(reply)
        # Only ok / not ok for anyone (counts need a staff session); the server refuses to
        # start at all without a valid directory.
        assert body == {"ok": True}
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_every_command_has_help():
    result = subprocess.run([sys.executable, "-m", "bot", "--help"], capture_output=True,
                            text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0
    commands = re.findall(r"^    (\w[\w-]*)", result.stdout, re.M)
    assert {"chat", "simulate", "serve"} <= set(commands)
    for command in commands:
        sub = subprocess.run([sys.executable, "-m", "bot", command, "--help"],
                             capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert sub.returncode == 0, command
        assert "--config" in sub.stdout or "COMMAND" in sub.stdout or "{" in sub.stdout, command


def test_every_command_and_subcommand_takes_config():
    import argparse

    from bot.cli import build_parser

    def leaves(parser, path):
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            yield path, parser
            return
        for name, child in subs[0].choices.items():
            yield from leaves(child, [*path, name])

    found = list(leaves(build_parser(), []))
    assert len(found) >= 19  # chat, simulate, serve, directory x7, campaign x5, report x2, staff x2
    for path, parser in found:
        options = {o for a in parser._actions for o in a.option_strings}
        assert "--config" in options, " ".join(path)
