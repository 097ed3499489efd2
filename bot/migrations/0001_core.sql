-- Conversation core: people, their addresses, consent, conversations, inbox, outbox,
-- staff alerts and the audit log.
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    name TEXT,
    opted_out INTEGER NOT NULL DEFAULT 0,
    opted_out_at TEXT,
    consent INTEGER,              -- NULL unknown, 1 yes, 0 no
    consent_at TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE addresses (
    address TEXT PRIMARY KEY,     -- 'sms:+447700900123', 'telegram:123456'
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX addresses_contact ON addresses(contact_id);

-- One-way keyed hashes of the numbers of people who asked to be forgotten.
CREATE TABLE forgotten (
    hash TEXT PRIMARY KEY,
    forgotten_at TEXT NOT NULL
);

CREATE TABLE conversations (
    contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
    flow TEXT NOT NULL,
    step TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE inbox (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL,
    sender TEXT,                  -- address; cleared by FORGET ME
    text TEXT,                    -- cleared once processed
    received_at TEXT NOT NULL,
    processed_at TEXT,
    UNIQUE (channel, external_id)
);
CREATE INDEX inbox_unprocessed ON inbox(processed_at) WHERE processed_at IS NULL;

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'reply',       -- urgent | reply | bulk
    essential INTEGER NOT NULL DEFAULT 0,     -- sent even to someone opted out
    scrub_after_send INTEGER NOT NULL DEFAULT 0,
    choices TEXT NOT NULL DEFAULT '[]',
    inbox_id INTEGER,
    state TEXT NOT NULL DEFAULT 'queued',     -- queued | sending | sent | delivered | undelivered | failed | skipped
    attempts INTEGER NOT NULL DEFAULT 0,
    provider_id TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    next_attempt_at TEXT
);
CREATE INDEX outbox_pending ON outbox(state, kind, id);
CREATE INDEX outbox_recipient ON outbox(recipient);

CREATE TABLE staff_alerts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    detail TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'open',       -- open | done
    handled_by TEXT,
    note TEXT,
    created_at TEXT NOT NULL,
    handled_at TEXT
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,          -- 'contact:12', 'staff:name', 'system'; never a number
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
