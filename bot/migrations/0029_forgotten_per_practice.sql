-- FORGET ME is one practice's (issue 19): each practice is its own data controller, so
-- a person who asks one practice to forget them is forgotten there, and stays the other
-- practice's contact until they ask it too. The keyed hashes of forgotten numbers say
-- whose they are. A hash kept from before says '*': forgotten at every practice, as it
-- was then (it never says where it came from, so it keeps its widest meaning).
CREATE TABLE forgotten_by_practice (
    hash TEXT NOT NULL,
    forgotten_at TEXT NOT NULL,
    practice_id TEXT NOT NULL DEFAULT '*',
    PRIMARY KEY (practice_id, hash)
);
INSERT INTO forgotten_by_practice(hash, forgotten_at, practice_id)
    SELECT hash, forgotten_at, '*' FROM forgotten;
DROP TABLE forgotten;
ALTER TABLE forgotten_by_practice RENAME TO forgotten;
