-- Staff dashboard: accounts (argon2 password hashes), sessions (only a hash of the cookie
-- token is kept), one-time links to set a password, and failed logins for rate limiting.
CREATE TABLE staff_accounts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role TEXT NOT NULL DEFAULT 'staff',       -- admin | staff
    password_hash TEXT,                       -- NULL until set through the one-time link
    created_at TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY,              -- sha256 of the cookie value
    account_id INTEGER NOT NULL REFERENCES staff_accounts(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX staff_sessions_account ON staff_sessions(account_id);

CREATE TABLE staff_password_links (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES staff_accounts(id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL,
    used_at TEXT
);

CREATE TABLE staff_login_attempts (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,                        -- 'email:<lowercased>' or 'ip:<address>'
    at TEXT NOT NULL
);
CREATE INDEX staff_login_attempts_key ON staff_login_attempts(key, at);

-- People who came forward, marked as contacted from the dashboard.
CREATE TABLE champion_followups (
    response_id INTEGER PRIMARY KEY REFERENCES champion_responses(id) ON DELETE CASCADE,
    contacted_at TEXT NOT NULL,
    contacted_by TEXT NOT NULL
);

-- Counts for the Today page that no other table keeps (searches). No personal data.
CREATE TABLE dashboard_counts (
    day TEXT NOT NULL,                        -- 'YYYY-MM-DD', practice time zone
    kind TEXT NOT NULL,                       -- search
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, kind)
);
