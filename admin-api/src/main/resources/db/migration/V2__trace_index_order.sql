-- Traces arrive in time order, and trace ids sort by creation time. Ascending indexes take each
-- new entry at their right edge (PostgreSQL's fast path for the rightmost leaf page) instead of
-- descending into the tree for every row; a backward index scan still lists newest first.
-- Ids and environment slugs are ASCII identifiers: byte order ("C") compares them without the
-- locale's collation rules, which is cheaper on every insert and lookup.
DROP INDEX traces_time_idx;
DROP INDEX traces_env_time_idx;
ALTER TABLE traces
    ALTER COLUMN id TYPE text COLLATE "C",
    ALTER COLUMN env TYPE text COLLATE "C";
CREATE INDEX traces_time_idx ON traces (time, id);
CREATE INDEX traces_env_time_idx ON traces (env, time, id);
