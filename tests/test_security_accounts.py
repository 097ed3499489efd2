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


def test_the_cli_lists_disables_enables_resets_and_re_roles(tmp_path: Path) -> None:
    env = {**os.environ, "BOT_STORAGE_DATABASE": str(tmp_path / "bot.db")}

    def bot(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot", "staff", *args, "--config",
                               DEFAULT_EXAMPLE], env=env, cwd=ROOT, capture_output=True,
                              text=True, timeout=60, input=stdin)

    assert bot("add", "boss@practice.example.org", "--role", "admin", "--password-stdin",
               stdin=PASSWORD + "\n").returncode == 0
    assert bot("add", "jo@practice.example.org", "--password-stdin",
               stdin=PASSWORD + "\n").returncode == 0
    weak = bot("add", "weak@practice.example.org", "--password-stdin", stdin="password123\n")
    assert weak.returncode == 2 and "most common" in weak.stderr
    assert bot("disable", "jo@practice.example.org").returncode == 0
    listed = bot("list").stdout
    assert "jo@practice.example.org" in listed and "disabled" in listed
    assert bot("enable", "jo@practice.example.org").returncode == 0
    reset = bot("reset", "jo@practice.example.org")
    assert reset.returncode == 0 and "/staff/set-password/" in reset.stdout
    assert "waiting for a password" in bot("list").stdout
    assert bot("role", "jo@practice.example.org", "admin").returncode == 0
    assert bot("role", "boss@practice.example.org", "staff").returncode == 0
    last = bot("disable", "jo@practice.example.org")
    assert last.returncode == 2 and "only admin" in last.stderr
    missing = bot("disable", "nobody@practice.example.org")
    assert missing.returncode == 2 and "no account" in missing.stderr
