-- Several instances on one database (issue 19, part 3), claimed with leases (see the
-- SQLite twin of this file, which has the same tables, unused there).
-- Who answers a person's stored messages now: one instance at a time, until the lease ends
-- (renewed while it works), so a killed instance's people are taken over.
CREATE TABLE inbox_leases (
    sender TEXT PRIMARY KEY,
    claimed_by TEXT NOT NULL,
    claimed_until TEXT NOT NULL
);
CREATE INDEX inbox_waiting ON inbox(sender, id) WHERE processed_at IS NULL;
-- Which instance is calling the provider for an outbox row, and until when at most.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until TEXT;
-- When each periodic job last ran anywhere, so one tick runs it once.
CREATE TABLE job_runs (
    name TEXT PRIMARY KEY,
    ran_at TEXT NOT NULL
);
