"""Shared fixtures come from the bot's own pytest plugin (bot.testing): the harness and
the loopback-only network guard. Here: which tests CI runs a second time on PostgreSQL."""

import pytest

# CI's PostgreSQL pass (.ci/run, with BOT_TEST_DATABASE_URL): the store, every repository
# and the conversation flows that write through them, so the SQL runs on PostgreSQL too,
# in about two minutes on 2 cores (the SQLite pass takes six; CI stays under ten). Left to
# the SQLite pass: tests that never open a database (directory, matching, texts, the crisis
# classifier, docs, packaging), `slow` ones, and sqlite_only ones (files, PRAGMA).
ON_POSTGRES = {
    "test_store.py", "test_store_engines.py", "test_core_conversations.py",
    "test_engine_turns.py", "test_inbound_pipeline.py", "test_outbound_pipeline.py",
    "test_security_personal_data.py", "test_security_accounts.py", "test_retention.py",
    "test_connections_flow.py", "test_connections_wellbeing.py", "test_listings_flow.py",
    "test_listings_after_commit.py", "test_campaign_import.py", "test_campaign_send.py",
    "test_campaign_conversation.py", "test_invitation_staff_views.py",
    "test_dashboard_routes.py", "test_signposting_flow.py", "test_understanding_flow.py",
    "test_sms_status_and_recovery.py", "test_telegram_linking.py",
    # Several practices on one database (issue 19, part 4).
    "test_store_practices.py", "test_sms_practices.py", "test_dashboard_practices.py",
    "test_cli_practices.py",
    # Fewer trips a text (issue 18): batches on both engines.
    "test_batches.py",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in ON_POSTGRES:
            item.add_marker(pytest.mark.postgres)
