"""Issue 15, item 5: staff accounts that can be disabled, reset and re-roled (CLI and the
Staff page), each change ending that person's sessions and audited; weak passwords refused."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.dashboard import auth
from bot.dashboard.testing import PASSWORD, DashboardSite, csrf_in
from bot.harness import DEFAULT_EXAMPLE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
async def site(tmp_path: Path) -> AsyncIterator[DashboardSite]:
    started = await DashboardSite.start(tmp_path)
    yield started
    await started.stop()


async def still_in(client) -> bool:
    return (await client.get("/staff/")).status_code == 200


@pytest.mark.parametrize("password", ["", "          ", "\t\t\t\t\t\t\t\t\t\t\t", "1234567890",
                                      "Password123", "pass word 123", "QWERTYUIOP",
                                      "liverpoolfc"])
def test_blank_and_common_passwords_are_refused(password: str) -> None:
    with pytest.raises(auth.AccountError):
        auth.check_password_rules(password)


def test_an_ordinary_long_password_is_fine() -> None:
    auth.check_password_rules("mossy teapot harbour")
    assert len(auth.common_passwords()) > 100


async def test_a_one_time_link_refuses_a_common_password(site: DashboardSite) -> None:
    account = await auth.create_account(site.store, "new@practice.example.org")
    token = await auth.password_link_token(site.store, account)
    client = site.client()
    response = await client.post(f"/staff/set-password/{token}", data={
        "password": "password123", "password_again": "password123"})
    assert response.status_code == 400 and "most common" in response.text


async def test_an_admin_disables_someone_mid_session_and_it_ends_at_once(
        site: DashboardSite) -> None:
    admin = await site.logged_in("admin")
    await site.add_staff("leaver@practice.example.org")
    leaver = site.client()
    assert (await site.login(leaver, "leaver@practice.example.org")).status_code == 303
    assert await still_in(leaver)
    page = await admin.get("/staff/accounts")
    assert "Disable" in page.text
    token = csrf_in(page.text)
    done = await admin.post("/staff/accounts/change", data={
        "csrf": token, "email": "leaver@practice.example.org", "action": "disable"})
    assert done.status_code == 303
    assert not await still_in(leaver)  # the session they had is gone
    assert (await site.login(site.client(), "leaver@practice.example.org")).status_code == 401
    await admin.post("/staff/accounts/change", data={
        "csrf": token, "email": "leaver@practice.example.org", "action": "enable"})
    assert (await site.login(site.client(), "leaver@practice.example.org")).status_code == 303
    # Reset: the old password stops working, the new link works once.
    reset = await admin.post("/staff/accounts/change", data={
        "csrf": token, "email": "leaver@practice.example.org", "action": "reset"})
    assert reset.status_code == 200 and "/staff/set-password/" in reset.text
    assert (await site.login(site.client(), "leaver@practice.example.org")).status_code == 401
    link = reset.text.split('id="password-link">')[1].split("<")[0]
    path = "/staff/set-password/" + link.rsplit("/", 1)[1]
    chose = await site.client().post(path, data={"password": "mossy teapot harbour",
                                                 "password_again": "mossy teapot harbour"})
    assert chose.status_code == 303
    assert (await site.client().get(path)).status_code == 410
    again = site.client()
    assert (await site.login(again, "leaver@practice.example.org",
                             "mossy teapot harbour")).status_code == 303
    # Role: made admin, their session ends, they log in again as admin.
    await admin.post("/staff/accounts/change", data={
        "csrf": token, "email": "leaver@practice.example.org", "action": "role",
        "role": "admin"})
    assert not await still_in(again)
    actions = [r[0] for r in await site.store.fetchall(
        "SELECT action FROM audit_log WHERE target='leaver@practice.example.org' ORDER BY id")]
    assert actions == ["staff-account-added", "staff-account-disable", "staff-account-enable",
                       "staff-account-reset", "staff-account-role"]


async def test_staff_cannot_change_accounts_and_the_last_admin_stays(
        site: DashboardSite) -> None:
    staff = await site.logged_in("staff")
    token = csrf_in((await staff.get("/staff/")).text)
    refused = await staff.post("/staff/accounts/change", data={
        "csrf": token, "email": "staff0@practice.example.org", "action": "role",
        "role": "admin"})
    assert refused.status_code == 403
    admin = await site.logged_in("admin")
    email = "admin1@practice.example.org"
    page = await admin.get("/staff/accounts")
    response = await admin.post("/staff/accounts/change", data={
        "csrf": csrf_in(page.text), "email": email, "action": "disable"})
    assert response.status_code == 400 and "only admin" in response.text
    assert await still_in(admin)


def test_the_cli_lists_disables_enables_resets_and_re_roles(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    import io

    from bot.cli import main

    monkeypatch.setenv("BOT_STORAGE_DATABASE", str(tmp_path / "bot.db"))

    def bot(*args: str, stdin: str = "") -> tuple[int, str, str]:
        """`python -m bot staff ...`, in this process (a fresh one costs seconds)."""
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(["staff", *args, "--config", DEFAULT_EXAMPLE])
        out = capsys.readouterr()
        return code, out.out, out.err

    assert bot("add", "boss@practice.example.org", "--role", "admin", "--password-stdin",
               stdin=PASSWORD + "\n")[0] == 0
    assert bot("add", "jo@practice.example.org", "--password-stdin",
               stdin=PASSWORD + "\n")[0] == 0
    code, _, err = bot("add", "weak@practice.example.org", "--password-stdin",
                       stdin="password123\n")
    assert code == 2 and "most common" in err
    assert bot("disable", "jo@practice.example.org")[0] == 0
    listed = bot("list")[1]
    assert "jo@practice.example.org" in listed and "disabled" in listed
    assert bot("enable", "jo@practice.example.org")[0] == 0
    code, out, _ = bot("reset", "jo@practice.example.org")
    assert code == 0 and "/staff/set-password/" in out
    assert "waiting for a password" in bot("list")[1]
    assert bot("role", "jo@practice.example.org", "admin")[0] == 0
    assert bot("role", "boss@practice.example.org", "staff")[0] == 0
    code, _, err = bot("disable", "jo@practice.example.org")
    assert code == 2 and "only admin" in err
    code, _, err = bot("disable", "nobody@practice.example.org")
    assert code == 2 and "no account" in err


def test_the_staff_commands_are_there_for_real(tmp_path: Path) -> None:
    """One real `python -m bot` run: the commands are wired into the installed CLI."""
    env = {**os.environ, "BOT_STORAGE_DATABASE": str(tmp_path / "bot.db")}
    result = subprocess.run([sys.executable, "-m", "bot", "staff", "list", "--config",
                             DEFAULT_EXAMPLE], env=env, cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0 and "No staff accounts yet" in result.stdout


# ---- item 4: login guessing ---------------------------------------------------------------

async def test_parallel_guesses_at_one_account_queue_behind_the_growing_wait(
        site: DashboardSite, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    waits: list[float] = []

    async def wait(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(0)  # let the other guesses try to get in meanwhile

    monkeypatch.setattr(auth, "_wait", wait)
    monkeypatch.setattr(auth, "FREE_FAILURES", 1)
    await site.add_staff("sam@practice.example.org")
    results = await asyncio.gather(*[auth.check_login(
        site.store, "sam@practice.example.org", f"guess {n}", "203.0.113.9") for n in range(5)])
    assert all(r.account_id is None for r in results)
    # One at a time, each after the one before had failed: not five at once with no wait.
    first = auth.FIRST_DELAY
    assert waits == [0, first, 2 * first, 4 * first, 8 * first]


async def test_many_failures_from_one_address_are_refused_per_address(
        site: DashboardSite, monkeypatch: pytest.MonkeyPatch) -> None:
    async def no_wait(seconds: float) -> None:
        pass

    monkeypatch.setattr(auth, "_wait", no_wait)
    monkeypatch.setattr(auth, "MAX_FAILS_PER_IP", 4)
    for n in range(auth.MAX_FAILS_PER_IP):
        await auth.check_login(site.store, f"user{n}@x.org", "guess", "203.0.113.9")
    refused = await auth.check_login(site.store, "other@x.org", "guess", "203.0.113.9")
    assert refused.error == "too-many" and refused.retry_after > 0
    await site.add_staff("sam@practice.example.org")
    elsewhere = await auth.check_login(site.store, "sam@practice.example.org", PASSWORD,
                                       "198.51.100.7")
    assert elsewhere.account_id is not None  # other addresses are not affected


def test_trusted_proxies_reach_uvicorn() -> None:
    from bot.config import load_config
    from bot.server import proxy_settings

    config = load_config(DEFAULT_EXAMPLE, environ={})
    assert proxy_settings(config) == {"proxy_headers": False, "forwarded_allow_ips": None}
    behind = load_config(DEFAULT_EXAMPLE, environ={"BOT_SERVER_TRUSTED_PROXIES": "127.0.0.1"})
    assert proxy_settings(behind) == {"proxy_headers": True,
                                      "forwarded_allow_ips": ["127.0.0.1"]}
    with pytest.raises(Exception, match="trusted_proxies"):
        load_config(DEFAULT_EXAMPLE, environ={"BOT_SERVER_TRUSTED_PROXIES": "not-an-ip"})
