-- Every node serves agents and keys from memory and listens on the channel airlock_agents. The
-- payload names the agent whose status or keys changed ('*': reload everything). Triggers, not
-- application code, send it: so a change made by any node, or by hand in SQL, reaches every node.
-- pg_notify delivers on commit and folds identical payloads of one transaction into one.

CREATE FUNCTION airlock_notify_agent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM pg_notify('airlock_agents', OLD.id);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM pg_notify('airlock_agents', NEW.id);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION airlock_notify_agent_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM pg_notify('airlock_agents', OLD.agent_id);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM pg_notify('airlock_agents', NEW.agent_id);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION airlock_notify_all_agents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('airlock_agents', '*');
    RETURN NULL;
END $$;

CREATE TRIGGER agents_changed AFTER INSERT OR DELETE ON agents
    FOR EACH ROW EXECUTE FUNCTION airlock_notify_agent();
-- Only what authentication uses: trust score or updated_at changes need no reload.
CREATE TRIGGER agents_updated AFTER UPDATE ON agents
    FOR EACH ROW
    WHEN ((OLD.id, OLD.name, OLD.env, OLD.runtime_type, OLD.status)
          IS DISTINCT FROM (NEW.id, NEW.name, NEW.env, NEW.runtime_type, NEW.status))
    EXECUTE FUNCTION airlock_notify_agent();
CREATE TRIGGER agents_truncated AFTER TRUNCATE ON agents
    FOR EACH STATEMENT EXECUTE FUNCTION airlock_notify_all_agents();

CREATE TRIGGER agent_keys_changed AFTER INSERT OR DELETE ON agent_keys
    FOR EACH ROW EXECUTE FUNCTION airlock_notify_agent_key();
-- last_used_at is bookkeeping written in batches: it must not make every node reload.
CREATE TRIGGER agent_keys_updated AFTER UPDATE ON agent_keys
    FOR EACH ROW
    WHEN ((OLD.id, OLD.agent_id, OLD.key_hash, OLD.kind, OLD.scopes, OLD.hosts, OLD.expires_at, OLD.revoked_at)
          IS DISTINCT FROM
          (NEW.id, NEW.agent_id, NEW.key_hash, NEW.kind, NEW.scopes, NEW.hosts, NEW.expires_at, NEW.revoked_at))
    EXECUTE FUNCTION airlock_notify_agent_key();
CREATE TRIGGER agent_keys_truncated AFTER TRUNCATE ON agent_keys
    FOR EACH STATEMENT EXECUTE FUNCTION airlock_notify_all_agents();
