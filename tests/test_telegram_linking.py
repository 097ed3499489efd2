"""ContactsRepository.link_address: one person on several channels, merged by the rules in
its docstring."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.storage import Store, utcnow

TEXTER, CHAT = "sms:+447700900001", "telegram:1001"
DAY = timedelta(days=1)


async def test_the_chat_joins_the_texter_and_the_empty_contact_goes(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "bot.db")
    texter, chat = await store.contacts.for_address(TEXTER), await store.contacts.for_address(CHAT)
    await store.contacts.set_name(chat.id, "Sam")
    await store.contacts.set_consent(chat.id, True)
    await store.conversations.save(chat.id, "signposting", "results", {"q": 1}, utcnow(), DAY)

    await store.contacts.link_address(CHAT, texter.id)

    person = await store.contacts.find(CHAT)
    assert person is not None and person.id == texter.id
    assert (person.name, person.consent, person.opted_out) == ("Sam", True, False)
    conversation = await store.conversations.load(texter.id, utcnow())
    assert conversation is not None and conversation.data == {"q": 1}
    assert await store.contacts.get(chat.id) is None
    await store.close()


async def test_the_texters_conversation_wins_and_opt_out_from_either_side_sticks(
        tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "bot.db")
    texter, chat = await store.contacts.for_address(TEXTER), await store.contacts.for_address(CHAT)
    await store.contacts.set_name(texter.id, "Samira")
    await store.contacts.set_name(chat.id, "Sam")
    await store.contacts.set_opted_out(chat.id, True)
    await store.conversations.save(texter.id, "invitation", "awaiting_consent", {}, utcnow(), DAY)
    await store.conversations.save(chat.id, "signposting", "results", {}, utcnow(), DAY)

    await store.contacts.link_address(CHAT, texter.id)

    person = await store.contacts.find(TEXTER)
    assert person is not None and person.opted_out and person.name == "Samira"
    conversation = await store.conversations.load(texter.id, utcnow())
    assert conversation is not None and conversation.flow == "invitation"
    row = await store.fetchone("SELECT COUNT(*) FROM conversations")
    assert row is not None and row[0] == 1
    await store.close()


async def test_linking_a_new_address_or_the_same_person_again(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "bot.db")
    texter = await store.contacts.for_address(TEXTER)
    await store.contacts.link_address(CHAT, texter.id)
    await store.contacts.link_address(CHAT, texter.id)
    assert await store.contacts.addresses_of(texter.id) == [TEXTER, CHAT]
    await store.close()
