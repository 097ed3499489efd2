-- Issue 17: connections, not referrals. An introduction of a resident to the champion who
-- runs a group, with consent on both sides, relayed through the practice number.
-- Both people's rows are erased by FORGET ME from either side (bot/store.py FORGET_TABLES).
-- No message bodies are kept here: relayed texts live only in the outbox until sent.
CREATE TABLE introductions (
    id INTEGER PRIMARY KEY,
    offer_id TEXT NOT NULL,
    offer_name TEXT NOT NULL,          -- as it was, so reports survive directory edits
    champion_name TEXT,                -- the first name the resident was told
    resident_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    champion_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    state TEXT NOT NULL,               -- offered, declined, accepted, asked, introduced,
                                       -- champion_declined, timed_out, ended, closed
    end_reason TEXT,                   -- end-intro, stop, time-up, forgotten
    offered_at TEXT NOT NULL,
    accepted_at TEXT,
    asked_at TEXT,
    answered_at TEXT,
    introduced_at TEXT,
    relay_until TEXT,
    ended_at TEXT,
    resident_ref INTEGER,              -- which of a person's open introductions this is
    champion_ref INTEGER,
    session_on TEXT,                   -- the session the resident was heading to (date)
    followup_sent_at TEXT,
    went TEXT,                         -- yes, no, not-yet
    went_at TEXT
);
CREATE INDEX introductions_resident ON introductions(resident_id, state);
CREATE INDEX introductions_champion ON introductions(champion_id, state);
CREATE INDEX introductions_offered ON introductions(offered_at);

-- A champion's own INTRODUCTIONS ON / OFF, which wins over the offer's `introductions:`.
CREATE TABLE introduction_settings (
    contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
    takes_introductions INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

-- "What got in the way?" answers, scrubbed of personal details and kept without any link
-- to the person (like unmet_needs): the group, the week and the words.
CREATE TABLE connection_barriers (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    offer_id TEXT NOT NULL,
    offer_name TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX connection_barriers_at ON connection_barriers(at);

-- The optional wellbeing measure: the four ONS personal wellbeing questions, 0-10, asked
-- only of people who said yes to them, at most every connections.wellbeing_every.
-- A person's answers are shown only to staff, each view audited; FORGET ME erases them.
CREATE TABLE wellbeing_consent (
    contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
    consent INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE wellbeing_answers (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    asked_at TEXT NOT NULL,
    completed_at TEXT,
    life_satisfaction INTEGER,
    worthwhile INTEGER,
    happy INTEGER,
    anxious INTEGER
);
CREATE INDEX wellbeing_answers_contact ON wellbeing_answers(contact_id, asked_at);
