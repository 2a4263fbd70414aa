-- A turn in a long conversation reuses the context window its session's last turn read (the
-- server's ContextWindow) once it knows the rows under that window are unchanged. Summing the
-- window's rows to tell read each of them and its turn again (4 ms a turn at 6,400 messages).
-- Instead every change that can alter a window already read counts here, one number per session,
-- kept by triggers so that an operator's sqlite3 statements count as much as the server's own.
-- What needs no count: a new message (it comes after every row a window holds) and the messages
-- of a running turn (a window never trusts them: the next read takes them again), so a streaming
-- answer, stored about once a second, changes nothing here.
ALTER TABLE sessions ADD COLUMN contextVersion INTEGER NOT NULL DEFAULT 0;

-- a message removed: a regenerated turn, a retention sweep, a conversation deleted
CREATE TRIGGER context_version_message_delete AFTER DELETE ON messages
BEGIN
  UPDATE sessions SET contextVersion = contextVersion + 1 WHERE sessionId = OLD.sessionId;
END;

-- a message changed, unless its turn was running (then no window trusts it) and it stays in its
-- session (else it is a new row to the other one)
CREATE TRIGGER context_version_message_update AFTER UPDATE ON messages
WHEN OLD.sessionId IS NOT NEW.sessionId
  OR NOT EXISTS (SELECT 1 FROM turns WHERE turnId = OLD.turnId AND status = 'running')
BEGIN
  UPDATE sessions SET contextVersion = contextVersion + 1 WHERE sessionId IN (OLD.sessionId, NEW.sessionId);
END;

-- an ended turn's messages left out of the context (status 'failed') or let back in
CREATE TRIGGER context_version_turn_update AFTER UPDATE OF status, turnId, sessionId ON turns
WHEN OLD.status <> 'running'
  AND (OLD.status IS NOT NEW.status OR OLD.turnId IS NOT NEW.turnId OR OLD.sessionId IS NOT NEW.sessionId)
BEGIN
  UPDATE sessions SET contextVersion = contextVersion + 1 WHERE sessionId IN (OLD.sessionId, NEW.sessionId);
END;

CREATE TRIGGER context_version_turn_delete AFTER DELETE ON turns
BEGIN
  UPDATE sessions SET contextVersion = contextVersion + 1 WHERE sessionId = OLD.sessionId;
END;
