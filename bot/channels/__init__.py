"""Channels: how messages reach people (SMS, Telegram, the terminal)."""
