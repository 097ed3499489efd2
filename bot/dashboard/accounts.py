"""Staff account lifecycle: list, disable, enable, reset (a new one-time link), change role.
Each change ends that person's sessions and is written to the audit log; the CLI
(`python -m bot staff ...`) and the dashboard's Staff page both come through here."""

from __future__ import annotations

import aiosqlite

from bot.dashboard.auth import AccountError, password_link_token
from bot.storage import Store

ACTIONS = ("disable", "enable", "reset", "role")


async def list_accounts(store: Store) -> list[aiosqlite.Row]:
    return await store.fetchall(
        "SELECT id, email, role, created_at, password_hash IS NOT NULL AS ready, disabled"
        " FROM staff_accounts ORDER BY email")


async def _account(store: Store, email: str) -> aiosqlite.Row:
    row = await store.fetchone("SELECT id, email, role, disabled FROM staff_accounts"
                               " WHERE email=?", (email.strip(),))
    if row is None:
        raise AccountError(f"there is no account for {email.strip()!r}")
    return row


async def _other_admins(store: Store, account: int) -> int:
    row = await store.fetchone("SELECT COUNT(*) FROM staff_accounts WHERE role='admin'"
                               " AND disabled=0 AND id<>?", (account,))
    return int(row[0]) if row else 0


async def change_account(store: Store, actor: str, email: str, action: str,
                         role: str = "") -> str | None:
    """Apply one change; returns the new link token for `reset`. AccountError says why not
    (no such account, an unknown role, or it would leave nobody able to administer)."""
    if action not in ACTIONS:
        raise AccountError(f"unknown change {action!r}: one of {', '.join(ACTIONS)}")
    row = await _account(store, email)
    account = int(row["id"])
    if action == "role" and role not in ("admin", "staff"):
        raise AccountError(f"role must be admin or staff, not {role!r}")
    losing_admin = row["role"] == "admin" and not row["disabled"] and (
        action == "disable" or (action == "role" and role != "admin"))
    if losing_admin and not await _other_admins(store, account):
        raise AccountError(f"{row['email']} is the only admin left; make someone else an "
                           "admin first")
    token = None
    async with store.transaction():
        if action == "disable":
            await store.execute("UPDATE staff_accounts SET disabled=1 WHERE id=?", (account,))
        elif action == "enable":
            await store.execute("UPDATE staff_accounts SET disabled=0 WHERE id=?", (account,))
        elif action == "role":
            await store.execute("UPDATE staff_accounts SET role=? WHERE id=?", (role, account))
        else:  # reset: the old password stops working; unused old links too
            await store.execute("UPDATE staff_accounts SET password_hash=NULL WHERE id=?",
                                (account,))
            await store.execute("DELETE FROM staff_password_links WHERE account_id=?",
                                (account,))
            token = await password_link_token(store, account)
        await store.execute("DELETE FROM staff_sessions WHERE account_id=?", (account,))
        await store.audit(actor, f"staff-account-{action}", row["email"], role)
    return token
