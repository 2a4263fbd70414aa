-- A streaming answer is stored about once a second while its turn runs. Indexing it each time
-- put the whole growing text through the trigram index again, at about ten times the cost of the
-- write itself, on the one connection every session writes through. The messages of a running
-- turn are now indexed once, when the turn ends, whatever ends it (the app, crash recovery, an
-- operator's sqlite3 UPDATE); every other message is indexed at once, as before. Deletes are
-- unchanged (message_search_delete).
DROP TRIGGER message_search_insert;
DROP TRIGGER message_search_update;

-- a turn's messages, found without reading the others
CREATE INDEX idx_messages_turn ON messages(turnId);

CREATE TRIGGER message_search_insert AFTER INSERT ON messages
WHEN NEW.subtype IN ('user', 'assistant')
  AND NOT EXISTS (SELECT 1 FROM turns WHERE turnId = NEW.turnId AND status = 'running')
BEGIN
  INSERT INTO message_search(content) VALUES (NEW.content);
  INSERT INTO message_search_rows(messageId, searchRow) VALUES (NEW.messageId, last_insert_rowid());
END;

CREATE TRIGGER message_search_update AFTER UPDATE OF content, subtype ON messages
WHEN (OLD.content <> NEW.content OR OLD.subtype <> NEW.subtype)
  AND NOT EXISTS (SELECT 1 FROM turns WHERE turnId = NEW.turnId AND status = 'running')
BEGIN
  DELETE FROM message_search
    WHERE rowid IN (SELECT searchRow FROM message_search_rows WHERE messageId = OLD.messageId);
  DELETE FROM message_search_rows WHERE messageId = OLD.messageId;
  INSERT INTO message_search(content) SELECT NEW.content WHERE NEW.subtype IN ('user', 'assistant');
  INSERT INTO message_search_rows(messageId, searchRow)
    SELECT NEW.messageId, last_insert_rowid() WHERE NEW.subtype IN ('user', 'assistant');
END;

-- The turn's messages, indexed afresh: whatever rows they had go (none, unless a message was
-- indexed before it joined the turn, e.g. a prompt sent again), and each takes a new row after
-- the highest one in use (numbered in the order the messages were stored).
CREATE TRIGGER message_search_turn_end AFTER UPDATE OF status ON turns
WHEN OLD.status = 'running' AND NEW.status <> 'running'
BEGIN
  DELETE FROM message_search WHERE rowid IN (SELECT r.searchRow FROM message_search_rows r
    JOIN messages m ON m.messageId = r.messageId WHERE m.turnId = NEW.turnId);
  DELETE FROM message_search_rows
    WHERE messageId IN (SELECT messageId FROM messages WHERE turnId = NEW.turnId);
  INSERT INTO message_search_rows(messageId, searchRow)
    SELECT messageId, coalesce((SELECT rowid FROM message_search ORDER BY rowid DESC LIMIT 1), 0)
        + row_number() OVER (ORDER BY rowid)
      FROM messages WHERE turnId = NEW.turnId AND subtype IN ('user', 'assistant');
  INSERT INTO message_search(rowid, content)
    SELECT r.searchRow, m.content FROM messages m JOIN message_search_rows r ON r.messageId = m.messageId
      WHERE m.turnId = NEW.turnId;
END;
