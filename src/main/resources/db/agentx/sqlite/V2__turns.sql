CREATE TABLE turns (
  turnId TEXT PRIMARY KEY,
  sessionId TEXT NOT NULL REFERENCES sessions(sessionId) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
  startedAt INTEGER NOT NULL,
  endedAt INTEGER,
  inputTokens INTEGER NOT NULL DEFAULT 0,
  outputTokens INTEGER NOT NULL DEFAULT 0);
CREATE INDEX idx_turns_session ON turns(sessionId, startedAt);
CREATE INDEX idx_turns_running ON turns(status) WHERE status = 'running';
CREATE TABLE turn_events (
  sessionId TEXT NOT NULL REFERENCES sessions(sessionId) ON DELETE CASCADE,
  firstSeq INTEGER NOT NULL,
  lastSeq INTEGER NOT NULL,
  events TEXT NOT NULL,
  PRIMARY KEY (sessionId, firstSeq));
