"""Many practices in one database: every table holding a practice's data says whose it is,
and someone registered at two practices is two people there, one at each."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.storage import Store

# Deliberately one for the whole deployment (docs/architecture.md, "Several practices").
GLOBAL = {"meta", "sms_daily_counts", "inbox_leases", "job_runs",
          "staff_sessions", "staff_password_links", "staff_login_attempts"}


@pytest.mark.sqlite_only("PRAGMA table_info (tests/test_store_engines.py: PostgreSQL's match)")
async def test_every_table_but_the_deliberately_global_ones_carries_the_practice(tmp_path):
    store = await Store.open(tmp_path / "bot.db")
    try:
        missing, extra = [], []
        for table in await store.tables():
            columns = [r[1] for r in await store.fetchall(f"PRAGMA table_info({table})")]
            if table not in GLOBAL and "practice_id" not in columns:
                missing.append(table)
            if table in GLOBAL and "practice_id" in columns:
                extra.append(table)
        assert missing == [] and extra == []
    finally:
        await store.close()


async def test_one_number_at_two_practices_is_two_people_each_with_their_own_opt_out(
        tmp_path):
    store = await Store.open(tmp_path / "bot.db")
    try:
        oak, made = await store.contacts.find_or_create("sms:+447700900001", "oak")
        elm, made_too = await store.contacts.find_or_create("sms:+447700900001", "elm")
        assert made and made_too and oak.id != elm.id
        assert (oak.practice, elm.practice) == ("oak", "elm")
        await store.contacts.set_opted_out(oak.id, True)
        assert (await store.contacts.find("sms:+447700900001", "oak")).opted_out
        assert not (await store.contacts.find("sms:+447700900001", "elm")).opted_out
        assert await store.contacts.find("sms:+447700900001") is None  # not the default's
        again, made = await store.contacts.find_or_create("sms:+447700900001", "elm")
        assert again.id == elm.id and not made
        # What is queued for a person goes from their practice's number.
        queued = await store.outbox.add("sms:+447700900001", "hi", contact_id=elm.id)
        assert (await store.outbox.get(queued)).practice == "elm"
        alert = await store.alerts.add("test", "x", oak.id)
        row = await store.fetchone("SELECT practice_id FROM staff_alerts WHERE id=?", (alert,))
        assert row[0] == "oak"
        # Forgetting someone at one practice leaves them at the other.
        await store.conversations.save(elm.id, "signposting", "results", {}, datetime.now(UTC),
                                       timedelta(hours=1))
        await store.contacts.forget(oak.id)
        assert await store.contacts.find("sms:+447700900001", "oak") is None
        assert await store.contacts.find("sms:+447700900001", "elm") is not None
        assert await store.outbox.get(queued) is not None
        row = await store.fetchone("SELECT practice_id FROM conversations WHERE contact_id=?",
                                   (elm.id,))
        assert row[0] == "elm"
    finally:
        await store.close()


async def test_the_inbox_keeps_the_practice_a_message_was_sent_to(tmp_path):
    store = await Store.open(tmp_path / "bot.db")
    try:
        now = datetime.now(UTC)
        await store.inbox.insert("sms", "SM" + "1" * 32, "sms:+447700900001", "hi", now,
                                 practice="elm")
        await store.inbox.insert("sms", "SM" + "2" * 32, "sms:+447700900001", "hi", now)
        [(_, first), (_, second)] = await store.inbox.unprocessed()
        assert (first.practice, second.practice) == ("elm", "default")
    finally:
        await store.close()


async def test_two_practices_may_each_run_a_campaign_of_one_name(tmp_path):
    from bot.campaigns.csvimport import parse_text
    from bot.campaigns.records import CampaignError, create_campaign, get_campaign

    store = await Store.open(tmp_path / "bot.db")
    now = datetime.now(UTC)
    try:
        made = {}
        for practice, mobile in (("oak", "07700900004"), ("elm", "07700900005")):
            created = await create_campaign(store, "flu-2026", parse_text(
                f"Name,Phone\nPat,{mobile}\n"), "Hello {first_name}", "list.csv", now,
                practice)
            assert created.campaign.practice == practice and created.recipients == 1
            made[practice] = created.campaign.id
        assert made["oak"] != made["elm"]
        for practice in ("oak", "elm"):
            assert (await get_campaign(store, "flu-2026", practice)).id == made[practice]
        with pytest.raises(CampaignError, match="already exists"):
            await create_campaign(store, "flu-2026", parse_text("Name,Phone\nSam,07700900006\n"),
                                  "Hello {first_name}", "list.csv", now, "oak")
        with pytest.raises(CampaignError, match="no campaign called 'flu-2026'"):
            await get_campaign(store, "flu-2026", "ash")
        with pytest.raises(Exception, match="(?i)unique"):  # the key itself, on both engines
            await store.write("INSERT INTO campaigns(name, template, created_at, practice_id)"
                              " VALUES ('flu-2026', 't', '2026-01-01', 'elm')")
    finally:
        await store.close()


async def campaigns_at_27_keep_their_rows(old: Store, reopen) -> None:  # type: ignore[no-untyped-def]
    """A campaign with a recipient, a skipped row and an answer, written at schema 27, is
    all still there after the migration that makes names unique per practice (the rebuilt
    table still refers and is referred to: deleting the campaign still cascades)."""
    stamp = "2026-01-01T00:00:00+00:00"
    campaign = await old.insert("INSERT INTO campaigns(name, template, created_at)"
                                " VALUES ('flu-2026', 'Hi', ?) RETURNING id", (stamp,))
    contact = await old.insert("INSERT INTO contacts(created_at) VALUES (?) RETURNING id",
                               (stamp,))
    await old.write("INSERT INTO campaign_recipients(campaign_id, contact_id, address,"
                    " row_number, updated_at) VALUES (?,?,'sms:+447700900004',2,?)",
                    (campaign, contact, stamp))
    await old.write("INSERT INTO campaign_exclusions(campaign_id, row_number, reason)"
                    " VALUES (?, 3, 'opted out')", (campaign,))
    await old.write("INSERT INTO champion_responses(contact_id, campaign_id, created_at,"
                    " updated_at) VALUES (?,?,?,?)", (contact, campaign, stamp, stamp))
    await old.close()
    store = await reopen()
    try:
        counts = [(await store.fetchone(f"SELECT COUNT(*) FROM {table} WHERE campaign_id=?",
                                        (campaign,)))[0]
                  for table in ("campaign_recipients", "campaign_exclusions",
                                "champion_responses")]
        assert counts == [1, 1, 1]
        row = await store.fetchone("SELECT name, practice_id FROM campaigns WHERE id=?",
                                   (campaign,))
        assert tuple(row) == ("flu-2026", "default")
        await store.write("INSERT INTO campaigns(name, template, created_at, practice_id)"
                          " VALUES ('flu-2026', 'Hi', ?, 'elm')", (stamp,))
        await store.write("DELETE FROM campaigns WHERE id=?", (campaign,))
        assert (await store.fetchone("SELECT COUNT(*) FROM campaign_recipients"))[0] == 0
        answer = await store.fetchone("SELECT campaign_id FROM champion_responses")
        assert answer[0] is None  # ON DELETE SET NULL, as before
    finally:
        await store.close()


@pytest.mark.sqlite_only("a SQLite file at schema 27 (tests/test_store_engines.py: PostgreSQL)")
async def test_the_campaign_names_migration_keeps_campaigns_on_sqlite(tmp_path):
    path = tmp_path / "bot.db"
    await campaigns_at_27_keep_their_rows(await Store.open(path, upto=27),
                                          lambda: Store.open(path))
    store = await Store.open(path)
    try:
        assert (await store.fetchone("PRAGMA foreign_keys"))[0] == 1
        assert await store.fetchall("PRAGMA foreign_key_check") == []
    finally:
        await store.close()


async def test_forgotten_is_the_practices_and_a_hash_from_before_counts_everywhere(tmp_path):
    store = await Store.open(tmp_path / "bot.db")
    try:
        address, earlier = "sms:+447700900001", "sms:+447700900002"
        oak, _ = await store.contacts.find_or_create(address, "oak")
        await store.contacts.find_or_create(address, "elm")
        await store.contacts.forget(oak.id)
        assert await store.contacts.is_forgotten(address, "oak")
        assert not await store.contacts.is_forgotten(address, "elm")
        row = await store.fetchone("SELECT practice_id FROM forgotten")
        assert row[0] == "oak"
        # Forgotten before the hashes said whose (migration 0029): at every practice.
        await store.write("INSERT INTO forgotten(hash, forgotten_at) VALUES (?, ?)",
                          (await store.address_hash(earlier), "2026-01-01"))
        for practice in ("oak", "elm", "default"):
            assert await store.contacts.is_forgotten(earlier, practice)
    finally:
        await store.close()


async def test_each_practice_keeps_someone_who_can_administer_it(tmp_path):
    from bot.dashboard.accounts import change_account
    from bot.dashboard.auth import AccountError
    from bot.storage.staff import StaffRepository

    store = await Store.open(tmp_path / "bot.db")
    try:
        staff, now = StaffRepository(store), datetime.now(UTC)
        await staff.add_account("oak@example.org", "admin", now, "oak")
        await staff.add_account("elm@example.org", "admin", now, "elm")
        # Elm's admin is no help to Oak: Oak's only admin cannot step down.
        with pytest.raises(AccountError, match="only admin"):
            await change_account(store, "test", "oak@example.org", "disable")
        await staff.add_account("fed@example.org", "admin", now, None)
        await change_account(store, "test", "oak@example.org", "role", "staff")  # fed covers it
        with pytest.raises(AccountError, match="only admin"):  # fed is the only one for all
            await change_account(store, "test", "fed@example.org", "disable")
        assert await change_account(store, "test", "elm@example.org", "enable") is None
    finally:
        await store.close()
