-- The SQLite side now indexes a running turn's messages once, when the turn ends. Here the
-- trigram index is PostgreSQL's own GIN index, whose pending list (fastupdate, on by default)
-- already takes a streaming answer's repeated updates cheaply, so nothing changes but this note.
COMMENT ON INDEX idx_messages_search IS
  'case-blind substring search in user and assistant messages (pg_trgm); see agentx V8 and V10';
