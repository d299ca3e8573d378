-- Incidents (SPEC §6): opened by the detector from the trace stream or by hand, worked through
-- open -> investigating -> closed, with their traces, notes and actions.

CREATE TABLE incidents (
    id           text PRIMARY KEY,
    title        text NOT NULL,
    severity     text NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    env          text NOT NULL,
    agent        text NOT NULL,
    trigger      text NOT NULL,
    status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'investigating', 'closed')),
    resolution   text CHECK (resolution IN ('false_positive', 'agent_misbehavior', 'agent_compromised',
                                            'policy_gap', 'infrastructure')),
    opened_by    text NOT NULL,
    opened_at    timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    closed_at    timestamptz,
    trace_count  integer NOT NULL DEFAULT 0,
    note_count   integer NOT NULL DEFAULT 0,
    action_count integer NOT NULL DEFAULT 0,
    CHECK ((status = 'closed') = (resolution IS NOT NULL AND closed_at IS NOT NULL))
);
-- One open (or investigating) incident per agent and trigger: a second node detecting the same
-- event appends to it instead (INSERT ... ON CONFLICT against this index).
CREATE UNIQUE INDEX incidents_one_open_idx ON incidents (env, agent, trigger)
    WHERE status <> 'closed' AND trigger <> 'manual';
CREATE INDEX incidents_opened_idx ON incidents (opened_at DESC, id DESC);
CREATE INDEX incidents_env_opened_idx ON incidents (env, opened_at DESC, id DESC);

-- The traces of an incident (its timeline), found in traces by (trace_time, trace_id).
CREATE TABLE incident_traces (
    incident_id text NOT NULL REFERENCES incidents (id),
    trace_id    text NOT NULL,
    trace_time  timestamptz NOT NULL,
    added_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (incident_id, trace_id)
);

-- Notes are append-only: never edited, never removed.
CREATE TABLE incident_notes (
    id            bigserial PRIMARY KEY,
    incident_id   text NOT NULL REFERENCES incidents (id),
    author_key_id text NOT NULL,
    author_name   text NOT NULL DEFAULT '',
    text          text NOT NULL,
    time          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_notes_incident_idx ON incident_notes (incident_id, id);
CREATE FUNCTION airlock_incident_notes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'incident notes are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER incident_notes_append_only BEFORE UPDATE OR DELETE ON incident_notes
    FOR EACH ROW EXECUTE FUNCTION airlock_incident_notes_append_only();

-- What was done about an incident, automatically on open or by a person.
CREATE TABLE incident_actions (
    id          bigserial PRIMARY KEY,
    incident_id text NOT NULL REFERENCES incidents (id),
    kind        text NOT NULL,
    actor       text NOT NULL,
    parameters  jsonb NOT NULL DEFAULT '{}',
    outcome     text NOT NULL CHECK (outcome IN ('ok', 'failed')),
    result      jsonb NOT NULL DEFAULT '{}',
    time        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_actions_incident_idx ON incident_actions (incident_id, id);

-- The events each trigger counts, shared by every node (a burst split over two nodes still
-- counts as one). Rows taken into an incident carry its id and are not counted again. value is
-- the agent's trust for trust_drop samples.
CREATE TABLE incident_signals (
    id          bigserial PRIMARY KEY,
    env         text NOT NULL,
    agent       text NOT NULL,
    trigger     text NOT NULL,
    trace_id    text NOT NULL,
    trace_time  timestamptz NOT NULL,
    value       double precision NOT NULL DEFAULT 0,
    incident_id text
);
CREATE INDEX incident_signals_key_idx ON incident_signals (env, agent, trigger, trace_time);
CREATE INDEX incident_signals_time_idx ON incident_signals (trace_time);

-- Trigger settings changed through the API (one document over the config file's), and the
-- scrutiny pinned on agents by incidents: every node reloads them on notification.
CREATE TABLE incident_settings (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    doc        jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text NOT NULL
);
CREATE TRIGGER incident_settings_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON incident_settings
    FOR EACH STATEMENT EXECUTE FUNCTION airlock_notify_change('incident_settings');

CREATE TABLE scrutiny_pins (
    env         text NOT NULL,
    agent       text NOT NULL,
    multiplier  double precision NOT NULL CHECK (multiplier > 0),
    until       timestamptz NOT NULL,
    incident_id text,
    PRIMARY KEY (env, agent)
);
CREATE TRIGGER scrutiny_pins_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON scrutiny_pins
    FOR EACH STATEMENT EXECUTE FUNCTION airlock_notify_change('scrutiny_pins');

-- An incident opened lowers the agent's trust.
ALTER TABLE trust_events DROP CONSTRAINT trust_events_event_check;
ALTER TABLE trust_events ADD CONSTRAINT trust_events_event_check
    CHECK (event IN ('approval_granted', 'approval_denied', 'deny', 'threat_intel', 'incident', 'false_positive'));
