"""`python -m bot serve`: the app from bot/app.py under uvicorn, until Ctrl-C / SIGTERM."""

from __future__ import annotations

import logging
from typing import Any

import uvicorn

from bot.app import build_components, create_app
from bot.config import Config
from bot.logs import configure_logging
from directory.problems import DirectoryInvalid

log = logging.getLogger(__name__)


def proxy_settings(config: Config) -> dict[str, Any]:
    """uvicorn's forwarded-header settings: X-Forwarded-For/-Proto are believed only from
    server.trusted_proxies (none by default), so login limits see real client addresses
    behind nginx or Caddy and nobody else can claim one."""
    trusted = list(config.server.trusted_proxies)
    return {"proxy_headers": bool(trusted), "forwarded_allow_ips": trusted or None}


async def serve(config: Config) -> int:
    """Run until Ctrl-C / SIGTERM."""
    configure_logging(config.logging.level, config.logging.format)
    from bot.storage import DatabaseUnreachable, SchemaTooNew, check_schema
    from bot.storage.urls import is_postgres

    try:
        check_schema(config.database)
        if is_postgres(config.database):
            from bot.storage.postgres import check_server

            await check_server(config.database)
    except (SchemaTooNew, DatabaseUnreachable) as exc:
        # Our own message, no personal data: shown in full (the line is still scrubbed).
        log.error("cannot start: %s", str(exc))
        return 2
    try:
        components = build_components(config)
    except ValueError as exc:  # a component refusing to start, e.g. a missing secret
        log.error("cannot start: %s", str(exc))  # our own message: shown in full
        return 2
    app = create_app(config, components)
    server = uvicorn.Server(uvicorn.Config(
        app, host=config.server.host, port=config.server.port, log_config=None,
        access_log=False, lifespan="on", **proxy_settings(config)))
    try:
        await server.serve()
    except DirectoryInvalid as exc:
        for problem in exc.problems:
            log.error("directory: %s", problem)
        return 2
    return 0 if server.started else 2
