-- A request passed on to the practice team, as texted: kept apart from the alert (which
-- holds no personal details), shown to staff only with an audit entry, erased by FORGET ME.
CREATE TABLE passed_on_requests (
    alert_id INTEGER PRIMARY KEY REFERENCES staff_alerts(id) ON DELETE CASCADE,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    text TEXT NOT NULL
);
CREATE INDEX passed_on_requests_contact ON passed_on_requests(contact_id);
