-- The model a conversation uses, and the one each turn used: NULL before, read as the default model.
ALTER TABLE images ADD COLUMN model TEXT;
ALTER TABLE turns ADD COLUMN model TEXT;
