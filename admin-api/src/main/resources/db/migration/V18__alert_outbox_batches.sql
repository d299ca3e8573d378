-- Channels that take every decision in bulk (syslog, webhook) get one outbox row per batch of
-- events rather than one per event: the row's event column then holds a JSON array of events, its
-- event_id is the batch's own id, and event_count says how many events it carries. Chat channels
-- keep one row per event (event_count 1, event a JSON object).
ALTER TABLE alert_outbox ADD COLUMN event_count integer NOT NULL DEFAULT 1 CHECK (event_count >= 1);
