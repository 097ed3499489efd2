"""Run an ASGI app with uvicorn on a free 127.0.0.1 port inside the current event loop."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Generator
from types import TracebackType
from typing import Any, Literal

import uvicorn


class _QuietServer(uvicorn.Server):
    """A uvicorn server that leaves the process's signal handlers alone (it runs in tests)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


class LoopbackServer:
    """`async with LoopbackServer(app) as server: server.url` (http://127.0.0.1:<port>)."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0,
                 lifespan: Literal["auto", "on", "off"] = "on"):
        self.app = app
        self.host = host
        self.port = port
        self._server = _QuietServer(uvicorn.Config(
            app, host=host, port=port, log_config=None, access_log=False, lifespan=lifespan))
        self._task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        """Start serving; returns once the port is bound (raises if startup failed)."""
        self._task = asyncio.create_task(self._server.serve(), name="loopback-server")
        while not self._server.started:
            if self._task.done():
                self._task.result()  # re-raise the startup error
                raise RuntimeError("server stopped during startup")
            await asyncio.sleep(0.01)
        sockets = self._server.servers[0].sockets
        self.port = sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Shut down gracefully (runs the app's lifespan shutdown)."""
        if self._task is None:
            return
        self._server.should_exit = True
        try:
            await asyncio.wait_for(self._task, 10)
        except TimeoutError:
            self._server.force_exit = True
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None

    async def __aenter__(self) -> LoopbackServer:
        await self.start()
        return self

    async def __aexit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.stop()
