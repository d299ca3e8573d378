-- Tool catalog entries added through the admin API. The catalog is tenant-wide (it names requests
-- before any environment's policy looks at them). These entries come before the files of the
-- operator's tools directory and the built-in ones, and replace those of the same tool name.
CREATE TABLE tools (
    name        text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_-]{0,62}$'),
    description text NOT NULL DEFAULT '',
    -- The entry in the catalog file format (conf/tools/*.json), as validated.
    document    jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Version history is read per policy (name, env set), newest first, deleted versions left out.
CREATE INDEX policies_history_idx ON policies (name, env_set, version DESC) WHERE deleted_at IS NULL;
