-- Work a turn leaves to be done once its transaction has committed (a champion's change
-- written back to the directory YAML): recorded in the turn's own transaction, deleted in
-- the transaction that records its outcome, and done again on start if the process stopped
-- in between. FORGET ME removes a person's rows with the contact.
CREATE TABLE after_commit_work (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    address TEXT NOT NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);
