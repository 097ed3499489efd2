-- Unmet needs: what people asked for that nothing in the directory offers.
-- No contact id and no phone number: only categories, normalised words and a scrubbed example.
CREATE TABLE unmet_needs (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    reason TEXT NOT NULL,              -- no-match | not-helpful
    categories TEXT NOT NULL DEFAULT '[]',
    words TEXT NOT NULL DEFAULT '',
    example TEXT NOT NULL DEFAULT ''
);
CREATE INDEX unmet_needs_at ON unmet_needs(at);
