-- The agent list is newest first with a (created_at, id) keyset cursor, often filtered by env:
-- these indexes serve each page without sorting every agent.
CREATE INDEX agents_created_idx ON agents (created_at, id);
CREATE INDEX agents_env_created_idx ON agents (env, created_at, id);
