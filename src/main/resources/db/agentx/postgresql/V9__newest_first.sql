-- A session's latest messages, newest first, without reading or sorting the rest (a turn reads
-- only as much history as its context budget holds); and a container's conversations in list
-- order, for a page that starts after a cursor.
CREATE INDEX idx_messages_session_order ON messages(sessionId, rowid);
CREATE INDEX idx_images_container_order ON images(containerId, updatedAt, rowid);
