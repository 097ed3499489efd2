"""A real server with the dashboard on a loopback port, for route and browser tests."""

from __future__ import annotations

import re
import shutil
from datetime import time
from pathlib import Path
from typing import Any

import httpx

from bot.app import create_app
from bot.config import Config, load_config
from bot.dashboard import auth
from bot.fakes.loopback import LoopbackServer
from bot.harness import DEFAULT_EXAMPLE
from bot.runtime import Runtime
from bot.storage import Store

EXAMPLE_DIRECTORY = Path(DEFAULT_EXAMPLE).parent / "directory" / "example" / "offers.yaml"
PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class DashboardSite:
    """`site = await DashboardSite.start(tmp_path)`; `await site.logged_in("admin")`."""

    def __init__(self, server: LoopbackServer, config: Config, app: Any):
        self.server = server
        self.config = config
        self.app = app
        self.clients: list[httpx.AsyncClient] = []

    @classmethod
    async def start(cls, tmp: Path, *, secrets: dict[str, str] | None = None,
                    config_file: str | None = None, **settings: Any) -> DashboardSite:
        """The whole server (every component) on a fresh database and a copy of the
        example directory, open all week so campaigns send whenever tests run
        (`config_file`: other settings to start from, e.g. with a practices: list)."""
        directory = tmp / "offers.yaml"
        shutil.copy(EXAMPLE_DIRECTORY, directory)
        config = load_config(config_file or DEFAULT_EXAMPLE, environ=dict(secrets or {}))
        config = config.with_overrides(**{
            "storage__database": str(tmp / "bot.db"), "directory__path": str(directory),
            "campaigns__send_window__days": ("MO", "TU", "WE", "TH", "FR", "SA", "SU"),
            "campaigns__send_window__skip_bank_holidays": False,
            "campaigns__send_window__start": time(0, 0),
            "campaigns__send_window__end": time(23, 59, 59), **settings})
        app = create_app(config)
        server = LoopbackServer(app)
        await server.start()
        return cls(server, config, app)

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def runtime(self) -> Runtime:
        return self.app.state.runtime  # type: ignore[no-any-return]

    @property
    def store(self) -> Store:
        return self.runtime.store

    async def add_staff(self, email: str, role: str = "staff",
                        password: str = PASSWORD, practice: str | None = "default") -> int:
        account = await auth.create_account(self.store, email, role, practice)
        await auth.set_password(self.store, account, password)
        return account

    def client(self) -> httpx.AsyncClient:
        client = httpx.AsyncClient(base_url=self.url, follow_redirects=False, timeout=10)
        self.clients.append(client)
        return client

    async def login(self, client: httpx.AsyncClient, email: str,
                    password: str = PASSWORD) -> httpx.Response:
        page = await client.get("/staff/login")
        return await client.post("/staff/login", data={
            "csrf": csrf_in(page.text), "email": email, "password": password,
            "next": "/staff/"})

    async def logged_in(self, role: str = "staff",
                        practice: str | None = "default") -> httpx.AsyncClient:
        """A client logged in as a new account with this role (at this practice; None:
        a federation admin)."""
        email = f"{role}{len(self.clients)}@practice.example.org"
        await self.add_staff(email, role, practice=practice)
        client = self.client()
        response = await self.login(client, email)
        assert response.status_code == 303, response.text
        return client

    async def stop(self) -> None:
        for client in self.clients:
            await client.aclose()
        await self.server.stop()


def csrf_in(page: str) -> str:
    """The CSRF token in a page's first form."""
    found = _CSRF.search(page)
    assert found, "no CSRF token on the page"
    return found.group(1)
