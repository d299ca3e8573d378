-- A bulk channel's batch is stored as its JSON array of events, deflated (zlib), in a bytea kept
-- out of line without PostgreSQL's own compression: every decision can produce a batch row per bulk
-- channel, and parsing hundreds of kilobytes into jsonb and compressing them again in the database
-- cost more than the decisions themselves. Single events (chat channels) stay jsonb in event.
ALTER TABLE alert_outbox ADD COLUMN events_deflated bytea;
ALTER TABLE alert_outbox ALTER COLUMN events_deflated SET STORAGE EXTERNAL;
ALTER TABLE alert_outbox ALTER COLUMN event DROP NOT NULL;
ALTER TABLE alert_outbox ADD CONSTRAINT alert_outbox_one_payload
    CHECK ((event IS NULL) <> (events_deflated IS NULL));
