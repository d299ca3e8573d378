-- Requests a policy holds for a human decision (REQUIRE_APPROVAL). An approval keeps what a person
-- needs to decide and what makes a later request "the same request" (agent, tool, operation, host
-- and the SHA-256 of the inspected body), never the body itself; the path is stored with the secrets
-- found in it already replaced.
CREATE TABLE approvals (
    id            text PRIMARY KEY,
    env           text NOT NULL,
    agent         text NOT NULL,
    key_id        text,
    tool          text NOT NULL,
    operation     text NOT NULL,
    host          text NOT NULL,
    method        text NOT NULL,
    path          text NOT NULL,
    body_sha256   text NOT NULL CHECK (body_sha256 ~ '^[0-9a-f]{64}$'),
    reasons       text[] NOT NULL DEFAULT '{}',
    rule_ref      text,
    severity      text NOT NULL,
    trace_id      text,
    status        text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'approved', 'denied', 'expired')),
    requested_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    decided_at    timestamptz,
    decided_by    text,
    decision_note text,
    CHECK ((status = 'pending') = (decided_at IS NULL))
);

-- Lists, newest first (keyset on requested_at, id).
CREATE INDEX approvals_requested ON approvals (requested_at DESC, id DESC);
-- The expiry sweep reads only pending rows.
CREATE INDEX approvals_pending_expiry ON approvals (expires_at) WHERE status = 'pending';
-- Every node keeps the grants of the last minutes in memory.
CREATE INDEX approvals_granted ON approvals (decided_at) WHERE status = 'approved';

-- A decision (or an expiry) reaches every node within a second: held requests waiting on it and
-- the grants nodes keep in memory follow updates. New pending rows concern only the node that holds
-- their request, so inserts are not announced.
CREATE TRIGGER approvals_changed AFTER UPDATE OR DELETE OR TRUNCATE ON approvals
    FOR EACH STATEMENT EXECUTE FUNCTION airlock_notify_change('approvals');
