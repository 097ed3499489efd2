-- SMS: texts accepted by Twilio per day (Europe/London), for the daily cost cap.
-- No personal data: one row per day.
CREATE TABLE sms_daily_counts (
    day TEXT PRIMARY KEY,         -- 'YYYY-MM-DD', London time
    sent INTEGER NOT NULL DEFAULT 0,
    alerted_at TEXT               -- when staff were told the cap was reached
);
