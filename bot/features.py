"""The features, each named once: its flows, its commands, its dashboard pages and its jobs.

Adding a feature is its own package (flows, storage repository, texts, jobs) plus one entry
here; the router (flows/registry.py), the CLI (bot/cli.py), the dashboard
(bot/dashboard/__init__.py) and the server (bot/app.py) all read this list. References are
"module:attribute" strings imported when used, so this module imports no feature and adds
no import cycle.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Feature:
    name: str
    flows: tuple[str, ...] = ()         # flow classes, tried by the router in this order
    detail_hooks: tuple[str, ...] = ()  # classes adding a question after an offer's details
    commands: str | None = None         # a module with register(subparsers, common)
    pages: tuple[str, ...] = ()         # dashboard modules, each with ROUTES under /staff
    component: str | None = None        # a factory(config) -> Component | None (jobs, routes)


FEATURES: tuple[Feature, ...] = (
    # First: a champion's YES to an introduction, or END INTRO, is never an invitation reply.
    Feature("connections",
            flows=("flows.connections.flow:ConnectionsFlow",),
            detail_hooks=("flows.connections.flow:IntroductionOffer",),
            commands="flows.connections.cli",
            pages=("bot.dashboard.pages_connections",),
            component="flows.connections.jobs:connections_component"),
    Feature("champion invitations",
            flows=("flows.champion:ChampionInvitationFlow",),
            commands="bot.cli_campaign",
            pages=("bot.dashboard.pages_campaigns", "bot.dashboard.pages_people"),
            component="bot.campaigns.reminders:reminders_component"),
    # Its commands are `directory` subcommands (bot/cli_listings.py, via bot/cli_directory.py).
    Feature("listings",
            flows=("flows.listings:ListingsFlow",),
            pages=("bot.dashboard.pages_directory",),
            component="bot.listings_job:listings_component"),
)


def load(reference: str) -> Any:
    """The object a "module:attribute" reference names."""
    module, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module), attribute)
