-- Search in what was said: a trigram index (pg_trgm, part of PostgreSQL's contrib, trusted since
-- PostgreSQL 13: the database owner may create it) over the user and assistant messages, for the
-- case-blind substring search the SQLite side does with FTS5. The index follows every change of
-- messages by itself, existing rows included.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX idx_messages_search ON messages USING gin (lower(content) gin_trgm_ops)
  WHERE subtype IN ('user', 'assistant');
