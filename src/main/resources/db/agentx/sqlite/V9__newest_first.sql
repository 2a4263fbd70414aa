-- A session's latest messages, newest first, without reading or sorting the rest (a turn reads
-- only as much history as its context budget holds). SQLite ends every index with the rowid, so
-- an index on sessionId alone is ordered by insertion within a session. A conversation list's
-- order (updatedAt, rowid) is already idx_images_container's.
CREATE INDEX idx_messages_session_order ON messages(sessionId);
