-- The nodes serving this database and the node each turn runs on. At most one turn runs per
-- session, whichever node runs it; a node that stops beating has its running turns ended by
-- another.
CREATE TABLE nodes (
  nodeId TEXT PRIMARY KEY,
  host TEXT NOT NULL,
  startedAt INTEGER NOT NULL,
  heartbeatAt INTEGER NOT NULL);
ALTER TABLE turns ADD COLUMN nodeId TEXT;
CREATE UNIQUE INDEX idx_turns_one_running ON turns(sessionId) WHERE status = 'running';
