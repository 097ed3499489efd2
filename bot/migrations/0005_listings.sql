-- Listings kept current by the people who run them (issue 7): every saved change, proposals
-- for new listings waiting for staff, and the regular "is this still right?" checks.
CREATE TABLE listing_changes (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,          -- 'contact:12', 'staff:cli', 'system'; never a number
    offer_id TEXT NOT NULL,
    field TEXT NOT NULL,
    old TEXT,                     -- JSON
    new TEXT,                     -- JSON
    source TEXT NOT NULL DEFAULT ''   -- the word or step that made it: PAUSE, UPDATE, OFF ...
);
CREATE INDEX listing_changes_offer ON listing_changes(offer_id, id);

CREATE TABLE listing_proposals (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    data TEXT NOT NULL,           -- JSON: the offer as proposed
    state TEXT NOT NULL DEFAULT 'pending',    -- pending | approved | rejected
    created_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT,
    offer_id TEXT                 -- the id it went live under
);

CREATE TABLE listing_reviews (
    id INTEGER PRIMARY KEY,
    offer_id TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'sent',       -- sent | confirmed | updated | unconfirmed
    answered_at TEXT,
    actor TEXT
);
CREATE INDEX listing_reviews_offer ON listing_reviews(offer_id, state);
