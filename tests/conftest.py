"""Shared fixtures come from the bot's own pytest plugin (bot.testing): the harness and
the loopback-only network guard."""
