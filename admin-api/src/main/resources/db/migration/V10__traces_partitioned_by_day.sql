-- Traces are partitioned by time, one partition per UTC day (traces_pYYYYMMDD), so that retention
-- drops whole days instead of deleting rows one by one, and each day's indexes stay small.
--
-- A partitioned table's unique keys must include the partition key: the primary key is (id, time).
-- A trace keeps its id and time from the node that made it through any spool replay, so
-- ON CONFLICT (id, time) still skips a replayed trace.
--
-- Indexes: the primary key; (time, id) for the newest-first listing of all environments;
-- (env, time, id) for the listing of one environment. Within a day partition the (time, id) index
-- is appended at its right edge like the table itself. A BRIN index on time would add nothing here:
-- the day partitions already are the coarse time index (a day outside a query's range is pruned
-- without reading it), and the ordered listing needs the btree on (time, id) anyway. Because of the
-- default partition the planner merges the days' index scans (Merge Append) rather than reading
-- them newest first: a page of the listing descends each day's index of the range once.
--
-- traces_default takes any row no day partition covers, so that no insert ever fails; the daily
-- maintenance creates partitions a week ahead, and creating a partition moves matching rows out of
-- the default partition first.

ALTER TABLE traces RENAME TO traces_unpartitioned;
ALTER INDEX traces_pkey RENAME TO traces_unpartitioned_pkey;
ALTER INDEX traces_time_idx RENAME TO traces_unpartitioned_time_idx;
ALTER INDEX traces_env_time_idx RENAME TO traces_unpartitioned_env_time_idx;

-- No foreign key to environments: traces outlive a deleted environment for the retention window.
CREATE TABLE traces (
    id                 text COLLATE "C" NOT NULL,
    time               timestamptz NOT NULL,
    env                text COLLATE "C" NOT NULL,
    agent              text NOT NULL,
    key_id             text,
    tool               text NOT NULL DEFAULT '',
    operation          text NOT NULL DEFAULT '',
    verb               text NOT NULL DEFAULT '',
    method             text NOT NULL DEFAULT '',
    host               text NOT NULL DEFAULT '',
    path               text NOT NULL DEFAULT '',
    status             integer NOT NULL DEFAULT 0,
    decision           text NOT NULL,
    enforced_action    text NOT NULL,
    reasons            text[] NOT NULL DEFAULT '{}',
    rule_ref           text,
    risk_score         double precision NOT NULL DEFAULT 0,
    risk_signals       jsonb,
    severity           text NOT NULL DEFAULT 'LOW',
    data_classes       text[] NOT NULL DEFAULT '{}',
    bytes_in           bigint NOT NULL DEFAULT 0,
    bytes_out          bigint NOT NULL DEFAULT 0,
    policy_us          bigint NOT NULL DEFAULT 0,
    upstream_ms        bigint NOT NULL DEFAULT -1,
    approval_id        text,
    incident_id        text,
    bound_data_classes text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (id, time)
) PARTITION BY RANGE (time);
CREATE INDEX traces_time_idx ON traces (time, id);
CREATE INDEX traces_env_time_idx ON traces (env, time, id);
CREATE TABLE traces_default PARTITION OF traces DEFAULT;

-- Creates the partition of one UTC day if it is missing; returns whether it did. Rows of that day
-- already in traces_default are moved into it (attaching a range the default partition still holds
-- rows of would fail).
CREATE FUNCTION airlock_trace_partition(day date) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    part text := 'traces_p' || to_char(day, 'YYYYMMDD');
    lo timestamptz := day::timestamp AT TIME ZONE 'UTC';
    hi timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
BEGIN
    IF to_regclass(part) IS NOT NULL THEN
        RETURN false;
    END IF;
    IF EXISTS (SELECT 1 FROM traces_default WHERE time >= lo AND time < hi) THEN
        EXECUTE format('CREATE TABLE %I (LIKE traces INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
        EXECUTE format('WITH moved AS (DELETE FROM traces_default WHERE time >= %L AND time < %L RETURNING *)'
                       ' INSERT INTO %I SELECT * FROM moved', lo, hi, part);
        EXECUTE format('ALTER TABLE traces ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
    ELSE
        EXECUTE format('CREATE TABLE %I PARTITION OF traces FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
    END IF;
    RETURN true;
END $$;

-- A partition for every day that has traces, and for today and the week ahead.
DO $$
DECLARE
    d date;
BEGIN
    FOR d IN
        SELECT DISTINCT (time AT TIME ZONE 'UTC')::date FROM traces_unpartitioned
        UNION
        SELECT generate_series((now() AT TIME ZONE 'UTC')::date, (now() AT TIME ZONE 'UTC')::date + 7, '1 day')::date
    LOOP
        PERFORM airlock_trace_partition(d);
    END LOOP;
END $$;

INSERT INTO traces (id, time, env, agent, key_id, tool, operation, verb, method, host, path, status, decision,
                    enforced_action, reasons, rule_ref, risk_score, risk_signals, severity, data_classes,
                    bytes_in, bytes_out, policy_us, upstream_ms, approval_id, incident_id, bound_data_classes)
SELECT id, time, env, agent, key_id, tool, operation, verb, method, host, path, status, decision,
       enforced_action, reasons, rule_ref, risk_score, risk_signals, severity, data_classes,
       bytes_in, bytes_out, policy_us, upstream_ms, approval_id, incident_id, bound_data_classes
FROM traces_unpartitioned;

DROP TABLE traces_unpartitioned;
