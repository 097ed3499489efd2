-- What a channel saw that is not a text (Telegram's /start, a shared contact, a photo), as
-- JSON, kept with the inbox row so it is still there after a restart; cleared with the text
-- once processed.
ALTER TABLE inbox ADD COLUMN event TEXT;
