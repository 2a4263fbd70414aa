CREATE TABLE containers (
  containerId TEXT PRIMARY KEY,
  ownerId TEXT NOT NULL,
  createdAt INTEGER NOT NULL,
  updatedAt INTEGER NOT NULL);
CREATE INDEX idx_containers_owner ON containers(ownerId);
CREATE TABLE images (
  imageId TEXT PRIMARY KEY,
  containerId TEXT NOT NULL REFERENCES containers(containerId) ON DELETE CASCADE,
  name TEXT NOT NULL DEFAULT 'New Conversation',
  systemPrompt TEXT,
  createdAt INTEGER NOT NULL,
  updatedAt INTEGER NOT NULL);
CREATE INDEX idx_images_container ON images(containerId, updatedAt);
CREATE TABLE sessions (
  sessionId TEXT PRIMARY KEY,
  imageId TEXT NOT NULL UNIQUE REFERENCES images(imageId) ON DELETE CASCADE,
  lastSeq INTEGER NOT NULL DEFAULT 0,
  createdAt INTEGER NOT NULL,
  updatedAt INTEGER NOT NULL);
CREATE TABLE messages (
  messageId TEXT PRIMARY KEY,
  sessionId TEXT NOT NULL REFERENCES sessions(sessionId) ON DELETE CASCADE,
  role TEXT NOT NULL,
  subtype TEXT NOT NULL
    CHECK (subtype IN ('user', 'assistant', 'tool-call', 'tool-result', 'error')),
  content TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  turnId TEXT);
CREATE INDEX idx_messages_session ON messages(sessionId, timestamp);
