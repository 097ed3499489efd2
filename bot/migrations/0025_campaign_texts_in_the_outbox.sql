-- Campaign texts go through the one outbox (bot/outbox.py), which claims a row before it
-- calls the provider. The state 'campaign' (a row only the campaign sender touched) is gone:
-- a row a stopped campaign left mid-send becomes 'sending', so it is looked up at the
-- provider before anything is resent; a row whose recipient went back to 'pending' was
-- looked up and not found (or never reached the provider), so it is closed and the next
-- run queues a new one.
UPDATE outbox SET state='sending', next_attempt_at=NULL
 WHERE state='campaign'
   AND id IN (SELECT outbox_id FROM campaign_recipients WHERE state='sending');
UPDATE outbox SET state='skipped', error='not sent: replaced by a new attempt'
 WHERE state='campaign';
