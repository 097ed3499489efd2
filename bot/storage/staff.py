"""Staff accounts, sessions, one-time password links and failed-login records.

The rules (password strength, argon2, login waits) live in bot/dashboard/auth.py; this
module only stores and finds. Tokens arrive here already hashed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.storage.store import Store
from bot.storage.times import iso, parse_iso


@dataclass(frozen=True)
class Account:
    """A staff account as listed (never the password hash)."""

    id: int
    email: str
    role: str
    created_at: str
    ready: bool  # has a password
    disabled: bool
    practice: str | None = "default"  # where they work; None: a federation admin (all)


@dataclass(frozen=True)
class LoginAccount:
    """What checking a login needs."""

    id: int
    password_hash: str | None
    disabled: bool


@dataclass(frozen=True)
class SessionRow:
    id: int
    email: str
    role: str
    disabled: bool
    csrf: str
    expires_at: datetime
    practice: str | None = "default"


class StaffRepository:
    def __init__(self, store: Store):
        self.store = store

    # ---- accounts ----

    async def email_taken(self, email: str) -> bool:
        return await self.store.fetchone(
            "SELECT 1 FROM staff_accounts WHERE lower(email)=lower(?)", (email,)) is not None

    async def add_account(self, email: str, role: str, now: datetime,
                          practice: str | None = "default") -> int:
        """A new account with no password yet, written to the audit log. `practice`:
        where they work; None for a federation admin, who sees every practice."""
        async with self.store.transaction():
            account_id = await self.store.insert(
                "INSERT INTO staff_accounts(email, role, created_at, practice_id)"
                " VALUES (?,?,?,?) RETURNING id", (email, role, iso(now), practice))
            where = "" if practice == "default" else f" at {practice or 'every practice'}"
            await self.store.audit.record("system", "staff-account-added", email, role + where)
        return account_id

    async def account_id(self, email: str) -> int | None:
        row = await self.store.fetchone("SELECT id FROM staff_accounts WHERE lower(email)=lower(?)", (email,))
        return int(row[0]) if row else None

    async def accounts(self) -> list[Account]:
        rows = await self.store.fetchall(
            "SELECT id, email, role, created_at, password_hash IS NOT NULL AS ready, disabled,"
            " practice_id"
            " FROM staff_accounts ORDER BY lower(email)")
        return [Account(int(r["id"]), r["email"], r["role"], r["created_at"], bool(r["ready"]),
                        bool(r["disabled"]), r["practice_id"]) for r in rows]

    async def account(self, email: str) -> Account | None:
        row = await self.store.fetchone(
            "SELECT id, email, role, created_at, password_hash IS NOT NULL AS ready, disabled,"
            " practice_id"
            " FROM staff_accounts WHERE lower(email)=lower(?)", (email,))
        return Account(int(row["id"]), row["email"], row["role"], row["created_at"],
                       bool(row["ready"]), bool(row["disabled"]), row["practice_id"]) if row else None

    async def other_active_admins(self, account: int, practice: str | None = "default") -> int:
        """Other active admins who can administer `practice`: its own, or a federation admin
        (practice None: only another federation admin covers every practice)."""
        if practice is None:
            row = await self.store.fetchone(
                "SELECT COUNT(*) FROM staff_accounts WHERE role='admin' AND disabled=0"
                " AND id<>? AND practice_id IS NULL", (account,))
        else:
            row = await self.store.fetchone(
                "SELECT COUNT(*) FROM staff_accounts WHERE role='admin' AND disabled=0"
                " AND id<>? AND (practice_id IS NULL OR practice_id=?)", (account, practice))
        return int(row[0]) if row else 0

    async def set_disabled(self, account: int, disabled: bool) -> None:
        await self.store.write("UPDATE staff_accounts SET disabled=? WHERE id=?",
                               (int(disabled), account))

    async def set_role(self, account: int, role: str) -> None:
        await self.store.write("UPDATE staff_accounts SET role=? WHERE id=?", (role, account))

    async def clear_password(self, account: int) -> None:
        """The old password stops working, and so do unused old links."""
        async with self.store.transaction():
            await self.store.write("UPDATE staff_accounts SET password_hash=NULL WHERE id=?",
                                   (account,))
            await self.store.write("DELETE FROM staff_password_links WHERE account_id=?",
                                   (account,))

    async def set_password_hash(self, account: int, password_hash: str) -> None:
        """A new password: the account's sessions end; written to the audit log."""
        async with self.store.transaction():
            await self.store.write("UPDATE staff_accounts SET password_hash=? WHERE id=?",
                                   (password_hash, account))
            await self.end_sessions(account)
            await self.store.audit.record("system", "staff-password-set",
                                          f"staff_account:{account}")

    # ---- one-time password links ----

    async def add_password_link(self, token_hash: str, account: int, expires: datetime) -> None:
        await self.store.write(
            "INSERT INTO staff_password_links(token_hash, account_id, expires_at)"
            " VALUES (?,?,?)", (token_hash, account, iso(expires)))

    async def unused_link(self, token_hash: str) -> tuple[int, str, datetime] | None:
        """(account id, email, expires at) for a link not used yet."""
        row = await self.store.fetchone(
            "SELECT l.account_id, a.email, l.expires_at FROM staff_password_links l"
            " JOIN staff_accounts a ON a.id = l.account_id"
            " WHERE l.token_hash=? AND l.used_at IS NULL", (token_hash,))
        return (int(row[0]), str(row[1]), parse_iso(row[2])) if row else None

    async def mark_link_used(self, token_hash: str, now: datetime) -> None:
        await self.store.write("UPDATE staff_password_links SET used_at=? WHERE token_hash=?",
                               (iso(now), token_hash))

    # ---- logging in ----

    async def login_account(self, email: str) -> LoginAccount | None:
        row = await self.store.fetchone(
            "SELECT id, password_hash, disabled FROM staff_accounts WHERE lower(email)=lower(?)", (email,))
        return LoginAccount(int(row["id"]), row["password_hash"],
                            bool(row["disabled"])) if row else None

    async def failures(self, key: str, since: datetime) -> tuple[int, datetime | None]:
        """Failed logins for this key (an email or a network address) since then, and the
        oldest of them."""
        row = await self.store.fetchone(
            "SELECT COUNT(*), MIN(at) FROM staff_login_attempts WHERE key=? AND at >= ?",
            (key, iso(since)))
        if row is None:
            return 0, None
        return int(row[0]), parse_iso(row[1]) if row[1] else None

    async def record_failure(self, keys: list[str], now: datetime,
                             forget_before: datetime) -> None:
        """One failure for each key; failures older than `forget_before` are dropped."""
        async with self.store.transaction():
            await self.store.write_many(
                "INSERT INTO staff_login_attempts(key, at) VALUES (?, ?)",
                [(key, iso(now)) for key in keys])
            await self.store.write("DELETE FROM staff_login_attempts WHERE at < ?",
                                   (iso(forget_before),))

    async def login_succeeded(self, key: str, account: int, new_hash: str | None) -> None:
        """Forget the key's failures; store a rehashed password if there is one."""
        async with self.store.transaction():
            await self.store.write("DELETE FROM staff_login_attempts WHERE key=?", (key,))
            if new_hash is not None:
                await self.store.write("UPDATE staff_accounts SET password_hash=? WHERE id=?",
                                       (new_hash, account))

    # ---- sessions ----

    async def start_session(self, token_hash: str, account: int, csrf: str, now: datetime,
                            expires: datetime) -> None:
        """A new session; expired ones are removed meanwhile."""
        async with self.store.transaction():
            await self.store.write(
                "INSERT INTO staff_sessions(token_hash, account_id, csrf, created_at,"
                " expires_at) VALUES (?,?,?,?,?)",
                (token_hash, account, csrf, iso(now), iso(expires)))
            await self.store.write("DELETE FROM staff_sessions WHERE expires_at < ?",
                                   (iso(now),))

    async def session(self, token_hash: str) -> SessionRow | None:
        row = await self.store.fetchone(
            "SELECT a.id, a.email, a.role, a.disabled, s.csrf, s.expires_at, a.practice_id"
            " FROM staff_sessions s JOIN staff_accounts a ON a.id = s.account_id"
            " WHERE s.token_hash=?", (token_hash,))
        if row is None:
            return None
        return SessionRow(int(row["id"]), str(row["email"]), str(row["role"]),
                          bool(row["disabled"]), str(row["csrf"]), parse_iso(row["expires_at"]),
                          row["practice_id"])

    async def end_session(self, token_hash: str) -> None:
        await self.store.write("DELETE FROM staff_sessions WHERE token_hash=?", (token_hash,))

    async def end_sessions(self, account: int) -> None:
        await self.store.write("DELETE FROM staff_sessions WHERE account_id=?", (account,))
