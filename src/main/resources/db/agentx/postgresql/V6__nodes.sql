CREATE TABLE nodes (
  nodeId TEXT PRIMARY KEY,
  host TEXT NOT NULL,
  startedAt BIGINT NOT NULL,
  heartbeatAt BIGINT NOT NULL);
ALTER TABLE turns ADD COLUMN nodeId TEXT;
CREATE UNIQUE INDEX idx_turns_one_running ON turns(sessionId) WHERE status = 'running';
