-- The times of a chunk's first and last event, so that retention finds old events without
-- reading every chunk; NULL in chunks written before, which retention reads once and fills in.
ALTER TABLE turn_events ADD COLUMN firstAt INTEGER;
ALTER TABLE turn_events ADD COLUMN lastAt INTEGER;
CREATE INDEX idx_turn_events_firstAt ON turn_events(firstAt);
