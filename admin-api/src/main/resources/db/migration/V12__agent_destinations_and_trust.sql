-- What each agent has written to and how its trust moved. Both are kept in memory by every node
-- (the request path never reads these tables); nodes append here in batches and learn each other's
-- rows from the notification, reading only the rows after the last id they have seen.

-- The tool/hosts an agent has written to (a write let through by the engine): the first write to
-- one is the new_destination risk signal. Rows go with their agent.
CREATE TABLE agent_destinations (
    id         bigserial PRIMARY KEY,
    agent_id   text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    tool       text NOT NULL,
    host       text NOT NULL,
    first_seen timestamptz NOT NULL,
    UNIQUE (agent_id, tool, host)
);
CREATE TRIGGER agent_destinations_changed AFTER INSERT ON agent_destinations
    FOR EACH STATEMENT EXECUTE FUNCTION airlock_notify_change('agent_destinations');

-- Every change of an agent's trust (agents.trust_score holds the score after the latest). Events
-- of one kind that follow each other closely are stored as one row with their count. node names
-- the node that recorded it, which has applied it already.
CREATE TABLE trust_events (
    id          bigserial PRIMARY KEY,
    agent_id    text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    time        timestamptz NOT NULL,
    event       text NOT NULL
                CHECK (event IN ('approval_granted', 'approval_denied', 'deny', 'threat_intel', 'false_positive')),
    delta       double precision NOT NULL,
    score_after double precision NOT NULL CHECK (score_after >= 0 AND score_after <= 1),
    count       integer NOT NULL DEFAULT 1 CHECK (count >= 1),
    trace_id    text,
    approval_id text,
    node        text NOT NULL
);
CREATE INDEX trust_events_agent_time_idx ON trust_events (agent_id, time DESC, id DESC);
CREATE TRIGGER trust_events_changed AFTER INSERT ON trust_events
    FOR EACH STATEMENT EXECUTE FUNCTION airlock_notify_change('agent_trust');
