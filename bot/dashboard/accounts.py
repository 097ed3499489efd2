"""Staff account lifecycle: list, disable, enable, reset (a new one-time link), change role.
Each change ends that person's sessions and is written to the audit log; the CLI
(`python -m bot staff ...`) and the dashboard's Staff page both come through here."""

from __future__ import annotations

from bot.dashboard.auth import AccountError, password_link_token
from bot.storage import Store
from bot.storage.staff import Account, StaffRepository

ACTIONS = ("disable", "enable", "reset", "role")


async def list_accounts(store: Store) -> list[Account]:
    return await StaffRepository(store).accounts()


async def change_account(store: Store, actor: str, email: str, action: str,
                         role: str = "") -> str | None:
    """Apply one change; returns the new link token for `reset`. AccountError says why not
    (no such account, an unknown role, or it would leave nobody able to administer)."""
    if action not in ACTIONS:
        raise AccountError(f"unknown change {action!r}: one of {', '.join(ACTIONS)}")
    staff = StaffRepository(store)
    found = await staff.account(email.strip())
    if found is None:
        raise AccountError(f"there is no account for {email.strip()!r}")
    account = found.id
    if action == "role" and role not in ("admin", "staff"):
        raise AccountError(f"role must be admin or staff, not {role!r}")
    losing_admin = found.role == "admin" and not found.disabled and (
        action == "disable" or (action == "role" and role != "admin"))
    if losing_admin and not await staff.other_active_admins(account, found.practice):
        # Each practice keeps someone who can administer it (its own admin or a
        # federation admin), not just someone somewhere in the deployment.
        raise AccountError(f"{found.email} is the only admin left; make someone else an "
                           "admin first")
    token = None
    async with store.transaction():
        if action in ("disable", "enable"):
            await staff.set_disabled(account, action == "disable")
        elif action == "role":
            await staff.set_role(account, role)
        else:  # reset: the old password stops working; unused old links too
            await staff.clear_password(account)
            token = await password_link_token(store, account)
        await staff.end_sessions(account)
        await store.audit.record(actor, f"staff-account-{action}", found.email, role)
    return token
