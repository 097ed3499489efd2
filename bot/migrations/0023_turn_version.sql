-- How many turns have committed for this person: a turn routed on an older reading of the
-- person and their conversation (another instance answered them meanwhile) is routed again.
ALTER TABLE contacts ADD COLUMN turn_version INTEGER NOT NULL DEFAULT 0;
