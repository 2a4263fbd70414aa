-- Search in what was said: an FTS5 index (trigram: substrings, any script, no word splitting) of
-- the user and assistant messages. message_search_rows ties each message to its index row, so
-- the index never depends on messages.rowid (VACUUM may renumber it). The triggers keep the
-- index right whoever changes messages: the app, retention, a cascade from a deleted
-- conversation, or an operator's sqlite3 command.
CREATE VIRTUAL TABLE message_search USING fts5(content, tokenize = 'trigram');
CREATE TABLE message_search_rows (
  messageId TEXT PRIMARY KEY,
  searchRow INTEGER NOT NULL);
CREATE INDEX idx_message_search_rows_row ON message_search_rows(searchRow);

-- the messages already stored, indexed under their current rowid (new rows take the next free one)
INSERT INTO message_search(rowid, content)
  SELECT rowid, content FROM messages WHERE subtype IN ('user', 'assistant');
INSERT INTO message_search_rows(messageId, searchRow)
  SELECT messageId, rowid FROM messages WHERE subtype IN ('user', 'assistant');

CREATE TRIGGER message_search_insert AFTER INSERT ON messages
WHEN NEW.subtype IN ('user', 'assistant')
BEGIN
  INSERT INTO message_search(content) VALUES (NEW.content);
  INSERT INTO message_search_rows(messageId, searchRow) VALUES (NEW.messageId, last_insert_rowid());
END;

CREATE TRIGGER message_search_delete AFTER DELETE ON messages
BEGIN
  DELETE FROM message_search
    WHERE rowid IN (SELECT searchRow FROM message_search_rows WHERE messageId = OLD.messageId);
  DELETE FROM message_search_rows WHERE messageId = OLD.messageId;
END;

CREATE TRIGGER message_search_update AFTER UPDATE OF content, subtype ON messages
WHEN OLD.content <> NEW.content OR OLD.subtype <> NEW.subtype
BEGIN
  DELETE FROM message_search
    WHERE rowid IN (SELECT searchRow FROM message_search_rows WHERE messageId = OLD.messageId);
  DELETE FROM message_search_rows WHERE messageId = OLD.messageId;
  INSERT INTO message_search(content) SELECT NEW.content WHERE NEW.subtype IN ('user', 'assistant');
  INSERT INTO message_search_rows(messageId, searchRow)
    SELECT NEW.messageId, last_insert_rowid() WHERE NEW.subtype IN ('user', 'assistant');
END;
