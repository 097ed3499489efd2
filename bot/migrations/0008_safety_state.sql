-- After a crisis reply a person is in a safety state until safety_until: no listings,
-- invitations or reminders; every message gets a short supportive reply (flows/crisis.py).
ALTER TABLE contacts ADD COLUMN safety_until TEXT;
ALTER TABLE contacts ADD COLUMN safety_kind TEXT;
