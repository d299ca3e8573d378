-- Initial schema. Ids are text with a type prefix (agt_, key_, pol_, trc_, tok_) so that an id
-- pasted into a log or a CLI argument says what it is.

CREATE TABLE environments (
    slug                  text PRIMARY KEY CHECK (slug ~ '^[a-z][a-z0-9-]{1,49}$'),
    name                  text NOT NULL,
    description           text NOT NULL DEFAULT '',
    is_production         boolean NOT NULL DEFAULT false,
    enforcement_mode      text NOT NULL DEFAULT 'enforce'
                          CHECK (enforcement_mode IN ('monitor', 'alert', 'enforce')),
    default_action        text NOT NULL DEFAULT 'ALLOW'
                          CHECK (default_action IN ('ALLOW', 'SANITIZE', 'DENY', 'REQUIRE_APPROVAL')),
    approval_hold_seconds integer NOT NULL DEFAULT 25 CHECK (approval_hold_seconds >= 0),
    scrutiny_multiplier   double precision NOT NULL DEFAULT 1.0 CHECK (scrutiny_multiplier > 0),
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agents (
    id           text PRIMARY KEY,
    name         text NOT NULL,
    -- RESTRICT: an environment that still has agents cannot be deleted.
    env          text NOT NULL REFERENCES environments (slug) ON UPDATE CASCADE ON DELETE RESTRICT,
    runtime_type text NOT NULL DEFAULT 'custom'
                 CHECK (runtime_type IN ('langchain', 'crewai', 'openai_assistants', 'openclaw', 'custom')),
    status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    trust_score  double precision NOT NULL DEFAULT 0.5 CHECK (trust_score >= 0 AND trust_score <= 1),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (env, name)
);

-- Keys are stored as SHA-256 of the secret only; the secret is shown once at creation.
CREATE TABLE agent_keys (
    id           text PRIMARY KEY,
    agent_id     text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    key_hash     bytea NOT NULL UNIQUE,
    kind         text NOT NULL DEFAULT 'agent' CHECK (kind IN ('agent', 'ephemeral')),
    -- Ephemeral keys only: tool.operation patterns and host globs the key may use.
    scopes       text[] NOT NULL DEFAULT '{}',
    hosts        text[] NOT NULL DEFAULT '{}',
    expires_at   timestamptz,
    revoked_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz
);
CREATE INDEX agent_keys_agent_idx ON agent_keys (agent_id);

CREATE TABLE policies (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    -- Sorted, comma-joined env_names: a policy is identified by (name, env_set) so that the same
    -- name can exist with different content per environment.
    env_set     text NOT NULL,
    env_names   text[] NOT NULL,
    description text NOT NULL DEFAULT '',
    version     integer NOT NULL CHECK (version >= 1),
    is_current  boolean NOT NULL,
    rule_count  integer NOT NULL DEFAULT 0,
    document    jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    UNIQUE (name, env_set, version)
);
CREATE UNIQUE INDEX policies_current_idx ON policies (name, env_set) WHERE is_current;

-- No foreign key to environments: traces outlive a deleted environment for the retention window.
CREATE TABLE traces (
    id              text PRIMARY KEY,
    time            timestamptz NOT NULL,
    env             text NOT NULL,
    agent           text NOT NULL,
    key_id          text,
    tool            text NOT NULL DEFAULT '',
    operation       text NOT NULL DEFAULT '',
    verb            text NOT NULL DEFAULT '',
    method          text NOT NULL DEFAULT '',
    host            text NOT NULL DEFAULT '',
    path            text NOT NULL DEFAULT '',
    status          integer NOT NULL DEFAULT 0,
    decision        text NOT NULL,
    enforced_action text NOT NULL,
    reasons         text[] NOT NULL DEFAULT '{}',
    rule_ref        text,
    risk_score      double precision NOT NULL DEFAULT 0,
    risk_signals    jsonb,
    severity        text NOT NULL DEFAULT 'LOW',
    data_classes    text[] NOT NULL DEFAULT '{}',
    bytes_in        bigint NOT NULL DEFAULT 0,
    bytes_out       bigint NOT NULL DEFAULT 0,
    policy_us       bigint NOT NULL DEFAULT 0,
    upstream_ms     bigint NOT NULL DEFAULT -1,
    approval_id     text,
    incident_id     text
);
-- Listing is newest first with a (time, id) keyset cursor, usually filtered by env.
CREATE INDEX traces_time_idx ON traces (time DESC, id DESC);
CREATE INDEX traces_env_time_idx ON traces (env, time DESC, id DESC);

CREATE TABLE admin_tokens (
    id           text PRIMARY KEY,
    token_hash   bytea NOT NULL UNIQUE,
    role         text NOT NULL DEFAULT 'owner' CHECK (role IN ('owner', 'admin', 'auditor')),
    -- NULL: tenant-wide; otherwise the token sees only this environment.
    env          text REFERENCES environments (slug) ON UPDATE CASCADE ON DELETE CASCADE,
    name         text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    last_used_at timestamptz
);

CREATE TABLE settings (
    key        text PRIMARY KEY,
    value      text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
