-- Many practices on one deployment (issue 19, part 4). Every table holding a practice's
-- data says whose it is; rows from before (one practice) are the practice 'default'.
-- Deliberately global (docs/architecture.md): meta, forgotten, sms_daily_counts,
-- inbox_leases, job_runs and the staff sessions, password links and login attempts.
ALTER TABLE contacts ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE conversations ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE inbox ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE outbox ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE staff_alerts ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE audit_log ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE campaigns ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE campaign_recipients ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE campaign_exclusions ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE champion_responses ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE champion_followups ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE listing_changes ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE listing_proposals ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE listing_reviews ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE unmet_needs ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE passed_on_requests ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE introductions ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE introduction_settings ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE connection_barriers ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE wellbeing_consent ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE wellbeing_answers ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE after_commit_work ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
-- A staff member works at one practice; NULL: a federation admin, who sees every practice.
ALTER TABLE staff_accounts ADD COLUMN practice_id TEXT DEFAULT 'default';
-- A person registered at two practices is two contacts: an address is unique per practice.
CREATE TABLE addresses_by_practice (
    address TEXT NOT NULL,        -- 'sms:+447700900123', 'telegram:123456'
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    created_at TEXT NOT NULL,
    practice_id TEXT NOT NULL DEFAULT 'default',
    PRIMARY KEY (practice_id, address)
);
INSERT INTO addresses_by_practice(address, contact_id, channel, created_at, practice_id)
    SELECT a.address, a.contact_id, a.channel, a.created_at, 'default' FROM addresses a;
DROP TABLE addresses;
ALTER TABLE addresses_by_practice RENAME TO addresses;
CREATE INDEX addresses_contact ON addresses(contact_id);
-- Today's counts per practice.
CREATE TABLE dashboard_counts_by_practice (
    day TEXT NOT NULL,                        -- 'YYYY-MM-DD', practice time zone
    kind TEXT NOT NULL,                       -- search
    count INTEGER NOT NULL DEFAULT 0,
    practice_id TEXT NOT NULL DEFAULT 'default',
    PRIMARY KEY (practice_id, day, kind)
);
INSERT INTO dashboard_counts_by_practice(day, kind, count, practice_id)
    SELECT day, kind, count, 'default' FROM dashboard_counts;
DROP TABLE dashboard_counts;
ALTER TABLE dashboard_counts_by_practice RENAME TO dashboard_counts;
CREATE INDEX contacts_practice ON contacts(practice_id);
CREATE INDEX unmet_needs_practice ON unmet_needs(practice_id, at);
CREATE INDEX staff_alerts_practice ON staff_alerts(practice_id, state);
