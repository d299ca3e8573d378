-- Threat-intel feeds added through the admin API, global across environments. The feed's text is
-- kept as given (one indicator per line, or a URLhaus CSV export); every node parses it into its
-- in-memory index, so a changed feed is announced (kind 'threat_intel') and reloaded everywhere.
-- Feed files in conf/threat-intel are read by each node from disk and are not stored here.
-- Ephemeral agent keys need no change: agent_keys has carried kind, scopes, hosts and expires_at
-- since V1.
CREATE TABLE threat_intel_feeds (
    name            text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$'),
    format          text NOT NULL CHECK (format IN ('plain', 'urlhaus')),
    content         text NOT NULL,
    indicator_count integer NOT NULL CHECK (indicator_count >= 0),
    invalid_count   integer NOT NULL CHECK (invalid_count >= 0),
    sha256          text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER threat_intel_feeds_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON threat_intel_feeds
    FOR EACH STATEMENT EXECUTE FUNCTION airlock_notify_change('threat_intel');
