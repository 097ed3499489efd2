-- Many practices on one deployment (issue 19, part 4). Every table holding a practice's
-- data says whose it is; rows from before (one practice) are the practice 'default'.
-- (The SQLite twin rebuilds two tables for their new keys.) Deliberately global (docs/architecture.md): meta, forgotten, sms_daily_counts,
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
ALTER TABLE addresses ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE addresses DROP CONSTRAINT addresses_pkey;
ALTER TABLE addresses ADD PRIMARY KEY (practice_id, address);
-- Today's counts per practice.
ALTER TABLE dashboard_counts ADD COLUMN practice_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE dashboard_counts DROP CONSTRAINT dashboard_counts_pkey;
ALTER TABLE dashboard_counts ADD PRIMARY KEY (practice_id, day, kind);
CREATE INDEX contacts_practice ON contacts(practice_id);
CREATE INDEX unmet_needs_practice ON unmet_needs(practice_id, at);
CREATE INDEX staff_alerts_practice ON staff_alerts(practice_id, state);
