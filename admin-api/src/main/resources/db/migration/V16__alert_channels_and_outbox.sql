-- Alert channels and their durable outbox.
--
-- A channel names the environments it serves by slug (slugs never change); ['*'] serves every
-- environment. When an environment is deleted its slug is removed from every channel; a channel
-- left with no environment is disabled (not deleted, so its deliveries stay readable).
CREATE TABLE alert_channels (
    id           text PRIMARY KEY,
    name         text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$'),
    type         text NOT NULL CHECK (type IN ('slack', 'discord', 'teams', 'telegram', 'webhook', 'syslog')),
    env_names    text[] NOT NULL,
    events       text[] NOT NULL,
    min_severity text NOT NULL CHECK (min_severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    tools        text[] NOT NULL DEFAULT '{}',
    agents       text[] NOT NULL DEFAULT '{}',
    config       jsonb NOT NULL,
    enabled      boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX alert_channels_created ON alert_channels (created_at DESC, id DESC);

-- One row per (channel, event): the event as JSON (the generic webhook body, which holds no secret),
-- rendered for the channel when it is sent, so that a changed channel config or secret applies to
-- deliveries still pending. The unique key makes a replayed event a no-op.
CREATE TABLE alert_outbox (
    id              text PRIMARY KEY,
    channel_id      text NOT NULL REFERENCES alert_channels (id) ON DELETE CASCADE,
    event_id        text NOT NULL,
    event_type      text NOT NULL,
    event           jsonb NOT NULL,
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    UNIQUE (channel_id, event_id)
);

-- The delivery workers read only due pending rows.
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at) WHERE status = 'pending';
-- A channel's deliveries, newest first.
CREATE INDEX alert_outbox_channel ON alert_outbox (channel_id, created_at DESC, id DESC);

CREATE FUNCTION airlock_alert_channels_env_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE alert_channels
       SET env_names = array_remove(env_names, OLD.slug),
           enabled = enabled AND cardinality(array_remove(env_names, OLD.slug)) > 0,
           updated_at = now()
     WHERE OLD.slug = ANY (env_names);
    RETURN NULL;
END $$;

CREATE TRIGGER alert_channels_env_deleted AFTER DELETE ON environments
    FOR EACH ROW EXECUTE FUNCTION airlock_alert_channels_env_deleted();

-- Every node keeps the channels in memory: a change reaches all of them within a second.
CREATE TRIGGER alert_channels_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON alert_channels
    FOR EACH STATEMENT EXECUTE FUNCTION airlock_notify_change('alert_channels');
