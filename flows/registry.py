"""Which flows the router tries, in order. Features add their flow here."""

from __future__ import annotations

from flows.base import Flow, Services
from flows.champion import ChampionInvitationFlow
from flows.router import Router
from flows.signposting import SignpostingFlow


def build_router(services: Services) -> Router:
    """Command-word flows in order, then signposting as the catch-all."""
    flows: list[Flow] = []
    flows.append(ChampionInvitationFlow())
    return Router(flows, SignpostingFlow())
