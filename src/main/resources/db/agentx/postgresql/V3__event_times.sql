ALTER TABLE turn_events ADD COLUMN firstAt BIGINT;
ALTER TABLE turn_events ADD COLUMN lastAt BIGINT;
CREATE INDEX idx_turn_events_firstAt ON turn_events(firstAt);
