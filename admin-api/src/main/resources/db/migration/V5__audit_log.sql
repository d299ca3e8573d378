-- The admin audit log: one row per change made through the admin API (or by Airlock itself at
-- first start), appended in the transaction of the change. Each row's hash covers its content and
-- the previous row's hash, so editing, inserting or deleting a row breaks the chain from there on;
-- audit_head (in settings) remembers the last row, so deleting the newest rows shows too.
CREATE TABLE audit_events (
    seq          bigint PRIMARY KEY,
    time         timestamptz NOT NULL,
    actor_key_id text NOT NULL,
    actor_role   text NOT NULL,
    action       text NOT NULL,
    target_type  text NOT NULL,
    target_id    text NOT NULL,
    env          text,
    before       jsonb,
    after        jsonb,
    request_id   text NOT NULL,
    prev_hash    bytea NOT NULL,
    hash         bytea NOT NULL
);
CREATE INDEX audit_events_time_idx ON audit_events (time DESC, seq DESC);
CREATE INDEX audit_events_env_time_idx ON audit_events (env, time DESC, seq DESC);
