-- foreign_keys: off
-- Campaign names are unique per practice, not deployment-wide (issue 19): two practices
-- may both run "flu-2026". SQLite cannot drop the inline UNIQUE(name), so the table is
-- rebuilt (its columns, order and rows unchanged). The line above makes the runner
-- (bot/storage/store.py) switch foreign keys off around this migration, as SQLite's
-- "making other kinds of table schema changes" steps say: with them on, dropping the old
-- table would delete every campaign's recipients and exclusions (ON DELETE CASCADE). The
-- runner checks the foreign keys before it commits.
CREATE TABLE campaigns_by_practice (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    template TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',          -- file name of the list (no folders)
    rows_read INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    finished_at TEXT,
    practice_id TEXT NOT NULL DEFAULT 'default',
    UNIQUE (practice_id, name)
);
INSERT INTO campaigns_by_practice(id, name, template, source, rows_read, created_at,
                                  finished_at, practice_id)
    SELECT id, name, template, source, rows_read, created_at, finished_at, practice_id
    FROM campaigns;
DROP TABLE campaigns;
ALTER TABLE campaigns_by_practice RENAME TO campaigns;
