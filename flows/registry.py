"""Which flows the router tries, in order. Features add their flow here."""

from __future__ import annotations

from flows.base import Flow, Services
from flows.champion import ChampionInvitationFlow
from flows.connections.flow import ConnectionsFlow, IntroductionOffer
from flows.listings import ListingsFlow
from flows.listings_admin import live_directory
from flows.router import Router
from flows.signposting import SignpostingFlow


def build_router(services: Services) -> Router:
    """Command-word flows in order, then signposting as the catch-all."""
    flows: list[Flow] = []
    # First: a champion's YES to an introduction, or END INTRO, is never an invitation reply.
    flows.append(ConnectionsFlow())
    flows.append(ChampionInvitationFlow())
    # OFF <date> notices disappear once the date has passed, even before the periodic job
    # removes them from the YAML: every flow sees the directory through this check.
    services.directory = live_directory(services.directory, services)
    flows.append(ListingsFlow())
    return Router(flows, SignpostingFlow(detail_hooks=[IntroductionOffer()]))
