"""The periodic listings job inside `serve`: passed OFF notices removed, regular "still
right?" checks sent and expired (flows/listings_admin.py `tick`), every 15 minutes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.component import Component, background_job
from flows import listings_admin

if TYPE_CHECKING:
    from bot.config import Config
    from bot.runtime import Runtime

TICK_SECONDS = 900.0


async def tick(runtime: Runtime) -> None:
    """One tick for each practice's directory: its own offers are checked from its own
    number; a shared offer once (the first practice to find it due sends, and the open
    check holds back the others)."""
    for services in runtime.engine.practices.values():
        await listings_admin.tick(services)


def listings_component(config: Config) -> Component:
    return background_job("listings", tick, every=TICK_SECONDS)
