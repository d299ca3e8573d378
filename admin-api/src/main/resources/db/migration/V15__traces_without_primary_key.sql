-- Traces are written once per request, so every index on them is paid for on the request path:
-- each index entry is a descent of a B-tree, a WAL record and, in time, a page of its own. Two
-- changes make that cheaper.
--
-- 1. No primary key. The key (id, time) was a third B-tree per day partition that served two
--    things, both done without it now:
--    * finding a trace by id: a trace id carries its creation millisecond (TraceIds) and the trace's
--      time lies in that millisecond, so a lookup by id reads one millisecond of the time index of
--      one partition;
--    * skipping traces already stored when a spool is replayed: the replay looks the batch up by
--      (time, id) before it copies the rest (TraceRepository.insertMissing); only one writer per
--      node writes the traces of its spool, and trace ids never repeat across nodes.
--
-- 2. The listings' indexes hold the time without the id: (time) and (env, time) instead of
--    (time, id) and (env, time, id). The 36-character id made up most of each entry; without it an
--    entry of the time index is a third of the size. The newest-first listings stay index-driven:
--    each partition is read backwards along its time index and an incremental sort orders the rare
--    traces of the same microsecond by id, so a page still reads about a page of rows.

ALTER TABLE traces DROP CONSTRAINT traces_pkey;
DROP INDEX traces_time_idx;
DROP INDEX traces_env_time_idx;
CREATE INDEX traces_time_idx ON traces (time);
CREATE INDEX traces_env_time_idx ON traces (env, time);

-- Most traces carry no data classes: an empty array still takes 13 bytes and its alignment in the
-- row, a NULL takes one bit. Traces written from now on store NULL for an empty list (read back as
-- an empty list); rows already stored keep their '{}'.
ALTER TABLE traces ALTER COLUMN reasons DROP NOT NULL;
ALTER TABLE traces ALTER COLUMN data_classes DROP NOT NULL;
ALTER TABLE traces ALTER COLUMN bound_data_classes DROP NOT NULL;
