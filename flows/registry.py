"""Which flows the router tries, in order: each feature's flows (bot/features.py), then
signposting as the catch-all; and the flow answering channel events (/start, a contact)."""

from __future__ import annotations

from bot.features import FEATURES, load
from flows.base import Flow, Services
from flows.channel_welcome import ChannelWelcomeFlow
from flows.listings_admin import live_directory
from flows.router import Router
from flows.signposting import SignpostingFlow


def build_router(services: Services) -> Router:
    """Command-word flows in order, then signposting as the catch-all."""
    flows: list[Flow] = [load(ref)() for feature in FEATURES for ref in feature.flows]
    hooks = [load(ref)() for feature in FEATURES for ref in feature.detail_hooks]
    # OFF <date> notices disappear once the date has passed, even before the periodic job
    # removes them from the YAML: every flow sees the directory through this check.
    services.directory = live_directory(services.directory, services)
    return Router(flows, SignpostingFlow(detail_hooks=hooks), event_flows=[ChannelWelcomeFlow()])
