-- The same count as the SQLite side's V11: one number per session that every change able to alter
-- a context window already read raises (a message deleted, or changed unless its turn is running,
-- an ended turn's status changed, a turn deleted), so that the next turn on any node reads one
-- row instead of summing the window's. PostgreSQL's triggers cannot hold subqueries in WHEN, so
-- the rules are in the functions.
ALTER TABLE sessions ADD COLUMN contextVersion BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION context_version_message() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE sessions SET contextVersion = contextVersion + 1 WHERE sessionId = OLD.sessionId;
  ELSIF OLD.sessionId IS DISTINCT FROM NEW.sessionId
      OR NOT EXISTS (SELECT 1 FROM turns WHERE turnId = OLD.turnId AND status = 'running') THEN
    UPDATE sessions SET contextVersion = contextVersion + 1 WHERE sessionId IN (OLD.sessionId, NEW.sessionId);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER context_version_message AFTER UPDATE OR DELETE ON messages
  FOR EACH ROW EXECUTE FUNCTION context_version_message();

CREATE FUNCTION context_version_turn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE sessions SET contextVersion = contextVersion + 1 WHERE sessionId = OLD.sessionId;
  ELSIF OLD.status <> 'running' AND (OLD.status IS DISTINCT FROM NEW.status
      OR OLD.turnId IS DISTINCT FROM NEW.turnId OR OLD.sessionId IS DISTINCT FROM NEW.sessionId) THEN
    UPDATE sessions SET contextVersion = contextVersion + 1 WHERE sessionId IN (OLD.sessionId, NEW.sessionId);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER context_version_turn AFTER UPDATE OR DELETE ON turns
  FOR EACH ROW EXECUTE FUNCTION context_version_turn();
