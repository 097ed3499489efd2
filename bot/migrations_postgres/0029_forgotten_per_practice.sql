-- FORGET ME is one practice's (issue 19): the keyed hashes of forgotten numbers say whose
-- they are; a hash kept from before says '*', forgotten at every practice, as it was then.
-- (The SQLite twin rebuilds the table for its new key.)
ALTER TABLE forgotten ADD COLUMN practice_id TEXT NOT NULL DEFAULT '*';
ALTER TABLE forgotten DROP CONSTRAINT forgotten_pkey;
ALTER TABLE forgotten ADD PRIMARY KEY (practice_id, hash);
