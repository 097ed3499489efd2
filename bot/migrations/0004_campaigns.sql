-- Champion invitations: campaigns, their recipients, what was skipped at import, and the
-- answers of people who replied. Only the columns needed are kept from a practice list.
CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    template TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',          -- file name of the list (no folders)
    rows_read INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    finished_at TEXT
);

CREATE TABLE campaign_recipients (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    address TEXT NOT NULL,                    -- where it goes: sms:+44... or telegram:<id>
    first_name TEXT,
    row_number INTEGER NOT NULL,
    -- pending | sending | sent | queued (handed to the outbox) | failed | opted_out | skipped
    state TEXT NOT NULL DEFAULT 'pending',
    outbox_id INTEGER,                        -- one per recipient, made before the provider call
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    sent_at TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (campaign_id, contact_id)
);
CREATE INDEX campaign_recipients_state ON campaign_recipients(campaign_id, state, id);
CREATE INDEX campaign_recipients_contact ON campaign_recipients(contact_id);

-- Rows skipped at import: row number and reason only, no personal data.
CREATE TABLE campaign_exclusions (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    row_number INTEGER NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX campaign_exclusions_campaign ON campaign_exclusions(campaign_id);

-- A person's answers to an invitation (one per person and campaign; NULL campaign when
-- they came in through a Telegram link or the word CHAMPION).
CREATE TABLE champion_responses (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    campaign_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL,
    answer TEXT,                              -- yes | no (NULL until they say)
    asked_more INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'open',       -- open | completed | declined | expired
    name TEXT,
    interests TEXT,
    availability TEXT,
    contact_method TEXT,
    consent INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    completed_at TEXT,
    reminded_at TEXT,
    digested_at TEXT                          -- listed by `staff digest`
);
CREATE INDEX champion_responses_contact ON champion_responses(contact_id);
CREATE INDEX champion_responses_campaign ON champion_responses(campaign_id);
