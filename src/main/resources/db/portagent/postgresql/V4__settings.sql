CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updatedAt BIGINT NOT NULL,
  updatedBy TEXT);
