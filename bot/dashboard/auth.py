"""Staff accounts, password hashes, sessions, one-time password links and login limits.

Passwords are hashed with argon2id (argon2-cffi, the OWASP first choice). Only sha256
hashes of session and link tokens are stored, so a copy of the database can't be used
to log in.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot.storage import Store, utcnow
from bot.storage.staff import StaffRepository

ROLES = ("admin", "staff")
MIN_PASSWORD = 10
LINK_LIFETIME = timedelta(hours=48)
# Failed logins are counted over a window. Per account they slow logging in down (a
# growing wait before the password is checked, one attempt at a time) rather than lock
# it, so nobody can lock a colleague out; per network address they refuse (429).
ATTEMPT_WINDOW = timedelta(minutes=15)
FREE_FAILURES = 3      # failures per account before waits start
FIRST_DELAY = 1.0      # seconds, doubling with each further failure
MAX_DELAY = 16.0
MAX_FAILS_PER_IP = 20

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a real password, only for even timing")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# argon2 takes ~150 ms of CPU by design. It runs in a worker thread (argon2-cffi releases
# the GIL), so the server keeps answering texts and pages while someone logs in.
async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


def _matches(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


async def password_matches(stored: str, password: str) -> bool:
    return await asyncio.to_thread(_matches, stored, password)


class AccountError(ValueError):
    """A staff account request that can't go ahead; the text says why."""


@dataclass(frozen=True)
class StaffUser:
    """The person logged in to the dashboard."""

    id: int
    email: str
    role: str
    csrf: str
    practice: str | None = "default"  # whose data they see; None: every practice's

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def sees(self, practice: str) -> bool:
        """Whether this practice's people and alerts are theirs to see."""
        return self.practice is None or self.practice == practice

    @property
    def actor(self) -> str:
        """How this person appears in the audit log."""
        return f"staff:{self.email}"


@dataclass(frozen=True)
class LoginResult:
    """A login attempt: the account id, or why not (and for how long, when limited)."""

    account_id: int | None
    error: str = ""
    retry_after: int = 0


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_password_rules(password: str, again: str | None = None) -> None:
    """AccountError unless the password is long enough, not blank, not one of the
    commonest passwords (and typed the same twice)."""
    if again is not None and password != again:
        raise AccountError("the two passwords are not the same")
    if not password.strip():
        raise AccountError("the password can't be blank or only spaces")
    if len(password.strip()) < MIN_PASSWORD:
        raise AccountError(f"the password needs at least {MIN_PASSWORD} characters "
                           "(a few words together is easy to remember)")
    if _squashed(password) in common_passwords():
        raise AccountError("that is one of the most common passwords, which are tried "
                           "first; choose another (a few words together works well)")


def _squashed(password: str) -> str:
    return "".join(password.lower().split())


@functools.cache
def common_passwords() -> frozenset[str]:
    """The commonest passwords (common_passwords.txt, from public breach-frequency lists),
    lower case without spaces."""
    text = (Path(__file__).parent / "common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(_squashed(line) for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


async def create_account(store: Store, email: str, role: str = "staff",
                         practice: str | None = "default") -> int:
    """A new account with no password yet; AccountError for a bad or taken email.
    `practice` None: a federation admin, who sees every practice."""
    email = email.strip()
    if not _EMAIL.match(email):
        raise AccountError(f"{email!r} is not an email address")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    staff = StaffRepository(store)
    if await staff.email_taken(email):
        raise AccountError(f"there is already an account for {email}")
    return await staff.add_account(email, role, utcnow(), practice)


async def account_id(store: Store, email: str) -> int | None:
    return await StaffRepository(store).account_id(email.strip())


async def set_password(store: Store, account: int, password: str) -> None:
    """Store an argon2 hash of a new password; ends the account's other sessions."""
    check_password_rules(password)
    await StaffRepository(store).set_password_hash(account, await hash_password(password))


async def password_link_token(store: Store, account: int,
                              lifetime: timedelta = LINK_LIFETIME) -> str:
    """A one-time token for /staff/set-password/<token>."""
    token = secrets.token_urlsafe(32)
    await StaffRepository(store).add_password_link(token_hash(token), account,
                                                   utcnow() + lifetime)
    return token


async def link_account(store: Store, token: str) -> tuple[int, str] | None:
    """(account id, email) for an unused, unexpired link token, else None."""
    found = await StaffRepository(store).unused_link(token_hash(token))
    if found is None or found[2] <= utcnow():
        return None
    return found[0], found[1]


async def use_password_link(store: Store, token: str, password: str) -> int:
    """Set the password through a one-time link; AccountError if the link is no good."""
    found = await link_account(store, token)
    if found is None:
        raise AccountError("this link has expired or was already used; ask an admin "
                           "for a new one")
    check_password_rules(password)
    async with store.transaction():
        await StaffRepository(store).mark_link_used(token_hash(token), utcnow())
        await set_password(store, found[0], password)
    return found[0]


# ---- logging in --------------------------------------------------------------------------

def failure_delay(failures: int) -> float:
    """Seconds to wait before checking a password, after this many recent failures."""
    if failures < FREE_FAILURES:
        return 0.0
    return float(min(FIRST_DELAY * 2 ** (failures - FREE_FAILURES), MAX_DELAY))


_account_locks: dict[str, asyncio.Lock] = {}


async def _wait(seconds: float) -> None:
    await asyncio.sleep(seconds)


async def check_login(store: Store, email: str, password: str, ip: str) -> LoginResult:
    """Verify a login: refused after too many failures from one address; slowed (a
    growing wait, one attempt at a time) after failures for one account."""
    now = utcnow()
    staff = StaffRepository(store)
    email_key, ip_key = f"email:{email.strip().lower()}", f"ip:{ip}"
    count, oldest = await staff.failures(ip_key, now - ATTEMPT_WINDOW)
    if count >= MAX_FAILS_PER_IP and oldest is not None:
        wait = (oldest + ATTEMPT_WINDOW - now).total_seconds()
        return LoginResult(None, "too-many", max(int(wait) + 1, 1))
    if len(_account_locks) > 10_000:  # random emails can't grow this without end
        for key in [k for k, held in _account_locks.items() if not held.locked()]:
            del _account_locks[key]
    async with _account_locks.setdefault(email_key, asyncio.Lock()):
        # Parallel guesses at one account queue up here, each behind its wait.
        failures, _ = await staff.failures(email_key, utcnow() - ATTEMPT_WINDOW)
        await _wait(failure_delay(failures))
        return await _verify(staff, email, password, email_key, ip_key)


async def _verify(staff: StaffRepository, email: str, password: str, email_key: str,
                  ip_key: str) -> LoginResult:
    now = utcnow()
    account = await staff.login_account(email.strip())
    stored = account.password_hash if account is not None else None
    # Verify against a dummy hash for unknown emails so timing doesn't reveal accounts.
    ok = await password_matches(stored or _DUMMY_HASH, password)
    if account is None or not stored or account.disabled or not ok:
        await staff.record_failure([email_key, ip_key], now, now - 4 * ATTEMPT_WINDOW)
        return LoginResult(None, "bad")
    rehash = await hash_password(password) if _hasher.check_needs_rehash(stored) else None
    await staff.login_succeeded(email_key, account.id, rehash)
    return LoginResult(account.id)


async def start_session(store: Store, account: int, lifetime: timedelta) -> str:
    """A new session; returns the cookie value (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    await StaffRepository(store).start_session(token_hash(token), account,
                                               secrets.token_urlsafe(24), now, now + lifetime)
    return token


async def session_user(store: Store, token: str | None) -> StaffUser | None:
    """The logged-in person for a cookie value, or None (expired, unknown, disabled)."""
    if not token:
        return None
    row = await StaffRepository(store).session(token_hash(token))
    if row is None or row.disabled or row.expires_at <= utcnow():
        return None
    return StaffUser(row.id, row.email, row.role, row.csrf, row.practice)


async def end_session(store: Store, token: str | None) -> None:
    if token:
        await StaffRepository(store).end_session(token_hash(token))
