-- What every node compiles into its engine (policies, environment settings, and later other
-- catalogs) is announced on one channel, airlock_changes, with the kind of data as payload. Each
-- node maps a kind to one reload. Statement-level triggers: one statement changing many rows is one
-- notification, and pg_notify folds identical payloads of a transaction into one, delivered on
-- commit. Another table joins with one line:
--   CREATE TRIGGER <t>_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON <t>
--       FOR EACH STATEMENT EXECUTE FUNCTION airlock_notify_change('<kind>');

CREATE FUNCTION airlock_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('airlock_changes', TG_ARGV[0]);
    RETURN NULL;
END $$;

CREATE TRIGGER policies_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON policies
    FOR EACH STATEMENT EXECUTE FUNCTION airlock_notify_change('policies');
CREATE TRIGGER environments_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON environments
    FOR EACH STATEMENT EXECUTE FUNCTION airlock_notify_change('environments');
-- Custom tool catalog entries, where an earlier migration made their table.
DO $$
BEGIN
    IF to_regclass('tools') IS NOT NULL THEN
        CREATE TRIGGER tools_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tools
            FOR EACH STATEMENT EXECUTE FUNCTION airlock_notify_change('tools');
    END IF;
END $$;

-- The CA every node of the deployment mints leaves from: one row, written by the first node that
-- starts. The private key is stored only sealed (AES-256-GCM) under a key the operator gives every
-- node; without that key only the certificate is recorded, so that a node with another CA is
-- refused instead of silently presenting leaves agents do not trust.
CREATE TABLE deployment_ca (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    fingerprint text NOT NULL,
    certificate text NOT NULL,
    sealed_key  bytea,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
