-- Settings an admin stored in the console: the lowest source of configuration, below the
-- operator's; updatedBy is the admin's userId.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updatedAt INTEGER NOT NULL,
  updatedBy TEXT);
