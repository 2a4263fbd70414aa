-- Files a user attached to a message. The bytes live in the conversation's workspace
-- (workdirs/{conversationId}/attachments/{attachmentId}/{name}); a row without messageId was
-- uploaded and not yet sent; position is its place among the message's files. Deleting the
-- conversation deletes its session and so these rows; the files go with its workspace.
CREATE TABLE attachments (
  attachmentId TEXT PRIMARY KEY,
  sessionId TEXT NOT NULL REFERENCES sessions(sessionId) ON DELETE CASCADE,
  messageId TEXT,
  position INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL,
  mediaType TEXT NOT NULL,
  size INTEGER NOT NULL,
  createdAt INTEGER NOT NULL);
CREATE INDEX idx_attachments_session ON attachments(sessionId);
CREATE INDEX idx_attachments_message ON attachments(messageId);

-- Why an interrupted turn stopped: user (agent_interrupt), shutdown (the server stopped while it
-- ran) or other (deleted, cut short by a crash or a lost node, the agent's own limit); null for
-- turns that were not interrupted and for turns from before it was stored.
ALTER TABLE turns ADD COLUMN stopCause TEXT;
