-- Traces are written once per request, so every index on them is paid for on the request path. The
-- primary key (id, time) was a third B-tree per day partition that served only two things, both
-- now done without it:
--   * finding a trace by id: a trace id carries its creation millisecond (TraceIds) and the trace's
--     time lies in that millisecond, so a lookup by id is a lookup on (time, id) within one
--     millisecond of one partition;
--   * skipping traces already stored when a spool is replayed: the replay looks the batch up by
--     (time, id) before it copies the rest (TraceRepository.insertMissing); only one writer per
--     node writes the traces of its spool, and trace ids never repeat across nodes.
-- The (time, id) and (env, time, id) indexes stay: they drive the newest-first listings.
ALTER TABLE traces DROP CONSTRAINT traces_pkey;

-- Most traces carry no data classes: an empty array still takes 13 bytes and its alignment in the
-- row, a NULL takes one bit. Traces written from now on store NULL for an empty list (read back as
-- an empty list); rows already stored keep their '{}'.
ALTER TABLE traces ALTER COLUMN reasons DROP NOT NULL;
ALTER TABLE traces ALTER COLUMN data_classes DROP NOT NULL;
ALTER TABLE traces ALTER COLUMN bound_data_classes DROP NOT NULL;
