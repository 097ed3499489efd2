-- Campaign names are unique per practice, not deployment-wide (issue 19): two practices
-- may both run "flu-2026". (The SQLite twin rebuilds the table for its new key.)
ALTER TABLE campaigns DROP CONSTRAINT campaigns_name_key;
ALTER TABLE campaigns ADD CONSTRAINT campaigns_practice_name_key UNIQUE (practice_id, name);
